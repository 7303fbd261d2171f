# careen tool tests, group "resize".

group_resize_tests = \
	test-virt-resize.sh \
	test-virt-resize-lvm.sh \
	test-virt-resize-fs.sh \
	test-virt-resize-logical.sh \
	test-virt-resize-compare.sh \
	$(NULL)

TESTS += $(group_resize_tests)
EXTRA_DIST += \
	$(group_resize_tests) \
	test-virt-resize-functions.sh \
	$(NULL)
