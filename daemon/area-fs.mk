# careen daemon: sources of the "fs" area of the API.
careen_daemon_SOURCES += \
	available.c \
	btrfs.c \
	ext2.c \
	fs-util.c \
	fsck.c \
	labels.c \
	minimum-size.c \
	mount-loop.c \
	ntfs.c \
	ntfsclone.c \
	swap.c \
	xfs.c \
	zero.c \
	$(NULL)
