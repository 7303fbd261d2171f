# careen tools, group "a": programs, sources, man pages.
#
# virt-df, virt-filesystems, virt-ls and virt-cat: read-only C programs
# on the options module, each with a POD man page and a bash
# completion script.  Rules are written out per file: pattern rules
# are a GNU make extension that automake -Wall refuses.

bin_PROGRAMS += \
	virt-df \
	virt-cat \
	virt-filesystems \
	virt-ls \
	$(NULL)

virt_df_SOURCES = \
	virt-df.h \
	virt-df.c \
	virt-df-output.c \
	$(NULL)
virt_df_CPPFLAGS = $(tools_cppflags)
virt_df_LDADD = $(tools_libs) -lpthread -lm

virt_cat_SOURCES = \
	virt-cat.c \
	$(NULL)
virt_cat_CPPFLAGS = $(tools_cppflags)
virt_cat_LDADD = $(tools_libs)

virt_filesystems_SOURCES = \
	virt-filesystems.c \
	$(NULL)
virt_filesystems_CPPFLAGS = $(tools_cppflags)
virt_filesystems_LDADD = $(tools_libs)

virt_ls_SOURCES = \
	virt-ls.c \
	listing.h \
	listing.c \
	$(NULL)
virt_ls_CPPFLAGS = $(tools_cppflags)
virt_ls_LDADD = $(tools_libs)

# Bash completion: one script per tool, asking the tool itself for its
# options (--short-options, --long-options).
group_a_bashdir = $(datadir)/bash-completion/completions
group_a_bash_DATA = \
	bash/virt-df \
	bash/virt-cat \
	bash/virt-filesystems \
	bash/virt-ls \
	$(NULL)
EXTRA_DIST += $(group_a_bash_DATA)

# Man pages.
group_a_pods = \
	virt-df.pod \
	virt-cat.pod \
	virt-filesystems.pod \
	virt-ls.pod \
	$(NULL)

EXTRA_DIST += $(group_a_pods)

if HAVE_POD
group_a_mans = \
	virt-df.1 \
	virt-cat.1 \
	virt-filesystems.1 \
	virt-ls.1 \
	$(NULL)

man_MANS += $(group_a_mans)
CLEANFILES += $(group_a_mans)

virt-df.1: virt-df.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-df $(srcdir)/virt-df.pod > $@-t && mv $@-t $@

virt-cat.1: virt-cat.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-cat $(srcdir)/virt-cat.pod > $@-t && mv $@-t $@

virt-filesystems.1: virt-filesystems.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-filesystems $(srcdir)/virt-filesystems.pod > $@-t && mv $@-t $@

virt-ls.1: virt-ls.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-ls $(srcdir)/virt-ls.pod > $@-t && mv $@-t $@
endif
