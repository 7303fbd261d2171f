# careen API tests of the "misc" area (one launch per program).
check_PROGRAMS += \
	test-api-misc-host \
	test-api-misc-internal \
	test-api-misc-command \
	$(NULL)
