# careen: bash completion for guestfish and the virt-* tools -*- shell-script -*-
#
# One script serves every program.  The options a tool takes come from
# the tool itself (--long-options and --short-options), so they never go
# out of date; what the value of an option completes to comes from each
# program's NAME.completion data, which completion.awk turns into the
# functions _careen_value_spec and _careen_static_options at the end of
# this script.

# Completes the value of an option from its spec: words, or @file,
# @dir, @none, @domains (libvirt guests), @zoneinfo, @operations (the
# tool's --list-operations), and @nospace after any of them.
_careen_complete_value ()
{
    local prog=$1 w
    local -a spec words=()
    read -ra spec <<< "$2"
    for w in "${spec[@]}"; do
        case "$w" in
            @file) _filedir ;;
            @dir) _filedir -d ;;
            @none) ;;
            @domains)
                COMPREPLY+=( $(compgen -W "$(virsh list --all --name 2>/dev/null)" -- "$cur") ) ;;
            @zoneinfo)
                COMPREPLY+=( $(cd /usr/share/zoneinfo 2>/dev/null && compgen -f -- "$cur") ) ;;
            @operations)
                COMPREPLY+=( $(compgen -W "$("$prog" --list-operations 2>/dev/null | awk '{print $1}') defaults all" -- "${cur##*,}") ) ;;
            @nospace) compopt -o nospace ;;
            *) words+=( "$w" ) ;;
        esac
    done
    if (( ${#words[@]} )); then
        COMPREPLY+=( $(compgen -W "${words[*]}" -- "$cur") )
    fi
}

_careen_complete ()
{
    local cur prev words cword split
    _init_completion -s || return

    local prog=${1##*/} spec options
    spec=$(_careen_value_spec "$prog" "$prev")
    if [[ -n $spec ]]; then
        _careen_complete_value "$1" "$spec"
        return
    fi

    # Programs that cannot list their own options (scripts around
    # guestfish) have them in their data.
    options=$(_careen_static_options "$prog")
    case "$cur" in
        --*)
            if [[ -z $options ]]; then
                options=$("$1" --long-options 2>/dev/null)
            fi
            COMPREPLY=( $(compgen -W "$options" -- "$cur") )
            [[ $COMPREPLY == *= ]] && compopt -o nospace
            return ;;
        -*)
            if [[ -z $options ]]; then
                options="$("$1" --short-options 2>/dev/null) $("$1" --long-options 2>/dev/null)"
            fi
            COMPREPLY=( $(compgen -W "$options" -- "$cur") )
            return ;;
    esac
    _filedir
}
