# careen - rules shared by the test directories.

# Every test runs through ./run so it uses the build tree's library,
# tools and appliance.  Malloc perturbing catches use of uninitialised
# or freed memory.  VG is empty, or valgrind for make check-valgrind.
TESTS_ENVIRONMENT = \
	MALLOC_PERTURB_=$$(( $$RANDOM % 255 + 1 )) \
	VG="$(VG)" \
	top_srcdir=$(abs_top_srcdir) \
	top_builddir=$(abs_top_builddir) \
	$(abs_top_builddir)/run
LOG_COMPILER = $(VG)

check-valgrind:
	$(MAKE) check VG="valgrind --leak-check=full --error-exitcode=119 --quiet"

check-slow:
	$(MAKE) check SLOW=1
