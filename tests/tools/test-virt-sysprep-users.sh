#!/bin/sh -
# careen - virt-sysprep user-account: ordinary users go from passwd,
# shadow, group and gshadow (and from other groups' member lists), with
# their homes and mail; root, system users, nobody and
# --keep-user-accounts stay; --remove-user-accounts narrows the set; a
# passwd entry whose home is "/" or escapes with ".." loses its account
# but never makes virt-sysprep remove a system directory.

. "${top_srcdir:-$(cd "$(dirname "$0")/../.." && pwd)}/tests/functions.sh"
set -e -x
skip_if_skipped
[ -z "${SKIP_APPLIANCE_TESTS:-}" ] || skip "SKIP_APPLIANCE_TESTS is set"
requires qemu-system-x86_64 comm join
. "$top_srcdir/tests/guests/guests.sh"
[ -x "$top_builddir/tools/sysprep/virt-sysprep" ] || skip "virt-sysprep is not built"

scratch="$(mktemp -d "${TMPDIR:-/tmp}/$test_name.XXXXXX")"
cleanup_fn rm -rf "$scratch"
cd "$scratch"
. "$top_srcdir/tests/tools/test-virt-sysprep-lib.sh"

sp_copy debian12
cat > seed <<'END'
write /etc/passwd "root:x:0:0:root:/root:/bin/bash\nsys:x:999:999::/var/lib/sys:/sbin/nologin\nu:x:1000:1000:U:/home/u:/bin/sh\nkeep:x:1001:1001::/home/keep:/bin/sh\nevil:x:1002:1002::/:/bin/sh\nsneaky:x:1003:1003::/home/../etc:/bin/sh\nbig:x:60001:60001::/home/big:/bin/sh\nnobody:x:65534:65534::/nonexistent:/usr/sbin/nologin\n"
write /etc/shadow "root:*:19000:0:99999:7:::\nsys:*:19000::::::\nu:$6$x$y:19000:0:99999:7:::\nkeep:!:19000::::::\nevil:!:19000::::::\nsneaky:!:19000::::::\nbig:!:19000::::::\nnobody:*:19000::::::\n"
write /etc/group "root:x:0:\nsudo:x:27:u,keep\nsys:x:999:\nu:x:1000:\nkeep:x:1001:\nevil:x:1002:\nsneaky:x:1003:\nusers:x:100:u\n"
write /etc/gshadow "root:*::\nsudo:*:u:u,keep\nu:!::\nkeep:!::\nusers:*::u\n"
chmod 0640 /etc/shadow
mkdir-p /home/u/docs
write /home/u/docs/a x
mkdir-p /home/keep
write /home/keep/b x
mkdir-p /home/big
mkdir-p /var/lib/sys
mkdir-p /var/mail
write /var/mail/u mail
write /var/mail/keep mail
END
sp_list debian12.img l0 seed

sp_run --enable user-account --keep-user-accounts keep \
  --format=raw -a debian12.img
cat > show <<'END'
cat /etc/passwd
cat /etc/shadow
cat /etc/group
cat /etc/gshadow
lstatns /etc/shadow
END
sp_list debian12.img l1 show > shown
sp_changes l0 l1 > changes
expect_output changes <<'END'
changed /etc/group
changed /etc/gshadow
changed /etc/passwd
changed /etc/shadow
removed /home/u
removed /home/u/docs
removed /home/u/docs/a
removed /var/mail/u
END
grep -v '^[a-z_0-9]*: ' shown | grep -v '^$' > accounts
expect_output accounts <<'END'
root:x:0:0:root:/root:/bin/bash
sys:x:999:999::/var/lib/sys:/sbin/nologin
keep:x:1001:1001::/home/keep:/bin/sh
big:x:60001:60001::/home/big:/bin/sh
nobody:x:65534:65534::/nonexistent:/usr/sbin/nologin
root:*:19000:0:99999:7:::
sys:*:19000::::::
keep:!:19000::::::
big:!:19000::::::
nobody:*:19000::::::
root:x:0:
sudo:x:27:keep
sys:x:999:
keep:x:1001:
users:x:100:
root:*::
sudo:*::keep
keep:!::
users:*::
END
# The shadow file kept its mode.
grep -q "^ *st_mode: 33184$" shown

# --remove-user-accounts: only the names given.
sp_run --enable user-account --remove-user-accounts keep,nosuchuser \
  --format=raw -a debian12.img
sp_list debian12.img l2
sp_changes l1 l2 > changes
expect_output changes <<'END'
changed /etc/group
changed /etc/gshadow
changed /etc/passwd
changed /etc/shadow
removed /home/keep
removed /home/keep/b
removed /var/mail/keep
END
