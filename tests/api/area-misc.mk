# careen API tests of the "misc" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
