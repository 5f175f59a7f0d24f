/* main.c - psrec: record processes into a log until told to stop.
 *
 * Order of work: parse options, find and open the targets, create the
 * log, launch the command, then sample on a CLOCK_MONOTONIC schedule
 * (t = 0, I, 2I, ... and one last sample at D; with --adaptive, a
 * growing interval) until the duration, the sample count, the end of
 * every target or a signal. Before each sample new processes are looked
 * for (-c, -a, -n rescans); after it the file may rotate. */
#define _GNU_SOURCE
#include "cli.h"
#include "exits.h"
#include "hostinfo.h"
#include "job.h"
#include "launch.h"
#include "pick.h"
#include "procfs.h"
#include "procwalk.h"
#include "system.h"
#include "targets.h"
#include "liveline.h"
#include "textfile.h"

#include <psr/opt.h>

#include <errno.h>
#include <stdint.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

struct psrec {
	struct psrec_opts o;
	struct procfs fs;
	struct targets ts;
	struct system_files sys;
	struct psr_header h;
	struct psr_writer *w;
	char path[4096];    /* the file being written */
	char base[4000];    /* the output path as given (or the default) */
	int fd;
	uint64_t sched_ns;  /* CLOCK_MONOTONIC of t = 0 of the schedule */
	uint64_t part_ns;   /* when the current file was opened */
	struct rusage part_ru; /* psrec's own usage then */
	uint64_t last_rescan_ns;
	/* -n: nothing matched at the start: recording, waiting for the
	 * name to appear at a rescan (until then, no exit ends the run) */
	int name_wait;
	long last_pid;      /* -a: newest pid at the last scan of /proc */
	int hosts;          /* -a or --system alone: no end of targets */
	struct job job;     /* the launched command (job.child 0 if none) */
	int follow;         /* -- CMD's children are followed (not
			       --no-children) */
	int log_closed;     /* CLOSE written: no more records */
	sigset_t orig_mask; /* the mask to restore in ppoll and the child */
	int status_line;    /* a live status line is shown on stderr */
	struct liveline live; /* its values (liveline.h) */
	int status_shown;
	uint64_t last_status_ns;
	struct textfile *tf;   /* --textfile, or NULL */
	uint64_t textfile_ns;  /* when it was last written */
	int textfile_err;      /* the last write's error, said once */
	int textfile_lock;     /* its lock's descriptor, or -1 */
	uint32_t max_ids;      /* processes one log declares before the run
				  goes on in its next part */
	uint64_t samples;
	int64_t last_epoch_ns; /* of the last sample */
	struct exits *ex;      /* taskstats exit accounting, or NULL */
	uint64_t exits_ns;     /* when its socket was last read */
	uint64_t exits_written;
	int exit_write_rc;     /* the writer's error while reading them */
	struct ended *ended;   /* targets found gone since the last read */
	size_t nended, ended_cap;
};

/* A target found gone: its exit notification was queued before (the
 * kernel sends it before the parent can reap), so it is matched at the
 * next read of the socket, after which the list starts again. */
struct ended {
	pid_t pid;
	uint32_t id;
	unsigned long long start_ticks;
};

static volatile sig_atomic_t got_signal, signal_from_tty, got_child, got_hup,
	got_usr1;

static void on_signal(int sig, siginfo_t *si, void *uc)
{
	(void)uc;
	got_signal = sig;
	/* a key on the terminal signals the whole foreground group */
	signal_from_tty = si && si->si_code == SI_KERNEL;
}

static void on_child(int sig)
{
	(void)sig;
	got_child = 1;
}

static void on_control(int sig)
{
	if (sig == SIGHUP)
		got_hup = 1;
	else
		got_usr1 = 1;
}

static void clear_status(struct psrec *p)
{
	if (p->status_shown)
		fputs("\r\033[K", stderr);
	p->status_shown = 0;
}

__attribute__((format(printf, 2, 3)))
static void say(struct psrec *p, const char *fmt, ...)
{
	va_list ap;
	clear_status(p);
	fputs("psrec: ", stderr);
	va_start(ap, fmt);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
}

static void show_status(struct psrec *p, uint64_t now, uint64_t samples)
{
	if (!p->status_line || now - p->last_status_ns < 250000000ull)
		return;
	p->last_status_ns = now;
	uint64_t s = (now - p->sched_ns) / 1000000000ull;
	char size[64] = "";
	if (p->w)
		snprintf(size, sizeof size, "%.1f KiB  ",
			 (double)(psr_writer_bytes_written(p->w) +
				  psr_writer_bytes_pending(p->w)) / 1024.0);
	char values[512];
	liveline_values(&p->live, &p->ts, p->h.clock_ticks, p->h.page_size,
			now, values, sizeof values);
	fprintf(stderr,
		"\rpsrec: %llu:%02llu:%02llu  %llu samples  %zu process%s  "
		"%s%s%s%s\033[K",
		(unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
		(unsigned long long)(s % 60), (unsigned long long)samples,
		p->ts.alive, p->ts.alive == 1 ? "" : "es", values,
		values[0] ? "  " : "", size, p->w ? p->path : p->o.textfile);
	p->status_shown = 1;
}

/* ---- set-up ---- */

static void raise_fd_limit(void)
{
	/* six descriptors per process: take all the system allows; when
	 * they run out, procfs reads by path (open/read/close) instead */
	struct rlimit rl;
	if (getrlimit(RLIMIT_NOFILE, &rl) == 0 && rl.rlim_cur < rl.rlim_max) {
		rl.rlim_cur = rl.rlim_max;
		setrlimit(RLIMIT_NOFILE, &rl);
	}
}

static void install_signals(struct psrec *p)
{
	struct sigaction sa = {0};
	sa.sa_sigaction = on_signal;
	sa.sa_flags = SA_SIGINFO;
	sigaction(SIGINT, &sa, NULL);
	sigaction(SIGTERM, &sa, NULL);
	struct sigaction sc = {0};
	sc.sa_handler = on_child;
	sc.sa_flags = SA_NOCLDSTOP;
	sigaction(SIGCHLD, &sc, NULL);
	struct sigaction sh = {0};
	sh.sa_handler = on_control;
	sigaction(SIGHUP, &sh, NULL);
	sigaction(SIGUSR1, &sh, NULL);
	/* over a file size limit, let write() fail (EFBIG) like on a full
	 * disk, instead of being killed by SIGXFSZ */
	signal(SIGXFSZ, SIG_IGN);
	/* Signals only arrive inside ppoll, so none is lost between a
	 * check and the wait. */
	sigset_t block;
	sigemptyset(&block);
	sigaddset(&block, SIGINT);
	sigaddset(&block, SIGTERM);
	sigaddset(&block, SIGCHLD);
	sigaddset(&block, SIGHUP);
	sigaddset(&block, SIGUSR1);
	sigprocmask(SIG_BLOCK, &block, &p->orig_mask);
}

/* ---- targets ---- */

struct name_ctx {
	pid_t *pids;
	size_t n, cap;
};

static int collect(pid_t pid, void *vctx)
{
	struct name_ctx *c = vctx;
	if (c->n == c->cap) {
		size_t cap = c->cap ? c->cap * 2 : 16;
		pid_t *p = realloc(c->pids, cap * sizeof *p);
		if (!p)
			return -ENOMEM;
		c->pids = p;
		c->cap = cap;
	}
	c->pids[c->n++] = pid;
	return 0;
}

/* Attach the processes named name; list them (initial) or say which are
 * new (rescans). With --pick on a terminal, the user chooses first. */
static int find_name(struct psrec *p, const char *name, int initial)
{
	struct name_ctx c = {0};
	int rc = procfs_find_name(&p->fs, name, collect, &c);
	if (rc == 0 && initial && p->o.pick && c.n > 1 && isatty(0)) {
		c.n = pick_choose(&p->fs, name, c.pids, c.n, stdin, stderr);
		if (c.n == 0) {
			say(p, "'%s': none chosen", name);
			free(c.pids);
			return 0;
		}
	}
	char list[1024] = "";
	size_t found = 0;
	procfs_plan(c.n);
	for (size_t i = 0; i < c.n && rc != -ENOMEM; i++) {
		int a = targets_attach(&p->ts, &p->fs, c.pids[i], 0, name);
		if (a == -ENOMEM)
			rc = a;
		if (a != 0 && (a != -EEXIST || !initial))
			continue;
		size_t len = strlen(list);
		if (len < sizeof list - 16)
			snprintf(list + len, sizeof list - len, " %d",
				 (int)c.pids[i]);
		found++;
	}
	free(c.pids);
	if (rc)
		return rc;
	if (found)
		say(p, "'%s': %zu %sprocess%s:%s", name, found,
		    initial ? "" : "new ", found == 1 ? "" : "es", list);
	else if (initial && !p->o.pick)
		say(p, "no process named '%s' yet: looking for it every %g s "
		    "(--rescan)", name, (double)p->o.rescan_ns / 1e9);
	else if (initial)
		say(p, "no process named '%s'", name);
	return 0;
}

/* -a: attach every process not yet recorded. 0 or -errno. */
static int scan_all(struct psrec *p)
{
	p->last_pid = procfs_last_pid(&p->fs);
	struct timespec bt;
	clock_gettime(CLOCK_BOOTTIME, &bt);
	/* the header (p->h) is not made yet at the first scan */
	unsigned long long hz = (unsigned long long)sysconf(_SC_CLK_TCK);
	unsigned long long ticks = (unsigned long long)bt.tv_sec * hz +
				   (unsigned long long)bt.tv_nsec * hz /
					   1000000000ull;
	int n = targets_scan_all(&p->ts, &p->fs, ticks);
	return n < 0 ? n : 0;
}

static int find_targets(struct psrec *p)
{
	procfs_plan(p->o.npids);
	for (size_t i = 0; i < p->o.npids; i++) {
		char origin[16];
		snprintf(origin, sizeof origin, "%d", (int)p->o.pids[i]);
		int rc = targets_attach(&p->ts, &p->fs, p->o.pids[i], 0, origin);
		if (rc == -ESRCH)
			say(p, "no process %d", (int)p->o.pids[i]);
		else if (rc && rc != -EEXIST)
			say(p, "cannot read process %d: %s", (int)p->o.pids[i],
			    strerror(-rc));
	}
	for (size_t i = 0; i < p->o.nnames; i++) {
		int rc = find_name(p, p->o.names[i], 1);
		if (rc)
			return rc;
	}
	/* -a: opening every process's files and reading its command line
	 * (0.5 s for 10,000) is done before t = 0, not in the first sample,
	 * which would then be late and make the next one lost */
	int rc = p->o.all ? scan_all(p) : 0;
	if (rc)
		say(p, "cannot look for processes: %s", strerror(-rc));
	return rc;
}

/* New processes before a sample: descendants (-c), every process (-a),
 * new -n matches every --rescan seconds (not after --pick). */
static int make_room(struct psrec *p);

static int discover(struct psrec *p, uint64_t now)
{
	int rc = 0;
	if (p->o.nnames && !p->o.pick &&
	    now - p->last_rescan_ns >= p->o.rescan_ns) {
		p->last_rescan_ns = now;
		for (size_t i = 0; i < p->o.nnames && !rc; i++)
			rc = find_name(p, p->o.names[i], 0);
	}
	/* -a: no new pid since the last full scan means no new process,
	 * and the listing of /proc (about 1 us a process) can be skipped;
	 * with --max-procs, room freed by an exit is filled from a scan */
	long last = p->o.all ? procfs_last_pid(&p->fs) : -1;
	if (!rc && p->o.all &&
	    (last < 0 || last != p->last_pid || p->ts.max))
		rc = scan_all(p);
	if (!rc && (p->o.children || p->follow)) {
		int n = targets_follow_children(&p->ts, &p->fs);
		rc = n < 0 ? n : 0;
	}
	/* orphans of the command, reparented to psrec, its subreaper */
	if (!rc && p->follow && p->job.subreaper) {
		int n = targets_adopt(&p->ts, &p->fs, getpid());
		rc = n < 0 ? n : 0;
	}
	if (rc) {
		say(p, "cannot look for processes: %s", strerror(-rc));
		return rc;
	}
	if ((rc = make_room(p)) != 0)
		return rc;
	rc = targets_register(&p->ts, p->w);
	if (rc)
		say(p, "internal error: %s", psr_writer_errmsg(p->w));
	return rc;
}

/* ---- the output file ---- */

static void default_output(struct psrec *p)
{
	char host[256] = "host", stamp[32];
	gethostname(host, sizeof host - 1);
	time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(p->base, sizeof p->base, "psrec-%s-%s.psr", host, stamp);
}

/* -o with '%': strftime conversions of the local start time (for
 * service units: a restart never meets the file of the last run). */
static void expand_output(struct psrec *p)
{
	time_t now = time(NULL);
	struct tm tm;
	localtime_r(&now, &tm);
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
	/* the format is the user's own -o: nothing but text comes out */
	size_t n = strftime(p->base, sizeof p->base, p->o.output, &tm);
#pragma GCC diagnostic pop
	if (n == 0)
		snprintf(p->base, sizeof p->base, "%s", p->o.output);
}

/* The file of part n of a rotation: NAME.psr, NAME.1.psr, NAME.2.psr... */
static void part_path(struct psrec *p, uint32_t part)
{
	size_t len = strlen(p->base);
	int psr = len > 4 && strcmp(p->base + len - 4, ".psr") == 0;
	if (part == 0)
		snprintf(p->path, sizeof p->path, "%s", p->base);
	else if (psr)
		snprintf(p->path, sizeof p->path, "%.*s.%u.psr",
			 (int)(len - 4), p->base, part);
	else
		snprintf(p->path, sizeof p->path, "%s.%u", p->base, part);
}

/* Why open_output could not open p->path, in one line. */
static void say_open_error(struct psrec *p, int e)
{
	struct stat sb;
	if ((e == EEXIST || e == EISDIR) && stat(p->path, &sb) == 0 &&
	    S_ISDIR(sb.st_mode))
		say(p, "'%s' is a directory", p->path);
	else if (e == EEXIST)
		say(p, "'%s' exists (use --force to overwrite it)", p->path);
	else if (e == ELOOP)
		say(p, "'%s' is a symbolic link: refusing to follow it",
		    p->path);
	else if (e == ENXIO)
		say(p, "'%s' is not a regular file", p->path); /* a FIFO */
	else
		say(p, "cannot create '%s': %s", p->path, strerror(e));
}

/* The opened file is one psrec may empty: a regular file of one link
 * (a hard link planted at the path would make psrec write through it
 * into someone else's file), and no other psrec writing it. */
static int check_output(struct psrec *p)
{
	struct stat sb;
	if (fstat(p->fd, &sb) != 0) {
		say(p, "cannot create '%s': %s", p->path, strerror(errno));
		return -1;
	}
	if (!S_ISREG(sb.st_mode)) {
		say(p, "'%s' is not a regular file", p->path);
		return -1;
	}
	if (sb.st_nlink != 1) {
		say(p, "'%s' has %ju hard links: refusing to write through "
		       "them", p->path, (uintmax_t)sb.st_nlink);
		return -1;
	}
	/* EWOULDBLOCK only: a file system without flock records anyway */
	if (flock(p->fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
		say(p, "'%s' is being written by another psrec (it holds its "
		       "lock): not overwriting it, even with --force", p->path);
		return -1;
	}
	return 0;
}

/* Nothing planted at the path can hang psrec or be written through:
 * O_NONBLOCK (a FIFO without a reader fails with ENXIO instead of
 * blocking for good), O_NOFOLLOW, and no O_TRUNC: the file is emptied
 * only after check_output. */
static int open_output(struct psrec *p)
{
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC | O_NONBLOCK |
		    (p->o.force ? 0 : O_EXCL);
	p->fd = open(p->path, flags, 0640);
	if (p->fd < 0) {
		say_open_error(p, errno);
		return -1;
	}
	if (check_output(p) != 0) {
		close(p->fd);
		p->fd = -1;
		return -1;
	}
	if (fcntl(p->fd, F_SETFL, 0) != 0 || fchmod(p->fd, 0640) != 0 ||
	    ftruncate(p->fd, 0) != 0) {
		say(p, "cannot prepare '%s': %s", p->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int start_command(struct psrec *p)
{
	/* orphans of the command come to psrec, not to init: waited for,
	 * their costs are the job's (without it, they are lost to it) */
	int src = job_subreap(&p->job);
	if (src)
		say(p, "cannot become the command's subreaper (%s): the "
		       "costs of processes it orphans are not counted",
		    strerror(-src));
	pid_t pid = launch_command(p->o.command, &p->orig_mask);
	if (pid < 0) {
		say(p, "cannot run '%s': %s", p->o.command[0],
		    strerror((int)-pid));
		return pid == -ENOENT ? 127 : 126;
	}
	p->job.child = pid;
	const char *slash = strrchr(p->o.command[0], '/');
	unsigned flags = TARGET_LAUNCHED | TARGET_JOB |
			 (p->follow ? TARGET_TREE : 0);
	int rc = targets_attach(&p->ts, &p->fs, pid, flags,
				slash ? slash + 1 : p->o.command[0]);
	if (rc && rc != -ESRCH)
		say(p, "cannot read the command's process %d: %s", (int)pid,
		    strerror(-rc));
	return 0;
}

/* A writer on p->fd for the header in p->h, with every live target. */
static int start_writer(struct psrec *p)
{
	if (p->o.no_log) {
		p->part_ns = p->h.start_mono_ns;
		return targets_register(&p->ts, NULL);
	}
	int rc = psr_writer_open(&p->w, p->fd, &p->h, p->o.level);
	if (!rc)
		rc = targets_register(&p->ts, p->w);
	if (rc)
		say(p, "cannot write '%s': %s", p->path,
		    p->w ? psr_writer_errmsg(p->w) : strerror(-rc));
	p->part_ns = p->h.start_mono_ns;
	getrusage(RUSAGE_SELF, &p->part_ru);
	return rc;
}

static int start_log(struct psrec *p, int argc, char **argv)
{
	int rc = hostinfo_header(&p->h, argc, argv, p->o.interval_ns,
				 p->o.extended, p->o.uss, p->o.system);
	if (rc) {
		say(p, "out of memory");
		return rc;
	}
	p->sched_ns = p->h.start_mono_ns;
	p->last_rescan_ns = p->sched_ns;
	if (p->o.system) {
		rc = system_open(&p->sys, p->fs.root_fd);
		if (rc) {
			say(p, "cannot read '%s/meminfo': %s", p->o.proc_root,
			    strerror(-rc));
			return rc;
		}
	}
	return start_writer(p);
}

static uint64_t tv_us(struct timeval tv)
{
	return (uint64_t)tv.tv_sec * 1000000 + (uint64_t)tv.tv_usec;
}

static void reap_all(struct psrec *p);

/* The job's totals for the last CLOSE of a run: what the kernel
 * accounted for the command and every orphan psrec reaped. */
static void job_close(struct psrec *p, struct psr_job *j)
{
	if (!p->job.child)
		return;
	reap_all(p); /* orphans that ended since the last sample */
	if (p->job.status < 0) {
		j->flags = PSR_JOB_RUNNING;
		return;
	}
	j->flags = PSR_JOB_ENDED;
	j->status = p->job.status;
	j->rusage = p->job.total;
	j->orphans = p->job.orphans;
	j->running = job_running(&p->fs);
}

/* Write CLOSE (with psrec's own CPU while this file was written) and
 * close the file. A write error is said here, once. */
static int read_exits(struct psrec *p);

static int close_log(struct psrec *p, enum psr_close_reason reason)
{
	if (!p->w)
		return 0; /* --no-log */
	/* the exits up to now belong to this file: its ids */
	if (read_exits(p) != 0)
		return -1;
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct psr_close c = {
		.t_us = (clock_mono_ns() - p->h.start_mono_ns) / 1000,
		.reason = reason,
		.self_user_us = tv_us(ru.ru_utime) - tv_us(p->part_ru.ru_utime),
		.self_sys_us = tv_us(ru.ru_stime) - tv_us(p->part_ru.ru_stime),
		.self_maxrss_kb = (uint64_t)ru.ru_maxrss,
	};
	if (reason != PSR_CLOSE_ROTATED)
		job_close(p, &c.job);
	int rc = psr_writer_close(p->w, &c);
	p->log_closed = rc == 0;
	if (rc)
		say(p, "cannot write '%s': %s", p->path,
		    psr_writer_errmsg(p->w));
	if (close(p->fd) != 0 && !rc) {
		say(p, "cannot write '%s': %s", p->path, strerror(errno));
		rc = -1;
	}
	p->fd = -1;
	return rc;
}

/* Close this file and go on in the next one of the run: the rotation's
 * next numbered name, or (same_path, SIGHUP) the same path again. */
static int next_file(struct psrec *p, int same_path)
{
	if (close_log(p, PSR_CLOSE_ROTATED) != 0)
		return -1;
	psr_writer_free(p->w);
	p->w = NULL;
	hostinfo_next_part(&p->h);
	if (!same_path)
		part_path(p, p->h.part);
	if (open_output(p) != 0)
		return -1;
	targets_new_log(&p->ts);
	return start_writer(p);
}

/* SIGHUP: start a new file at the current file's path, unless the file
 * is still there (nobody moved it away: nothing to do). */
static int reopen(struct psrec *p)
{
	struct stat now, cur;
	if (!p->w)
		return 0; /* --no-log: no file to reopen */
	if (stat(p->path, &now) == 0 && fstat(p->fd, &cur) == 0 &&
	    now.st_dev == cur.st_dev && now.st_ino == cur.st_ino) {
		say(p, "SIGHUP: '%s' was not moved; writing on", p->path);
		return 0;
	}
	return next_file(p, 1);
}

/* A log holds at most PSR_LOG_MAX_PROCESSES processes (16.7 M: about 9
 * days of a host starting 20 a second, all recorded by -a): when the new
 * ones would not fit, the run goes on in its next part (as with
 * --rotate-size; psreport reads the parts as one run), where the live
 * ones are declared again from id 1. PSREC_TEST_MAX_IDS lowers the
 * limit, for the tests only. */
static int make_room(struct psrec *p)
{
	size_t want = p->ts.unregistered;
	if (!p->w || !want ||
	    (uint64_t)psr_writer_processes(p->w) + want <= p->max_ids)
		return 0;
	if (p->ts.alive > p->max_ids)
		return 0; /* a new part would not hold them either: the
			     writer says it */
	if (!p->o.quiet)
		say(p, "'%s' holds %u processes, the most one log holds: "
		       "going on in its next part", p->path,
		    (unsigned)psr_writer_processes(p->w));
	return next_file(p, 0);
}

/* ---- the sampling loop ---- */

/* --textfile: the latest values, for node_exporter. A failure is said
 * once (again only when it changes) and recording goes on. up is 0 in
 * the file written at exit. */
static int publish_textfile(struct psrec *p, uint64_t now, int up)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct textfile_self self = {
		.up = up,
		.samples = p->samples,
		.last_sample_epoch_ns = p->last_epoch_ns,
		.cpu_seconds = (double)(tv_us(ru.ru_utime) + tv_us(ru.ru_stime)) /
			       1e6,
	};
	int rc = textfile_write(p->tf, &p->ts, &self);
	p->textfile_ns = now;
	if (rc && rc != p->textfile_err)
		say(p, "cannot write '%s': %s%s", p->o.textfile, strerror(-rc),
		    up ? " (trying again at the next update)" : "");
	p->textfile_err = rc;
	return rc;
}

/* A process psrec waited for: when recorded, it ends with what wait4
 * said of it. After CLOSE (psrec waits for the command then) only the
 * job's sums count it. */
static void remember_ended(struct psrec *p, const struct target *t);

static void end_reaped(struct psrec *p, struct target *t, int status,
		       const struct psr_reaped *r)
{
	if (p->w && !p->log_closed)
		psr_writer_end_reaped(p->w, t->id, clock_mono_ns(), status, r);
	remember_ended(p, t);
}

static void on_reaped(pid_t pid, int status, const struct psr_reaped *r,
		      void *ctx)
{
	struct psrec *p = ctx;
	struct target *t = targets_find_pid(&p->ts, pid);
	if (!t)
		return; /* an orphan never recorded: in the job's sums only */
	targets_drop(&p->ts, t);
	if (p->tf)
		textfile_gone(p->tf, t);
	end_reaped(p, t, status, r);
}

/* Every child that ended: the command, orphans of it. */
static void reap_all(struct psrec *p)
{
	job_reap(&p->job, &p->fs, on_reaped, p);
}

static int writer_failed(struct psrec *p, int rc);

/* ---- exit accounting (taskstats, exits.h) ---- */

static void remember_ended(struct psrec *p, const struct target *t)
{
	if (!p->ex || !t->id)
		return;
	if (p->nended == p->ended_cap) {
		size_t cap = p->ended_cap ? p->ended_cap * 2 : 64;
		struct ended *e = realloc(p->ended, cap * sizeof *e);
		if (!e)
			return; /* its exit then counts as one never sampled */
		p->ended = e;
		p->ended_cap = cap;
	}
	p->ended[p->nended++] =
		(struct ended){t->pid, t->id, t->ident.start_ticks};
}

/* Whether a target that started at start_ticks is the process of an
 * exit that started at btime_s (Unix seconds, rounded down by the
 * kernel from its elapsed time): a reused pid is another process. */
static int same_start(const struct psrec *p, unsigned long long start_ticks,
		      uint64_t btime_s)
{
	double s = (double)p->h.boot_epoch_ns / 1e9 +
		   (double)start_ticks / p->h.clock_ticks;
	double d = s - (double)btime_s;
	return d > -2.0 && d < 2.0;
}

/* The log id of the sampled process an exit completes, or 0. */
static uint32_t sampled_id(struct psrec *p, const struct psr_exit *e)
{
	struct target *t = targets_find_pid(&p->ts, (pid_t)e->pid);
	if (t && t->id && !t->gone &&
	    same_start(p, t->ident.start_ticks, e->btime_s))
		return t->id;
	for (size_t i = 0; i < p->nended; i++)
		if (p->ended[i].pid == (pid_t)e->pid &&
		    same_start(p, p->ended[i].start_ticks, e->btime_s))
			return p->ended[i].id;
	return 0;
}

static int is_target_pid(struct psrec *p, pid_t pid)
{
	if (targets_find_pid(&p->ts, pid))
		return 1;
	for (size_t i = 0; i < p->nended; i++)
		if (p->ended[i].pid == pid)
			return 1;
	return 0;
}

/* -c and -- CMD: only descendants of the targets. The parents are
 * looked up while they live (the socket is read soon after each exit,
 * children end before their parents as a rule); an orphan that was
 * reparented to init is no longer a descendant. */
static int descends(struct psrec *p, const struct psr_exit *e)
{
	pid_t pid = (pid_t)e->ppid;
	for (int depth = 0; depth < 64 && pid > 1; depth++) {
		if (is_target_pid(p, pid))
			return 1;
		if (procfs_parent_of(&p->fs, pid, &pid) != 0)
			return 0;
	}
	return 0;
}

static int on_exit_record(void *ctx, const struct psr_exit *e)
{
	struct psrec *p = ctx;
	if ((pid_t)e->pid == getpid())
		return 0;
	struct psr_exit x = *e;
	x.id = sampled_id(p, e);
	if (!x.id && !p->o.all && !descends(p, e))
		return 0;
	int rc = psr_writer_add_exit(p->w, clock_mono_ns(), &x);
	if (rc) {
		p->exit_write_rc = rc;
		return 1; /* stop reading: the log failed */
	}
	p->exits_written++;
	return 0;
}

/* Read the exit notifications queued so far into the log. */
static int read_exits(struct psrec *p)
{
	if (!p->ex || !p->w || p->log_closed)
		return 0;
	int rc = exits_drain(p->ex, on_exit_record, p);
	p->exits_ns = clock_mono_ns();
	p->nended = 0;
	if (p->exit_write_rc)
		return writer_failed(p, p->exit_write_rc);
	if (rc < 0) {
		/* the socket failed, not the log: go on without it */
		say(p, "exit accounting stopped: %s", strerror(-rc));
		exits_free(p->ex);
		p->ex = NULL;
	}
	return 0;
}

/* -a, -c and -- CMD: listen for exits, or say once why not (then the
 * CPU of processes that end between samples is only in their parents'
 * cutime and cstime, when the parents wait for them). */
static void open_exits(struct psrec *p)
{
	if (p->o.no_exits || p->o.no_log ||
	    !(p->o.all || p->o.children || p->follow))
		return;
	int rc = exits_open(&p->ex);
	if (rc && !p->o.quiet)
		say(p, "no exit accounting (taskstats: %s; it needs "
		       "CAP_NET_ADMIN on the host): processes that end between "
		       "samples count only in their parents' cutime and cstime",
		    strerror(-rc));
}


static void on_gone(struct target *t, void *ctx)
{
	struct psrec *p = ctx;
	int status;
	struct psr_reaped r;
	if (p->tf)
		textfile_gone(p->tf, t);
	remember_ended(p, t);
	/* found gone as a zombie child of psrec (the command, an orphan of
	 * it): waited for now, it ends with its status and rusage */
	if ((t->launched || t->job) &&
	    job_reap_pid(&p->job, &p->fs, t->pid, &status, &r)) {
		end_reaped(p, t, status, &r);
		return;
	}
	if (p->w)
		psr_writer_end_process(p->w, t->id, clock_mono_ns(), -1);
	if (!t->launched && !t->discovered)
		say(p, "process %d exited", (int)t->pid);
}

/* A writer error stops recording: said once, here. A failed block was
 * cut off the file, so the log reads back up to its last whole block. */
static int writer_failed(struct psrec *p, int rc)
{
	if (rc == PSR_E_USAGE || rc == -ENOMEM || rc == PSR_E_ZSTD)
		say(p, "internal error: %s", psr_writer_errmsg(p->w));
	else
		say(p, "cannot write '%s': %s; stopped (the log is readable "
		       "up to its last complete block)",
		    p->path, psr_writer_errmsg(p->w));
	return rc;
}

static int take_sample(struct psrec *p, uint64_t *samples)
{
	/* exits first: the targets found gone in the last sample are
	 * matched before the list of them starts again */
	int rc = read_exits(p);
	if (rc)
		return rc;
	uint64_t now = clock_mono_ns();
	rc = discover(p, now);
	if (rc)
		return rc;
	now = clock_mono_ns();
	int64_t epoch = clock_real_ns();
	rc = targets_sample(&p->ts, &p->fs, p->w, now, epoch, on_gone, p);
	if (!rc && p->o.system) {
		uint64_t v[PSR_METRIC_MAX], present;
		system_read(&p->sys, &present, v);
		rc = psr_writer_add_system(p->w, now, epoch, present, v);
	}
	if (rc)
		return writer_failed(p, rc);
	(*samples)++;
	p->samples = *samples;
	p->last_epoch_ns = epoch;
	return 0;
}

/* --ready-fd: the first sample is taken; whoever waits on the other end
 * of a pipe sees EOF. */
static void signal_ready(struct psrec *p)
{
	if (p->o.ready_fd >= 0) {
		close(p->o.ready_fd);
		p->o.ready_fd = -1;
	}
}

/* Exit notifications are read between samples too, at most every
 * EXITS_READ_NS: a parent is then mostly still there to say whose
 * descendant an ended process was (-c), and the socket's buffer holds
 * only a short burst, at a wakeup per burst rather than per exit. */
#define EXITS_READ_NS 100000000ull

/* Sleep until the monotonic deadline; returns early on a signal. */
static void wait_until(struct psrec *p, uint64_t deadline)
{
	for (;;) {
		if (got_signal || got_child || got_hup || got_usr1)
			return;
		uint64_t now = clock_mono_ns();
		if (now >= deadline)
			return;
		uint64_t until = deadline;
		struct pollfd pfd = {.fd = p->ex ? exits_fd(p->ex) : -1,
				     .events = POLLIN};
		int watch = p->ex && now >= p->exits_ns + EXITS_READ_NS;
		if (p->ex && !watch && p->exits_ns + EXITS_READ_NS < until)
			until = p->exits_ns + EXITS_READ_NS;
		uint64_t left = until - now;
		struct timespec ts = {(time_t)(left / 1000000000ull),
				      (long)(left % 1000000000ull)};
		if (ppoll(&pfd, watch ? 1 : 0, &ts, &p->orig_mask) > 0 &&
		    (pfd.revents & POLLIN) && read_exits(p) != 0)
			return; /* the write error shows at the next write */
	}
}

/* A signal: 1 to stop now, 0 to go on (a command is still running). */
static int handle_signal(struct psrec *p, int *stopping)
{
	int sig = got_signal;
	got_signal = 0;
	if (p->job.child && p->job.status < 0 && !*stopping) {
		/* Let the command finish so its record is whole; pass the
		 * signal on unless the terminal already sent it to it. */
		if (!signal_from_tty)
			kill(p->job.child, sig);
		*stopping = 1;
		return 0;
	}
	return 1;
}

/* SIGHUP and SIGUSR1, between samples. 0, or a write error. */
static int handle_control(struct psrec *p)
{
	int rc = 0;
	if (got_usr1 && !p->w)
		got_usr1 = 0; /* --no-log: nothing buffered */
	if (got_usr1) {
		got_usr1 = 0;
		rc = psr_writer_flush(p->w);
		if (rc)
			return writer_failed(p, rc);
	}
	if (got_hup) {
		got_hup = 0;
		rc = reopen(p);
	}
	return rc;
}

static uint64_t next_offset(const struct psrec *p, uint64_t now,
			    uint64_t *k)
{
	uint64_t I = p->o.interval_ns, D = p->o.duration_ns;
	uint64_t elapsed = now - p->sched_ns;
	/* late samples skip slots instead of shifting the schedule */
	uint64_t next = elapsed / I + 1;
	*k = next > *k + 1 ? next : *k + 1;
	uint64_t off = *k * I;
	return D && off > D ? D : off;
}

/* --adaptive: double the interval (up to the maximum) after a sample
 * where nothing changed, back to -i after one where something did. */
static uint64_t adaptive_offset(const struct psrec *p, uint64_t offset,
				uint64_t *cur)
{
	uint64_t I = p->o.interval_ns, D = p->o.duration_ns;
	if (p->ts.changed)
		*cur = I;
	else
		*cur = *cur * 2 > p->o.adaptive_ns ? p->o.adaptive_ns : *cur * 2;
	uint64_t elapsed = clock_mono_ns() - p->sched_ns;
	uint64_t off = offset + *cur;
	if (off <= elapsed)
		off = elapsed + 1; /* late: no burst of catch-up samples */
	return D && off > D ? D : off;
}

/* After a sample: the file may be due for rotation (size or age). */
static int maybe_rotate(struct psrec *p, uint64_t now)
{
	if (!p->w)
		return 0;
	if ((p->o.rotate_size &&
	     psr_writer_bytes_written(p->w) >= p->o.rotate_size) ||
	    (p->o.rotate_ns && now - p->part_ns >= p->o.rotate_ns))
		return next_file(p, 0);
	return 0;
}

/* Recording ends when every target has exited; with -- CMD, when the
 * command has (as time(1) does): descendants it left running are not
 * waited for, but said (job_running) and counted in CLOSE. */
static int done(struct psrec *p)
{
	if (p->hosts)
		return 0;
	if (p->name_wait && !p->ts.n)
		return 0;
	p->name_wait = 0;
	if (p->job.child)
		return p->job.status >= 0 && p->ts.alive == p->ts.alive_job;
	return p->ts.alive == 0;
}

/* The command has exited: descendants still listed get one last sample
 * (those that ended meanwhile their END, so that the log says whose CPU
 * the command's total holds). Nothing to do without them. */
static int last_sample(struct psrec *p, uint64_t *samples)
{
	return p->ts.alive ? take_sample(p, samples) : 0;
}

static int run(struct psrec *p, enum psr_close_reason *reason)
{
	uint64_t k = 0, offset = 0, samples = 0, last_flush = p->sched_ns;
	uint64_t cur = p->o.interval_ns;
	int stopping = 0;
	for (;;) {
		wait_until(p, p->sched_ns + offset);
		if (got_child) {
			got_child = 0;
			reap_all(p);
		}
		if (got_signal && handle_signal(p, &stopping)) {
			*reason = PSR_CLOSE_SIGNAL;
			return take_sample(p, &samples);
		}
		if ((got_hup || got_usr1) && handle_control(p))
			return -1;
		if (done(p)) {
			*reason = PSR_CLOSE_EXITED;
			return last_sample(p, &samples);
		}
		uint64_t now = clock_mono_ns();
		if (now < p->sched_ns + offset)
			continue; /* woken early by a signal */
		int rc = take_sample(p, &samples);
		if (rc)
			return rc;
		if (samples == 1)
			signal_ready(p);
		if ((p->o.samples && samples >= p->o.samples) ||
		    (p->o.duration_ns && offset >= p->o.duration_ns)) {
			*reason = PSR_CLOSE_DONE;
			return 0;
		}
		if (done(p)) {
			*reason = PSR_CLOSE_EXITED;
			return last_sample(p, &samples);
		}
		now = clock_mono_ns();
		if (p->tf && (samples == 1 ||
			      now - p->textfile_ns >= p->o.textfile_ns))
			publish_textfile(p, now, 1);
		if (p->w && now - last_flush >= p->o.flush_ns) {
			rc = psr_writer_flush(p->w);
			if (rc)
				return writer_failed(p, rc);
			last_flush = now;
		}
		if (maybe_rotate(p, now))
			return -1;
		show_status(p, now, samples);
		offset = p->o.adaptive_ns ? adaptive_offset(p, offset, &cur)
					  : next_offset(p, now, &k);
	}
}

/* With a command: wait for it (a second signal stops waiting). */
static int command_status(struct psrec *p)
{
	while (p->job.status < 0) {
		reap_all(p);
		if (p->job.status >= 0)
			break;
		if (got_signal)
			return 128 + got_signal;
		ppoll(NULL, 0, NULL, &p->orig_mask);
	}
	return launch_exit_code(p->job.status);
}

/* At exit with -- CMD, on stderr: what the log's totals do not show on
 * their own (unless -q). */
static void job_notes(struct psrec *p)
{
	if (p->o.quiet || p->job.status < 0)
		return;
	const struct psr_rusage *ru = &p->job.total;
	double total = (double)(ru->user_us + ru->sys_us) / 1e6;
	double seen = (double)targets_job_cpu(&p->ts) / (double)p->h.clock_ticks;
	double unseen = total - seen;
	/* most of the job's CPU in processes no sample saw running: in the
	 * totals (cutime, the job's rusage), not in any process's row */
	if (total >= 0.5 && unseen > 0.5 * total) {
		if (!p->follow)
			say(p, "%.0f%% of the job's CPU (%.2f of %.2f s) was used "
			       "by child processes, which --no-children does not "
			       "record one by one (the totals include them)",
			    100 * unseen / total, unseen, total);
		else
			say(p, "%.0f%% of the job's CPU (%.2f of %.2f s) was used "
			       "by processes that lived less than the interval "
			       "(%.3g s): the totals include them, but no sample "
			       "shows them; a shorter -i records more of them",
			    100 * unseen / total, unseen, total,
			    (double)p->o.interval_ns / 1e9);
	}
	uint64_t running = job_running(&p->fs);
	if (running)
		say(p, "%llu process%s started by the command still ran when "
		       "it exited: not waited for, not in the job's totals",
		    (unsigned long long)running, running == 1 ? "" : "es");
}

static void summary(struct psrec *p)
{
	clear_status(p);
	if (p->status_line && p->w)
		say(p, "%llu process-samples in %.1f s, %llu bytes in '%s'",
		    (unsigned long long)p->ts.process_samples,
		    (double)(clock_mono_ns() - p->sched_ns) / 1e9,
		    (unsigned long long)psr_writer_bytes_written(p->w),
		    p->path);
	else if (p->status_line)
		say(p, "%llu process-samples in %.1f s, latest in '%s'",
		    (unsigned long long)p->ts.process_samples,
		    (double)(clock_mono_ns() - p->sched_ns) / 1e9,
		    p->o.textfile);
}

/* The log's path from -o (or the default name). */
static void name_output(struct psrec *p)
{
	if (p->o.output && strchr(p->o.output, '%'))
		expand_output(p);
	else if (p->o.output)
		snprintf(p->base, sizeof p->base, "%s", p->o.output);
	else
		default_output(p);
	part_path(p, 0);
}

/* The directory of path (stat) and its last component. */
static int dir_of(const char *path, struct stat *sb, const char **name)
{
	const char *slash = strrchr(path, '/');
	char dir[4096];
	*name = slash ? slash + 1 : path;
	snprintf(dir, sizeof dir, "%.*s",
		 slash ? (int)(slash - path) + (slash == path) : 1,
		 slash ? path : ".");
	return stat(dir, sb);
}

/* name is the log base's part n >= 1: NAME.n.psr or NAME.n (part_path). */
static int is_later_part(const char *base, const char *name)
{
	size_t len = strlen(base);
	int psr = len > 4 && strcmp(base + len - 4, ".psr") == 0;
	size_t stem = psr ? len - 4 : len;
	if (strncmp(name, base, stem) != 0 || name[stem] != '.')
		return 0;
	const char *d = name + stem + 1;
	size_t digits = strspn(d, "0123456789");
	return digits && strcmp(d + digits, psr ? ".psr" : "") == 0;
}

/* --textfile's files are renamed over: the textfile (or its temporary
 * file) at the log's path or at a later part's would replace the
 * recording. Compared by directory (device, inode) and name, so that
 * another spelling of the same path is seen; a directory that cannot
 * be read is said when the file is created. */
static int textfile_collides(struct psrec *p)
{
	struct stat ld, td;
	const char *ln, *tn;
	if (!p->o.textfile || p->o.no_log || dir_of(p->base, &ld, &ln) != 0 ||
	    dir_of(p->o.textfile, &td, &tn) != 0 || ld.st_dev != td.st_dev ||
	    ld.st_ino != td.st_ino)
		return 0;
	char stem[sizeof p->base + 1];
	size_t len = strlen(ln);
	int psr = len > 4 && strcmp(ln + len - 4, ".psr") == 0;
	/* every part's name starts with the stem and a dot */
	snprintf(stem, sizeof stem, "%.*s.", (int)(psr ? len - 4 : len), ln);
	if (strcmp(ln, tn) != 0 && !is_later_part(ln, tn) &&
	    !textfile_is_temp(tn, stem))
		return 0;
	say(p, "--textfile '%s' (or its temporary file) would replace the "
	       "log '%s' or a later part of it: give them different names",
	    p->o.textfile, p->path);
	return 1;
}

static int open_textfile(struct psrec *p)
{
	if (!p->o.textfile)
		return 0;
	struct textfile_opts to = {
		.path = p->o.textfile,
		.by_target = p->o.textfile_by_target,
		.clock_ticks = p->h.clock_ticks,
		.page_size = p->h.page_size,
		.boot_time = hostinfo_btime(p->fs.root_fd, p->h.boot_epoch_ns),
		.metrics = p->h.metrics,
		.metric_count = p->h.metric_count,
	};
	int rc = textfile_open(&p->tf, &to);
	if (rc)
		say(p, "cannot write '%s': %s", p->o.textfile, strerror(-rc));
	return rc;
}

static int record(struct psrec *p, int argc, char **argv)
{
	/* -n without a match yet (no --pick: its choice is final): wait
	 * for the name, as the rescans look for it */
	p->name_wait = !p->o.command && p->ts.n == 0 && !p->hosts &&
		       p->o.nnames && !p->o.pick;
	if (!p->o.command && p->ts.n == 0 && !p->hosts && !p->name_wait) {
		/* each target that failed was said; sum up only for several */
		if (p->o.npids + p->o.nnames > 1)
			say(p, "no target could be read");
		return EXIT_RUNTIME;
	}
	if (!p->o.no_log)
		name_output(p);
	if (textfile_collides(p))
		return EXIT_USAGE;
	/* before the log is created or the command started: nothing to
	 * undo when the textfile's directory is missing or not writable */
	int trc = p->o.textfile ? textfile_check(p->o.textfile) : 0;
	if (trc) {
		say(p, "cannot write '%s': %s", p->o.textfile, strerror(-trc));
		return EXIT_RUNTIME;
	}
	/* one psrec per textfile, as per log: two would replace each
	 * other's series at every write */
	if (p->o.textfile &&
	    (p->textfile_lock = textfile_lock(p->o.textfile)) < 0) {
		int e = -p->textfile_lock;
		if (e == EBUSY)
			say(p, "'%s' is being written by another psrec (it "
			       "holds its lock): not overwriting it, even with "
			       "--force", p->o.textfile);
		else
			say(p, "cannot lock '%s': %s", p->o.textfile,
			    strerror(e));
		return EXIT_RUNTIME;
	}
	if (!p->o.no_log && open_output(p) != 0)
		return EXIT_RUNTIME;
	if (p->o.command) {
		int rc = start_command(p);
		if (rc) {
			if (!p->o.no_log)
				unlink(p->path);
			return rc;
		}
	}
	if (start_log(p, argc, argv) != 0 || open_textfile(p) != 0)
		return EXIT_RUNTIME;
	p->status_line = !p->o.quiet && !p->o.command && isatty(2);
	liveline_init(&p->live, liveline_colour());
	enum psr_close_reason reason = PSR_CLOSE_DONE;
	int rc = run(p, &reason);
	if (rc && p->fd >= 0) {
		/* a write error was said; CLOSE would fail the same way */
		close(p->fd);
		p->fd = -1;
	} else if (!rc && close_log(p, reason) != 0) {
		rc = -1;
	}
	if (p->tf && publish_textfile(p, clock_mono_ns(), 0) != 0)
		rc = -1;
	if (p->name_wait) {
		/* the run ended (-d, -s, a signal) before the name appeared:
		 * said at the start; a log of nothing is not left */
		if (!p->o.no_log)
			unlink(p->path);
		liveline_release(&p->live);
		return EXIT_RUNTIME;
	}
	if (!rc)
		summary(p);
	/* what to run next, for someone at a terminal; with -- CMD too:
	 * one line after the command's own output is in nobody's way */
	if (!rc && p->w && !p->o.quiet && isatty(2))
		say(p, "report: psreport %s", p->path);
	liveline_release(&p->live);
	if (p->job.child) {
		int code = command_status(p);
		job_notes(p);
		return rc && code == 0 ? EXIT_RUNTIME : code;
	}
	return rc ? EXIT_RUNTIME : 0;
}

/* The kernel drops exit notifications when its socket buffer is full
 * (ENOBUFS: a burst larger than 8 MiB between two reads): the processes
 * in them are in no EXIT record, their CPU only in their parents'
 * cutime. Said once, at the end. */
static void report_lost_exits(const struct psrec *p)
{
	uint64_t lost = p->ex ? exits_lost(p->ex) : 0;

	if (lost && !p->o.quiet)
		fprintf(stderr,
			"psrec: exit accounting: the kernel's buffer overflowed "
			"%llu time%s, some processes that ended between samples "
			"are not in the log (their CPU is in their parents' "
			"cutime)\n",
			(unsigned long long)lost, lost == 1 ? "" : "s");
}

int main(int argc, char **argv)
{
	static struct psrec p = {.fd = -1, .textfile_lock = -1, .job.status = -1,
				 .sys = {-1, -1, -1}, .last_pid = -1};
	char err[512];
	switch (cli_parse(&p.o, argc, argv, err, sizeof err)) {
	case CLI_EXIT_OK: { /* --help or --version */
		char *text = psr_opt_text(p.o.shown);
		if (!text) {
			fputs("psrec: out of memory\n", stderr);
			return EXIT_RUNTIME;
		}
		fputs(text, stdout);
		free(text);
		return 0;
	}
	case CLI_USAGE:
		fprintf(stderr, "psrec: %s\n", err);
		return EXIT_USAGE;
	case CLI_OK:
		break;
	}
	raise_fd_limit();
	install_signals(&p);
	unsigned sets = (p.o.extended ? PROCFS_EXTENDED : 0) |
			(p.o.uss ? PROCFS_USS : 0);
	int rc = procfs_open(&p.fs, p.o.proc_root, sets);
	if (rc) {
		say(&p, "cannot open '%s': %s", p.o.proc_root, strerror(-rc));
		return EXIT_RUNTIME;
	}
	p.ts.children = p.o.children;
	/* -- CMD follows the command's children unless --no-children: its
	 * tree is what time(1) and denet report on */
	p.follow = p.o.command && !p.o.no_children;
	open_exits(&p);
	p.ts.max = (size_t)p.o.max_procs;
	p.max_ids = PSR_LOG_MAX_PROCESSES;
	const char *test_ids = getenv("PSREC_TEST_MAX_IDS");
	if (test_ids && atol(test_ids) > 0 &&
	    (unsigned long)atol(test_ids) < PSR_LOG_MAX_PROCESSES)
		p.max_ids = (uint32_t)atol(test_ids);
	p.ts.track_changes = p.o.adaptive_ns != 0;
	p.ts.keep_origin = p.ts.keep_last = p.o.textfile != NULL;
	p.hosts = p.o.all || (p.o.system && !p.o.npids && !p.o.nnames &&
			      !p.o.command);
	int code = EXIT_RUNTIME;
	if (find_targets(&p) == 0) {
		targets_prime(&p.ts, &p.fs);
		code = record(&p, argc, argv);
	}
	report_lost_exits(&p);
	psr_writer_free(p.w);
	textfile_free(p.tf);
	textfile_unlock(p.o.textfile, p.textfile_lock);
	free(p.h.command_line);
	targets_release(&p.ts);
	exits_free(p.ex);
	free(p.ended);
	system_close(&p.sys);
	procfs_close(&p.fs);
	cli_release(&p.o);
	return code;
}
