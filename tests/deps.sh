# deps.sh - install the Debian packages psrec/psreport need to build, test
# and run, when they are missing. Sourced by samples/demo.sh and
# tests/run.sh; runs apt-get only if something is absent.
psr_need="gcc libc6-dev pkg-config meson ninja-build libzstd-dev zstd"
# psreport's PDF, SVG and PNG output: libharu, PLplot with its cairo
# drivers, the DejaVu fonts it embeds; the render tests read the results
# with poppler-utils and libxml2-utils
psr_need="$psr_need libhpdf-dev libplplot-dev plplot-driver-cairo
	fonts-dejavu-core poppler-utils libxml2-utils"
# psreport --export is tested against a real ClickHouse (tests/cli/clickhouse.sh)
psr_need="$psr_need clickhouse-server clickhouse-client"
# psrec --textfile is scraped by a real node_exporter (tests/cli/textfile.sh)
psr_need="$psr_need prometheus-node-exporter curl"
# the psr Python module is tested with Debian's python3 and its pandas and
# numpy (tests/python/), its README figure drawn with matplotlib
psr_need="$psr_need python3 python3-numpy python3-pandas python3-matplotlib"
# exact totals are checked against /usr/bin/time (tests/cli/tree_totals.sh,
# build_totals.sh); old readers are built from git history (old_readers.sh)
psr_need="$psr_need time git"

psr_install_deps() {
	missing=""
	for pkg in $psr_need "$@"; do
		dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null |
			grep -q "install ok installed" || missing="$missing $pkg"
	done
	[ -z "$missing" ] && return 0
	echo "installing:$missing" >&2
	if [ "$(id -u)" -ne 0 ]; then
		echo "missing packages:$missing (run as root, or install them)" >&2
		return 1
	fi
	export DEBIAN_FRONTEND=noninteractive
	apt-get update -q >&2 && apt-get install -y -q $missing >&2
}
