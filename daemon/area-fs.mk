# careen daemon: sources of the "fs" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
