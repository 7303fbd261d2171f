# careen API tests of the "sysprep" area (one launch per program).
check_PROGRAMS += \
	test-api-sysprep-lvm \
	$(NULL)
