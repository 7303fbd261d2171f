# careen API tests of the "hivex" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
