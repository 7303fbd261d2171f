# careen daemon: sources of the "augeas" area of the API.
careen_daemon_SOURCES += \
	augeas.c \
	$(NULL)
careen_daemon_CPPFLAGS += $(AUGEAS_CFLAGS)
careen_daemon_LDADD += $(AUGEAS_LIBS)
