# careen daemon: sources of the "lvm" area of the API.
careen_daemon_SOURCES += \
	lvm.c \
	lvm-devices.c \
	lvm-full.c \
	luks.c \
	$(NULL)
