/* procfs.c - per-process /proc reading with kept-open descriptors. */
#define _GNU_SOURCE
#include "procfs.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/syscall.h>
#include <unistd.h>

/* A file that could not be kept open for lack of descriptors is opened at
 * each read instead (slower, but the process is still recorded). */
#define FD_NONE (-1)
#define FD_ON_DEMAND (-2)

#define CMDLINE_LIMIT (32 * 1024)
#define PF_EXITING 0x4 /* include/linux/sched.h */

static void set(struct psr_values *v, unsigned m, uint64_t x)
{
	v->v[m] = x;
	v->present |= 1ull << m;
}

/* ---- text parsing ---- */

/* Parse a decimal at *p (after blanks; a leading '-' wraps around, as
 * for priority and nice); 0 and no advance if there is none. This is the
 * hot loop of every sample: no locale, no strtoull. */
static int parse_num(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	int neg = s < end && *s == '-';
	s += neg;
	unsigned d;
	if (s >= end || (d = (unsigned)(*s - '0')) > 9)
		return 0;
	uint64_t v = 0;
	do {
		v = v * 10 + d;
		s++;
	} while (s < end && (d = (unsigned)(*s - '0')) <= 9);
	/* negate as unsigned: -(int64_t)v overflows for v = 2^63 */
	*out = neg ? 0 - v : v;
	*p = s;
	return 1;
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
	 1u << 20 | 1u << 22)

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
		int ok = (STAT_WANTED >> field & 1) ? parse_num(&p, end, &f[field])
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
		if (!parse_num(&p, end, &x))
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
				if (parse_num(&q, eol, &x))
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
		    p[len] != ':' || (p += len + 1, !parse_num(&p, end, &x))) {
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
		if (u && (u += 5, parse_num(&u, end, &x)))
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
				if (q && parse_num(&q, eol, &x)) {
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

/* ---- files ---- */

/* Descriptors kept open and how many may be: the limit less a reserve
 * for the log, rotation, -c's transient opens and the reads by path
 * that need one free descriptor each. One procfs per program, so a
 * module-wide count is enough. */
static long kept_fds, fd_budget = -1;

static void set_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return;
	long lim = (long)rl.rlim_cur;
	fd_budget = lim - 16 - lim / 8;
	if (fd_budget < 0)
		fd_budget = 0;
}

int procfs_open(struct procfs *fs, const char *root, unsigned sets)
{
	set_budget();
	fs->sets = sets;
	fs->loadavg = fs->vmstat = fs->ksm_zero = -1;
	fs->vm_valid = fs->mem_quiet = 0;
	fs->vm_sum = fs->vm_epoch = fs->round = 0;
	fs->root_fd = open(root, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (fs->root_fd < 0)
		return -errno;
	fs->vmstat = openat(fs->root_fd, "vmstat", O_RDONLY | O_CLOEXEC);
	/* KSM set to merge zero-filled pages with the zero page lowers the
	 * resident size of sleeping processes, counted nowhere in vmstat */
	if (strcmp(root, "/proc") == 0)
		fs->ksm_zero = open("/sys/kernel/mm/ksm/use_zero_pages",
				    O_RDONLY | O_CLOEXEC);
	/* Kernels >= 6.2 report the descriptor count as the size of
	 * /proc/PID/fd; older ones say 0. Our own fd dir tells which. */
	int self = openat(fs->root_fd, "self/fd", O_RDONLY | O_DIRECTORY |
							  O_CLOEXEC);
	struct stat sb;
	fs->fds_by_size = self >= 0 && fstat(self, &sb) == 0 && sb.st_size > 0;
	if (self >= 0)
		close(self);
	return 0;
}

void procfs_close(struct procfs *fs)
{
	if (fs->loadavg >= 0)
		close(fs->loadavg);
	if (fs->vmstat >= 0)
		close(fs->vmstat);
	if (fs->ksm_zero >= 0)
		close(fs->ksm_zero);
	fs->loadavg = fs->vmstat = fs->ksm_zero = -1;
	if (fs->root_fd >= 0)
		close(fs->root_fd);
	fs->root_fd = -1;
}

static int open_in(int dir, const char *name, int flags)
{
	if (fd_budget >= 0 && kept_fds >= fd_budget)
		return FD_ON_DEMAND;
	int fd = openat(dir, name, O_RDONLY | O_CLOEXEC | O_NOFOLLOW | flags);
	if (fd >= 0) {
		kept_fds++;
		return fd;
	}
	return errno == EMFILE || errno == ENFILE ? FD_ON_DEMAND : FD_NONE;
}

/* Open name in a process's directory: through its kept-open fd, or by
 * path under the proc root when that fd could not be kept. */
static int open_proc_file(const struct proc_files *f, const char *name,
			  int flags)
{
	if (f->dir != FD_ON_DEMAND)
		return openat(f->dir, name, O_RDONLY | O_CLOEXEC | flags);
	char path[64];
	snprintf(path, sizeof path, "%d/%s", (int)f->pid, name);
	return openat(f->fs->root_fd, path, O_RDONLY | O_CLOEXEC | flags);
}

#define READ_RETRIES 4 /* EINTR, EAGAIN: tries before giving up */

/* Read a whole small file: kept open (pread at 0), or opened for the
 * occasion. Returns the length, or -errno. buf gets a NUL. The kernel's
 * text ends with a newline: a read that stops short of one is continued,
 * so that a short read never cuts a number (one pread in the usual case). */
static ssize_t read_file(const struct proc_files *f, int fd, const char *name,
			 char *buf, size_t cap)
{
	int own = fd == FD_ON_DEMAND;
	if (fd == FD_NONE)
		return -EACCES;
	if (own && (fd = open_proc_file(f, name, 0)) < 0)
		return -errno;
	size_t got = 0;
	int e = 0, tries = 0;
	for (;;) {
		ssize_t n = pread(fd, buf + got, cap - 1 - got, (off_t)got);
		if (n < 0 && (errno == EINTR || errno == EAGAIN) &&
		    ++tries < READ_RETRIES)
			continue;
		if (n < 0) {
			e = errno;
			break;
		}
		got += (size_t)n;
		if (n == 0 || got == cap - 1 || buf[got - 1] == '\n')
			break;
	}
	if (own)
		close(fd);
	if (e)
		return -e;
	buf[got] = 0;
	return (ssize_t)got;
}

static void close_fd(int *fd)
{
	if (*fd >= 0) {
		close(*fd);
		kept_fds--;
	}
	*fd = FD_NONE;
}

void proc_detach(struct proc_files *f)
{
	close_fd(&f->stat);
	close_fd(&f->statm);
	close_fd(&f->io);
	close_fd(&f->fd_dir);
	close_fd(&f->status);
	close_fd(&f->smaps);
	close_fd(&f->sched);
	close_fd(&f->dir);
}

void proc_ident_release(struct proc_ident *id)
{
	free(id->cmdline);
	id->cmdline = NULL;
	id->cmdline_len = 0;
}

static void read_cmdline(const struct proc_files *f, struct proc_ident *id)
{
	int fd = open_proc_file(f, "cmdline", 0);
	if (fd < 0)
		return;
	/* read into one buffer, kept at the size read: 32 KiB per process
	 * would cost a page fault or two each, and with -a tens of MiB */
	static char buf[CMDLINE_LIMIT + 1];
	size_t len = 0;
	while (len <= CMDLINE_LIMIT) {
		ssize_t k = read(fd, buf + len, CMDLINE_LIMIT + 1 - len);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		len += (size_t)k;
	}
	close(fd);
	id->cmdline_truncated = len > CMDLINE_LIMIT;
	id->cmdline_len = len > CMDLINE_LIMIT ? CMDLINE_LIMIT : len;
	id->cmdline = malloc(id->cmdline_len + 1);
	if (!id->cmdline) {
		id->cmdline_len = 0;
		return;
	}
	memcpy(id->cmdline, buf, id->cmdline_len);
	id->cmdline[id->cmdline_len] = 0;
}

static void read_uid(const struct proc_files *f, struct proc_ident *id)
{
	char buf[8192];
	struct psr_values scratch = {0};
	int fd = f->status >= 0 ? f->status : FD_ON_DEMAND;
	ssize_t n = read_file(f, fd, "status", buf, sizeof buf);
	if (n > 0)
		procfs_parse_status(buf, (size_t)n, &scratch, NULL, 0,
				    &id->uid);
}

void proc_reread_cmdline(const struct proc_files *f, struct proc_ident *id)
{
	proc_ident_release(id);
	id->cmdline_truncated = 0;
	read_cmdline(f, id);
}

int proc_attach(const struct procfs *fs, pid_t pid, struct proc_files *f,
		struct proc_ident *id)
{
	char name[24];
	memset(id, 0, sizeof *id);
	*f = (struct proc_files){.pid = pid, .dir = FD_NONE, .stat = FD_NONE,
				 .statm = FD_NONE, .io = FD_NONE,
				 .fd_dir = FD_NONE, .status = FD_NONE,
				 .smaps = FD_NONE, .fs = fs, .sched = FD_NONE};
	snprintf(name, sizeof name, "%d", (int)pid);
	f->dir = open_in(fs->root_fd, name, O_DIRECTORY);
	if (f->dir == FD_ON_DEMAND) {
		/* out of descriptors: every file by path, at each read */
		f->dir = f->stat = f->statm = f->io = f->fd_dir = FD_ON_DEMAND;
		if (fs->sets & PROCFS_EXTENDED)
			f->status = FD_ON_DEMAND;
		if (fs->sets & PROCFS_USS)
			f->smaps = FD_ON_DEMAND;
	} else if (f->dir < 0) {
		int e = errno;
		/* the directory itself says whether the process exists */
		return e == ENOENT ? -ESRCH : -e;
	} else {
		f->stat = open_in(f->dir, "stat", 0);
		f->statm = open_in(f->dir, "statm", 0);
		f->io = open_in(f->dir, "io", 0);
		f->fd_dir = open_in(f->dir, "fd", O_DIRECTORY);
		if (fs->sets & PROCFS_EXTENDED)
			f->status = open_in(f->dir, "status", 0);
		if (fs->sets & PROCFS_USS)
			f->smaps = open_in(f->dir, "smaps_rollup", 0);
		/* last: when descriptors are short, the others matter more
		 * (without it a process is simply always read in full) */
		f->sched = open_in(f->dir, "schedstat", 0);
		if (f->sched < 0)
			f->sched = FD_NONE;
	}

	char buf[4096];
	struct psr_values scratch = {0};
	struct stat_ident si;
	ssize_t n = read_file(f, f->stat, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &scratch, &si) != 0 ||
	    si.state == 'Z' || si.state == 'X') {
		proc_detach(f);
		return -ESRCH;
	}
	id->ppid = si.ppid;
	id->start_ticks = si.start_ticks;
	f->start_ticks = si.start_ticks;
	memcpy(id->comm, si.comm, sizeof id->comm);
	read_uid(f, id);
	read_cmdline(f, id);
	return 0;
}

/* Number of open descriptors, or -1 when it cannot be read. */
static long count_fds(const struct procfs *fs, const struct proc_files *f)
{
	struct stat sb;
	if (f->fd_dir == FD_ON_DEMAND && fs->fds_by_size) {
		char path[48];
		snprintf(path, sizeof path, "%d/fd", (int)f->pid);
		return fstatat(fs->root_fd, path, &sb, 0) == 0
			       ? (long)sb.st_size
			       : -1;
	}
	if (f->fd_dir < 0)
		return -1;
	if (fs->fds_by_size)
		return fstat(f->fd_dir, &sb) == 0 ? (long)sb.st_size : -1;
	/* Older kernels: count the entries (several times dearer). */
	char buf[8192];
	long count = 0;
	if (lseek(f->fd_dir, 0, SEEK_SET) != 0)
		return -1;
	for (;;) {
		long n = syscall(SYS_getdents64, f->fd_dir, buf, sizeof buf);
		if (n < 0)
			return -1;
		if (n == 0)
			return count - 2; /* "." and ".." */
		for (long off = 0; off < n;) {
			unsigned short reclen;
			memcpy(&reclen, buf + off + 16, sizeof reclen);
			off += reclen;
			count++;
		}
	}
}

/* The metrics only the process itself can change by running: from
 * stat, io and its descriptor table. */
static const uint8_t carried[PROC_CARRIED] = {
	PSR_M_UTIME,  PSR_M_STIME,      PSR_M_MINFLT,      PSR_M_MAJFLT,
	PSR_M_THREADS, PSR_M_STATE,     PSR_M_FDS,         PSR_M_RCHAR,
	PSR_M_WCHAR,  PSR_M_SYSCR,      PSR_M_SYSCW,       PSR_M_READ_BYTES,
	PSR_M_WRITE_BYTES, PSR_M_CANCELLED_WRITE_BYTES,
};

/* schedstat: "<ns on CPU> <ns waiting> <times scheduled>". Kernels that
 * keep no such figures (sched_info off: delay accounting disabled and no
 * CONFIG_SCHEDSTATS) print "0 0 0": then nothing can be concluded. */
static int read_sched(const struct proc_files *f, uint64_t *run,
		      uint64_t *count)
{
	char buf[128];
	ssize_t n = read_file(f, f->sched, "schedstat", buf, sizeof buf);
	const char *p = buf, *end = buf + (n > 0 ? n : 0);
	uint64_t wait;
	return n > 0 && parse_num(&p, end, run) && parse_num(&p, end, &wait) &&
	       parse_num(&p, end, count) && *count > 0;
}

/* Keep the carried values; say whether they are those of the previous
 * full read (the process looked idle: worth checking schedstat next). */
static int carry_save(struct proc_files *f, const struct psr_values *v)
{
	int same = 1;
	uint64_t present = 0;
	for (unsigned i = 0; i < PROC_CARRIED; i++) {
		unsigned m = carried[i];
		same &= f->carry[i] == v->v[m];
		f->carry[i] = v->v[m];
		present |= v->present & 1ull << m;
	}
	same &= present == f->carry_present;
	f->carry_present = present;
	return same;
}

static void carry_restore(const struct proc_files *f, struct psr_values *v)
{
	for (unsigned i = 0; i < PROC_CARRIED; i++)
		v->v[carried[i]] = f->carry[i];
	v->present |= f->carry_present;
}

/* Memory: statm, and status and smaps_rollup with -x and --uss. These
 * can change while the process sleeps (reclaim, swap...): see
 * proc_sample for when statm's figures may be carried instead. */
static void read_memory(const struct procfs *fs, struct proc_files *f,
			struct psr_values *v, char *cpus, size_t cpus_len)
{
	char buf[8192];
	ssize_t n = read_file(f, f->statm, "statm", buf, sizeof buf);
	if (n > 0)
		procfs_parse_statm(buf, (size_t)n, v);
	if (fs->sets & PROCFS_EXTENDED) {
		n = read_file(f, f->status, "status", buf, sizeof buf);
		if (cpus_len)
			cpus[0] = 0;
		if (n > 0)
			procfs_parse_status(buf, (size_t)n, v, cpus, cpus_len,
					    NULL);
	}
	if (fs->sets & PROCFS_USS) {
		n = read_file(f, f->smaps, "smaps_rollup", buf, sizeof buf);
		if (n > 0)
			procfs_parse_smaps(buf, (size_t)n, v);
	}
}

/* statm's figures, carried for a process that did not run while no
 * host-wide event could have changed them (procfs_begin_sample). */
static const uint8_t memory[PROC_MEMORY] = {
	PSR_M_VSIZE, PSR_M_RSS, PSR_M_SHARED, PSR_M_TEXT, PSR_M_DATA,
};

static void mem_save(const struct procfs *fs, struct proc_files *f,
		     const struct psr_values *v)
{
	uint64_t present = 0;
	for (unsigned i = 0; i < PROC_MEMORY; i++) {
		f->mem[i] = v->v[memory[i]];
		present |= v->present & 1ull << memory[i];
	}
	f->mem_present = present;
	f->mem_epoch = fs->vm_epoch;
	/* with -x and --uss, status and smaps_rollup are read anyway (PSS
	 * moves when other processes map or unmap what it shares) */
	f->mem_ok = !(fs->sets & (PROCFS_EXTENDED | PROCFS_USS));
}

static uint64_t carried_state(const struct proc_files *f)
{
	for (unsigned i = 0; i < PROC_CARRIED; i++)
		if (carried[i] == PSR_M_STATE)
			return f->carry[i];
	return 0;
}

/* Whether the process's memory may be carried: see proc_sample. */
static int mem_carry(const struct procfs *fs, const struct proc_files *f)
{
	uint64_t state = carried_state(f);
	return f->mem_ok && fs->mem_quiet && f->mem_epoch == fs->vm_epoch &&
	       (state == 'S' || state == 'I' || state == 'R') &&
	       (fs->round + (uint64_t)f->pid) % PROCFS_MEM_RECHECK != 0;
}

static void mem_restore(const struct proc_files *f, struct psr_values *v)
{
	for (unsigned i = 0; i < PROC_MEMORY; i++)
		v->v[memory[i]] = f->mem[i];
	v->present |= f->mem_present;
}

int proc_may_carry(const struct proc_files *f)
{
	return f->try_sched && f->carry_ok;
}

void procfs_begin_sample(struct procfs *fs, size_t candidates)
{
	static char buf[32768];
	fs->round++;
	fs->mem_quiet = 0;
	if (fs->sets & (PROCFS_EXTENDED | PROCFS_USS) || fs->vmstat < 0 ||
	    candidates < PROCFS_MEM_CANDIDATES)
		return; /* memory is read at every sample, as without this */
	/* to the end of the file: a short read must not leave counters out */
	size_t got = 0;
	ssize_t n;
	while (got < sizeof buf &&
	       ((n = pread(fs->vmstat, buf + got, sizeof buf - got,
			   (off_t)got)) > 0 ||
		(n < 0 && errno == EINTR)))
		got += n > 0 ? (size_t)n : 0;
	uint64_t sum = 0;
	int ok = got > 0 && got < sizeof buf &&
		 procfs_parse_vmstat(buf, got, &sum) > 0;
	if (ok && fs->ksm_zero >= 0) {
		char c = 0;
		ok = pread(fs->ksm_zero, &c, 1, 0) == 1 && c == '0';
	}
	fs->mem_quiet = ok && fs->vm_valid && sum == fs->vm_sum;
	if (!fs->mem_quiet)
		fs->vm_epoch++; /* what was read before may have changed */
	fs->vm_valid = ok;
	fs->vm_sum = sum;
}

/* What stays true of an exiting process: CPU, faults, state, I/O and
 * context switches. Its sizes and descriptors read as 0 once dropped. */
#define KEPT_WHEN_EXITING                                                    \
	(1ull << PSR_M_UTIME | 1ull << PSR_M_STIME | 1ull << PSR_M_MINFLT |  \
	 1ull << PSR_M_MAJFLT | 1ull << PSR_M_THREADS | 1ull << PSR_M_STATE | \
	 1ull << PSR_M_RCHAR | 1ull << PSR_M_WCHAR | 1ull << PSR_M_SYSCR |    \
	 1ull << PSR_M_SYSCW | 1ull << PSR_M_READ_BYTES |                    \
	 1ull << PSR_M_WRITE_BYTES | 1ull << PSR_M_CANCELLED_WRITE_BYTES |   \
	 1ull << PSR_M_VCTXSW | 1ull << PSR_M_NVCTXSW)

/* A process that looked idle at its last read costs one small read of
 * schedstat: when it has not been on a CPU since (same run time and
 * count), its CPU, fault, thread, state, I/O and descriptor figures
 * cannot have changed and are carried over. A process that ran pays
 * nothing extra. Single-threaded processes only: schedstat covers the
 * main thread, and no cheap figure proves that no thread of a group ran
 * (stat's group CPU time is in ticks: a thread that ran less than one
 * leaves it as it was; the group's CPU clock, clock_gettime of
 * clock_getcpuclockid, is in ns but has no count of runs, and a short
 * run whose time went to steal or IRQ time adds 0 to it).
 *
 * Its memory (statm) is carried too when nothing else can have changed
 * it since it was read: the sizes change only by mmap, brk or exec of a
 * process using the mm, and resident pages otherwise only through the
 * host-wide events procfs_begin_sample watches (same counters since the
 * reading before the memory was read: mem_epoch). The process must have
 * been sleeping (S, I) or runnable (R) at its last full read: not in D,
 * where a vfork parent waits while its child runs on the shared mm, nor
 * stopped (T, t), where a debugger may write into it. What no counter
 * shows (another process sharing the mm through clone(CLONE_VM) without
 * CLONE_THREAD; a file it maps truncated by another; userfaultfd copies;
 * process_madvise(MADV_PAGEOUT) of clean file pages; a debugger reading
 * never-touched pages through /proc/PID/mem) is caught by reading statm
 * anyway every PROCFS_MEM_RECHECK samples, staggered by pid so that no
 * sample reads them all.
 *
 * Otherwise stat is read last: the kernel sets PF_EXITING before it drops
 * a process's memory and descriptors, so a stat read after the other
 * files that shows no PF_EXITING proves they were read while the process
 * still had them, not as zeros on its way out. */
int proc_sample(const struct procfs *fs, struct proc_files *f,
		struct psr_values *v, char *cpus, size_t cpus_len)
{
	char buf[8192];
	struct stat_ident si;
	uint64_t run = 0, count = 0;
	/* the first sample reads schedstat too: a process that then turns
	 * out not to have run is carried from its second sample, not after
	 * three full reads (what psrec's start costs with many targets) */
	int first = !f->sampled;
	int have_sched = (f->try_sched || (first && f->sched >= 0)) &&
			 read_sched(f, &run, &count);
	f->sampled = 1;
	v->present = 0;
	f->carried = have_sched && f->carry_ok && run == f->run &&
		     count == f->count;
	if (f->carried) {
		carry_restore(f, v);
		if (mem_carry(fs, f)) {
			mem_restore(f, v);
			return 0;
		}
		read_memory(fs, f, v, cpus, cpus_len);
		mem_save(fs, f, v);
		return 0;
	}
	ssize_t n = read_file(f, f->io, "io", buf, sizeof buf);
	if (n > 0)
		procfs_parse_io(buf, (size_t)n, v);
	long fds = count_fds(fs, f);
	if (fds >= 0)
		v->v[PSR_M_FDS] = (uint64_t)fds, v->present |= 1ull << PSR_M_FDS;
	read_memory(fs, f, v, cpus, cpus_len);
	n = read_file(f, f->stat, "stat", buf, sizeof buf);
	if (n == 0 || n == -ESRCH || n == -ENOENT)
		return -ESRCH; /* reaped */
	if (n < 0 || procfs_parse_stat(buf, (size_t)n, v, &si) != 0)
		return -EAGAIN; /* unreadable this time: no entry, not gone */
	if (si.state == 'Z' || si.state == 'X' ||
	    si.start_ticks != f->start_ticks)
		return -ESRCH;
	if (si.flags & PF_EXITING) {
		v->present &= KEPT_WHEN_EXITING;
		f->try_sched = f->carry_ok = f->mem_ok = 0;
		return 0;
	}
	mem_save(fs, f, v);
	int single = v->v[PSR_M_THREADS] == 1;
	int idle = carry_save(f, v);
	/* the baseline was read before these values: valid next time */
	f->carry_ok = have_sched && single;
	f->run = run;
	f->count = count;
	f->try_sched = f->sched >= 0 && single && (idle || first);
	return 0;
}

/* argv[0]'s basename from a cmdline file, into out. */
static void argv0_base(const struct proc_files *f, char *out, size_t cap)
{
	char buf[4096];
	out[0] = 0;
	ssize_t n = read_file(f, FD_ON_DEMAND, "cmdline", buf, sizeof buf);
	if (n <= 0)
		return;
	const char *slash = strrchr(buf, '/'); /* buf's first string */
	snprintf(out, cap, "%s", slash ? slash + 1 : buf);
}

static int name_matches(int dir, const char *name)
{
	char buf[4096], base[4096];
	struct psr_values scratch = {0};
	struct stat_ident si;
	struct proc_files f = {.dir = dir};
	ssize_t n = read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &scratch, &si) != 0 ||
	    si.state == 'Z')
		return 0;
	if (strcmp(si.comm, name) == 0)
		return 1;
	argv0_base(&f, base, sizeof base);
	return strcmp(base, name) == 0;
}

int procfs_each(const struct procfs *fs, int (*fn)(pid_t pid, void *ctx),
		void *ctx)
{
	int fd = openat(fs->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	pid_t self = getpid();
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		const char *s = e->d_name;
		if (*s < '1' || *s > '9')
			continue; /* not a pid: self, sys, meminfo... */
		long pid = 0;
		for (; *s >= '0' && *s <= '9' && pid < 1 << 30; s++)
			pid = pid * 10 + (*s - '0');
		if (!*s && pid != self)
			rc = fn((pid_t)pid, ctx);
	}
	closedir(d);
	return rc;
}

struct find_ctx {
	const struct procfs *fs;
	const char *name;
	int (*fn)(pid_t pid, void *ctx);
	void *ctx;
};

static int find_one(pid_t pid, void *vctx)
{
	struct find_ctx *c = vctx;
	char d[16];
	int rc = 0;

	snprintf(d, sizeof d, "%d", (int)pid);
	int dir = openat(c->fs->root_fd, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return 0; /* gone meanwhile */
	if (name_matches(dir, c->name))
		rc = c->fn(pid, c->ctx);
	close(dir);
	return rc;
}

/* The processes named name: the pids of procfs_each() whose comm or
 * argv[0]'s basename is name. */
int procfs_find_name(const struct procfs *fs, const char *name,
		     int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	struct find_ctx c = {fs, name, fn, ctx};

	return procfs_each(fs, find_one, &c);
}

/* Pids in a children file: "123 456 " (a space after each). */
static int each_child(const char *buf, ssize_t n,
		      int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	const char *p = buf, *end = buf + n;
	while (p < end) {
		uint64_t pid;
		if (!parse_num(&p, end, &pid))
			break;
		int rc = fn((pid_t)pid, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int proc_children(const struct proc_files *f,
		  int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	int task = open_proc_file(f, "task", O_DIRECTORY);
	DIR *d = task >= 0 ? fdopendir(task) : NULL;
	if (!d) {
		int e = errno;
		if (task >= 0)
			close(task);
		return -e;
	}
	int rc = 0;
	struct dirent *e;
	static char buf[65536]; /* ~9,000 children of one thread */
	char path[300];
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "%.32s/children", e->d_name);
		int fd = openat(dirfd(d), path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* the thread ended meanwhile */
		ssize_t n = 0, k;
		while ((size_t)n < sizeof buf &&
		       ((k = read(fd, buf + n, sizeof buf - (size_t)n)) > 0 ||
			(k < 0 && errno == EINTR)))
			n += k > 0 ? k : 0;
		close(fd);
		if (n > 0)
			rc = each_child(buf, n, fn, ctx);
	}
	closedir(d);
	return rc;
}

long procfs_last_pid(struct procfs *fs)
{
	if (fs->loadavg < 0)
		fs->loadavg = openat(fs->root_fd, "loadavg", O_RDONLY | O_CLOEXEC);
	char buf[128];
	ssize_t n = fs->loadavg >= 0 ? pread(fs->loadavg, buf, sizeof buf - 1, 0)
				     : -1;
	if (n <= 0)
		return -1;
	/* "0.52 0.58 0.59 1/234 5678\n": the number after the last space */
	buf[n] = 0;
	char *sp = strrchr(buf, ' ');
	uint64_t pid;
	const char *q = sp ? sp + 1 : NULL;
	return q && parse_num(&q, buf + n, &pid) ? (long)pid : -1;
}

int procfs_cpu_of(const struct procfs *fs, pid_t pid,
		  unsigned long long *ticks, unsigned long long *start)
{
	struct proc_files f = {.pid = pid, .dir = FD_ON_DEMAND, .fs = fs};
	char buf[4096];
	struct psr_values v = {0};
	struct stat_ident si;
	ssize_t n = read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &v, &si) != 0 ||
	    si.state == 'Z')
		return -ESRCH;
	*ticks = v.v[PSR_M_UTIME] + v.v[PSR_M_STIME];
	*start = si.start_ticks;
	return 0;
}
