# careen - turns the NAME.completion data of each program into the
# functions that tools/completion.bash calls, and the `complete` line
# that binds the programs to it.
#
# A data line is "OPTION... SPEC...": the options come first (each
# starts with "-"), then what their value completes to.  "@options
# OPTION..." lists the options of a program that cannot list them
# itself.  "#" starts a comment.

function program_of(path,    n, parts) {
    n = split(path, parts, "/")
    sub(/\.completion$/, "", parts[n])
    return parts[n]
}

function quote(s) {
    gsub(/[\\"$`]/, "\\\\&", s)
    return s
}

FNR == 1 {
    prog = program_of(FILENAME)
    programs = programs " " prog
}

/^[ \t]*(#|$)/ { next }

$1 == "@options" {
    opts = $2
    for (i = 3; i <= NF; i++)
        opts = opts " " $i
    static_arms = static_arms "        " prog ") echo \"" quote(opts) "\" ;;\n"
    next
}

{
    pattern = ""
    for (i = 1; i <= NF && substr($i, 1, 1) == "-"; i++)
        pattern = pattern (pattern == "" ? "" : "|") "\"" prog " " quote($i) "\""
    if (pattern == "" || i > NF) {
        printf "%s:%d: an option line needs options and a value spec\n",
            FILENAME, FNR > "/dev/stderr"
        failed = 1
        exit 1
    }
    spec = $i
    for (i++; i <= NF; i++)
        spec = spec " " $i
    value_arms = value_arms "        " pattern ") echo \"" quote(spec) "\" ;;\n"
}

END {
    if (failed)
        exit 1
    print ""
    print "# Generated from the NAME.completion files by completion.awk."
    print "_careen_value_spec ()"
    print "{"
    print "    case \"$1 $2\" in"
    printf "%s", value_arms
    print "    esac"
    print "}"
    print ""
    print "_careen_static_options ()"
    print "{"
    print "    case \"$1\" in"
    printf "%s", static_arms
    print "    esac"
    print "}"
    print ""
    print "complete -F _careen_complete" programs
}
