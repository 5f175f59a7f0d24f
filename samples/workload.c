/* workload.c - psr-workload: a process whose effect on /proc is known
 * exactly, for the tests, the demo and the benchmark.
 *
 * usage: psr-workload MODE [--duration SEC] [--ready-fd FD] [--hold]
 *                          [--exit CODE] [mode options]
 * Modes: grow --rate B/s | steady --size B | sawtooth --size B --period S
 *        | cpu --duty F [--period S] | write --bytes N [--out PATH]
 *        [--chunk B] | fds --count N | threads --count N
 *        | children --count N | idle
 * Sizes take K, M, G (1024-based). Nothing is printed unless an error. */
#define _GNU_SOURCE
#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <getopt.h>
#include <pthread.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/stat.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#define PAGE 4096

struct opts {
	const char *mode;
	double duration; /* 0: until SIGTERM/SIGINT */
	int ready_fd;
	int hold;
	int exit_code;
	double rate, period, duty;
	long long size, bytes, chunk, count;
	const char *out;
};

static volatile sig_atomic_t stop;

static void on_stop(int sig)
{
	(void)sig;
	stop = 1;
}

__attribute__((format(printf, 2, 3), noreturn))
static void die(int code, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	fputs("psr-workload: ", stderr);
	vfprintf(stderr, fmt, ap);
	va_end(ap);
	fputc('\n', stderr);
	exit(code);
}

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts = {(time_t)t, (long)((t - (double)(time_t)t) * 1e9)};
	while (!stop && clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts,
					NULL) == EINTR)
		;
}

static long long parse_size(const char *opt, const char *s)
{
	char *end;
	errno = 0;
	double v = strtod(s, &end);
	double mult = 1;
	switch (*end) {
	case 'K': case 'k': mult = 1024; end++; break;
	case 'M': case 'm': mult = 1024.0 * 1024; end++; break;
	case 'G': case 'g': mult = 1024.0 * 1024 * 1024; end++; break;
	}
	if (errno || end == s || *end || !(v >= 0))
		die(2, "%s: not a size", opt);
	return (long long)(v * mult);
}

static double parse_sec(const char *opt, const char *s)
{
	char *end;
	double v = strtod(s, &end);
	if (end == s || *end || !(v > 0))
		die(2, "%s: not a positive number", opt);
	return v;
}

static void ready(struct opts *o)
{
	if (o->ready_fd >= 0)
		close(o->ready_fd);
	o->ready_fd = -1;
}

/* Wait for the end: --duration from start, or a signal. */
static void wait_end(const struct opts *o, double start)
{
	if (o->duration > 0)
		sleep_until(start + o->duration);
	else
		while (!stop)
			pause();
}

static char *reserve(size_t bytes)
{
	char *p = mmap(NULL, bytes ? bytes : PAGE, PROT_READ | PROT_WRITE,
		       MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
	if (p == MAP_FAILED)
		die(1, "mmap: %s", strerror(errno));
	return p;
}

static void touch(char *p, size_t from, size_t to)
{
	for (size_t off = from - from % PAGE; off < to; off += PAGE)
		p[off] = 1;
}

/* RSS grows at rate bytes/s: every 10 ms touch up to rate * elapsed. */
static void mode_grow(struct opts *o, double start)
{
	size_t cap = (size_t)64 << 30;
	char *p = reserve(cap);
	ready(o);
	size_t done = 0;
	for (double t = start; !stop; t += 0.01) {
		double el = now() - start;
		if (o->duration > 0 && el >= o->duration)
			break;
		size_t want = (size_t)(o->rate * el);
		if (want > cap)
			want = cap;
		if (want > done) {
			touch(p, done, want);
			done = want;
		}
		sleep_until(t + 0.01);
	}
}

static void mode_steady(struct opts *o, double start)
{
	char *p = reserve((size_t)o->size);
	touch(p, 0, (size_t)o->size);
	ready(o);
	wait_end(o, start);
}

static void mode_sawtooth(struct opts *o, double start)
{
	size_t size = (size_t)o->size;
	char *p = reserve(size);
	ready(o);
	size_t done = 0;
	double cycle = start;
	for (double t = start; !stop; t += 0.01) {
		double el = now();
		if (o->duration > 0 && el - start >= o->duration)
			break;
		if (el - cycle >= o->period) {
			madvise(p, size, MADV_DONTNEED); /* RSS drops */
			done = 0;
			cycle += o->period;
		}
		size_t want = (size_t)((double)size * (el - cycle) / o->period);
		if (want > size)
			want = size;
		if (want > done) {
			touch(p, done, want);
			done = want;
		}
		sleep_until(t + 0.01);
	}
}

static void mode_cpu(struct opts *o, double start)
{
	ready(o);
	for (double t = start; !stop; t += o->period) {
		if (o->duration > 0 && t - start >= o->duration)
			break;
		while (now() < t + o->duty * o->period && !stop)
			;
		sleep_until(t + o->period);
	}
}

static void mode_write(struct opts *o, double start)
{
	int fd = open(o->out, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	if (fd < 0)
		die(1, "cannot open '%s'", o->out);
	size_t chunk = (size_t)o->chunk;
	char *buf = calloc(1, chunk);
	long long left = o->bytes;
	while (left > 0) {
		size_t n = left < (long long)chunk ? (size_t)left : chunk;
		ssize_t k = write(fd, buf, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			die(1, "write to '%s' failed", o->out);
		left -= k;
	}
	struct stat sb;
	if (fstat(fd, &sb) == 0 && S_ISREG(sb.st_mode))
		fsync(fd);
	close(fd);
	free(buf);
	ready(o);
	if (o->hold || o->duration > 0)
		wait_end(o, start);
}

static long count_open_fds(void)
{
	DIR *d = opendir("/proc/self/fd");
	long n = 0;
	struct dirent *e;
	while (d && (e = readdir(d)))
		if (e->d_name[0] != '.')
			n++;
	if (d)
		closedir(d);
	return n - 1; /* the directory's own descriptor */
}

static void mode_fds(struct opts *o, double start)
{
	if (o->count < 3)
		die(2, "%s: --count must be at least 3", "fds");
	/* close whatever the parent leaked, except the ready pipe */
	for (int fd = 3; fd < 65536; fd++)
		if (fd != o->ready_fd)
			close(fd);
	long want = (long)o->count + (o->ready_fd >= 0 ? 1 : 0);
	while (count_open_fds() < want)
		if (open("/dev/null", O_RDONLY) < 0)
			die(1, "open /dev/null: %s", strerror(errno));
	ready(o);
	wait_end(o, start);
}

static void *blocked(void *arg)
{
	(void)arg;
	for (;;)
		pause();
	return NULL;
}

static void mode_threads(struct opts *o, double start)
{
	if (o->count < 1)
		die(2, "%s: --count must be at least 1", "threads");
	for (long long i = 1; i < o->count; i++) {
		pthread_t t;
		if (pthread_create(&t, NULL, blocked, NULL) != 0)
			die(1, "%s", "pthread_create failed");
	}
	ready(o);
	wait_end(o, start);
}

static void mode_children(struct opts *o, double start)
{
	pid_t *kids = calloc((size_t)o->count + 1, sizeof *kids);
	for (long long i = 0; i < o->count; i++) {
		pid_t pid = fork();
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGTERM);
			signal(SIGTERM, SIG_DFL);
			for (;;)
				pause();
		}
		kids[i] = pid;
	}
	ready(o);
	wait_end(o, start);
	for (long long i = 0; i < o->count; i++)
		kill(kids[i], SIGTERM);
	for (long long i = 0; i < o->count; i++)
		waitpid(kids[i], NULL, 0);
	free(kids);
}

static void parse(struct opts *o, int argc, char **argv)
{
	static const struct option lo[] = {
		{"duration", 1, NULL, 'd'}, {"ready-fd", 1, NULL, 'r'},
		{"hold", 0, NULL, 'H'},     {"exit", 1, NULL, 'e'},
		{"rate", 1, NULL, 'R'},     {"size", 1, NULL, 'S'},
		{"period", 1, NULL, 'P'},   {"duty", 1, NULL, 'D'},
		{"bytes", 1, NULL, 'B'},    {"out", 1, NULL, 'o'},
		{"chunk", 1, NULL, 'C'},    {"count", 1, NULL, 'n'},
		{"help", 0, NULL, 'h'},     {0},
	};
	*o = (struct opts){.ready_fd = -1, .period = 0.1, .chunk = 65536,
			   .out = "/dev/null", .count = -1};
	int c;
	while ((c = getopt_long(argc, argv, "", lo, NULL)) != -1) {
		switch (c) {
		case 'd': o->duration = parse_sec("--duration", optarg); break;
		case 'r': o->ready_fd = atoi(optarg); break;
		case 'H': o->hold = 1; break;
		case 'e': o->exit_code = atoi(optarg); break;
		case 'R': o->rate = (double)parse_size("--rate", optarg); break;
		case 'S': o->size = parse_size("--size", optarg); break;
		case 'P': o->period = parse_sec("--period", optarg); break;
		case 'D': o->duty = strtod(optarg, NULL); break;
		case 'B': o->bytes = parse_size("--bytes", optarg); break;
		case 'o': o->out = optarg; break;
		case 'C': o->chunk = parse_size("--chunk", optarg); break;
		case 'n': o->count = parse_size("--count", optarg); break;
		case 'h':
			puts("usage: psr-workload grow|steady|sawtooth|cpu|write|"
			     "fds|threads|children|idle [options]\n"
			     "  see the comment at the top of samples/workload.c");
			exit(0);
		default:
			exit(2);
		}
	}
	if (optind != argc - 1)
		die(2, "%s", "one MODE is needed (see --help)");
	o->mode = argv[optind];
	if (o->chunk <= 0 || o->duty < 0 || o->duty > 1)
		die(2, "%s", "--chunk must be positive, --duty within 0..1");
}

int main(int argc, char **argv)
{
	struct opts o;
	parse(&o, argc, argv);
	struct sigaction sa = {.sa_handler = on_stop};
	sigaction(SIGTERM, &sa, NULL);
	sigaction(SIGINT, &sa, NULL);
	double start = now();
	static const struct {
		const char *name;
		void (*run)(struct opts *, double);
	} modes[] = {
		{"grow", mode_grow},       {"steady", mode_steady},
		{"sawtooth", mode_sawtooth}, {"cpu", mode_cpu},
		{"write", mode_write},     {"fds", mode_fds},
		{"threads", mode_threads}, {"children", mode_children},
		{"idle", NULL},
	};
	for (size_t i = 0; i < sizeof modes / sizeof modes[0]; i++) {
		if (strcmp(o.mode, modes[i].name) != 0)
			continue;
		if (modes[i].run) {
			modes[i].run(&o, start);
		} else {
			ready(&o);
			wait_end(&o, start);
		}
		return o.exit_code;
	}
	die(2, "unknown mode '%s'", o.mode);
	return 2;
}
