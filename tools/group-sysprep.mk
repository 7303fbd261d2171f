# careen tools, group "sysprep": programs, sources, man pages.
#
# virt-sysprep is a C program on the options module and the customize
# module (its "customize" operation is virt-customize's options).

bin_PROGRAMS += virt-sysprep

virt_sysprep_SOURCES = \
	sysprep.h \
	sysprep-util.c \
	sysprep-ops-files.c \
	sysprep-ops-ids.c \
	sysprep-ops-misc.c \
	sysprep-ops-net.c \
	sysprep-ops-script.c \
	sysprep-ops-users.c \
	virt-sysprep.c \
	$(NULL)
virt_sysprep_CPPFLAGS = $(tools_cppflags) \
	-I$(top_srcdir)/common/utils \
	-I$(top_srcdir)/common/customize
virt_sysprep_LDADD = \
	$(top_builddir)/common/customize/libcustomize.la \
	$(tools_libs) \
	$(CRYPT_LIBS) \
	$(NULL)

# Man page.
EXTRA_DIST += virt-sysprep.pod

if HAVE_POD
man_MANS += virt-sysprep.1
CLEANFILES += virt-sysprep.1

virt-sysprep.1: virt-sysprep.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-sysprep $(srcdir)/virt-sysprep.pod > $@-t && mv $@-t $@
endif

# Bash completion.
group_sysprep_bashdir = $(datadir)/bash-completion/completions
group_sysprep_bash_DATA = bash/virt-sysprep

EXTRA_DIST += $(group_sysprep_bash_DATA)
