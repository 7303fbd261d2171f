# careen daemon: sources of the "hivex" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
