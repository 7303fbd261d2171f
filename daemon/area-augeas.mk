# careen daemon: sources of the "augeas" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
