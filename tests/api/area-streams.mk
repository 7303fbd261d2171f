# careen API tests of the "streams" area (one launch per program).
check_PROGRAMS += \
	test-api-streams \
	$(NULL)
