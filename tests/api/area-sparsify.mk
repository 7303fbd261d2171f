# careen API tests of the "sparsify" area (one launch per program).
check_PROGRAMS += \
	test-api-sparsify \
	$(NULL)
