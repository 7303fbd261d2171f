# careen - rules shared by every Makefile.am (included from each one).

# careen's own programs offer the deprecated calls on purpose (guestfish
# has a command for each): no deprecation warnings for them.
AM_CPPFLAGS = \
	-DGUESTFS_NO_WARN_DEPRECATED \
	-I$(top_srcdir)/common/utils \
	-I$(top_srcdir)/common/protocol \
	$(NULL)

# SANITIZER_CFLAGS is empty unless configure --enable-sanitizers; it is
# in the link lines too, through AM_CFLAGS.
AM_CFLAGS = $(WARN_CFLAGS) $(SANITIZER_CFLAGS)

# Generated sources depend on the generator having run.
GENERATOR_STAMP = $(top_builddir)/generator/stamp-generator

# What guestfish and every tool are compiled and linked with: the public
# header (include/, nothing else of the library), the options module and
# the utilities.  A program that needs more names it in its Makefile.am.
FRONTEND_CPPFLAGS = $(AM_CPPFLAGS) \
	-I$(top_srcdir)/include \
	-I$(top_srcdir)/common/options \
	$(NULL)
FRONTEND_LIBS = \
	$(top_builddir)/common/options/liboptions.la \
	$(top_builddir)/lib/libguestfs.la \
	$(top_builddir)/common/utils/libutils.la \
	$(NULL)

# Man pages of section 1: NAME.1 from NAME.pod, one rule for all.
SUFFIXES = .pod .1
# A line __INCLUDE:PATH__ is replaced by the file PATH of the source
# tree: a section that several pages share (common/options/fleet.pod).
.pod.1:
	$(AM_V_GEN)$(AWK) -v top='$(top_srcdir)' \
	  '/^__INCLUDE:.*__$$/ { f = substr ($$0, 11, length ($$0) - 12); \
	    while ((getline l < (top "/" f)) > 0) print l; close (top "/" f); \
	    next } { print }' $< > $@-pod && \
	$(POD2MAN) --section=1 --center="careen" \
	  --release="$(PACKAGE_NAME) $(PACKAGE_VERSION)" --errors=die \
	  --name=$(*F) $@-pod > $@-t && rm -f $@-pod && mv $@-t $@
