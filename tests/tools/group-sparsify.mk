# careen tool tests, group "sparsify".

group_sparsify_tests = \
	test-virt-sparsify.sh \
	test-virt-sparsify-in-place.sh \
	$(NULL)

TESTS += $(group_sparsify_tests)
EXTRA_DIST += \
	$(group_sparsify_tests) \
	test-virt-sparsify-build.sh \
	$(NULL)
