/* workload.c - psr-workload: a process whose effects on /proc are known
 * exactly, run by the cli tests, the demo and the benchmark.
 *
 * usage: psr-workload <mode> [<mode options>] [--duration <seconds>]
 *                    [--ready-fd <fd>] [--hold] [--exit <code>]
 *
 * Exactness is the point, so the program makes no output of its own unless
 * it fails (the write mode's wchar must equal --bytes), memory is mapped
 * directly and touched one byte per page (RSS grows by exactly the pages
 * touched, with no allocator in between), and all pacing runs on absolute
 * CLOCK_MONOTONIC deadlines so that rates do not drift. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <ctype.h>
#include <limits.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdatomic.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

enum { EXIT_RUNTIME = 1, EXIT_USAGE = 2 };

#define NS_PER_SEC 1000000000LL
#define TICK_NS (10 * 1000000LL) /* memory modes re-aim every 10 ms */
#define FOREVER INT64_MAX
#define GIB ((size_t)1 << 30)

/* Mode options, as bits: each mode says which it needs and which it takes.
 * The names below are in bit order. */
enum {
	OPT_RATE = 1u << 0,
	OPT_SIZE = 1u << 1,
	OPT_PERIOD = 1u << 2,
	OPT_DUTY = 1u << 3,
	OPT_BYTES = 1u << 4,
	OPT_OUT = 1u << 5,
	OPT_CHUNK = 1u << 6,
	OPT_COUNT = 1u << 7,
};
static const char *const mode_option_names[] = {
	"--rate", "--size", "--period", "--duty",
	"--bytes", "--out", "--chunk", "--count",
};

struct mode;

struct opts {
	const struct mode *mode;
	int64_t start;       /* CLOCK_MONOTONIC ns when the run began */
	int64_t duration;    /* ns; 0: until SIGTERM/SIGINT */
	int ready_fd;        /* -1: none, or already closed */
	bool hold;
	int exit_code;
	unsigned given;      /* OPT_* seen on the command line */
	uint64_t rate;       /* bytes per second */
	uint64_t size, bytes, chunk;
	int64_t period;      /* ns */
	double duty;
	long count;
	const char *out;
};

struct mode {
	const char *name;
	int (*run)(struct opts *o); /* 0, or -1 after saying why */
	unsigned needs, takes;
	long min_count;
};

static size_t page_size;
static volatile sig_atomic_t stop;
static struct timespec wake; /* the deadline sleep_until() hands the kernel */

__attribute__((format(printf, 1, 2)))
static void complain(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	fprintf(stderr, "psr-workload: %s\n", msg);
}

/* ---- time and signals ---------------------------------------------- */

static int64_t now_ns(void)
{
	struct timespec ts;

	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (int64_t)ts.tv_sec * NS_PER_SEC + ts.tv_nsec;
}

static int64_t min64(int64_t a, int64_t b)
{
	return a < b ? a : b;
}

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
	/* A signal between sleep_until()'s look at `stop` and its
	 * clock_nanosleep() would otherwise be noticed only at the deadline,
	 * which may be hours away: a deadline in the past makes that sleep
	 * return at once. A signal during the sleep interrupts it (EINTR). */
	wake.tv_sec = 0;
	wake.tv_nsec = 0;
}

/* Sleep until the absolute CLOCK_MONOTONIC time t (ns). False if a stop
 * signal came first: the caller winds down. */
static bool sleep_until(int64_t t)
{
	wake.tv_sec = (time_t)(t / NS_PER_SEC);
	wake.tv_nsec = (long)(t % NS_PER_SEC);
	/* the deadline must be in place before `stop` is looked at */
	atomic_signal_fence(memory_order_seq_cst);
	while (!stop) {
		int err = clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME,
					  &wake, NULL);
		if (err != EINTR)
			return !stop;
	}
	return false;
}

static int64_t end_time(const struct opts *o)
{
	return o->duration ? o->start + o->duration : FOREVER;
}

/* Run until --duration ends or SIGTERM/SIGINT, whichever comes first. */
static void wait_end(const struct opts *o)
{
	sleep_until(end_time(o));
}

static void catch_stop_signals(void)
{
	struct sigaction sa = {.sa_handler = on_stop};
	sigset_t set;

	/* no SA_RESTART: blocking calls should return and let us look */
	sigemptyset(&sa.sa_mask);
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	/* a launcher may hand us these blocked; we must see them */
	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	sigprocmask(SIG_UNBLOCK, &set, NULL);
}

/* Block SIGTERM/SIGINT in the calling thread (old mask in *old), so that
 * threads and children created now start with them blocked. */
static void block_stop_signals(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	sigaddset(&set, SIGTERM);
	sigaddset(&set, SIGINT);
	pthread_sigmask(SIG_BLOCK, &set, old);
}

/* Tell the waiting script that setup is complete: it reads the other end
 * of this pipe or fifo until EOF. Descriptors 0-2 are replaced by
 * /dev/null rather than closed, so the descriptor count stays as set up
 * and no later open() lands on a standard stream. */
static void signal_ready(struct opts *o)
{
	int fd = o->ready_fd;
	int null;

	if (fd < 0)
		return;
	o->ready_fd = -1;
	null = fd <= 2 ? open("/dev/null", O_RDWR | O_CLOEXEC) : -1;
	if (null < 0) {
		close(fd);
		return;
	}
	dup2(null, fd);
	close(null);
}

/* ---- memory -------------------------------------------------------- */

/* An untouched region: it costs no RSS until its pages are written.
 * MAP_NORESERVE keeps big regions from counting against overcommit. */
static char *map_region(size_t bytes)
{
	char *p = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);

	if (p == MAP_FAILED)
		return NULL;
	/* a transparent huge page would make RSS jump by 2 MiB at the first
	 * touch; fails harmlessly on kernels without THP */
	madvise(p, bytes, MADV_NOHUGEPAGE);
	return p;
}

static size_t round_up(size_t n, size_t to)
{
	return (n + to - 1) / to * to;
}

/* Make the first `target` bytes of p resident, given that the first
 * *done already are: one written byte per page is enough, and RSS then
 * counts exactly ceil(target / page) pages. */
static void touch(char *p, size_t *done, size_t target)
{
	volatile char *v = p;

	for (size_t off = round_up(*done, page_size); off < target;
	     off += page_size)
		v[off] = 1;
	if (target > *done)
		*done = target;
}

/* The region grow fills: just what the run needs when it has a
 * duration, else as much address space as we get, up to 64 GiB (strict
 * overcommit may refuse the larger sizes). */
static char *map_growth(const struct opts *o, size_t *cap)
{
	if (o->duration) {
		double need = (double)o->rate * (double)o->duration / 1e9;

		if (need > (double)((size_t)1 << 46)) {
			complain("--rate %llu for --duration %.3f s is more "
				 "memory than can be mapped",
				 (unsigned long long)o->rate,
				 (double)o->duration / 1e9);
			return NULL;
		}
		*cap = round_up((size_t)need, page_size) + page_size;
		return map_region(*cap);
	}
	for (*cap = 64 * GIB; *cap >= GIB; *cap /= 2) {
		char *p = map_region(*cap);
		if (p)
			return p;
	}
	return NULL;
}

/* Resident memory grows at --rate: every 10 ms the target becomes
 * rate * elapsed and the pages up to it are touched. It stops growing if
 * the region is full (only without --duration, after 64 GiB). */
static int run_grow(struct opts *o)
{
	size_t cap, done = 0;
	char *p = map_growth(o, &cap);
	int64_t end = end_time(o);

	if (!p) {
		complain("cannot map memory to grow into: %s", strerror(errno));
		return -1;
	}
	signal_ready(o);
	for (int64_t t = o->start; t < end; t += TICK_NS) {
		double elapsed = (double)(min64(now_ns(), end) - o->start) / 1e9;
		double target = (double)o->rate * elapsed;

		touch(p, &done, target < (double)cap ? (size_t)target : cap);
		if (!sleep_until(min64(t + TICK_NS, end)))
			break;
	}
	return 0;
}

static int run_steady(struct opts *o)
{
	size_t done = 0;
	char *p = map_region((size_t)o->size);

	if (!p) {
		complain("cannot map %llu bytes: %s",
			 (unsigned long long)o->size, strerror(errno));
		return -1;
	}
	touch(p, &done, (size_t)o->size);
	signal_ready(o);
	wait_end(o);
	return 0;
}

/* One sawtooth tooth from cycle_start: touched memory rises linearly
 * with time, and the last tick before the cycle ends touches all of
 * --size, so the peak is exactly --size. False when the run ends
 * (--duration or a signal) before the cycle does. */
static bool sawtooth_ramp(const struct opts *o, char *p, int64_t cycle_start,
			  int64_t end)
{
	int64_t cycle_end = cycle_start + o->period;
	size_t done = 0;

	for (int64_t t = cycle_start; t < cycle_end; t += TICK_NS) {
		int64_t next = min64(t + TICK_NS, cycle_end);
		double phase;

		if (t >= end)
			return false;
		phase = (double)(now_ns() - cycle_start) / (double)o->period;
		if (next == cycle_end || phase >= 1)
			touch(p, &done, (size_t)o->size);
		else
			touch(p, &done, (size_t)((double)o->size * phase));
		if (!sleep_until(min64(next, end)) || next > end)
			return false;
	}
	return end > cycle_end;
}

/* Each --period: grow linearly from 0 to --size, then give it all back
 * (MADV_DONTNEED frees the pages, so RSS drops at once) and start over. */
static int run_sawtooth(struct opts *o)
{
	char *p = map_region((size_t)o->size);
	int64_t end = end_time(o);

	if (!p) {
		complain("cannot map %llu bytes: %s",
			 (unsigned long long)o->size, strerror(errno));
		return -1;
	}
	signal_ready(o);
	for (int64_t cycle = o->start;
	     sawtooth_ramp(o, p, cycle, end); cycle += o->period)
		madvise(p, (size_t)o->size, MADV_DONTNEED);
	return 0;
}

/* ---- cpu ----------------------------------------------------------- */

/* Each period: spin on the clock for duty * period (user time, as the
 * clock is read through the vDSO), then sleep to the period's end. */
static int run_cpu(struct opts *o)
{
	int64_t end = end_time(o);
	int64_t busy = (int64_t)(o->duty * (double)o->period + 0.5);

	signal_ready(o);
	for (int64_t t = o->start; t < end; t += o->period) {
		int64_t busy_end = min64(t + busy, end);

		while (!stop && now_ns() < busy_end)
			;
		if (!sleep_until(min64(t + o->period, end)))
			break;
	}
	return 0;
}

/* ---- write --------------------------------------------------------- */

/* Write exactly --bytes in write(2) calls of --chunk bytes. A signal
 * stops it early, as it stops every mode. */
static int write_bytes(const struct opts *o, int fd)
{
	size_t chunk = (size_t)(o->chunk < o->bytes ? o->chunk : o->bytes);
	char *buf = malloc(chunk ? chunk : 1);
	uint64_t left = o->bytes;

	if (!buf) {
		complain("cannot allocate a %zu-byte --chunk", chunk);
		return -1;
	}
	memset(buf, 'w', chunk);
	while (left > 0 && !stop) {
		size_t n = left < chunk ? (size_t)left : chunk;
		ssize_t k = write(fd, buf, n);

		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			complain("cannot write '%s': %s", o->out,
				 k < 0 ? strerror(errno) : "nothing written");
			free(buf);
			return -1;
		}
		left -= (uint64_t)k; /* a partial write: the rest follows */
	}
	free(buf);
	return 0;
}

static int run_write(struct opts *o)
{
	struct stat st;
	int fd;

	/* a reader that goes away is an error to report, not a death */
	signal(SIGPIPE, SIG_IGN);
	fd = open(o->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0) {
		complain("cannot open '%s': %s", o->out, strerror(errno));
		return -1;
	}
	if (write_bytes(o, fd) < 0) {
		close(fd);
		return -1;
	}
	if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode) && fsync(fd) < 0) {
		complain("cannot sync '%s': %s", o->out, strerror(errno));
		close(fd);
		return -1;
	}
	if (close(fd) < 0) {
		complain("cannot close '%s': %s", o->out, strerror(errno));
		return -1;
	}
	signal_ready(o);
	if (o->hold || o->duration)
		wait_end(o);
	return 0;
}

/* ---- descriptors ----------------------------------------------------- */

/* Close (when `close_from` >= 0: every descriptor >= close_from except
 * `keep`) and count the open descriptors, leaving out the one used to
 * read /proc/self/fd. -1 if that cannot be read. */
static long scan_fds(int close_from, int keep)
{
	DIR *d = opendir("/proc/self/fd");
	struct dirent *e;
	long n = 0;

	if (!d)
		return -1;
	while ((e = readdir(d)) != NULL) {
		int fd;

		if (e->d_name[0] < '0' || e->d_name[0] > '9')
			continue;
		fd = atoi(e->d_name);
		if (fd == dirfd(d))
			continue;
		if (close_from >= 0 && fd >= close_from && fd != keep)
			close(fd);
		else
			n++;
	}
	closedir(d);
	return n;
}

/* Hold exactly --count descriptors once the ready descriptor is closed:
 * close what the parent left us, then open /dev/null (which fills any
 * closed 0-2 first) up to the count. */
static int run_fds(struct opts *o)
{
	long want = o->count + (o->ready_fd > 2 ? 1 : 0);
	long have = scan_fds(3, o->ready_fd);

	if (have < 0) {
		complain("cannot read '/proc/self/fd': %s", strerror(errno));
		return -1;
	}
	for (; have < want; have++) {
		if (open("/dev/null", O_RDONLY) < 0) {
			complain("cannot open '/dev/null' as descriptor %ld "
				 "of --count %ld: %s", have + 1, o->count,
				 strerror(errno));
			return -1;
		}
	}
	have = scan_fds(-1, -1);
	if (have != want) {
		complain("holding %ld descriptors instead of %ld", have, want);
		return -1;
	}
	signal_ready(o);
	wait_end(o);
	return 0;
}

/* ---- threads and children ------------------------------------------ */

static void *block_forever(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

/* The main thread and --count - 1 threads blocked in pause(). They are
 * made with SIGTERM/SIGINT blocked, so those reach the main thread. */
static int start_threads(long n)
{
	pthread_attr_t attr;
	int err = 0;

	pthread_attr_init(&attr);
	pthread_attr_setdetachstate(&attr, PTHREAD_CREATE_DETACHED);
	/* they never use their stack; keep a thousand of them cheap */
	pthread_attr_setstacksize(&attr, 256 * 1024);
	for (long i = 1; i < n && !err; i++) {
		pthread_t t;

		err = pthread_create(&t, &attr, block_forever, NULL);
		if (err)
			complain("cannot create thread %ld of --count %ld: %s",
				 i + 1, n, strerror(err));
	}
	pthread_attr_destroy(&attr);
	return err ? -1 : 0;
}

static int run_threads(struct opts *o)
{
	sigset_t old;
	int rc;

	block_stop_signals(&old);
	rc = start_threads(o->count);
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	if (rc < 0)
		return -1;
	signal_ready(o);
	wait_end(o);
	return 0;
}

/* A child: waits to be killed, by us or because we died. */
__attribute__((noreturn))
static void be_child(struct opts *o, pid_t parent, const sigset_t *mask)
{
	signal(SIGTERM, SIG_DFL);
	signal(SIGINT, SIG_DFL);
	prctl(PR_SET_PDEATHSIG, SIGTERM);
	if (getppid() != parent) /* the parent died before prctl */
		_exit(0);
	/* our copy of the ready descriptor would keep the reader waiting */
	signal_ready(o);
	pthread_sigmask(SIG_SETMASK, mask, NULL);
	for (;;)
		pause();
}

static void end_children(const pid_t *kids, long n)
{
	for (long i = 0; i < n; i++)
		kill(kids[i], SIGTERM);
	for (long i = 0; i < n; i++)
		while (waitpid(kids[i], NULL, 0) < 0 && errno == EINTR)
			;
}

/* Fork --count children. Stop signals stay blocked across fork() so a
 * child cannot take one while it still has our handler. */
static int start_children(struct opts *o, pid_t *kids)
{
	pid_t parent = getpid();
	sigset_t old;

	block_stop_signals(&old);
	for (long i = 0; i < o->count; i++) {
		kids[i] = fork();
		if (kids[i] == 0)
			be_child(o, parent, &old);
		if (kids[i] < 0) {
			complain("cannot fork child %ld of --count %ld: %s",
				 i + 1, o->count, strerror(errno));
			pthread_sigmask(SIG_SETMASK, &old, NULL);
			end_children(kids, i);
			return -1;
		}
	}
	pthread_sigmask(SIG_SETMASK, &old, NULL);
	return 0;
}

static int run_children(struct opts *o)
{
	pid_t *kids = calloc((size_t)o->count + 1, sizeof *kids);

	if (!kids) {
		complain("cannot allocate %ld child pids", o->count);
		return -1;
	}
	if (start_children(o, kids) < 0) {
		free(kids);
		return -1;
	}
	signal_ready(o);
	wait_end(o);
	end_children(kids, o->count);
	free(kids);
	return 0;
}

static int run_idle(struct opts *o)
{
	signal_ready(o);
	wait_end(o);
	return 0;
}

static const struct mode modes[] = {
	{"grow", run_grow, OPT_RATE, OPT_RATE, 0},
	{"steady", run_steady, OPT_SIZE, OPT_SIZE, 0},
	{"sawtooth", run_sawtooth, OPT_SIZE | OPT_PERIOD,
	 OPT_SIZE | OPT_PERIOD, 0},
	{"cpu", run_cpu, OPT_DUTY, OPT_DUTY | OPT_PERIOD, 0},
	{"write", run_write, OPT_BYTES, OPT_BYTES | OPT_OUT | OPT_CHUNK, 0},
	{"fds", run_fds, OPT_COUNT, OPT_COUNT, 3},
	{"threads", run_threads, OPT_COUNT, OPT_COUNT, 1},
	{"children", run_children, OPT_COUNT, OPT_COUNT, 0},
	{"idle", run_idle, 0, 0, 0},
};

/* ---- command line ---------------------------------------------------- */

static const char usage_text[] =
	"usage: psr-workload <mode> [<mode options>] [--duration <seconds>]\n"
	"                    [--ready-fd <fd>] [--hold] [--exit <code>]\n"
	"\n"
	"modes:\n"
	"  grow --rate <bytes>            grow resident memory by <bytes> a second\n"
	"  steady --size <bytes>          touch <bytes> of memory once, then stay\n"
	"  sawtooth --size <bytes> --period <seconds>\n"
	"                                 each period grow from 0 to <bytes>, release\n"
	"  cpu --duty <fraction> [--period <seconds>]\n"
	"                                 spin <fraction> of each period (0.1 s)\n"
	"  write --bytes <n> [--out <path>] [--chunk <bytes>]\n"
	"                                 write exactly <n> bytes to <path>\n"
	"                                 (/dev/null) in <bytes> calls (64K)\n"
	"  fds --count <n>                hold exactly <n> descriptors (n >= 3)\n"
	"  threads --count <n>            run exactly <n> threads (n >= 1)\n"
	"  children --count <n>           keep <n> child processes\n"
	"  idle                           do nothing\n"
	"\n"
	"options:\n"
	"  --duration <seconds>  end after this long (default: at SIGTERM/SIGINT)\n"
	"  --ready-fd <fd>       close <fd> once set up (a reader then sees EOF)\n"
	"  --hold                write: keep running after writing (the other\n"
	"                        modes always do)\n"
	"  --exit <code>         exit with <code> instead of 0\n"
	"  --help                show this help\n"
	"\n"
	"Sizes are integers with an optional K, M or G (1K = 1024); seconds may\n"
	"be decimal. Nothing is printed unless there is an error.\n"
	"Exit status: 0 or --exit <code>; 1 runtime error; 2 usage error.\n";

enum parse_result { PARSE_RUN, PARSE_EXIT, PARSE_ERROR };

__attribute__((format(printf, 1, 2)))
static enum parse_result usage_error(const char *fmt, ...)
{
	char msg[512];
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(msg, sizeof msg, fmt, ap);
	va_end(ap);
	complain("%s", msg);
	return PARSE_ERROR;
}

/* A plain decimal integer: digits only, so "-1" is not read as 2^64-1. */
static bool parse_u64(const char *s, uint64_t *out, char **rest)
{
	char *end;

	if (*s < '0' || *s > '9')
		return false;
	errno = 0;
	*out = strtoull(s, &end, 10);
	*rest = end;
	return errno == 0;
}

static bool parse_int(const char *s, long max, long *out)
{
	uint64_t v;
	char *rest;

	if (!parse_u64(s, &v, &rest) || *rest || v > (uint64_t)max)
		return false;
	*out = (long)v;
	return true;
}

/* An integer with an optional K, M or G (powers of 1024). */
static bool parse_size(const char *s, uint64_t *out)
{
	static const char units[] = "KMG";
	const char *unit;
	uint64_t v;
	char *rest;
	int shift = 0;

	if (!parse_u64(s, &v, &rest))
		return false;
	if (*rest) {
		unit = strchr(units, toupper((unsigned char)rest[0]));
		if (!rest[0] || !unit || rest[1])
			return false;
		shift = 10 * (int)(unit - units + 1);
	}
	if (v > ((uint64_t)SIZE_MAX / 2) >> shift)
		return false;
	*out = v << shift;
	return true;
}

/* Decimal seconds, > 0, to ns. */
static bool parse_seconds(const char *s, int64_t *out)
{
	char *end;
	double v;

	errno = 0;
	v = strtod(s, &end);
	/* written so that NaN fails too; 1e9 s (31 years) bounds the ns */
	if (end == s || *end || errno || !(v > 0 && v <= 1e9))
		return false;
	*out = (int64_t)(v * 1e9 + 0.5);
	return *out > 0;
}

static bool parse_fraction(const char *s, double *out)
{
	char *end;

	errno = 0;
	*out = strtod(s, &end);
	return end != s && !*end && !errno && *out >= 0 && *out <= 1;
}

/* One option's value into o; usage errors name the option. */
static enum parse_result parse_option(struct opts *o, int c, const char *arg)
{
	long fd;

	switch (c) {
	case 'd':
		if (!parse_seconds(arg, &o->duration))
			return usage_error("--duration '%s': not a positive "
					   "number of seconds", arg);
		break;
	case 'f':
		if (!parse_int(arg, INT_MAX, &fd))
			return usage_error("--ready-fd '%s': not a descriptor "
					   "number", arg);
		if (fcntl((int)fd, F_GETFD) < 0)
			return usage_error("--ready-fd %ld: not an open "
					   "descriptor", fd);
		o->ready_fd = (int)fd;
		break;
	case 'H':
		o->hold = true;
		break;
	case 'x': {
		long code;
		if (!parse_int(arg, 255, &code))
			return usage_error("--exit '%s': not a code in 0..255",
					   arg);
		o->exit_code = (int)code;
		break;
	}
	case 'r':
		if (!parse_size(arg, &o->rate) || o->rate == 0)
			return usage_error("--rate '%s': not a positive size "
					   "(bytes a second, K, M, G)", arg);
		o->given |= OPT_RATE;
		break;
	case 's':
		if (!parse_size(arg, &o->size) || o->size == 0)
			return usage_error("--size '%s': not a positive size "
					   "(bytes, K, M, G)", arg);
		o->given |= OPT_SIZE;
		break;
	case 'p':
		if (!parse_seconds(arg, &o->period))
			return usage_error("--period '%s': not a positive "
					   "number of seconds", arg);
		o->given |= OPT_PERIOD;
		break;
	case 'u':
		if (!parse_fraction(arg, &o->duty))
			return usage_error("--duty '%s': not a fraction in "
					   "0..1", arg);
		o->given |= OPT_DUTY;
		break;
	case 'b':
		if (!parse_size(arg, &o->bytes))
			return usage_error("--bytes '%s': not a size (bytes, "
					   "K, M, G)", arg);
		o->given |= OPT_BYTES;
		break;
	case 'o':
		if (!*arg)
			return usage_error("--out: an empty path");
		o->out = arg;
		o->given |= OPT_OUT;
		break;
	case 'c':
		if (!parse_size(arg, &o->chunk) || o->chunk == 0)
			return usage_error("--chunk '%s': not a positive size "
					   "(bytes, K, M, G)", arg);
		o->given |= OPT_CHUNK;
		break;
	case 'n':
		if (!parse_int(arg, INT_MAX, &o->count))
			return usage_error("--count '%s': not a number", arg);
		o->given |= OPT_COUNT;
		break;
	}
	return PARSE_RUN;
}

/* The mode's options: all it needs given, none it does not take. */
static enum parse_result check_mode(const struct opts *o)
{
	const struct mode *m = o->mode;

	for (unsigned i = 0; i < sizeof mode_option_names /
					 sizeof mode_option_names[0]; i++) {
		unsigned bit = 1u << i;

		if ((m->needs & bit) && !(o->given & bit))
			return usage_error("mode '%s' needs %s", m->name,
					   mode_option_names[i]);
		if ((o->given & bit) && !(m->takes & bit))
			return usage_error("%s does not apply to mode '%s'",
					   mode_option_names[i], m->name);
	}
	if ((m->takes & OPT_COUNT) && o->count < m->min_count)
		return usage_error("--count %ld: mode '%s' needs at least %ld",
				   o->count, m->name, m->min_count);
	return PARSE_RUN;
}

static const struct mode *find_mode(const char *name)
{
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++)
		if (strcmp(modes[i].name, name) == 0)
			return &modes[i];
	return NULL;
}

/* psr-workload <mode> [options]: the mode comes first, as in the usage,
 * which also lets errors quote the exact argument that is wrong. */
static enum parse_result parse(struct opts *o, int argc, char **argv)
{
	static const struct option options[] = {
		{"duration", required_argument, NULL, 'd'},
		{"ready-fd", required_argument, NULL, 'f'},
		{"hold", no_argument, NULL, 'H'},
		{"exit", required_argument, NULL, 'x'},
		{"rate", required_argument, NULL, 'r'},
		{"size", required_argument, NULL, 's'},
		{"period", required_argument, NULL, 'p'},
		{"duty", required_argument, NULL, 'u'},
		{"bytes", required_argument, NULL, 'b'},
		{"out", required_argument, NULL, 'o'},
		{"chunk", required_argument, NULL, 'c'},
		{"count", required_argument, NULL, 'n'},
		{"help", no_argument, NULL, 'h'},
		{NULL, 0, NULL, 0},
	};
	int c;

	*o = (struct opts){.ready_fd = -1, .period = NS_PER_SEC / 10,
			   .chunk = 64 * 1024, .out = "/dev/null"};
	if (argc < 2)
		return usage_error("no mode given (see --help)");
	if (strcmp(argv[1], "--help") == 0) {
		fputs(usage_text, stdout);
		return PARSE_EXIT;
	}
	o->mode = find_mode(argv[1]);
	if (!o->mode && argv[1][0] == '-')
		return usage_error("the mode comes first, not '%s' (see --help)",
				   argv[1]);
	if (!o->mode)
		return usage_error("unknown mode '%s' (see --help)", argv[1]);
	/* argv + 1: getopt skips the mode as it would a program name */
	opterr = 0;
	for (int at = optind; (c = getopt_long(argc - 1, argv + 1, "+:",
						 options, NULL)) != -1;
	     at = optind) {
		if (c == 'h') {
			fputs(usage_text, stdout);
			return PARSE_EXIT;
		}
		if (c == ':')
			return usage_error("option '%s' needs a value",
					   argv[1 + at]);
		if (c == '?')
			return usage_error("invalid option '%s' (see --help)",
					   argv[1 + at]);
		if (parse_option(o, c, optarg) == PARSE_ERROR)
			return PARSE_ERROR;
	}
	if (optind < argc - 1)
		return usage_error("unexpected argument '%s'",
				   argv[1 + optind]);
	return check_mode(o);
}

int main(int argc, char **argv)
{
	struct opts o;

	switch (parse(&o, argc, argv)) {
	case PARSE_EXIT:
		return 0;
	case PARSE_ERROR:
		return EXIT_USAGE;
	case PARSE_RUN:
		break;
	}
	page_size = (size_t)sysconf(_SC_PAGESIZE);
	catch_stop_signals();
	o.start = now_ns();
	if (o.mode->run(&o) < 0)
		return EXIT_RUNTIME;
	return o.exit_code;
}
