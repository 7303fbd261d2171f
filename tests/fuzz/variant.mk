# careen - the variant build (included by tests/fuzz/Makefile.am).
#
# The library, the protocol codec, the unit and library tests, guestfish
# and five tools compiled a second time, with the instrumentation the
# main build lacks:
#
#  - a normal build gets a variant with clang's AddressSanitizer (leaks
#    included) and UndefinedBehaviorSanitizer, which make
#    check-sanitizers runs (san-programs.sh);
#  - a build configured with --enable-sanitizers, where make check runs
#    everything under the sanitizers already, gets a variant with none,
#    because valgrind cannot run sanitized programs:
#    tests/faults/test-faults-valgrind.sh runs it.
#
# `make variant-programs` builds it into variant-bin/, variant-lib/ and
# variant-unit/.

if ENABLE_SANITIZERS
VARIANT_CC = $(CC) -g -O1 -pthread $(FUZZ_CPPFLAGS)
else
VARIANT_CC = $(CLANG) -g -O1 -fsanitize=address,undefined \
	-fno-sanitize-recover=undefined -fno-omit-frame-pointer -pthread \
	$(FUZZ_CPPFLAGS)
endif

VARIANT_TESTS = \
	unit/test-protocol-codec \
	lib/test-lib-handle \
	lib/test-lib-drives \
	lib/test-lib-launch \
	$(NULL)
VARIANT_COMMON_OBJS = \
	$(addprefix variant-obj/common-,$(notdir $(COMMON_SRCS:.c=.o)))
VARIANT_LIB_OBJS = $(addprefix variant-obj/lib-,$(notdir $(LIB_SRCS:.c=.o)))

variant-obj/common-%.o: $(top_srcdir)/common/protocol/%.c
	@mkdir -p variant-obj
	$(VARIANT_CC) -c $< -o $@
variant-obj/common-%.o: $(top_srcdir)/common/utils/%.c
	@mkdir -p variant-obj
	$(VARIANT_CC) -c $< -o $@
variant-obj/lib-%.o: $(top_builddir)/lib/%.c
	@mkdir -p variant-obj
	$(VARIANT_CC) -fvisibility=hidden -c $< -o $@
variant-obj/lib-%.o: $(top_srcdir)/lib/%.c
	@mkdir -p variant-obj
	$(VARIANT_CC) -fvisibility=hidden -c $< -o $@
libvariantcommon.a: $(VARIANT_COMMON_OBJS)
	rm -f $@ && ar rcs $@ $^
libvariantlib.a: $(VARIANT_LIB_OBJS)
	rm -f $@ && ar rcs $@ $^
variant-unit/test-%: $(top_srcdir)/tests/unit/test-%.c libvariantcommon.a
	@mkdir -p variant-unit
	$(VARIANT_CC) $< libvariantcommon.a -o $@
variant-lib/test-%: $(top_srcdir)/tests/lib/test-%.c libvariantlib.a \
		libvariantcommon.a
	@mkdir -p variant-lib
	$(VARIANT_CC) -I$(top_srcdir)/tests/lib -I$(top_srcdir)/tests $< \
	  libvariantlib.a libvariantcommon.a $(FUZZLIB_LIBS) -o $@

VARIANT_FISH_SRCS = $(sort $(wildcard $(top_srcdir)/fish/*.c) \
	$(top_builddir)/fish/cmds-gen.c)
VARIANT_OPT_SRCS = $(wildcard $(top_srcdir)/common/options/*.c)
VARIANT_FISH_OBJS = \
	$(addprefix variant-obj/fish-,$(notdir $(VARIANT_FISH_SRCS:.c=.o)))
VARIANT_OPT_OBJS = \
	$(addprefix variant-obj/opt-,$(notdir $(VARIANT_OPT_SRCS:.c=.o)))
VARIANT_LIBS = libvariantlib.a libvariantcommon.a
VARIANT_TOOL_OBJS = $(addprefix variant-obj/tools-,virt-df.o \
	virt-df-output.o virt-ls.o listing.o virt-filesystems.o \
	virt-inspector.o virt-inspector-output.o virt-inspector-xpath.o \
	virt-win-reg.o reg-parse.o win-reg.o)
$(VARIANT_COMMON_OBJS) $(VARIANT_LIB_OBJS) $(VARIANT_FISH_OBJS) \
	$(VARIANT_OPT_OBJS) $(VARIANT_TOOL_OBJS): $(DEP_H)
VARIANT_TOOLS_CC = $(VARIANT_CC) -I$(top_srcdir)/common/options \
	-DOPTIONS_VERSION='"$(PACKAGE_VERSION)"' $(LIBXML2_CFLAGS)

variant-obj/fish-%.o: $(top_srcdir)/fish/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/opt-%.o: $(top_srcdir)/common/options/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
# Each tool's sources are in its own folder, shared ones in common/:
# make takes the first of these rules whose source exists.
variant-obj/tools-%.o: $(top_srcdir)/tools/df/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/tools/ls/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/tools/filesystems/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/tools/inspector/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/tools/win-reg/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/common/listing/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@
variant-obj/tools-%.o: $(top_srcdir)/common/regedit/%.c
	@mkdir -p variant-obj
	$(VARIANT_TOOLS_CC) -c $< -o $@

VARIANT_TOOL_LIBS = $(VARIANT_OPT_OBJS) $(VARIANT_LIBS) $(PCRE2_LIBS) $(FUZZLIB_LIBS)
variant-bin/guestfish: $(VARIANT_FISH_OBJS) $(VARIANT_OPT_OBJS) $(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) $(VARIANT_FISH_OBJS) $(VARIANT_TOOL_LIBS) $(READLINE_LIBS) \
	  -o $@
variant-bin/virt-df: variant-obj/tools-virt-df.o \
		variant-obj/tools-virt-df-output.o \
		$(VARIANT_OPT_OBJS) \
		$(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) variant-obj/tools-virt-df.o \
	  variant-obj/tools-virt-df-output.o $(VARIANT_TOOL_LIBS) -lm -o $@
variant-bin/virt-ls: variant-obj/tools-virt-ls.o \
		variant-obj/tools-listing.o $(VARIANT_OPT_OBJS) $(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) variant-obj/tools-virt-ls.o variant-obj/tools-listing.o \
	  $(VARIANT_TOOL_LIBS) -o $@
variant-bin/virt-filesystems: variant-obj/tools-virt-filesystems.o \
		$(VARIANT_OPT_OBJS) $(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) variant-obj/tools-virt-filesystems.o \
	  $(VARIANT_TOOL_LIBS) -o $@
VARIANT_INSPECTOR_OBJS = $(addprefix variant-obj/tools-,virt-inspector.o \
	virt-inspector-output.o virt-inspector-xpath.o)
variant-bin/virt-inspector: $(VARIANT_INSPECTOR_OBJS) $(VARIANT_OPT_OBJS) \
		$(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) $(VARIANT_INSPECTOR_OBJS) $(VARIANT_TOOL_LIBS) \
	  $(LIBXML2_LIBS) -o $@
VARIANT_WIN_REG_OBJS = $(addprefix variant-obj/tools-,virt-win-reg.o \
	reg-parse.o win-reg.o)
variant-bin/virt-win-reg: $(VARIANT_WIN_REG_OBJS) $(VARIANT_OPT_OBJS) \
		$(VARIANT_LIBS)
	@mkdir -p variant-bin
	$(VARIANT_CC) $(VARIANT_WIN_REG_OBJS) $(VARIANT_TOOL_LIBS) -o $@

VARIANT_BINS = \
	variant-bin/guestfish \
	variant-bin/virt-df \
	variant-bin/virt-ls \
	variant-bin/virt-filesystems \
	variant-bin/virt-inspector \
	variant-bin/virt-win-reg \
	$(NULL)

variant-programs: $(addprefix variant-,$(VARIANT_TESTS)) $(VARIANT_BINS)

if ENABLE_SANITIZERS

check-sanitizers:
	@echo "check-sanitizers: skipped: this build is configured with" \
	  "--enable-sanitizers, so make check runs everything under them"

else !ENABLE_SANITIZERS
if HAVE_CLANG

# Any sanitizer report, a leak included, fails.
check-sanitizers: variant-programs
	@failed=""; \
	for t in $(addprefix variant-,$(VARIANT_TESTS)); do \
	  echo "check-sanitizers: $$t"; \
	  if ! (cd $$(dirname $$t) && \
	        ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	        UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	        $(abs_top_builddir)/run ./$$(basename $$t)) \
	      > $$t.log 2>&1; then \
	    tail -n 40 $$t.log; failed="$$failed $$t"; \
	  fi; \
	done; \
	echo "check-sanitizers: guestfish and the tools"; \
	if ! (ASAN_OPTIONS=detect_leaks=1:abort_on_error=0 \
	      UBSAN_OPTIONS=print_stacktrace=1:halt_on_error=1 \
	      top_srcdir=$(abs_top_srcdir) top_builddir=$(abs_top_builddir) \
	      $(abs_top_builddir)/run $(SHELL) $(srcdir)/san-programs.sh \
	        $(abs_builddir)/variant-bin) > variant-bin/programs.log 2>&1; \
	then \
	  tail -n 60 variant-bin/programs.log; failed="$$failed san-programs"; \
	fi; \
	if [ -n "$$failed" ]; then \
	  echo "check-sanitizers: FAILED:$$failed"; exit 1; \
	fi

else !HAVE_CLANG

check-sanitizers:
	@echo "check-sanitizers: skipped: clang was not found by configure"

endif !HAVE_CLANG
endif !ENABLE_SANITIZERS
