# meson install puts everything a system tool needs in place: both
# programs, the man pages (psrec.1, psreport.1, psr.5), bash completions
# and the example systemd unit with its hardening.
. "$(dirname "$0")/lib.sh" "$1" "$2" "$3"
BUILD=$4
meson install -C "$BUILD" --destdir "$T/dest" --no-rebuild --quiet >"$T/out" 2>&1 ||
	fail "meson install: $(tail -n 5 "$T/out")"
(cd "$T/dest" && find . -type f | sed -E 's#^\./([^ ]*/)?(bin|share|lib)/#\2/#' | sort) >"$T/files"
for f in bin/psrec bin/psreport share/man/man1/psrec.1 share/man/man1/psreport.1 \
	share/man/man5/psr.5 share/bash-completion/completions/psrec \
	share/bash-completion/completions/psreport lib/systemd/system/psrec@.service; do
	grep -qx "$f" "$T/files" || fail "installs $f: $(cat "$T/files")"
done
ok "installed: $(tr '\n' ' ' <"$T/files")"
# the installed programs hold no path of the build (the driver directory
# of a build tree is found at run time); stripped, as a package ships them
# (debug info names the sources)
root=$(cd "$BUILD" && pwd -P)
for p in psrec psreport; do
	bin=$(find "$T/dest" -path "*/bin/$p")
	strip -o "$T/$p.stripped" "$bin" || fail "strip $p"
	expect "installed $p: no build path in it" \
		"$(strings "$T/$p.stripped" | grep -c -F "$root")" 0
done
unit=$(find "$T/dest" -name 'psrec@.service')
for d in NoNewPrivileges=yes ProtectSystem=strict ProtectHome=yes StateDirectory=psrec LimitNOFILE= \
	"--rotate-size"; do
	grep -q -- "$d" "$unit" || fail "the unit has $d"
done
grep -q "^ExecStart=/.*/bin/psrec " "$unit" || fail "the unit runs the installed psrec: $(grep ExecStart "$unit")"
if command -v systemd-analyze >/dev/null 2>&1; then
	sed "s|^ExecStart=[^ ]*|ExecStart=$PSREC|" "$unit" >"$T/psrec@.service"
	systemd-analyze verify --man=no "$T/psrec@.service" >"$T/verify" 2>&1 ||
		fail "systemd-analyze verify: $(cat "$T/verify")"
fi
# the completions load in bash and complete an option
if command -v bash >/dev/null; then
	out=$(bash -c ". '$(find "$T/dest" -path '*completions/psrec')'
COMP_WORDS=(psrec --rot); COMP_CWORD=1; _psrec; echo \"\${COMPREPLY[*]}\"")
	expect "bash completes --rot" "$out" "--rotate-size --rotate-time"
fi
# the man pages are well-formed enough for man(1)
if command -v man >/dev/null 2>&1; then
	for m in $(find "$T/dest" -name '*.[15]'); do
		MANWIDTH=80 man -l "$m" >/dev/null 2>"$T/manerr" || fail "man -l $m"
	done
fi
finish
