# careen API tests of the "augeas" area (one launch per program).
check_PROGRAMS += \
	test-api-augeas \
	$(NULL)
