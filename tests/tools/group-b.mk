# careen tool tests, group "b".

group_b_tests = \
	test-virt-copy.sh \
	test-virt-tar.sh \
	test-virt-edit.sh \
	test-virt-format.sh \
	test-virt-make-fs.sh \
	test-virt-diff.sh \
	test-virt-rescue.sh \
	test-virt-rescue-shell.sh \
	$(NULL)

TESTS += $(group_b_tests)
EXTRA_DIST += $(group_b_tests)
