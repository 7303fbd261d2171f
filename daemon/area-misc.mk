# careen daemon: sources of the "misc" area of the API.
careen_daemon_SOURCES += \
	guest-command.c \
	internal-test.c \
	sleep.c \
	$(NULL)
