# careen tools, group "b": programs, sources, man pages.
#
# virt-copy-in, virt-copy-out, virt-tar-in and virt-tar-out are shell
# scripts around guestfish (as in libguestfs); virt-edit, virt-make-fs,
# virt-format, virt-diff and virt-rescue are C programs on the options
# module.  Rules are written out per file: pattern rules are a GNU make
# extension that automake -Wall refuses.

group_b_scripts = \
	virt-copy-in \
	virt-copy-out \
	virt-tar-in \
	virt-tar-out \
	$(NULL)

bin_SCRIPTS += $(group_b_scripts)
CLEANFILES += $(group_b_scripts)
EXTRA_DIST += \
	virt-copy-in.in \
	virt-copy-out.in \
	virt-tar-in.in \
	virt-tar-out.in \
	$(NULL)

# The scripts run the guestfish installed next to them (or the build
# tree's under ./run): @bindir@ is filled in here, fully expanded.
group_b_subst = sed -e 's|@bindir[@]|$(bindir)|g'

virt-copy-in: virt-copy-in.in Makefile
	$(AM_V_GEN)rm -f $@ $@-t && $(group_b_subst) < $(srcdir)/virt-copy-in.in > $@-t && \
	chmod 0555 $@-t && mv $@-t $@

virt-copy-out: virt-copy-out.in Makefile
	$(AM_V_GEN)rm -f $@ $@-t && $(group_b_subst) < $(srcdir)/virt-copy-out.in > $@-t && \
	chmod 0555 $@-t && mv $@-t $@

virt-tar-in: virt-tar-in.in Makefile
	$(AM_V_GEN)rm -f $@ $@-t && $(group_b_subst) < $(srcdir)/virt-tar-in.in > $@-t && \
	chmod 0555 $@-t && mv $@-t $@

virt-tar-out: virt-tar-out.in Makefile
	$(AM_V_GEN)rm -f $@ $@-t && $(group_b_subst) < $(srcdir)/virt-tar-out.in > $@-t && \
	chmod 0555 $@-t && mv $@-t $@

# C programs.
bin_PROGRAMS += \
	virt-diff \
	virt-edit \
	virt-format \
	virt-make-fs \
	virt-rescue \
	$(NULL)

virt_diff_SOURCES = \
	virt-diff.c \
	listing.h \
	listing.c \
	$(NULL)
virt_diff_CPPFLAGS = $(tools_cppflags)
virt_diff_LDADD = $(tools_libs)

virt_edit_SOURCES = \
	virt-edit.c \
	$(NULL)
virt_edit_CPPFLAGS = $(tools_cppflags)
virt_edit_LDADD = $(tools_libs)

virt_format_SOURCES = \
	virt-format.c \
	$(NULL)
virt_format_CPPFLAGS = $(tools_cppflags)
virt_format_LDADD = $(tools_libs)

virt_make_fs_SOURCES = \
	virt-make-fs.c \
	$(NULL)
virt_make_fs_CPPFLAGS = $(tools_cppflags)
virt_make_fs_LDADD = $(tools_libs)

virt_rescue_SOURCES = \
	virt-rescue.c \
	rescue-console.h \
	rescue-console.c \
	$(NULL)
virt_rescue_CPPFLAGS = $(tools_cppflags)
virt_rescue_LDADD = $(tools_libs)

# Man pages.
group_b_pods = \
	virt-copy-in.pod \
	virt-copy-out.pod \
	virt-tar-in.pod \
	virt-tar-out.pod \
	virt-diff.pod \
	virt-edit.pod \
	virt-format.pod \
	virt-make-fs.pod \
	virt-rescue.pod \
	$(NULL)

EXTRA_DIST += $(group_b_pods)

if HAVE_POD
group_b_mans = \
	virt-copy-in.1 \
	virt-copy-out.1 \
	virt-tar-in.1 \
	virt-tar-out.1 \
	virt-diff.1 \
	virt-edit.1 \
	virt-format.1 \
	virt-make-fs.1 \
	virt-rescue.1 \
	$(NULL)

man_MANS += $(group_b_mans)
CLEANFILES += $(group_b_mans)

virt-copy-in.1: virt-copy-in.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-copy-in $(srcdir)/virt-copy-in.pod > $@-t && mv $@-t $@

virt-copy-out.1: virt-copy-out.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-copy-out $(srcdir)/virt-copy-out.pod > $@-t && mv $@-t $@

virt-tar-in.1: virt-tar-in.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-tar-in $(srcdir)/virt-tar-in.pod > $@-t && mv $@-t $@

virt-tar-out.1: virt-tar-out.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-tar-out $(srcdir)/virt-tar-out.pod > $@-t && mv $@-t $@

virt-diff.1: virt-diff.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-diff $(srcdir)/virt-diff.pod > $@-t && mv $@-t $@

virt-edit.1: virt-edit.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-edit $(srcdir)/virt-edit.pod > $@-t && mv $@-t $@

virt-format.1: virt-format.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-format $(srcdir)/virt-format.pod > $@-t && mv $@-t $@

virt-make-fs.1: virt-make-fs.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-make-fs $(srcdir)/virt-make-fs.pod > $@-t && mv $@-t $@

virt-rescue.1: virt-rescue.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-rescue $(srcdir)/virt-rescue.pod > $@-t && mv $@-t $@
endif

# Bash completion.
group_b_bashdir = $(datadir)/bash-completion/completions
group_b_bash_DATA = \
	bash/virt-copy-in \
	bash/virt-copy-out \
	bash/virt-tar-in \
	bash/virt-tar-out \
	bash/virt-diff \
	bash/virt-edit \
	bash/virt-format \
	bash/virt-make-fs \
	bash/virt-rescue \
	$(NULL)

EXTRA_DIST += $(group_b_bash_DATA)
