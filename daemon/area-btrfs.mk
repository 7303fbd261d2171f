# careen daemon: sources of the "btrfs" area of the API.
careen_daemon_SOURCES += \
	$(NULL)
