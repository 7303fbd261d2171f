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

# Leaks of every kind but "still reachable" are errors; the suppressions
# are for third-party code only, each with its reason in the file.
VALGRIND = valgrind --quiet --error-exitcode=119 --leak-check=full \
	--show-leak-kinds=definite,indirect,possible \
	--errors-for-leak-kinds=definite,indirect,possible \
	--child-silent-after-fork=yes \
	--suppressions=$(abs_top_srcdir)/tests/valgrind.supp

if ENABLE_SANITIZERS
check-valgrind:
	@echo "make check-valgrind: this tree is built with --enable-sanitizers, which valgrind cannot run: configure without it" >&2
	@exit 1
else
check-valgrind:
	$(MAKE) check VG="$(VALGRIND)"
endif

check-slow:
	$(MAKE) check SLOW=1
