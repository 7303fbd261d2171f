# careen tool tests, group "reg".
TESTS += \
	test-virt-win-reg.sh \
	$(NULL)
EXTRA_DIST += \
	test-virt-win-reg.sh \
	$(NULL)
