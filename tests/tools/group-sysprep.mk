# careen tool tests, group "sysprep".

group_sysprep_tests = \
	test-virt-sysprep.sh \
	test-virt-sysprep-debian.sh \
	test-virt-sysprep-select.sh \
	test-virt-sysprep-users.sh \
	test-virt-sysprep-fedora.sh \
	test-virt-sysprep-rhel.sh \
	test-virt-sysprep-ubuntu.sh \
	test-virt-sysprep-distros.sh \
	$(NULL)

TESTS += $(group_sysprep_tests)
EXTRA_DIST += \
	$(group_sysprep_tests) \
	test-virt-sysprep-lib.sh \
	$(NULL)
