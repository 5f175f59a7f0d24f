# bash completion for psreport                             -*- shell-script -*-
_psreport()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--csv|--baseline|--compare-csv)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--index)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--match)
		COMPREPLY=($(compgen -W "cmd name exe" -- "$cur"))
		return ;;
	esac
	if [[ $cur == -* ]]; then
		COMPREPLY=($(compgen -W "$(psreport --help 2>/dev/null |
			grep -o -- '--[a-z-]*' | sort -u) -h -V" -- "$cur"))
		return
	fi
	COMPREPLY=($(compgen -f -X '!*.psr*' -- "$cur") $(compgen -d -- "$cur"))
}
complete -o filenames -F _psreport psreport
