# careen tool tests, group "a".

group_a_tests = \
	test-virt-df.sh \
	test-virt-filesystems.sh \
	test-virt-ls.sh \
	test-virt-cat.sh \
	$(NULL)

TESTS += $(group_a_tests)
EXTRA_DIST += $(group_a_tests)
