# careen API tests of the "files" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
