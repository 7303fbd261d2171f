# careen - rules shared by every Makefile.am (included from each one).

AM_CPPFLAGS = \
	-I$(top_srcdir)/common/utils \
	-I$(top_srcdir)/common/protocol \
	$(NULL)

# SANITIZER_CFLAGS is empty unless configure --enable-sanitizers; it is
# in the link lines too, through AM_CFLAGS.
AM_CFLAGS = $(WARN_CFLAGS) $(SANITIZER_CFLAGS)

# Generated sources depend on the generator having run.
GENERATOR_STAMP = $(top_builddir)/generator/stamp-generator
