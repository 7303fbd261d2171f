# careen tool tests, group "inspect".
TESTS += \
	test-virt-inspector.sh \
	test-virt-inspector-guests.sh \
	test-virt-inspector-libguestfs.sh \
	$(NULL)
EXTRA_DIST += \
	test-virt-inspector.sh \
	test-virt-inspector-guests.sh \
	test-virt-inspector-libguestfs.sh \
	$(NULL)
