/* metric.c - the metric table of FORMAT.md section 5. */
#include <psr/metric.h>

#include <stddef.h>

static const struct psr_metric_info metrics[PSR_M_COUNT] = {
	[PSR_M_UTIME] = {"utime", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"},
	[PSR_M_STIME] = {"stime", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"},
	[PSR_M_VSIZE] = {"vsize", PSR_KIND_GAUGE, PSR_UNIT_PAGES, "statm"},
	[PSR_M_RSS] = {"rss", PSR_KIND_GAUGE, PSR_UNIT_PAGES, "statm"},
	[PSR_M_SHARED] = {"shared", PSR_KIND_GAUGE, PSR_UNIT_PAGES, "statm"},
	[PSR_M_TEXT] = {"text", PSR_KIND_GAUGE, PSR_UNIT_PAGES, "statm"},
	[PSR_M_DATA] = {"data", PSR_KIND_GAUGE, PSR_UNIT_PAGES, "statm"},
	[PSR_M_MINFLT] = {"minflt", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "stat"},
	[PSR_M_MAJFLT] = {"majflt", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "stat"},
	[PSR_M_THREADS] = {"threads", PSR_KIND_GAUGE, PSR_UNIT_COUNT, "stat"},
	[PSR_M_STATE] = {"state", PSR_KIND_GAUGE, PSR_UNIT_CHAR, "stat"},
	[PSR_M_FDS] = {"fds", PSR_KIND_GAUGE, PSR_UNIT_COUNT, "fd"},
	[PSR_M_RCHAR] = {"rchar", PSR_KIND_COUNTER, PSR_UNIT_BYTES, "io"},
	[PSR_M_WCHAR] = {"wchar", PSR_KIND_COUNTER, PSR_UNIT_BYTES, "io"},
	[PSR_M_SYSCR] = {"syscr", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "io"},
	[PSR_M_SYSCW] = {"syscw", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "io"},
	[PSR_M_READ_BYTES] = {"read_bytes", PSR_KIND_COUNTER, PSR_UNIT_BYTES,
			      "io"},
	[PSR_M_WRITE_BYTES] = {"write_bytes", PSR_KIND_COUNTER, PSR_UNIT_BYTES,
			       "io"},
	[PSR_M_CANCELLED_WRITE_BYTES] = {"cancelled_write_bytes",
					 PSR_KIND_COUNTER, PSR_UNIT_BYTES,
					 "io"},
	[PSR_M_VCTXSW] = {"vctxsw", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "status"},
	[PSR_M_NVCTXSW] = {"nvctxsw", PSR_KIND_COUNTER, PSR_UNIT_COUNT,
			   "status"},
	[PSR_M_VMSWAP] = {"vmswap", PSR_KIND_GAUGE, PSR_UNIT_KB, "status"},
	[PSR_M_VMHWM] = {"vmhwm", PSR_KIND_GAUGE, PSR_UNIT_KB, "status"},
	[PSR_M_RSS_ANON] = {"rss_anon", PSR_KIND_GAUGE, PSR_UNIT_KB, "status"},
	[PSR_M_RSS_FILE] = {"rss_file", PSR_KIND_GAUGE, PSR_UNIT_KB, "status"},
	[PSR_M_RSS_SHMEM] = {"rss_shmem", PSR_KIND_GAUGE, PSR_UNIT_KB,
			     "status"},
	[PSR_M_USS] = {"uss", PSR_KIND_GAUGE, PSR_UNIT_KB, "smaps_rollup"},
	[PSR_M_PSS] = {"pss", PSR_KIND_GAUGE, PSR_UNIT_KB, "smaps_rollup"},
	[PSR_M_SWAP] = {"swap", PSR_KIND_GAUGE, PSR_UNIT_KB, "smaps_rollup"},
	[PSR_M_SWAP_PSS] = {"swap_pss", PSR_KIND_GAUGE, PSR_UNIT_KB,
			    "smaps_rollup"},
	[PSR_M_CUTIME] = {"cutime", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"},
	[PSR_M_CSTIME] = {"cstime", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"},
};

const struct psr_metric_info *psr_metric_info(unsigned id)
{
	return id < PSR_M_COUNT ? &metrics[id] : NULL;
}

static unsigned range(uint8_t *ids, unsigned first, unsigned last)
{
	unsigned n = 0;
	for (unsigned id = first; id <= last; id++)
		ids[n++] = (uint8_t)id;
	return n;
}

#define SYS(id, name, kind, unit, src) [id] = {name, kind, unit, src}
static const struct psr_metric_info sysmetrics[PSR_S_COUNT] = {
	SYS(PSR_S_MEM_TOTAL, "mem_total", PSR_KIND_GAUGE, PSR_UNIT_KB, "meminfo"),
	SYS(PSR_S_MEM_FREE, "mem_free", PSR_KIND_GAUGE, PSR_UNIT_KB, "meminfo"),
	SYS(PSR_S_MEM_AVAILABLE, "mem_available", PSR_KIND_GAUGE, PSR_UNIT_KB,
	    "meminfo"),
	SYS(PSR_S_BUFFERS, "buffers", PSR_KIND_GAUGE, PSR_UNIT_KB, "meminfo"),
	SYS(PSR_S_CACHED, "cached", PSR_KIND_GAUGE, PSR_UNIT_KB, "meminfo"),
	SYS(PSR_S_SRECLAIMABLE, "sreclaimable", PSR_KIND_GAUGE, PSR_UNIT_KB,
	    "meminfo"),
	SYS(PSR_S_SHMEM, "shmem", PSR_KIND_GAUGE, PSR_UNIT_KB, "meminfo"),
	SYS(PSR_S_SWAP_TOTAL, "swap_total", PSR_KIND_GAUGE, PSR_UNIT_KB,
	    "meminfo"),
	SYS(PSR_S_SWAP_FREE, "swap_free", PSR_KIND_GAUGE, PSR_UNIT_KB,
	    "meminfo"),
	SYS(PSR_S_CPU_USER, "cpu_user", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"),
	SYS(PSR_S_CPU_NICE, "cpu_nice", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"),
	SYS(PSR_S_CPU_SYSTEM, "cpu_system", PSR_KIND_COUNTER, PSR_UNIT_TICKS,
	    "stat"),
	SYS(PSR_S_CPU_IDLE, "cpu_idle", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"),
	SYS(PSR_S_CPU_IOWAIT, "cpu_iowait", PSR_KIND_COUNTER, PSR_UNIT_TICKS,
	    "stat"),
	SYS(PSR_S_CPU_IRQ, "cpu_irq", PSR_KIND_COUNTER, PSR_UNIT_TICKS, "stat"),
	SYS(PSR_S_CPU_SOFTIRQ, "cpu_softirq", PSR_KIND_COUNTER, PSR_UNIT_TICKS,
	    "stat"),
	SYS(PSR_S_CPU_STEAL, "cpu_steal", PSR_KIND_COUNTER, PSR_UNIT_TICKS,
	    "stat"),
	SYS(PSR_S_CPU_GUEST, "cpu_guest", PSR_KIND_COUNTER, PSR_UNIT_TICKS,
	    "stat"),
	SYS(PSR_S_CPU_GUEST_NICE, "cpu_guest_nice", PSR_KIND_COUNTER,
	    PSR_UNIT_TICKS, "stat"),
	SYS(PSR_S_LOAD1, "load1", PSR_KIND_GAUGE, PSR_UNIT_HUNDREDTHS, "loadavg"),
	SYS(PSR_S_LOAD5, "load5", PSR_KIND_GAUGE, PSR_UNIT_HUNDREDTHS, "loadavg"),
	SYS(PSR_S_LOAD15, "load15", PSR_KIND_GAUGE, PSR_UNIT_HUNDREDTHS,
	    "loadavg"),
	SYS(PSR_S_PROCS_RUNNING, "procs_running", PSR_KIND_GAUGE, PSR_UNIT_COUNT,
	    "stat"),
	SYS(PSR_S_PROCS_BLOCKED, "procs_blocked", PSR_KIND_GAUGE, PSR_UNIT_COUNT,
	    "stat"),
	SYS(PSR_S_CTXT, "ctxt", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "stat"),
	SYS(PSR_S_FORKS, "forks", PSR_KIND_COUNTER, PSR_UNIT_COUNT, "stat"),
};

const struct psr_metric_info *psr_sysmetric_info(unsigned id)
{
	return id < PSR_S_COUNT ? &sysmetrics[id] : NULL;
}

unsigned psr_sysmetric_set(uint8_t *ids)
{
	return range(ids, PSR_S_MEM_TOTAL, PSR_S_FORKS);
}

unsigned psr_metric_set_default(uint8_t *ids)
{
	return range(ids, PSR_M_UTIME, PSR_M_CANCELLED_WRITE_BYTES);
}

unsigned psr_metric_set_extended(uint8_t *ids)
{
	return range(ids, PSR_M_VCTXSW, PSR_M_RSS_SHMEM);
}

unsigned psr_metric_set_uss(uint8_t *ids)
{
	return range(ids, PSR_M_USS, PSR_M_SWAP_PSS);
}

unsigned psr_metric_set_reaped(uint8_t *ids)
{
	return range(ids, PSR_M_CUTIME, PSR_M_CSTIME);
}
