# careen API tests of the "btrfs" area (one launch per program).
check_PROGRAMS += \
	test-api-btrfs \
	test-api-btrfs-inspect \
	$(NULL)
