# careen daemon: sources of the "inspect" area of the API (operating
# system inspection; Windows registry through libhivex, RPM databases
# through SQLite).
careen_daemon_SOURCES += \
	inspect.h \
	inspect.c \
	inspect-apps.c \
	inspect-fstab.c \
	inspect-icon.c \
	inspect-linux.c \
	inspect-osinfo.c \
	inspect-path.c \
	inspect-windows.c \
	$(NULL)
careen_daemon_CPPFLAGS += $(HIVEX_CFLAGS) $(SQLITE_CFLAGS)
careen_daemon_LDADD += $(HIVEX_LIBS) $(SQLITE_LIBS)
