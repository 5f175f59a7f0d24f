/* main.c - psrec: record processes into a log until told to stop.
 *
 * Order of work: parse options, find and open the targets, create the
 * log, launch the command, then sample on a CLOCK_MONOTONIC schedule
 * (t = 0, I, 2I, ... and one last sample at D) until the duration, the
 * sample count, the end of every target or a signal. */
#define _GNU_SOURCE
#include "cli.h"
#include "hostinfo.h"
#include "launch.h"
#include "procfs.h"
#include "targets.h"

#include <errno.h>
#include <fcntl.h>
#include <poll.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
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
	struct psr_header h;
	struct psr_writer *w;
	char path[4096];
	int fd;
	pid_t child;        /* launched command, 0 if none */
	int child_status;   /* its wait status, -1 until reaped */
	sigset_t orig_mask; /* the mask to restore in ppoll and the child */
	int status_line;    /* a live status line is shown on stderr */
	int status_shown;
	uint64_t last_status_ns;
	int write_failed;
};

static volatile sig_atomic_t got_signal, signal_from_tty, got_child;

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

static void clear_status(struct psrec *p)
{
	if (p->status_shown)
		fputs("\r\033[K", stderr);
	p->status_shown = 0;
}

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
	uint64_t s = (now - p->h.start_mono_ns) / 1000000000ull;
	double kib = (double)(psr_writer_bytes_written(p->w) +
			      psr_writer_bytes_pending(p->w)) / 1024.0;
	fprintf(stderr,
		"\rpsrec: %llu:%02llu:%02llu  %llu samples  %zu process%s  "
		"%.1f KiB  %s\033[K",
		(unsigned long long)(s / 3600), (unsigned long long)(s / 60 % 60),
		(unsigned long long)(s % 60), (unsigned long long)samples,
		p->ts.alive, p->ts.alive == 1 ? "" : "es", kib, p->path);
	p->status_shown = 1;
}

/* ---- set-up ---- */

static void raise_fd_limit(void)
{
	/* three descriptors per process: take all the system allows */
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
	sigprocmask(SIG_BLOCK, &block, &p->orig_mask);
}

struct name_ctx {
	struct psrec *p;
	char list[1024];
	size_t found;
};

static int add_named(pid_t pid, void *vctx)
{
	struct name_ctx *c = vctx;
	int rc = targets_attach(&c->p->ts, &c->p->fs, pid, 0);
	if (rc == 0 || rc == -EEXIST) {
		size_t len = strlen(c->list);
		if (len < sizeof c->list - 16)
			snprintf(c->list + len, sizeof c->list - len, " %d",
				 (int)pid);
		c->found++;
	}
	return rc == -ENOMEM ? rc : 0;
}

static int find_targets(struct psrec *p)
{
	for (size_t i = 0; i < p->o.npids; i++) {
		int rc = targets_attach(&p->ts, &p->fs, p->o.pids[i], 0);
		if (rc == -ESRCH)
			say(p, "no process %d", (int)p->o.pids[i]);
		else if (rc && rc != -EEXIST)
			say(p, "cannot read process %d: %s", (int)p->o.pids[i],
			    strerror(-rc));
	}
	for (size_t i = 0; i < p->o.nnames; i++) {
		struct name_ctx c = {.p = p};
		int rc = procfs_find_name(&p->fs, p->o.names[i], add_named, &c);
		if (rc)
			return rc;
		if (c.found)
			say(p, "'%s': %zu process%s:%s", p->o.names[i], c.found,
			    c.found == 1 ? "" : "es", c.list);
		else
			say(p, "no process named '%s'", p->o.names[i]);
	}
	return 0;
}

static void default_output(struct psrec *p)
{
	char host[256] = "host", stamp[32];
	gethostname(host, sizeof host - 1);
	time_t now = time(NULL);
	strftime(stamp, sizeof stamp, "%Y%m%d-%H%M%S", localtime(&now));
	snprintf(p->path, sizeof p->path, "psrec-%s-%s.psr", host, stamp);
}

static int open_output(struct psrec *p)
{
	if (p->o.output)
		snprintf(p->path, sizeof p->path, "%s", p->o.output);
	else
		default_output(p);
	int flags = O_WRONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
		    (p->o.force ? O_TRUNC : O_EXCL);
	p->fd = open(p->path, flags, 0640);
	if (p->fd < 0) {
		int e = errno;
		struct stat sb;
		if ((e == EEXIST || e == EISDIR) && stat(p->path, &sb) == 0 &&
		    S_ISDIR(sb.st_mode))
			say(p, "'%s' is a directory", p->path);
		else if (e == EEXIST)
			say(p, "'%s' exists (use --force to overwrite it)",
			    p->path);
		else if (e == ELOOP)
			say(p, "'%s' is a symbolic link: refusing to follow it",
			    p->path);
		else
			say(p, "cannot create '%s': %s", p->path, strerror(e));
		return -1;
	}
	struct stat sb;
	if (fstat(p->fd, &sb) == 0 && !S_ISREG(sb.st_mode)) {
		say(p, "'%s' is not a regular file", p->path);
		return -1;
	}
	if (fchmod(p->fd, 0640) != 0 || ftruncate(p->fd, 0) != 0) {
		say(p, "cannot prepare '%s': %s", p->path, strerror(errno));
		return -1;
	}
	return 0;
}

static int start_command(struct psrec *p)
{
	pid_t pid = launch_command(p->o.command, &p->orig_mask);
	if (pid < 0) {
		say(p, "cannot run '%s': %s", p->o.command[0],
		    strerror((int)-pid));
		return pid == -ENOENT ? 127 : 126;
	}
	p->child = pid;
	int rc = targets_attach(&p->ts, &p->fs, pid, 1);
	if (rc && rc != -ESRCH)
		say(p, "cannot read the command's process %d: %s", (int)pid,
		    strerror(-rc));
	return 0;
}

static int start_log(struct psrec *p, int argc, char **argv)
{
	int rc = hostinfo_header(&p->h, argc, argv, p->o.interval_ns,
				 p->o.extended, p->o.uss);
	if (!rc)
		rc = psr_writer_open(&p->w, p->fd, &p->h, p->o.level);
	if (!rc)
		rc = targets_register(&p->ts, p->w);
	if (rc)
		say(p, "cannot write '%s': %s", p->path,
		    p->w ? psr_writer_errmsg(p->w) : strerror(-rc));
	return rc;
}

/* ---- the sampling loop ---- */

static void reap_child(struct psrec *p, uint64_t now)
{
	int status;
	if (!p->child || p->child_status >= 0 ||
	    waitpid(p->child, &status, WNOHANG) != p->child)
		return;
	p->child_status = status;
	struct target *t = targets_find_pid(&p->ts, p->child);
	if (t) {
		targets_drop(&p->ts, t);
		psr_writer_end_process(p->w, t->id, now, status);
	}
}

static void on_gone(struct target *t, void *ctx)
{
	struct psrec *p = ctx;
	uint64_t now = clock_mono_ns();
	if (t->launched) {
		reap_child(p, now); /* ends it with its exit status */
		if (p->child_status >= 0)
			return;
	}
	psr_writer_end_process(p->w, t->id, now, -1);
	if (!t->launched)
		say(p, "process %d exited", (int)t->pid);
}

/* A write error (full disk) is said once; recording goes on and each
 * later block is tried again, so say so too when writing works again. */
static void report_write_error(struct psrec *p, int rc)
{
	if (rc && !p->write_failed)
		say(p, "cannot write '%s': %s (still recording; later blocks "
		       "are tried again)",
		    p->path, psr_writer_errmsg(p->w));
	if (rc)
		p->write_failed = 1;
}

static void flush_log(struct psrec *p)
{
	int rc = psr_writer_flush(p->w);
	if (!rc && p->write_failed) {
		say(p, "writing to '%s' works again", p->path);
		p->write_failed = 0;
	}
	report_write_error(p, rc);
}

static int take_sample(struct psrec *p, uint64_t *samples)
{
	uint64_t now = clock_mono_ns();
	int64_t epoch = clock_real_ns();
	int rc = targets_sample(&p->ts, &p->fs, p->w, now, epoch, on_gone, p);
	if (rc == PSR_E_USAGE || rc == -ENOMEM) {
		say(p, "internal error: %s", psr_writer_errmsg(p->w));
		return rc;
	}
	report_write_error(p, rc);
	(*samples)++;
	return 0;
}

/* Sleep until the monotonic deadline; returns early on a signal. */
static void wait_until(struct psrec *p, uint64_t deadline)
{
	for (;;) {
		if (got_signal || got_child)
			return;
		uint64_t now = clock_mono_ns();
		if (now >= deadline)
			return;
		uint64_t left = deadline - now;
		struct timespec ts = {(time_t)(left / 1000000000ull),
				      (long)(left % 1000000000ull)};
		ppoll(NULL, 0, &ts, &p->orig_mask);
	}
}

/* A signal: 1 to stop now, 0 to go on (a command is still running). */
static int handle_signal(struct psrec *p, int *stopping)
{
	int sig = got_signal;
	got_signal = 0;
	if (p->child && p->child_status < 0 && !*stopping) {
		/* Let the command finish so its record is whole; pass the
		 * signal on unless the terminal already sent it to it. */
		if (!signal_from_tty)
			kill(p->child, sig);
		*stopping = 1;
		return 0;
	}
	return 1;
}

static uint64_t next_offset(const struct psrec *p, uint64_t now,
			    uint64_t *k)
{
	uint64_t I = p->o.interval_ns, D = p->o.duration_ns;
	uint64_t elapsed = now - p->h.start_mono_ns;
	/* late samples skip slots instead of shifting the schedule */
	uint64_t next = elapsed / I + 1;
	*k = next > *k + 1 ? next : *k + 1;
	uint64_t off = *k * I;
	return D && off > D ? D : off;
}

static int run(struct psrec *p, enum psr_close_reason *reason)
{
	uint64_t k = 0, offset = 0, samples = 0, last_flush = p->h.start_mono_ns;
	int stopping = 0;
	for (;;) {
		wait_until(p, p->h.start_mono_ns + offset);
		if (got_child) {
			got_child = 0;
			reap_child(p, clock_mono_ns());
		}
		if (got_signal && handle_signal(p, &stopping)) {
			*reason = PSR_CLOSE_SIGNAL;
			return take_sample(p, &samples);
		}
		if (p->ts.alive == 0) {
			*reason = PSR_CLOSE_EXITED;
			return 0;
		}
		uint64_t now = clock_mono_ns();
		if (now < p->h.start_mono_ns + offset)
			continue; /* woken early by a signal */
		int rc = take_sample(p, &samples);
		if (rc)
			return rc;
		if ((p->o.samples && samples >= p->o.samples) ||
		    (p->o.duration_ns && offset >= p->o.duration_ns)) {
			*reason = PSR_CLOSE_DONE;
			return 0;
		}
		if (p->ts.alive == 0) {
			*reason = PSR_CLOSE_EXITED;
			return 0;
		}
		now = clock_mono_ns();
		if (now - last_flush >= p->o.flush_ns) {
			flush_log(p);
			last_flush = now;
		}
		show_status(p, now, samples);
		offset = next_offset(p, now, &k);
	}
}

static int close_log(struct psrec *p, enum psr_close_reason reason)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	struct psr_close c = {
		.t_us = (clock_mono_ns() - p->h.start_mono_ns) / 1000,
		.reason = reason,
		.self_user_us = (uint64_t)ru.ru_utime.tv_sec * 1000000 +
				(uint64_t)ru.ru_utime.tv_usec,
		.self_sys_us = (uint64_t)ru.ru_stime.tv_sec * 1000000 +
			       (uint64_t)ru.ru_stime.tv_usec,
		.self_maxrss_kb = (uint64_t)ru.ru_maxrss,
	};
	int rc = psr_writer_close(p->w, &c);
	clear_status(p);
	if (p->status_line && !rc)
		say(p, "%llu process-samples in %.1f s, %llu bytes in '%s'",
		    (unsigned long long)p->ts.process_samples,
		    (double)c.t_us / 1e6,
		    (unsigned long long)psr_writer_bytes_written(p->w), p->path);
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

/* With a command: wait for it (a second signal stops waiting). */
static int command_status(struct psrec *p)
{
	while (p->child_status < 0) {
		int status;
		pid_t r = waitpid(p->child, &status, WNOHANG);
		if (r == p->child) {
			p->child_status = status;
			break;
		}
		if (got_signal)
			return 128 + got_signal;
		ppoll(NULL, 0, NULL, &p->orig_mask);
	}
	return launch_exit_code(p->child_status);
}

static int record(struct psrec *p, int argc, char **argv)
{
	if (!p->o.command && p->ts.n == 0) {
		/* each target that failed was said; sum up only for several */
		if (p->o.npids + p->o.nnames > 1)
			say(p, "no target could be read");
		return EXIT_RUNTIME;
	}
	if (open_output(p) != 0)
		return EXIT_RUNTIME;
	if (p->o.command) {
		int rc = start_command(p);
		if (rc) {
			unlink(p->path);
			return rc;
		}
	}
	if (start_log(p, argc, argv) != 0)
		return EXIT_RUNTIME;
	p->status_line = !p->o.quiet && !p->o.command && isatty(2);
	enum psr_close_reason reason = PSR_CLOSE_DONE;
	int rc = run(p, &reason);
	if (rc)
		reason = PSR_CLOSE_ERROR;
	if (close_log(p, reason) != 0)
		rc = -1;
	if (p->child) {
		int code = command_status(p);
		return rc && code == 0 ? EXIT_RUNTIME : code;
	}
	return rc ? EXIT_RUNTIME : 0;
}

int main(int argc, char **argv)
{
	static struct psrec p = {.fd = -1, .child_status = -1};
	char err[512];
	switch (cli_parse(&p.o, argc, argv, err, sizeof err)) {
	case CLI_EXIT_OK:
		return 0;
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
	int code = find_targets(&p) ? EXIT_RUNTIME : record(&p, argc, argv);
	psr_writer_free(p.w);
	free(p.h.command_line);
	targets_release(&p.ts);
	procfs_close(&p.fs);
	cli_release(&p.o);
	return code;
}
