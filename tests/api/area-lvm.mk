# careen API tests of the "lvm" area (one launch per program).
check_PROGRAMS += \
	test-api-lvm \
	test-api-lvm-luks \
	$(NULL)
