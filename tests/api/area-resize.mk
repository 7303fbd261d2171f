# careen API tests of the "resize" area (one launch per program).
check_PROGRAMS += \
	$(NULL)
