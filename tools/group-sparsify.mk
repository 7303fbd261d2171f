# careen tools, group "sparsify": programs, sources, man pages.
#
# virt-sparsify: virt-sparsify.c reads the command line, -copy.c and
# -inplace.c are its two modes, -guest.c the work in the appliance
# that both share, -msg.c what the user sees.

bin_PROGRAMS += \
	virt-sparsify \
	$(NULL)

virt_sparsify_SOURCES = \
	virt-sparsify.c \
	virt-sparsify.h \
	virt-sparsify-copy.c \
	virt-sparsify-guest.c \
	virt-sparsify-inplace.c \
	virt-sparsify-msg.c \
	$(NULL)
virt_sparsify_CPPFLAGS = $(tools_cppflags)
virt_sparsify_LDADD = $(tools_libs)

EXTRA_DIST += virt-sparsify.pod

if HAVE_POD
man_MANS += virt-sparsify.1
CLEANFILES += virt-sparsify.1

virt-sparsify.1: virt-sparsify.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-sparsify $(srcdir)/virt-sparsify.pod > $@-t && mv $@-t $@
endif

# Bash completion.
group_sparsify_bashdir = $(datadir)/bash-completion/completions
group_sparsify_bash_DATA = \
	bash/virt-sparsify \
	$(NULL)

EXTRA_DIST += $(group_sparsify_bash_DATA)
