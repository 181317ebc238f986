# bash completion for weft
_weft() {
    local cur prev words cword
    _init_completion || return
    local cmds="run check plugins profiles --help --version"
    if [ "$cword" -eq 1 ]; then
        COMPREPLY=($(compgen -W "$cmds" -- "$cur"))
        return
    fi
    case "${words[1]}" in
    plugins) [ "$cword" -eq 2 ] && COMPREPLY=($(compgen -W "list info" -- "$cur")) && return ;;
    profiles) [ "$cword" -eq 2 ] && COMPREPLY=($(compgen -W "list show" -- "$cur")) && return ;;
    esac
    case "$prev" in
    -p | --profile)
        COMPREPLY=($(compgen -W "$(weft profiles list 2>/dev/null | awk '/^[a-z]/ {print $1}')" -- "$cur"))
        return ;;
    -f | --format) COMPREPLY=($(compgen -W "jsonl json text tsv conll html" -- "$cur")); return ;;
    --input) COMPREPLY=($(compgen -W "auto text html jsonl" -- "$cur")); return ;;
    --offsets) COMPREPLY=($(compgen -W "bytes codepoints utf16" -- "$cur")); return ;;
    -o | --output | --plugin-path | --profile-path) _filedir; return ;;
    esac
    if [[ "$cur" == -* ]]; then
        COMPREPLY=($(compgen -W "$(weft "${words[1]}" --help 2>/dev/null | grep -oE -- '--?[a-z][a-z-]*' | sort -u)" -- "$cur"))
        return
    fi
    _filedir
}
complete -F _weft weft
