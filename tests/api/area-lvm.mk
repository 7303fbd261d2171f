# careen API tests of the "lvm" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
