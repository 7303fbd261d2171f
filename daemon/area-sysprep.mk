# careen daemon: sources of the "sysprep" area of the API.
careen_daemon_SOURCES += \
	sysprep-lvm.c \
	$(NULL)
