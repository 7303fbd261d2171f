# careen - rules shared by every Makefile.am (included from each one).

AM_CPPFLAGS = \
	-I$(top_srcdir)/common/utils \
	-I$(top_srcdir)/common/protocol \
	$(NULL)

AM_CFLAGS = $(WARN_CFLAGS)

# Generated sources depend on the generator having run.
GENERATOR_STAMP = $(top_builddir)/generator/stamp-generator
