/* procparse.c - the /proc text parsers: stat, statm, io, status,
 * smaps_rollup and vmstat, each over a whole file already read. No I/O
 * here, so the fixture and fuzz tests drive them directly. */
#define _GNU_SOURCE
#include "procparse.h"

#include <stdio.h>
#include <string.h>

static void set(struct psr_values *v, unsigned m, uint64_t x)
{
	v->v[m] = x;
	v->present |= 1ull << m;
}


/* Step over one blank-separated field; 0 if there is none. */
static int skip_field(const char **p, const char *end)
{
	const char *s = *p;
	while (s < end && *s == ' ')
		s++;
	const char *start = s;
	while (s < end && *s != ' ' && *s != '\n')
		s++;
	*p = s;
	return s > start;
}

/* The stat fields psrec uses (numbering of proc(5), from 1). */
#define STAT_WANTED                                                         \
	(1u << 4 | 1u << 9 | 1u << 10 | 1u << 12 | 1u << 14 | 1u << 15 |      \
	 1u << 16 | 1u << 17 | 1u << 20 | 1u << 22)

int procfs_parse_stat(const char *buf, size_t n, struct psr_values *v,
		      struct stat_ident *id)
{
	const char *end = buf + n;
	const char *open = memchr(buf, '(', n);
	/* comm may itself hold ')' or spaces: it ends at the last ')' */
	const char *close = memrchr(buf, ')', n);
	if (!open || !close || close < open || end - close < 4)
		return -1;
	if (id) {
		size_t len = (size_t)(close - open - 1);
		if (len >= sizeof id->comm)
			len = sizeof id->comm - 1;
		memcpy(id->comm, open + 1, len);
		id->comm[len] = 0;
	}
	const char *p = close + 2;
	char state = *p++;
	uint64_t f[23] = {0};
	unsigned field = 4;
	/* fields 4..22 are numbers (some signed); 9 is the PF_* flags */
	for (; field <= 22; field++) {
		int ok = (STAT_WANTED >> field & 1) ? procparse_num(&p, end, &f[field])
						    : skip_field(&p, end);
		if (!ok)
			return -1;
	}
	if (id) {
		id->state = state;
		id->flags = (unsigned long)f[9];
		id->ppid = (pid_t)f[4];
		id->start_ticks = f[22];
	}
	set(v, PSR_M_STATE, (unsigned char)state);
	set(v, PSR_M_MINFLT, f[10]);
	set(v, PSR_M_MAJFLT, f[12]);
	set(v, PSR_M_UTIME, f[14]);
	set(v, PSR_M_STIME, f[15]);
	/* what the children it waited for used (with their own children) */
	set(v, PSR_M_CUTIME, f[16]);
	set(v, PSR_M_CSTIME, f[17]);
	set(v, PSR_M_THREADS, f[20]);
	return 0;
}

void procfs_parse_statm(const char *buf, size_t n, struct psr_values *v)
{
	static const unsigned order[7] = {PSR_M_VSIZE, PSR_M_RSS, PSR_M_SHARED,
					  PSR_M_TEXT,  ~0u,      PSR_M_DATA,
					  ~0u};
	const char *p = buf, *end = buf + n;
	for (unsigned i = 0; i < 7; i++) {
		uint64_t x;
		if (!procparse_num(&p, end, &x))
			return;
		if (order[i] != ~0u)
			set(v, order[i], x);
	}
}

struct key {
	const char *name;
	unsigned char len;
	unsigned metric;
};

#define KEY(s, m) {s, sizeof s - 1, m}

/* "Key: value" lines: set the metric of each key found in table. Returns
 * a pointer to the value of the line named `special` (or NULL). */
static const char *parse_keyed(const char *buf, size_t n,
			       const struct key *table, unsigned count,
			       struct psr_values *v, const char *special)
{
	const char *p = buf, *end = buf + n, *found = NULL;
	size_t special_len = special ? strlen(special) : 0;
	/* most lines of status are not wanted: reject them on their first
	 * character before looking for the colon */
	uint64_t firsts[4] = {0};
	for (unsigned i = 0; i < count; i++)
		firsts[(unsigned char)table[i].name[0] >> 6] |=
			1ull << ((unsigned char)table[i].name[0] & 63);
	if (special)
		firsts[(unsigned char)special[0] >> 6] |=
			1ull << ((unsigned char)special[0] & 63);
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		unsigned char c0 = (unsigned char)*p;
		if (!(firsts[c0 >> 6] >> (c0 & 63) & 1)) {
			p = eol + 1;
			continue;
		}
		const char *colon = memchr(p, ':', (size_t)(eol - p));
		if (colon) {
			size_t len = (size_t)(colon - p);
			for (unsigned i = 0; i < count; i++) {
				uint64_t x;
				const char *q = colon + 1;
				if (table[i].len != len ||
				    memcmp(table[i].name, p, len) != 0)
					continue;
				if (procparse_num(&q, eol, &x))
					set(v, table[i].metric, x);
				break;
			}
			if (special && len == special_len &&
			    memcmp(p, special, len) == 0)
				found = colon + 1;
		}
		p = eol + 1;
	}
	return found;
}

void procfs_parse_io(const char *buf, size_t n, struct psr_values *v)
{
	static const struct key keys[] = {
		KEY("rchar", PSR_M_RCHAR),
		KEY("wchar", PSR_M_WCHAR),
		KEY("syscr", PSR_M_SYSCR),
		KEY("syscw", PSR_M_SYSCW),
		KEY("read_bytes", PSR_M_READ_BYTES),
		KEY("write_bytes", PSR_M_WRITE_BYTES),
		KEY("cancelled_write_bytes", PSR_M_CANCELLED_WRITE_BYTES),
	};
	/* The kernel prints these seven lines in this order: read them in
	 * one pass, and only look keys up if some other layout shows up. */
	const char *p = buf, *end = buf + n;
	for (unsigned i = 0; i < 7; i++) {
		size_t len = keys[i].len;
		uint64_t x;
		if ((size_t)(end - p) <= len || memcmp(p, keys[i].name, len) ||
		    p[len] != ':' || (p += len + 1, !procparse_num(&p, end, &x))) {
			parse_keyed(buf, n, keys, 7, v, NULL);
			return;
		}
		set(v, keys[i].metric, x);
		p += p < end; /* the newline, if the text goes on */
	}
}

static void copy_line(char *dst, size_t cap, const char *p, const char *end)
{
	while (p < end && (*p == ' ' || *p == '\t'))
		p++;
	const char *nl = memchr(p, '\n', (size_t)(end - p));
	size_t len = (size_t)((nl ? nl : end) - p);
	if (len >= cap)
		len = cap - 1;
	memcpy(dst, p, len);
	dst[len] = 0;
}

void procfs_parse_status(const char *buf, size_t n, struct psr_values *v,
			 char *cpus, size_t cpus_len, unsigned *uid)
{
	static const struct key keys[] = {
		KEY("voluntary_ctxt_switches", PSR_M_VCTXSW),
		KEY("nonvoluntary_ctxt_switches", PSR_M_NVCTXSW),
		KEY("VmSwap", PSR_M_VMSWAP),
		KEY("VmHWM", PSR_M_VMHWM),
		KEY("RssAnon", PSR_M_RSS_ANON),
		KEY("RssFile", PSR_M_RSS_FILE),
		KEY("RssShmem", PSR_M_RSS_SHMEM),
	};
	const char *end = buf + n;
	const char *list = parse_keyed(buf, n, keys, sizeof keys / sizeof keys[0],
				       v, cpus ? "Cpus_allowed_list" : NULL);
	if (cpus && cpus_len) {
		cpus[0] = 0;
		if (list)
			copy_line(cpus, cpus_len, list, end);
	}
	if (uid) {
		const char *u = memmem(buf, n, "\nUid:", 5);
		uint64_t x;
		if (u && (u += 5, procparse_num(&u, end, &x)))
			*uid = (unsigned)x;
	}
}

void procfs_parse_smaps(const char *buf, size_t n, struct psr_values *v)
{
	enum { CLEAN = 60, DIRTY, HUGE }; /* scratch slots above the ids */
	static const struct key keys[] = {
		KEY("Pss", PSR_M_PSS),
		KEY("Swap", PSR_M_SWAP),
		KEY("SwapPss", PSR_M_SWAP_PSS),
		KEY("Private_Clean", CLEAN),
		KEY("Private_Dirty", DIRTY),
		KEY("Private_Hugetlb", HUGE),
	};
	uint64_t scratch = 1ull << CLEAN | 1ull << DIRTY | 1ull << HUGE;
	v->present &= ~scratch;
	v->v[CLEAN] = v->v[DIRTY] = v->v[HUGE] = 0;
	parse_keyed(buf, n, keys, sizeof keys / sizeof keys[0], v, NULL);
	if (v->present >> CLEAN & 1 && v->present >> DIRTY & 1)
		set(v, PSR_M_USS, v->v[CLEAN] + v->v[DIRTY] + v->v[HUGE]);
	v->present &= ~scratch;
}

/* Events after which a process that did not run may hold other memory
 * figures (statm: sizes only change by its own mmap, brk and exec, or
 * those of a process sharing its mm, see proc_sample; resident pages
 * also by these). A line counts when its name starts with one of them.
 * - pgsteal_*: pages reclaimed by kswapd, direct reclaim (any process's
 *   allocation, a cgroup's limit), khugepaged or memory.reclaim: the
 *   pages are unmapped from every process (try_to_unmap), asleep or not
 * - pglazyfreed: MADV_FREE pages dropped, from any reclaim path
 * - pswpout, swpout_zero, zswpout, thp_swpout*: anonymous pages swapped
 *   out, from every path, including process_madvise(MADV_PAGEOUT) by
 *   another process and DAMON, which reclaim without counting pgsteal
 * - pswpin, swpin_zero, zswpin: swap-ins (swapoff maps pages back into
 *   every process)
 * - thp_collapse_alloc*: khugepaged collapsed pages into a huge page,
 *   filling the empty ones (resident grows)
 * - thp_split_page*, thp_underused_split_page: a split maps zero-filled
 *   subpages to the shared zero page (resident shrinks)
 * - oom_kill: the OOM reaper frees a victim before it runs again
 * Migration (NUMA balancing, compaction, demotion) keeps the counts. */
static const struct {
	const char *name;
	unsigned char len;
} vm_events[] = {
#define VM(s) {s, sizeof s - 1}
	VM("pgsteal_"),     VM("pglazyfreed"),     VM("pswpout"),
	VM("swpout_zero"),  VM("zswpout"),         VM("thp_swpout"),
	VM("pswpin"),       VM("swpin_zero"),      VM("zswpin"),
	VM("thp_collapse_alloc"), VM("thp_split_page"),
	VM("thp_underused_split_page"), VM("oom_kill"),
#undef VM
};

unsigned procfs_parse_vmstat(const char *buf, size_t n, uint64_t *sum)
{
	const char *p = buf, *end = buf + n;
	unsigned found = 0;
	uint64_t s = 0;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		/* most names start with "nr_" or "numa": one test rejects */
		if (*p == 'p' || *p == 's' || *p == 'z' || *p == 't' ||
		    *p == 'o') {
			for (unsigned i = 0;
			     i < sizeof vm_events / sizeof vm_events[0]; i++) {
				size_t len = vm_events[i].len;
				const char *q;
				uint64_t x;
				if ((size_t)(eol - p) <= len ||
				    memcmp(p, vm_events[i].name, len) != 0)
					continue;
				q = memchr(p, ' ', (size_t)(eol - p));
				if (q && procparse_num(&q, eol, &x)) {
					s += x;
					found++;
				}
				break;
			}
		}
		p = eol + 1;
	}
	*sum = s;
	return found;
}
