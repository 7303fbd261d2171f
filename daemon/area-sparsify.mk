# careen daemon: sources of the "sparsify" area of the API.
careen_daemon_SOURCES += \
	sparsify-discard.c \
	$(NULL)
