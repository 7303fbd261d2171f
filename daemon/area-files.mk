# careen daemon: sources of the "files" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
