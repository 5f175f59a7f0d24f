/* procfs.c - per-process /proc reading with kept-open descriptors. */
#define _GNU_SOURCE
#include "procfs.h"
#include "procparse.h"

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

#define CMDLINE_LIMIT (32 * 1024)
#define PF_EXITING 0x4 /* include/linux/sched.h */

/* ---- files ---- */

/* Descriptors kept open and how many may be: the limit less a reserve
 * for the log, rotation, -c's transient opens and the reads by path
 * that need one free descriptor each. One procfs per program, so
 * module-wide counts are enough.
 *
 * The budget is shared (procfs_plan): the processes about to be
 * attached split what is left of it but a quarter, kept for the ones
 * that turn out to run (promote). An idle process needs one file per
 * sample (schedstat, see proc_sample), so a process that cannot keep
 * all of its files keeps that one first: 10,000 processes under a
 * limit of 1,024 then cost an open of schedstat each, not six. */
static long kept_fds, fd_budget = -1, fd_spare;
static size_t plan_left; /* processes still expected by the last plan */

static void set_budget(void)
{
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) != 0 || rl.rlim_cur == RLIM_INFINITY)
		return;
	long lim = (long)rl.rlim_cur;
	fd_budget = lim - 16 - lim / 8;
	if (fd_budget < 0)
		fd_budget = 0;
	fd_spare = fd_budget / 4;
}

void procfs_plan(size_t processes)
{
	plan_left = processes;
}

/* How many files the process being attached may keep open. */
static long allowance(void)
{
	if (fd_budget < 0)
		return PROC_KEPT_MAX + 1; /* its files and its directory */
	long left = fd_budget - fd_spare - kept_fds;
	long per = left / (long)(plan_left > 1 ? plan_left : 1);
	if (plan_left)
		plan_left--;
	/* fewer descriptors than processes: schedstat for the first ones */
	return per > 0 ? per : left > 0;
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
int proc_open_file(const struct proc_files *f, const char *name, int flags)
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
ssize_t proc_read_file(const struct proc_files *f, int fd, const char *name,
		       char *buf, size_t cap)
{
	int own = fd == FD_ON_DEMAND;
	if (fd == FD_NONE)
		return -EACCES;
	if (own && (fd = proc_open_file(f, name, 0)) < 0)
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
	int fd = proc_open_file(f, "cmdline", 0);
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
	ssize_t n = proc_read_file(f, fd, "status", buf, sizeof buf);
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

/* A process's files in the order they pay for their descriptor: those
 * read at every sample of an idle process first (schedstat; statm,
 * whenever the host's memory counters moved), then those read when it
 * ran. Its directory comes last: it only saves a lookup of the pid in
 * opens by path (command line, -c's children). */
struct kept_file {
	int *fd;
	const char *name;
	int flags;
};

static size_t kept_files(const struct procfs *fs, struct proc_files *f,
			 struct kept_file *k)
{
	size_t n = 0;
	k[n++] = (struct kept_file){&f->sched, "schedstat", 0};
	k[n++] = (struct kept_file){&f->statm, "statm", 0};
	if (fs->sets & PROCFS_EXTENDED)
		k[n++] = (struct kept_file){&f->status, "status", 0};
	if (fs->sets & PROCFS_USS)
		k[n++] = (struct kept_file){&f->smaps, "smaps_rollup", 0};
	k[n++] = (struct kept_file){&f->stat, "stat", 0};
	k[n++] = (struct kept_file){&f->io, "io", 0};
	k[n++] = (struct kept_file){&f->fd_dir, "fd", O_DIRECTORY};
	return n;
}

/* Keep up to keep of the files still read by path (FD_ON_DEMAND), in
 * their order, through the directory fd dir or by path when it is -1;
 * each within the budget. Returns how many were kept. Through dir, a
 * file that cannot be opened is not there for this process (schedstat
 * without CONFIG_SCHED_INFO) and is not tried again at every read; by
 * path, the process may have exited: its next read will say. */
static long keep_files(const struct procfs *fs, struct proc_files *f,
		       int dir, long keep)
{
	struct kept_file k[PROC_KEPT_MAX];
	size_t n = kept_files(fs, f, k);
	char path[64];
	long kept = 0;
	for (size_t i = 0; i < n && kept < keep; i++) {
		if (*k[i].fd != FD_ON_DEMAND)
			continue;
		const char *name = k[i].name;
		int base = dir;
		if (dir < 0) {
			snprintf(path, sizeof path, "%d/%s", (int)f->pid, name);
			name = path;
			base = fs->root_fd;
		}
		int fd = open_in(base, name, k[i].flags);
		if (fd == FD_ON_DEMAND || (fd < 0 && dir < 0))
			break; /* out of descriptors, or by path */
		*k[i].fd = fd;
		kept += fd >= 0;
	}
	return kept;
}

/* A process that ran reads all of its files: while the budget has room
 * (its spare quarter, what ended processes gave back), it keeps those it
 * reads by path. The next stat read checks that the pid is still the
 * process's (start time), so a file opened by path after the pid was
 * reused is dropped with the target. */
static void promote(const struct procfs *fs, struct proc_files *f)
{
	if (fd_budget >= 0 && kept_fds >= fd_budget)
		return;
	keep_files(fs, f, f->dir == FD_ON_DEMAND ? -1 : f->dir,
		   PROC_KEPT_MAX);
}

int proc_attach(const struct procfs *fs, pid_t pid, struct proc_files *f,
		struct proc_ident *id)
{
	char name[24];
	memset(id, 0, sizeof *id);
	*f = (struct proc_files){.pid = pid, .dir = FD_ON_DEMAND,
				 .stat = FD_ON_DEMAND, .statm = FD_ON_DEMAND,
				 .io = FD_ON_DEMAND, .fd_dir = FD_ON_DEMAND,
				 .status = FD_NONE, .smaps = FD_NONE, .fs = fs,
				 .sched = FD_ON_DEMAND};
	if (fs->sets & PROCFS_EXTENDED)
		f->status = FD_ON_DEMAND;
	if (fs->sets & PROCFS_USS)
		f->smaps = FD_ON_DEMAND;
	long keep = allowance();
	/* the directory is opened even when it is not kept: the files are
	 * opened through it, and it says whether the process exists */
	snprintf(name, sizeof name, "%d", (int)pid);
	int dir = openat(fs->root_fd, name,
			 O_RDONLY | O_CLOEXEC | O_NOFOLLOW | O_DIRECTORY);
	if (dir < 0 && errno != EMFILE && errno != ENFILE)
		return errno == ENOENT ? -ESRCH : -errno;
	if (dir >= 0) {
		keep -= keep_files(fs, f, dir, keep);
		if (keep > 0 && (fd_budget < 0 || kept_fds < fd_budget)) {
			f->dir = dir;
			kept_fds++;
		} else {
			close(dir);
		}
	}

	char buf[4096];
	struct psr_values scratch = {0};
	struct stat_ident si;
	ssize_t n = proc_read_file(f, f->stat, "stat", buf, sizeof buf);
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

/* Entries of a directory (older kernels: several times dearer than
 * st_size), or -1. */
static long count_entries(int fd)
{
	char buf[8192];
	long count = 0;
	if (lseek(fd, 0, SEEK_SET) != 0)
		return -1;
	for (;;) {
		long n = syscall(SYS_getdents64, fd, buf, sizeof buf);
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
	if (f->fd_dir == FD_ON_DEMAND) {
		int fd = proc_open_file(f, "fd", O_DIRECTORY);
		long n = fd >= 0 ? count_entries(fd) : -1;
		if (fd >= 0)
			close(fd);
		return n;
	}
	if (f->fd_dir < 0)
		return -1;
	if (fs->fds_by_size)
		return fstat(f->fd_dir, &sb) == 0 ? (long)sb.st_size : -1;
	return count_entries(f->fd_dir);
}

/* The metrics only the process itself can change by running: from
 * stat, io and its descriptor table. cutime and cstime grow only in the
 * kernel's wait4 path, run by the process that waits for its child (a
 * child reaped automatically, SIGCHLD ignored, adds nothing to them). */
static const uint8_t carried[PROC_CARRIED] = {
	PSR_M_UTIME,  PSR_M_STIME,      PSR_M_MINFLT,      PSR_M_MAJFLT,
	PSR_M_THREADS, PSR_M_STATE,     PSR_M_FDS,         PSR_M_RCHAR,
	PSR_M_WCHAR,  PSR_M_SYSCR,      PSR_M_SYSCW,       PSR_M_READ_BYTES,
	PSR_M_WRITE_BYTES, PSR_M_CANCELLED_WRITE_BYTES, PSR_M_CUTIME,
	PSR_M_CSTIME,
};

/* schedstat: "<ns on CPU> <ns waiting> <times scheduled>". Kernels that
 * keep no such figures (sched_info off: delay accounting disabled and no
 * CONFIG_SCHEDSTATS) print "0 0 0": then nothing can be concluded. */
static int read_sched(const struct proc_files *f, uint64_t *run,
		      uint64_t *count)
{
	char buf[128];
	ssize_t n = proc_read_file(f, f->sched, "schedstat", buf, sizeof buf);
	const char *p = buf, *end = buf + (n > 0 ? n : 0);
	uint64_t wait;
	return n > 0 && procparse_num(&p, end, run) && procparse_num(&p, end, &wait) &&
	       procparse_num(&p, end, count) && *count > 0;
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
	ssize_t n = proc_read_file(f, f->statm, "statm", buf, sizeof buf);
	if (n > 0)
		procfs_parse_statm(buf, (size_t)n, v);
	if (fs->sets & PROCFS_EXTENDED) {
		n = proc_read_file(f, f->status, "status", buf, sizeof buf);
		if (cpus_len)
			cpus[0] = 0;
		if (n > 0)
			procfs_parse_status(buf, (size_t)n, v, cpus, cpus_len,
					    NULL);
	}
	if (fs->sets & PROCFS_USS) {
		n = proc_read_file(f, f->smaps, "smaps_rollup", buf, sizeof buf);
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
	 1ull << PSR_M_VCTXSW | 1ull << PSR_M_NVCTXSW | 1ull << PSR_M_CUTIME | \
	 1ull << PSR_M_CSTIME)

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
		struct psr_values *v, char *cpus, size_t cpus_len, char *comm)
{
	char buf[8192];
	struct stat_ident si;
	uint64_t run = 0, count = 0;
	/* the first sample reads schedstat too: a process that then turns
	 * out not to have run is carried from its second sample, not after
	 * three full reads (what psrec's start costs with many targets) */
	int first = !f->sampled;
	int want_sched = f->try_sched || (first && f->sched != FD_NONE);
	int have_sched = want_sched && read_sched(f, &run, &count);
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
	if (!first)
		promote(fs, f); /* it ran: its files pay */
	ssize_t n = proc_read_file(f, f->io, "io", buf, sizeof buf);
	if (n > 0)
		procfs_parse_io(buf, (size_t)n, v);
	long fds = count_fds(fs, f);
	if (fds >= 0)
		v->v[PSR_M_FDS] = (uint64_t)fds, v->present |= 1ull << PSR_M_FDS;
	read_memory(fs, f, v, cpus, cpus_len);
	n = proc_read_file(f, f->stat, "stat", buf, sizeof buf);
	if (n == 0 || n == -ESRCH || n == -ENOENT)
		return -ESRCH; /* reaped */
	if (n < 0 || procfs_parse_stat(buf, (size_t)n, v, &si) != 0)
		return -EAGAIN; /* unreadable this time: no entry, not gone */
	if (si.state == 'Z' || si.state == 'X' ||
	    si.start_ticks != f->start_ticks)
		return -ESRCH;
	/* an exec (or PR_SET_NAME) changes comm: the stat just read says so
	 * at no cost; a process that did not run was carried above and
	 * cannot have changed it itself */
	int renamed = comm && strcmp(comm, si.comm) != 0;
	if (renamed)
		memcpy(comm, si.comm, sizeof si.comm);
	if (si.flags & PF_EXITING) {
		v->present &= KEPT_WHEN_EXITING;
		f->try_sched = f->carry_ok = f->mem_ok = 0;
		return renamed ? PROC_RENAMED : 0;
	}
	mem_save(fs, f, v);
	if (want_sched && !have_sched)
		close_fd(&f->sched); /* the process is there, its schedstat
				      * not: not read (or opened) again */
	int single = v->v[PSR_M_THREADS] == 1;
	int idle = carry_save(f, v);
	/* the baseline was read before these values: valid next time */
	f->carry_ok = have_sched && single;
	f->run = run;
	f->count = count;
	f->try_sched = f->sched != FD_NONE && single && (idle || first);
	return renamed ? PROC_RENAMED : 0;
}
