# careen tools, group "reg": programs, sources, man pages.
#
# virt-win-reg exports and merges Windows registry keys through the
# hivex_* calls; reg-parse.c is its parser of regedit text (host side,
# untrusted input), win-reg.c its guest side.

bin_PROGRAMS += \
	virt-win-reg \
	$(NULL)

virt_win_reg_SOURCES = \
	virt-win-reg.c \
	reg-parse.c \
	reg-parse.h \
	win-reg.c \
	win-reg.h \
	$(NULL)
virt_win_reg_CPPFLAGS = $(tools_cppflags) -I$(top_srcdir)/common/utils
virt_win_reg_LDADD = $(tools_libs)

EXTRA_DIST += virt-win-reg.pod

if HAVE_POD
man_MANS += virt-win-reg.1
CLEANFILES += virt-win-reg.1

virt-win-reg.1: virt-win-reg.pod
	$(AM_V_GEN)$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=virt-win-reg $(srcdir)/virt-win-reg.pod > $@-t && mv $@-t $@
endif
