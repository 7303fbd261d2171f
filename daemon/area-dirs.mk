# careen daemon: sources of the "dirs" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
