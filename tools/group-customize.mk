# careen tools, group "customize": programs, sources, man pages.
#
# virt-customize changes a guest's disk image in place with the
# customize operations of common/customize (shared with virt-sysprep).

bin_PROGRAMS += \
	virt-customize \
	$(NULL)

virt_customize_SOURCES = \
	virt-customize.c \
	$(NULL)
virt_customize_CPPFLAGS = $(tools_cppflags) \
	-I$(top_srcdir)/common/customize -I$(top_srcdir)/common/utils
virt_customize_LDADD = \
	$(top_builddir)/common/customize/libcustomize.la \
	$(CRYPT_LIBS) \
	$(tools_libs) \
	$(NULL)

EXTRA_DIST += virt-customize.pod

if HAVE_POD
man_MANS += virt-customize.1
CLEANFILES += virt-customize.1

virt-customize.1: virt-customize.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-customize $(srcdir)/virt-customize.pod > $@-t && mv $@-t $@
endif

# Bash completion.
customize_bashdir = $(datadir)/bash-completion/completions
customize_bash_DATA = \
	bash/virt-customize \
	$(NULL)

EXTRA_DIST += $(customize_bash_DATA)
