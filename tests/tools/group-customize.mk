# careen tool tests, group "customize".

group_customize_tests = \
	test-virt-customize.sh \
	test-virt-customize-distros.sh \
	test-virt-customize-dryrun.sh \
	$(NULL)

TESTS += $(group_customize_tests)
EXTRA_DIST += $(group_customize_tests)
