# careen daemon: sources of the "misc" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
