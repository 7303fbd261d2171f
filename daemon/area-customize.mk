# careen daemon: sources of the "customize" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
