# careen API tests of the "fs" area (one launch per program).
check_PROGRAMS += \
	test-api-fs-types \
	test-api-fs-tools \
	$(NULL)
