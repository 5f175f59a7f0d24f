# bash completion for psreport                             -*- shell-script -*-
_psreport()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	case $prev in
	--csv|--jsonl|--summary|--json|--rss-top|--markdown|--export|--groups|\
	--baseline|--compare-csv|--fleet-csv|--pdf)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--index|--svg|--png)
		COMPREPLY=($(compgen -d -- "$cur"))
		return ;;
	--fleet-metric)
		# a comma-separated list: complete its last name
		local pre=
		[[ $cur == *,* ]] && pre=${cur%,*},
		COMPREPLY=($(compgen -P "$pre" -W "cpu rss vms pss uss swap
			fds threads read_bytes write_bytes minflt majflt
			vctxsw nvctxsw" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
		return ;;
	--match)
		COMPREPLY=($(compgen -W "cmd name exe" -- "$cur"))
		return ;;
	--by)
		COMPREPLY=($(compgen -W "command name user tree" -- "$cur"))
		return ;;
	--sort)
		COMPREPLY=($(compgen -W "cpu rss growth io start" -- "$cur"))
		return ;;
	--top)
		COMPREPLY=($(compgen -W "10 20 50 all" -- "$cur"))
		return ;;
	--at|--from|--to)
		# a time: nothing to complete from
		return ;;
	--time-axis)
		COMPREPLY=($(compgen -W "elapsed wall auto" -- "$cur"))
		return ;;
	--gate)
		# metrics that may also decide comparison verdicts, comma-separated
		local pre=
		[[ $cur == *,* ]] && pre=${cur%,*},
		COMPREPLY=($(compgen -P "$pre" -W "all vms_bytes threads
			vctxsw_per_s nvctxsw_per_s minflt_per_s majflt_per_s
			syscr_per_s syscw_per_s rchar_bytes_per_s wchar_bytes_per_s
			swap_bytes" -- "${cur##*,}"))
		compopt -o nospace 2>/dev/null
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
