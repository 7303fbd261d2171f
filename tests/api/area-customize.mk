# careen API tests of the "customize" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
