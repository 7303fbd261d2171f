# careen API tests of the "dirs" area (one launch per program).
check_PROGRAMS += \
	test-api-dirs \
	$(NULL)
