# careen API tests of the "fs" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
