# careen - offline disk-image toolkit
# One run of libguestfs's Python binding (python3-guestfs, built for
# libguestfs 1.48): test-bindings.sh runs it on careen's library and on
# libguestfs's and compares what it prints.
import sys
import guestfs

g = guestfs.GuestFS(python_return_dict=True)
g.add_drive_opts(sys.argv[1], format="raw")
g.launch()
print("devices", g.list_devices())
g.part_disk("/dev/sda", "mbr")
print("partitions", g.list_partitions())
g.mkfs("ext4", "/dev/sda1")
g.set_label("/dev/sda1", "pylabel")
g.mount("/dev/sda1", "/")
g.write("/hello", b"hello from python\n")
g.mkdir_p("/a/b")
g.touch("/a/b/c")
g.ln_s("../hello", "/a/link")
print("vfs", g.vfs_type("/dev/sda1"), g.vfs_label("/dev/sda1"))
print("cat", repr(g.cat("/hello")))
print("ls", sorted(g.ls("/")))
print("find", g.find("/a"))
st = g.statns("/hello")
print("stat", st["st_size"], oct(st["st_mode"]), st["st_nlink"])
print("readlink", g.readlink("/a/link"))
print("filesystems", sorted(g.list_filesystems().items()))
print("is_file", g.is_file("/hello"), g.is_dir("/a"))
v = g.version()
print("version", v["major"], v["minor"] >= 48)
try:
    g.cat("/missing")
except RuntimeError as e:
    print("error", "No such file or directory" in str(e))
g.umount_all()
g.shutdown()
g.close()
