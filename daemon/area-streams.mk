# careen daemon: sources of the "streams" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
