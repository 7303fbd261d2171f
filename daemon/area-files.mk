# careen daemon: sources of the "files" area of the API.
careen_daemon_SOURCES += \
	file-arch.c \
	file-copy.c \
	file-cp.c \
	file-dump.c \
	file-open.c \
	file-ops.c \
	file-read.c \
	file-tools.c \
	$(NULL)
