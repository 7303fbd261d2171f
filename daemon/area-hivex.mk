# careen daemon: sources of the "hivex" area of the API.
careen_daemon_SOURCES += \
	hivex.c \
	$(NULL)
careen_daemon_CPPFLAGS += $(HIVEX_CFLAGS)
careen_daemon_LDADD += $(HIVEX_LIBS)
