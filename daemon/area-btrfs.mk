# careen daemon: sources of the "btrfs" area of the API.
careen_daemon_SOURCES += \
	btrfs-dev.c \
	btrfs-mountable.c \
	btrfs-subvol.c \
	$(NULL)
