# careen daemon: sources of the "streams" area of the API.
careen_daemon_SOURCES += \
	base64.c \
	compress.c \
	filter.c \
	tar.c \
	$(NULL)
