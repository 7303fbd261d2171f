# careen daemon: sources of the "lvm" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
