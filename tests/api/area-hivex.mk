# careen API tests of the "hivex" area (one launch per program).
check_PROGRAMS += \
	test-api-hivex \
	test-api-hivex-regparse \
	$(NULL)

# The regedit parser of virt-win-reg (tools/reg-parse.c), tested alone:
# no appliance, no library.
test_api_hivex_regparse_SOURCES = \
	test-api-hivex-regparse.c \
	../../tools/reg-parse.c \
	../../tools/reg-parse.h \
	$(NULL)
test_api_hivex_regparse_CPPFLAGS = $(AM_CPPFLAGS) -I$(top_srcdir)/tools
test_api_hivex_regparse_LDADD = ../../common/utils/libutils.la
