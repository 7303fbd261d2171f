# careen daemon: sources of the "inspect" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
