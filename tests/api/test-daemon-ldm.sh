#!/bin/sh
# careen - the daemon's reading of ldmtool's JSON, run on the host (no
# appliance) through daemon/daemon-call, with a stand-in ldmtool that
# prints what a real one prints for dynamic disks (careen's tests cannot
# write LDM metadata): names with escapes and non-ASCII characters,
# members the calls skip, a volume without a hint; and output that is
# not ldmtool's JSON, which must be refused, not guessed at.

. "$top_srcdir/tests/functions.sh"
set -e -x
skip_if_skipped

call="$top_builddir/daemon/daemon-call"
daemon="$top_builddir/daemon/careen-daemon"
[ -x "$call" ] && [ -x "$daemon" ] || skip "daemon not built"

d="$(mktemp -d /tmp/careen-daemon-ldm.XXXXXX)"
cleanup_fn rm -rf "$d"
mkdir "$d/root" "$d/bin"

G=4d6f2c1a-9b3e-4f70-8a5d-2e1c0b9a8f7e

# The daemon loads the device mapper module first: not on this host.
cat > "$d/bin/modprobe" <<'X'
#!/bin/sh
exit 0
X
cat > "$d/bin/ldmtool" <<X
#!/bin/sh
case "\$*" in
"scan") printf '[\n  "$G",\n  "0a1b2c3d-0000-4000-8000-00000000beef"\n]\n' ;;
"create all"|"remove all") echo '[]' ;;
"show diskgroup $G") cat <<'J'
{
  "name" : "WIN-DG\\u00e9 \\"x\\" \\\\ \\/",
  "guid" : "$G",
  "id" : 1024,
  "flags" : [ true, false, null, -1.5e3 ],
  "volumes" : [ "Volume1", "Volume2" ],
  "disks" : [ "Disk1", "Disk2" ]
}
J
;;
"show volume $G Volume1") cat <<'J'
{"name":"Volume1","type":"striped","size":209715200,"chunk-size":65536,
 "hint":"E:","partitions":["Disk1-01","Disk2-01"]}
J
;;
"show volume $G Volume2")
  echo '{"name":"Volume2","type":"simple","size":1024,"partitions":["Disk1-02"]}' ;;
"show volume $G Truncated") echo '{"name":"Truncated","type":"sim' ;;
"show volume $G Trailing") echo '{"type":"simple"} {}' ;;
"show volume $G Deep") echo '{"type":[[[[[[[[[[[[["x"]]]]]]]]]]]]]}' ;;
"show volume $G Control") printf '{"type":"a\tb"}\n' ;;
"show volume $G Surrogate") echo '{"type":"\ud83d\ude00"}' ;;
"show volume $G NotList") echo '{"partitions":"Disk1-01"}' ;;
"show volume $G Numbers") echo '{"type":7,"partitions":[1,2]}' ;;
*) echo "No such disk group: \$3" >&2; exit 1 ;;
esac
X
chmod +x "$d/bin/modprobe" "$d/bin/ldmtool"

dc ()
{
  PATH="$d/bin:$PATH" $VG "$call" --daemon "$daemon" --sysroot "$d/root" "$@"
}

dc ldmtool_scan strings > "$d/out"
expect_output "$d/out" <<X
$G
0a1b2c3d-0000-4000-8000-00000000beef
X
dc ldmtool_create_all err
dc ldmtool_remove_all err

dc ldmtool_diskgroup_name string "s:$G" > "$d/out"
printf 'WIN-DG\303\251 "x" \\ /\n' > "$d/expected"
cmp "$d/expected" "$d/out"
dc ldmtool_diskgroup_volumes strings "s:$G" > "$d/out"
dc ldmtool_diskgroup_disks strings "s:$G" >> "$d/out"
dc ldmtool_volume_type string "s:$G" s:Volume1 >> "$d/out"
dc ldmtool_volume_hint string "s:$G" s:Volume1 >> "$d/out"
dc ldmtool_volume_partitions strings "s:$G" s:Volume1 >> "$d/out"
dc ldmtool_volume_type string "s:$G" s:Volume2 >> "$d/out"
dc ldmtool_volume_hint string "s:$G" s:Volume2 >> "$d/out"
dc ldmtool_volume_partitions strings "s:$G" s:Volume2 >> "$d/out"
expect_output "$d/out" <<'X'
Volume1
Volume2
Disk1
Disk2
striped
E:
Disk1-01
Disk2-01
simple

Disk1-02
X

# Not ldmtool's JSON, or not what the call reads: errors.
for v in Truncated Trailing Deep Control Surrogate; do
  dc ldmtool_volume_type string "s:$G" "s:$v" > "$d/out" || test $? = 1
  grep -q '^error: : ldmtool: output is not the JSON expected$' "$d/out"
done
dc ldmtool_volume_partitions strings "s:$G" s:NotList > "$d/out" ||
  test $? = 1
grep -q '^error: : ldmtool: a list was expected' "$d/out"
dc ldmtool_volume_type string "s:$G" s:Numbers > "$d/out" || test $? = 1
grep -q '^error: : ldmtool: no type in its output' "$d/out"
dc ldmtool_volume_partitions strings "s:$G" s:Numbers > "$d/out" ||
  test $? = 1
grep -q '^error: : ldmtool: a list of names was expected' "$d/out"
# The tool's own refusal.
dc ldmtool_diskgroup_name string s:0a1b2c3d-0000-4000-8000-00000000beef \
  > "$d/out" || test $? = 1
grep -q 'No such disk group' "$d/out"
# Arguments checked before ldmtool runs.
dc ldmtool_diskgroup_name string s:--help > "$d/out" || test $? = 1
grep -q '^error: EINVAL: invalid disk group GUID' "$d/out"
dc ldmtool_volume_hint string "s:$G" s:-v > "$d/out" || test $? = 1
grep -q '^error: EINVAL: invalid volume name' "$d/out"
