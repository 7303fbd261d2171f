# careen API tests of the "part" area (one launch per program).
check_PROGRAMS += \
	test-api-part-attrs \
	$(NULL)
