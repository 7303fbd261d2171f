# careen - offline disk-image toolkit
# One run of libguestfs's Perl binding (libguestfs-perl, built for
# libguestfs 1.48): test-bindings.sh runs it on careen's library and on
# libguestfs's and compares what it prints.
use strict;
use warnings;
use Sys::Guestfs;

my $g = Sys::Guestfs->new ();
$g->add_drive_opts ($ARGV[0], format => "raw");
$g->launch ();
print "devices ", join (" ", $g->list_devices ()), "\n";
$g->part_disk ("/dev/sda", "gpt");
$g->mkfs ("ext2", "/dev/sda1");
$g->mount ("/dev/sda1", "/");
$g->write ("/perl", "written by perl\n");
$g->mkdir ("/d");
$g->write_append ("/perl", "and appended\n");
print "lines ", join ("|", $g->read_lines ("/perl")), "\n";
print "size ", $g->filesize ("/perl"), "\n";
print "ls ", join (" ", sort $g->ls ("/")), "\n";
my %fs = $g->list_filesystems ();
print "filesystems ", join (" ", map { "$_=$fs{$_}" } sort keys %fs), "\n";
my @parts = $g->part_list ("/dev/sda");
print "parts ", scalar (@parts), " ", $parts[0]{part_num}, "\n";
my %st = $g->statns ("/d");
printf "stat %o\n", $st{st_mode} & 0170000;
eval { $g->mkdir ("/d") };
print "error ", ($@ =~ /File exists/ ? "EEXIST" : "other: $@"), "\n";
$g->umount_all ();
$g->shutdown ();
$g->close ();
