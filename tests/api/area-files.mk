# careen API tests of the "files" area (one launch per program).
check_PROGRAMS += \
	test-api-files-ops \
	test-api-files-read \
	$(NULL)
