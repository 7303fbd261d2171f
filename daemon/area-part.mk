# careen daemon: sources of the "part" area of the API.
careen_daemon_SOURCES += \
	blockdev.c \
	part-attrs.c \
	$(NULL)
