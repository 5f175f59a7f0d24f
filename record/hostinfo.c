/* hostinfo.c - header fields: host, kernel, units, clocks, metrics. */
#define _GNU_SOURCE
#include "hostinfo.h"

#include "psr_config.h"

#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/random.h>
#include <sys/utsname.h>
#include <time.h>
#include <unistd.h>

static uint64_t ns_of(clockid_t id)
{
	struct timespec ts;
	clock_gettime(id, &ts);
	return (uint64_t)ts.tv_sec * 1000000000ull + (uint64_t)ts.tv_nsec;
}

uint64_t clock_mono_ns(void)
{
	return ns_of(CLOCK_MONOTONIC);
}

int64_t clock_real_ns(void)
{
	return (int64_t)ns_of(CLOCK_REALTIME);
}

static int join_argv(struct psr_header *h, int argc, char **argv)
{
	size_t len = 0;
	for (int i = 0; i < argc; i++)
		len += strlen(argv[i]) + 1;
	h->command_line = malloc(len ? len : 1);
	if (!h->command_line)
		return -ENOMEM;
	char *p = h->command_line;
	for (int i = 0; i < argc; i++) {
		size_t n = strlen(argv[i]) + 1;
		memcpy(p, argv[i], n);
		p += n;
	}
	h->command_line_len = len;
	return 0;
}

static void random_bytes(uint8_t *p, size_t n)
{
	size_t got = 0;
	while (got < n) {
		ssize_t k = getrandom(p + got, n - got, 0);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0)
			break;
		got += (size_t)k;
	}
	if (got < n) {
		/* no getrandom (very old kernel): still unique enough to
		 * tell files apart, which is all the ids are for */
		uint64_t x = (uint64_t)clock_real_ns() ^ (uint64_t)getpid() << 32;
		for (; got < n; got++) {
			x = x * 6364136223846793005ull + 1442695040888963407ull;
			p[got] = (uint8_t)(x >> 56);
		}
	}
}

void hostinfo_next_part(struct psr_header *h)
{
	if (h->has_ids)
		h->part++;
	else
		random_bytes(h->run_id, sizeof h->run_id);
	h->has_ids = 1;
	random_bytes(h->log_id, sizeof h->log_id);
	h->start_mono_ns = clock_mono_ns();
	h->start_epoch_ns = clock_real_ns();
}

int hostinfo_header(struct psr_header *h, int argc, char **argv,
		    uint64_t interval_ns, int extended, int uss, int system)
{
	struct utsname u;
	memset(h, 0, sizeof *h);
	if (uname(&u) == 0) {
		snprintf(h->hostname, sizeof h->hostname, "%s", u.nodename);
		snprintf(h->kernel, sizeof h->kernel, "%s", u.release);
		snprintf(h->machine, sizeof h->machine, "%.63s", u.machine);
	}
	snprintf(h->writer, sizeof h->writer, "psrec %s", PSR_VERSION);
	h->version = PSR_FORMAT_VERSION;
	h->min_reader = 1;
	h->interval_ns = interval_ns;
	h->clock_ticks = (uint32_t)sysconf(_SC_CLK_TCK);
	h->page_size = (uint32_t)sysconf(_SC_PAGESIZE);
	h->cpu_count = (uint32_t)sysconf(_SC_NPROCESSORS_ONLN);
	h->writer_pid = (uint32_t)getpid();
	h->metric_count = psr_metric_set_default(h->metrics);
	if (extended)
		h->metric_count +=
			psr_metric_set_extended(h->metrics + h->metric_count);
	if (uss)
		h->metric_count += psr_metric_set_uss(h->metrics + h->metric_count);
	/* part of the default set, listed last: the other metrics keep the
	 * mask positions they had in format 2 */
	h->metric_count += psr_metric_set_reaped(h->metrics + h->metric_count);
	if (system)
		h->system_count = psr_sysmetric_set(h->system_metrics);
	/* a new run (part 0) with fresh ids; the clocks, read back to back,
	 * define t = 0 of the log */
	hostinfo_next_part(h);
	h->boot_epoch_ns = h->start_epoch_ns - (int64_t)ns_of(CLOCK_BOOTTIME);
	return join_argv(h, argc, argv);
}

long long hostinfo_btime(int proc_fd, int64_t fallback_epoch_ns)
{
	/* /proc/stat's btime is whole seconds and the same for every reader
	 * until the next boot, unlike a boot time derived from two clocks.
	 * Line by line: the intr line before it can be long. */
	long long btime = fallback_epoch_ns / 1000000000;
	int fd = openat(proc_fd, "stat", O_RDONLY | O_CLOEXEC);
	FILE *f = fd >= 0 ? fdopen(fd, "r") : NULL;
	if (!f) {
		if (fd >= 0)
			close(fd);
		return btime;
	}
	char *line = NULL;
	size_t cap = 0;
	while (getline(&line, &cap, f) > 0)
		if (strncmp(line, "btime ", 6) == 0) {
			btime = strtoll(line + 6, NULL, 10);
			break;
		}
	free(line);
	fclose(f);
	return btime;
}
