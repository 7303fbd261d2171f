# careen tools, group "resize": programs, sources, man pages.
#
# virt-resize is split by job: the command line and the order of the
# steps, the partition tables, the plan and its summary, the host-side
# copy and the growing of contents.

bin_PROGRAMS += \
	virt-resize \
	$(NULL)

virt_resize_SOURCES = \
	virt-resize.c \
	virt-resize.h \
	virt-resize-copy.c \
	virt-resize-disk.c \
	virt-resize-expand.c \
	virt-resize-plan.c \
	$(NULL)
virt_resize_CPPFLAGS = $(tools_cppflags) -I$(top_srcdir)/common/utils
virt_resize_LDADD = $(tools_libs)

EXTRA_DIST += virt-resize.pod

if HAVE_POD
man_MANS += virt-resize.1
CLEANFILES += virt-resize.1

virt-resize.1: virt-resize.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-resize $(srcdir)/virt-resize.pod > $@-t && mv $@-t $@
endif

# Bash completion.
group_resize_bashdir = $(datadir)/bash-completion/completions
group_resize_bash_DATA = \
	bash/virt-resize \
	$(NULL)

EXTRA_DIST += $(group_resize_bash_DATA)
