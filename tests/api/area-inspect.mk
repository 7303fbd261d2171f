# careen API tests of the "inspect" area (one launch per program).
check_PROGRAMS += \
	test-api-inspect \
	$(NULL)
