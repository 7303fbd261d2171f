# careen tools, group "inspect": programs, sources, man pages.
#
# virt-inspector: a read-only C program on the options module, XML
# written and queried with libxml2.

bin_PROGRAMS += \
	virt-inspector \
	$(NULL)

virt_inspector_SOURCES = \
	virt-inspector.h \
	virt-inspector.c \
	virt-inspector-output.c \
	virt-inspector-xpath.c \
	$(NULL)
virt_inspector_CPPFLAGS = $(tools_cppflags) $(LIBXML2_CFLAGS)
virt_inspector_LDADD = $(tools_libs) $(LIBXML2_LIBS)

EXTRA_DIST += virt-inspector.pod

if HAVE_POD
man_MANS += virt-inspector.1
CLEANFILES += virt-inspector.1

virt-inspector.1: virt-inspector.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-inspector $(srcdir)/virt-inspector.pod > $@-t && \
	  mv $@-t $@
endif
