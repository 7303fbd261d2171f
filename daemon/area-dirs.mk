# careen daemon: sources of the "dirs" area of the API.
careen_daemon_SOURCES += \
	e2attrs.c \
	find.c \
	glob.c \
	stat.c \
	xattr.c \
	$(NULL)
