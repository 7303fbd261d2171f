# careen daemon: sources of the "resize" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
