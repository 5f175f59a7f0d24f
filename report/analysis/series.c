/* series.c - the derived series table and its arithmetic. */
#include <psr/series.h>

#include <math.h>
#include <string.h>

#define S PSR_SF_STATS
#define T PSR_SF_TREND
#define C PSR_SF_CORR
#define I PSR_SF_INT
#define GAUGE(n, l, m, f) {n, l, PSR_SERIES_GAUGE, PSR_SU_BYTES, m, -1, 1, f}
#define COUNT(n, l, m, f) {n, l, PSR_SERIES_GAUGE, PSR_SU_COUNT, m, -1, 1, f}
#define RATE(n, l, u, m, f) {n, l, PSR_SERIES_RATE, u, m, -1, 1, f}
#define TOTAL(n, l, u, m, f) {n, l, PSR_SERIES_TOTAL, u, m, -1, 1, f}

static const struct psr_series_def table[] = {
	{"cpu_percent", "CPU", PSR_SERIES_RATE, PSR_SU_PERCENT, PSR_M_UTIME,
	 PSR_M_STIME, 100, S | C},
	{"cpu_user_percent", "CPU user", PSR_SERIES_RATE, PSR_SU_PERCENT,
	 PSR_M_UTIME, -1, 100, S},
	{"cpu_system_percent", "CPU system", PSR_SERIES_RATE, PSR_SU_PERCENT,
	 PSR_M_STIME, -1, 100, S},
	GAUGE("rss_bytes", "RSS", PSR_M_RSS, S | T | C | I),
	GAUGE("vms_bytes", "VMS", PSR_M_VSIZE, S | T | C | I),
	GAUGE("shared_bytes", "shared", PSR_M_SHARED, S | I),
	GAUGE("text_bytes", "text", PSR_M_TEXT, S | I),
	GAUGE("data_bytes", "data", PSR_M_DATA, S | I),
	COUNT("threads", "threads", PSR_M_THREADS, S | C | I),
	COUNT("fds", "descriptors", PSR_M_FDS, S | C | I),
	{"state", "state", PSR_SERIES_STATE, PSR_SU_CHAR, PSR_M_STATE, -1, 1,
	 0},
	RATE("minflt_per_s", "minor faults", PSR_SU_PER_S, PSR_M_MINFLT, S | C),
	RATE("majflt_per_s", "major faults", PSR_SU_PER_S, PSR_M_MAJFLT, S | C),
	RATE("read_bytes_per_s", "disk read", PSR_SU_BYTES_PER_S,
	     PSR_M_READ_BYTES, S | C),
	RATE("write_bytes_per_s", "disk write", PSR_SU_BYTES_PER_S,
	     PSR_M_WRITE_BYTES, S | C),
	RATE("cancelled_write_bytes_per_s", "cancelled write",
	     PSR_SU_BYTES_PER_S, PSR_M_CANCELLED_WRITE_BYTES, S),
	RATE("rchar_bytes_per_s", "read calls bytes", PSR_SU_BYTES_PER_S,
	     PSR_M_RCHAR, S | C),
	RATE("wchar_bytes_per_s", "write calls bytes", PSR_SU_BYTES_PER_S,
	     PSR_M_WCHAR, S | C),
	RATE("syscr_per_s", "read calls", PSR_SU_PER_S, PSR_M_SYSCR, S),
	RATE("syscw_per_s", "write calls", PSR_SU_PER_S, PSR_M_SYSCW, S),
	RATE("vctxsw_per_s", "voluntary switches", PSR_SU_PER_S, PSR_M_VCTXSW,
	     S | C),
	RATE("nvctxsw_per_s", "involuntary switches", PSR_SU_PER_S,
	     PSR_M_NVCTXSW, S | C),
	GAUGE("swap_bytes", "swap", PSR_M_VMSWAP, S | T | I),
	GAUGE("hwm_bytes", "RSS high-water", PSR_M_VMHWM, S | I),
	GAUGE("rss_anon_bytes", "RSS anon", PSR_M_RSS_ANON, S | I),
	GAUGE("rss_file_bytes", "RSS file", PSR_M_RSS_FILE, S | I),
	GAUGE("rss_shmem_bytes", "RSS shmem", PSR_M_RSS_SHMEM, S | I),
	GAUGE("uss_bytes", "USS", PSR_M_USS, S | T | C | I),
	GAUGE("pss_bytes", "PSS", PSR_M_PSS, S | T | C | I),
	GAUGE("smaps_swap_bytes", "swap (smaps)", PSR_M_SWAP, S | T | I),
	GAUGE("swap_pss_bytes", "swap PSS", PSR_M_SWAP_PSS, S | I),
	TOTAL("cpu_user_seconds", "CPU user time", PSR_SU_SECONDS, PSR_M_UTIME,
	      0),
	TOTAL("cpu_system_seconds", "CPU system time", PSR_SU_SECONDS,
	      PSR_M_STIME, 0),
	/* format 3: the counters of what its reaped children used */
	TOTAL("children_cpu_user_seconds", "children's CPU user time",
	      PSR_SU_SECONDS, PSR_M_CUTIME, 0),
	TOTAL("children_cpu_system_seconds", "children's CPU system time",
	      PSR_SU_SECONDS, PSR_M_CSTIME, 0),
	TOTAL("minflt", "minor faults", PSR_SU_COUNT, PSR_M_MINFLT, I),
	TOTAL("majflt", "major faults", PSR_SU_COUNT, PSR_M_MAJFLT, I),
	TOTAL("read_bytes", "disk read", PSR_SU_BYTES, PSR_M_READ_BYTES, I),
	TOTAL("write_bytes", "disk write", PSR_SU_BYTES, PSR_M_WRITE_BYTES, I),
	TOTAL("cancelled_write_bytes", "cancelled write", PSR_SU_BYTES,
	      PSR_M_CANCELLED_WRITE_BYTES, I),
	TOTAL("rchar_bytes", "read calls bytes", PSR_SU_BYTES, PSR_M_RCHAR, I),
	TOTAL("wchar_bytes", "write calls bytes", PSR_SU_BYTES, PSR_M_WCHAR, I),
	TOTAL("syscr", "read calls", PSR_SU_COUNT, PSR_M_SYSCR, I),
	TOTAL("syscw", "write calls", PSR_SU_COUNT, PSR_M_SYSCW, I),
	TOTAL("vctxsw", "voluntary switches", PSR_SU_COUNT, PSR_M_VCTXSW, I),
	TOTAL("nvctxsw", "involuntary switches", PSR_SU_COUNT, PSR_M_NVCTXSW,
	      I),
};

const struct psr_series_def *psr_series_table(unsigned *count)
{
	*count = sizeof table / sizeof table[0];
	return table;
}

int psr_series_find(const char *name)
{
	for (unsigned i = 0; i < sizeof table / sizeof table[0]; i++)
		if (strcmp(table[i].name, name) == 0)
			return (int)i;
	return -1;
}

double psr_series_base(const struct psr_header *h, unsigned m, uint64_t raw)
{
	const struct psr_metric_info *mi = psr_metric_info(m);
	double v = (double)raw;

	if (!mi)
		return v;
	switch (mi->unit) {
	case PSR_UNIT_PAGES:
		return v * h->page_size;
	case PSR_UNIT_KB:
		return v * 1024.0;
	case PSR_UNIT_TICKS:
		return v / h->clock_ticks;
	default:
		return v;
	}
}

static bool recorded(const struct psr_header *h, int m)
{
	for (unsigned i = 0; i < h->metric_count; i++)
		if (h->metrics[i] == m)
			return true;
	return false;
}

bool psr_series_available(const struct psr_header *h,
			  const struct psr_series_def *d)
{
	return recorded(h, d->metric) &&
	       (d->metric2 < 0 || recorded(h, d->metric2));
}

static bool has(const struct psr_values *v, int m)
{
	return m < 0 || (v->present >> m & 1);
}

/* Delta of one counter in base units; false on a reset. */
static bool delta(const struct psr_header *h, int m,
		  const struct psr_values *cur, const struct psr_values *prev,
		  double *out)
{
	if (m < 0) {
		*out = 0;
		return true;
	}
	if (cur->v[m] < prev->v[m])
		return false; /* the counter went back: no rate here */
	*out = psr_series_base(h, (unsigned)m, cur->v[m] - prev->v[m]);
	return true;
}

/* One letter, or '?': every output that has the state (CSV, export,
 * JSON lines, the Python module) gets a value that needs no escaping. */
double psr_series_state(uint64_t raw)
{
	bool letter = (raw >= 'A' && raw <= 'Z') || (raw >= 'a' && raw <= 'z');

	return letter ? (double)raw : '?';
}

bool psr_series_value(const struct psr_header *h,
		      const struct psr_series_def *d,
		      const struct psr_values *cur, uint64_t t_us,
		      const struct psr_values *prev, uint64_t prev_t_us,
		      double *out)
{
	double a, b;

	if (!has(cur, d->metric) || !has(cur, d->metric2))
		return false;
	switch (d->kind) {
	case PSR_SERIES_GAUGE:
	case PSR_SERIES_TOTAL:
		*out = psr_series_base(h, (unsigned)d->metric,
				       cur->v[d->metric]) * d->factor;
		return true;
	case PSR_SERIES_STATE:
		*out = psr_series_state(cur->v[d->metric]);
		return true;
	case PSR_SERIES_RATE:
		break;
	}
	if (!prev || t_us <= prev_t_us || !has(prev, d->metric) ||
	    !has(prev, d->metric2) || !delta(h, d->metric, cur, prev, &a) ||
	    !delta(h, d->metric2, cur, prev, &b))
		return false;
	*out = (a + b) / ((double)(t_us - prev_t_us) / 1e6) * d->factor;
	return true;
}

/* ---- whole-host series ----------------------------------------------- */

enum {
	SYS_CPU, SYS_CPU_USER, SYS_CPU_SYSTEM, SYS_CPU_IOWAIT, SYS_RAM_USED,
	SYS_RAM_PCT, SYS_RAM_AVAIL, SYS_SWAP_USED, SYS_LOAD1, SYS_LOAD5,
	SYS_LOAD15, SYS_RUNNING, SYS_FORKS, SYS_CTXT, SYS_COUNT
};

#define SG(n, l, u, f) {n, l, PSR_SERIES_GAUGE, u, -1, -1, 1, f}
#define SR(n, l, u, f) {n, l, PSR_SERIES_RATE, u, -1, -1, 1, f}

static const struct psr_series_def system_table[SYS_COUNT] = {
	SG("host_cpu_percent", "host CPU", PSR_SU_PERCENT, S | C),
	SG("host_cpu_user_percent", "host CPU user", PSR_SU_PERCENT, S),
	SG("host_cpu_system_percent", "host CPU system", PSR_SU_PERCENT, S),
	SG("host_cpu_iowait_percent", "host CPU iowait", PSR_SU_PERCENT, S),
	SG("ram_used_bytes", "RAM used", PSR_SU_BYTES, S | T | C | I),
	SG("ram_used_percent", "RAM used %", PSR_SU_PERCENT, S),
	SG("ram_available_bytes", "RAM available", PSR_SU_BYTES, S | I),
	SG("swap_used_bytes", "swap used", PSR_SU_BYTES, S | T | C | I),
	SG("load1", "load 1 min", PSR_SU_COUNT, S | C),
	SG("load5", "load 5 min", PSR_SU_COUNT, S),
	SG("load15", "load 15 min", PSR_SU_COUNT, S),
	SG("procs_running", "running", PSR_SU_COUNT, S | I),
	SR("forks_per_s", "forks", PSR_SU_PER_S, S),
	SR("ctxt_per_s", "context switches", PSR_SU_PER_S, S),
};

const struct psr_series_def *psr_series_system_table(unsigned *count)
{
	*count = SYS_COUNT;
	return system_table;
}

static bool have(uint64_t present, unsigned m)
{
	return present >> m & 1;
}

/* Delta of counter m between the records; false when either lacks it or
 * it went back. */
static bool sys_delta(const uint64_t *cur, uint64_t cp, const uint64_t *prev,
		      uint64_t pp, unsigned m, double *out)
{
	if (!prev || !have(cp, m) || !have(pp, m) || cur[m] < prev[m])
		return false;
	*out = (double)(cur[m] - prev[m]);
	return true;
}

static void host_cpu(const uint64_t *cur, uint64_t cp, const uint64_t *prev,
		     uint64_t pp, double *out)
{
	/* user and nice already hold guest time: fields 9-16 make the sum */
	static const unsigned all[] = {PSR_S_CPU_USER, PSR_S_CPU_NICE,
				       PSR_S_CPU_SYSTEM, PSR_S_CPU_IDLE,
				       PSR_S_CPU_IOWAIT, PSR_S_CPU_IRQ,
				       PSR_S_CPU_SOFTIRQ, PSR_S_CPU_STEAL};
	double d[8], total = 0;

	for (unsigned i = 0; i < 8; i++) {
		if (!sys_delta(cur, cp, prev, pp, all[i], &d[i]))
			return;
		total += d[i];
	}
	if (!(total > 0))
		return;
	out[SYS_CPU] = (1 - (d[3] + d[4]) / total) * 100;
	out[SYS_CPU_USER] = (d[0] + d[1]) / total * 100;
	out[SYS_CPU_SYSTEM] = (d[2] + d[5] + d[6]) / total * 100;
	out[SYS_CPU_IOWAIT] = d[4] / total * 100;
}

static void host_memory(const uint64_t *v, uint64_t p, double *out)
{
	static const unsigned used[] = {PSR_S_MEM_TOTAL, PSR_S_MEM_FREE,
					PSR_S_BUFFERS, PSR_S_CACHED};
	bool ok = true;

	for (unsigned i = 0; i < 4; i++)
		ok = ok && have(p, used[i]);
	if (ok) {
		/* htop's "used": what neither caches nor reclaims hold */
		double kb = (double)v[PSR_S_MEM_TOTAL] - (double)v[PSR_S_MEM_FREE] -
			    (double)v[PSR_S_BUFFERS] - (double)v[PSR_S_CACHED] -
			    (have(p, PSR_S_SRECLAIMABLE)
				     ? (double)v[PSR_S_SRECLAIMABLE] : 0);
		out[SYS_RAM_USED] = kb * 1024;
		if (v[PSR_S_MEM_TOTAL])
			out[SYS_RAM_PCT] = kb / (double)v[PSR_S_MEM_TOTAL] * 100;
	}
	if (have(p, PSR_S_MEM_AVAILABLE))
		out[SYS_RAM_AVAIL] = (double)v[PSR_S_MEM_AVAILABLE] * 1024;
	if (have(p, PSR_S_SWAP_TOTAL) && have(p, PSR_S_SWAP_FREE))
		out[SYS_SWAP_USED] = ((double)v[PSR_S_SWAP_TOTAL] -
				      (double)v[PSR_S_SWAP_FREE]) * 1024;
}

void psr_series_system_values(const struct psr_header *h, const uint64_t *cur,
			      uint64_t cp, const uint64_t *prev, uint64_t pp,
			      double dt, double *out)
{
	double d;

	(void)h;
	for (unsigned i = 0; i < SYS_COUNT; i++)
		out[i] = NAN;
	host_cpu(cur, cp, prev, pp, out);
	host_memory(cur, cp, out);
	if (have(cp, PSR_S_LOAD1))
		out[SYS_LOAD1] = (double)cur[PSR_S_LOAD1] / 100;
	if (have(cp, PSR_S_LOAD5))
		out[SYS_LOAD5] = (double)cur[PSR_S_LOAD5] / 100;
	if (have(cp, PSR_S_LOAD15))
		out[SYS_LOAD15] = (double)cur[PSR_S_LOAD15] / 100;
	if (have(cp, PSR_S_PROCS_RUNNING))
		out[SYS_RUNNING] = (double)cur[PSR_S_PROCS_RUNNING];
	if (dt > 0 && sys_delta(cur, cp, prev, pp, PSR_S_FORKS, &d))
		out[SYS_FORKS] = d / dt;
	if (dt > 0 && sys_delta(cur, cp, prev, pp, PSR_S_CTXT, &d))
		out[SYS_CTXT] = d / dt;
}
