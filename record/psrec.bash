# bash completion for psrec                                -*- shell-script -*-
_psrec()
{
	local cur prev
	cur=${COMP_WORDS[COMP_CWORD]}
	prev=${COMP_WORDS[COMP_CWORD-1]}
	# after "--", complete the command to launch
	local i
	for ((i = 1; i < COMP_CWORD; i++)); do
		if [[ ${COMP_WORDS[i]} == -- ]]; then
			COMPREPLY=($(compgen -c -- "$cur"))
			return
		fi
	done
	case $prev in
	-p | --pid)
		COMPREPLY=($(compgen -W "$(ls /proc | grep '^[0-9]')" -- "$cur"))
		return ;;
	-n | --name)
		COMPREPLY=($(compgen -W "$(cat /proc/[0-9]*/comm 2>/dev/null | sort -u)" -- "$cur"))
		return ;;
	-o | --output | --textfile)
		COMPREPLY=($(compgen -f -- "$cur"))
		return ;;
	--textfile-by)
		COMPREPLY=($(compgen -W "pid target" -- "$cur"))
		return ;;
	-i | --interval | -d | --duration | -s | --samples | --flush | \
	--max-procs | --rescan | --rotate-size | --rotate-time | --adaptive | --textfile-every | \
	--ready-fd)
		return ;;
	esac
	COMPREPLY=($(compgen -W "-p --pid -n --name -a --all -c --children --no-children
		--no-exits --max-procs --rescan --pick -i --interval --adaptive -d --duration
		-s --samples -x --extended --uss --system -o --output --force
		--rotate-size --rotate-time --flush -q --quiet --textfile
		--textfile-every --textfile-by --no-log --ready-fd -h --help
		-V --version --" -- "$cur"))
}
complete -F _psrec psrec
