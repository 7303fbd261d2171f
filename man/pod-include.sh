#!/bin/sh -
# careen - offline disk-image toolkit
# Usage: pod-include.sh PAGE.pod DIR
#
# Writes PAGE.pod to stdout with each line "__INCLUDE:NAME.pod__"
# replaced by the contents of DIR/NAME.pod, which is how hand-written man
# pages pull in the reference generated from the API table.  A missing
# fragment is an error, not an empty section.
set -e

if [ $# -ne 2 ]; then
    echo "usage: $0 PAGE.pod DIR" >&2
    exit 1
fi

awk -v dir="$2" '
/^__INCLUDE:[A-Za-z0-9_.-]+__$/ {
    # Strip the 10-character "__INCLUDE:" prefix and the "__" suffix.
    path = dir "/" substr($0, 11, length($0) - 12)
    while ((r = (getline line < path)) > 0)
        print line
    if (r < 0) {
        print "pod-include.sh: " path ": cannot read" > "/dev/stderr"
        exit 1
    }
    close(path)
    next
}
{ print }
' "$1"
