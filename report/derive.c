/* derive.c - the derived series table and its arithmetic. */
#include "derive.h"

#define G(n, m) {n, DERIVE_GAUGE, m, -1, 1, true}
#define R(n, m) {n, DERIVE_RATE, m, -1, 1, false}
#define T(n, m, i) {n, DERIVE_TOTAL, m, -1, 1, i}

const struct derived derived_table[] = {
	{"cpu_percent", DERIVE_RATE, PSR_M_UTIME, PSR_M_STIME, 100, false},
	{"cpu_user_percent", DERIVE_RATE, PSR_M_UTIME, -1, 100, false},
	{"cpu_system_percent", DERIVE_RATE, PSR_M_STIME, -1, 100, false},
	G("rss_bytes", PSR_M_RSS),
	G("vms_bytes", PSR_M_VSIZE),
	G("shared_bytes", PSR_M_SHARED),
	G("text_bytes", PSR_M_TEXT),
	G("data_bytes", PSR_M_DATA),
	G("threads", PSR_M_THREADS),
	G("fds", PSR_M_FDS),
	{"state", DERIVE_STATE, PSR_M_STATE, -1, 1, false},
	R("minflt_per_s", PSR_M_MINFLT),
	R("majflt_per_s", PSR_M_MAJFLT),
	R("read_bytes_per_s", PSR_M_READ_BYTES),
	R("write_bytes_per_s", PSR_M_WRITE_BYTES),
	R("cancelled_write_bytes_per_s", PSR_M_CANCELLED_WRITE_BYTES),
	R("rchar_bytes_per_s", PSR_M_RCHAR),
	R("wchar_bytes_per_s", PSR_M_WCHAR),
	R("syscr_per_s", PSR_M_SYSCR),
	R("syscw_per_s", PSR_M_SYSCW),
	R("vctxsw_per_s", PSR_M_VCTXSW),
	R("nvctxsw_per_s", PSR_M_NVCTXSW),
	G("swap_bytes", PSR_M_VMSWAP),
	G("hwm_bytes", PSR_M_VMHWM),
	G("rss_anon_bytes", PSR_M_RSS_ANON),
	G("rss_file_bytes", PSR_M_RSS_FILE),
	G("rss_shmem_bytes", PSR_M_RSS_SHMEM),
	G("uss_bytes", PSR_M_USS),
	G("pss_bytes", PSR_M_PSS),
	G("smaps_swap_bytes", PSR_M_SWAP),
	G("swap_pss_bytes", PSR_M_SWAP_PSS),
	T("cpu_user_seconds", PSR_M_UTIME, false),
	T("cpu_system_seconds", PSR_M_STIME, false),
	T("minflt", PSR_M_MINFLT, true),
	T("majflt", PSR_M_MAJFLT, true),
	T("read_bytes", PSR_M_READ_BYTES, true),
	T("write_bytes", PSR_M_WRITE_BYTES, true),
	T("cancelled_write_bytes", PSR_M_CANCELLED_WRITE_BYTES, true),
	T("rchar_bytes", PSR_M_RCHAR, true),
	T("wchar_bytes", PSR_M_WCHAR, true),
	T("syscr", PSR_M_SYSCR, true),
	T("syscw", PSR_M_SYSCW, true),
	T("vctxsw", PSR_M_VCTXSW, true),
	T("nvctxsw", PSR_M_NVCTXSW, true),
};

const unsigned derived_count = sizeof derived_table / sizeof derived_table[0];

double derive_base(const struct psr_header *h, unsigned m, uint64_t raw)
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

bool derive_available(const struct psr_header *h, const struct derived *d)
{
	return recorded(h, d->metric) && (d->metric2 < 0 ||
					  recorded(h, d->metric2));
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
	*out = derive_base(h, (unsigned)m, cur->v[m] - prev->v[m]);
	return true;
}

bool derive_value(const struct psr_header *h, const struct derived *d,
		  const struct psr_values *cur, uint64_t t_us,
		  const struct psr_values *prev, uint64_t prev_t_us,
		  double *out)
{
	if (!has(cur, d->metric) || !has(cur, d->metric2))
		return false;
	switch (d->kind) {
	case DERIVE_GAUGE:
	case DERIVE_TOTAL:
		*out = derive_base(h, (unsigned)d->metric, cur->v[d->metric]) *
		       d->factor;
		return true;
	case DERIVE_STATE:
		*out = (double)cur->v[d->metric];
		return true;
	case DERIVE_RATE:
		break;
	}
	double a, b;
	if (!prev || t_us <= prev_t_us || !has(prev, d->metric) ||
	    !has(prev, d->metric2) || !delta(h, d->metric, cur, prev, &a) ||
	    !delta(h, d->metric2, cur, prev, &b))
		return false;
	*out = (a + b) / ((double)(t_us - prev_t_us) / 1e6) * d->factor;
	return true;
}
