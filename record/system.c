/* system.c - whole-host figures (FORMAT.md 5.1). */
#define _GNU_SOURCE
#include "system.h"

#include <errno.h>
#include <fcntl.h>
#include <string.h>
#include <unistd.h>

static void set(uint64_t *present, uint64_t *v, unsigned m, uint64_t x)
{
	v[m] = x;
	*present |= 1ull << m;
}

/* A decimal at *p after blanks; 0 and no advance if there is none. */
static int num(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	if (s >= end || *s < '0' || *s > '9')
		return 0;
	uint64_t v = 0;
	while (s < end && *s >= '0' && *s <= '9')
		v = v * 10 + (uint64_t)(*s++ - '0');
	*out = v;
	*p = s;
	return 1;
}

struct field {
	const char *name;
	unsigned metric;
};

/* Lines "Name<sep> value": set the metric of each name of the table. */
static void keyed(const char *buf, size_t n, const struct field *t,
		  unsigned count, char sep, uint64_t *present, uint64_t *v)
{
	const char *p = buf, *end = buf + n;
	while (p < end) {
		const char *nl = memchr(p, '\n', (size_t)(end - p));
		const char *eol = nl ? nl : end;
		const char *s = memchr(p, sep, (size_t)(eol - p));
		for (unsigned i = 0; s && i < count; i++) {
			size_t len = strlen(t[i].name);
			uint64_t x;
			const char *q = s + 1;
			if ((size_t)(s - p) == len && !memcmp(p, t[i].name, len)) {
				if (num(&q, eol, &x))
					set(present, v, t[i].metric, x);
				break;
			}
		}
		p = eol + 1;
	}
}

void system_parse_meminfo(const char *buf, size_t n, uint64_t *present,
			  uint64_t *v)
{
	static const struct field t[] = {
		{"MemTotal", PSR_S_MEM_TOTAL},
		{"MemFree", PSR_S_MEM_FREE},
		{"MemAvailable", PSR_S_MEM_AVAILABLE},
		{"Buffers", PSR_S_BUFFERS},
		{"Cached", PSR_S_CACHED},
		{"SReclaimable", PSR_S_SRECLAIMABLE},
		{"Shmem", PSR_S_SHMEM},
		{"SwapTotal", PSR_S_SWAP_TOTAL},
		{"SwapFree", PSR_S_SWAP_FREE},
	};
	keyed(buf, n, t, sizeof t / sizeof t[0], ':', present, v);
}

void system_parse_stat(const char *buf, size_t n, uint64_t *present,
		       uint64_t *v)
{
	const char *p = buf, *end = buf + n;
	/* the first line, "cpu  user nice system idle iowait irq softirq
	 * steal guest guest_nice"; older kernels have fewer fields */
	if (n > 4 && !memcmp(buf, "cpu ", 4)) {
		p += 4;
		for (unsigned m = PSR_S_CPU_USER; m <= PSR_S_CPU_GUEST_NICE;
		     m++) {
			uint64_t x;
			if (!num(&p, end, &x))
				break;
			set(present, v, m, x);
		}
	}
	static const struct field t[] = {
		{"ctxt", PSR_S_CTXT},
		{"processes", PSR_S_FORKS},
		{"procs_running", PSR_S_PROCS_RUNNING},
		{"procs_blocked", PSR_S_PROCS_BLOCKED},
	};
	/* skip the per-CPU and intr lines quickly: wanted ones start with
	 * 'c' or 'p' and come after them */
	const char *ctxt = memmem(buf, n, "\nctxt ", 6);
	if (ctxt)
		keyed(ctxt + 1, (size_t)(end - ctxt - 1), t,
		      sizeof t / sizeof t[0], ' ', present, v);
}

/* "0.52 0.58 0.59 1/234 5678": the first three, in hundredths. */
void system_parse_loadavg(const char *buf, size_t n, uint64_t *present,
			  uint64_t *v)
{
	const char *p = buf, *end = buf + n;
	for (unsigned m = PSR_S_LOAD1; m <= PSR_S_LOAD15; m++) {
		uint64_t whole, frac = 0;
		if (!num(&p, end, &whole))
			return;
		if (p < end && *p == '.') {
			const char *q = ++p;
			uint64_t f;
			if (!num(&p, end, &f))
				return;
			/* two decimals as the kernel prints them; be exact
			 * for one or two, truncate beyond */
			size_t digits = (size_t)(p - q);
			if (digits == 1)
				frac = f * 10;
			else {
				frac = f;
				for (size_t i = 2; i < digits; i++)
					frac /= 10;
			}
		}
		set(present, v, m, whole * 100 + frac);
	}
}

static int open_one(int root, const char *name)
{
	return openat(root, name, O_RDONLY | O_CLOEXEC);
}

int system_open(struct system_files *s, int root_fd)
{
	s->meminfo = open_one(root_fd, "meminfo");
	s->stat = open_one(root_fd, "stat");
	s->loadavg = open_one(root_fd, "loadavg");
	if (s->meminfo < 0 && s->stat < 0 && s->loadavg < 0)
		return -errno;
	return 0;
}

void system_close(struct system_files *s)
{
	int *fds[] = {&s->meminfo, &s->stat, &s->loadavg};
	for (unsigned i = 0; i < 3; i++) {
		if (*fds[i] >= 0)
			close(*fds[i]);
		*fds[i] = -1;
	}
}

static ssize_t pread_all(int fd, char *buf, size_t cap)
{
	if (fd < 0)
		return -1;
	ssize_t n;
	do
		n = pread(fd, buf, cap - 1, 0);
	while (n < 0 && errno == EINTR);
	if (n >= 0)
		buf[n] = 0;
	return n;
}

void system_read(const struct system_files *s, uint64_t *present,
		 uint64_t *v)
{
	/* /proc/stat grows with CPUs and interrupts: room for big hosts */
	static char buf[256 * 1024];
	*present = 0;
	ssize_t n = pread_all(s->meminfo, buf, sizeof buf);
	if (n > 0)
		system_parse_meminfo(buf, (size_t)n, present, v);
	n = pread_all(s->stat, buf, sizeof buf);
	if (n > 0)
		system_parse_stat(buf, (size_t)n, present, v);
	n = pread_all(s->loadavg, buf, sizeof buf);
	if (n > 0)
		system_parse_loadavg(buf, (size_t)n, present, v);
}
