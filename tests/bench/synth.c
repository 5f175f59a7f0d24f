/* synth.c - psr-synth: write a long synthetic log through the format
 * library, for the report benchmarks (a day of samples in a second).
 *
 * usage: psr-synth <out.psr> <processes> <seconds> [<interval> [<busy>
 *                  [<host> [<start>]]]]
 *
 * <busy>: one process in <busy> is busy (default 10; 1: all; 0: none).
 * <host>: the header's host name (default "synth"); <start>: the first
 * sample's Unix time in seconds (default 1795536000, 2026-11-24 UTC), for
 * fleets of hosts recorded at different times.
 *
 * One process in ten is busy (CPU near 50%, memory with a sawtooth over a
 * slow growth, I/O every sample); the others are idle (a clock tick now
 * and then, nothing else), as on a real host. Blocks are cut every 10 s of
 * log time, as psrec does by default. */
#include <psr/log.h>

#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static uint64_t rng = 88172645463325252ull;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void busy(struct psr_values *v, uint64_t i)
{
	v->v[PSR_M_UTIME] += 40 + next() % 20;
	v->v[PSR_M_STIME] += next() % 5;
	v->v[PSR_M_RSS] = 25000 + i / 100 + (i % 600) * 10 + next() % 8;
	v->v[PSR_M_VSIZE] = 200000 + i / 100;
	v->v[PSR_M_DATA] = v->v[PSR_M_RSS] + 1000;
	v->v[PSR_M_MINFLT] += next() % 300;
	v->v[PSR_M_RCHAR] += next() % 100000;
	v->v[PSR_M_WCHAR] += next() % 50000;
	v->v[PSR_M_SYSCR] += next() % 100;
	v->v[PSR_M_SYSCW] += next() % 50;
	v->v[PSR_M_WRITE_BYTES] += (next() % 4) * 4096;
	v->v[PSR_M_FDS] = 40 + next() % 3;
	v->v[PSR_M_STATE] = next() % 2 ? 'R' : 'S';
}

static void idle(struct psr_values *v)
{
	if (next() % 10 == 0)
		v->v[PSR_M_UTIME]++;
}

static int is_busy(long p, long every)
{
	return every > 0 && p % every == 0;
}

int main(int argc, char **argv)
{
	struct psr_header h = {0};
	struct psr_writer *w;
	struct psr_values *vals;
	uint64_t interval_ns;
	long procs, secs, busy_every;
	int fd;

	if (argc < 4 || argc > 8) {
		fputs("usage: psr-synth <out.psr> <processes> <seconds> "
		      "[<interval> [<busy> [<host> [<start>]]]]\n", stderr);
		return 2;
	}
	procs = atol(argv[2]);
	secs = atol(argv[3]);
	interval_ns = (uint64_t)((argc >= 5 ? atof(argv[4]) : 1.0) * 1e9);
	busy_every = argc >= 6 ? atol(argv[5]) : 10;
	if (procs < 1 || secs < 1 || interval_ns < 1000000) {
		fputs("psr-synth: bad arguments\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	h.version = PSR_FORMAT_VERSION;
	h.min_reader = 1;
	h.start_epoch_ns = argc >= 8 ? atoll(argv[7]) * 1000000000ll
				     : 1795536000000000000ll;
	h.start_mono_ns = 1000000000ull;
	h.boot_epoch_ns = h.start_epoch_ns - 3600000000000ll;
	h.interval_ns = interval_ns;
	h.clock_ticks = 100;
	h.page_size = 4096;
	h.cpu_count = 2;
	h.writer_pid = 1;
	snprintf(h.hostname, sizeof h.hostname, "%s",
		 argc >= 7 ? argv[6] : "synth");
	snprintf(h.kernel, sizeof h.kernel, "6.1.0");
	snprintf(h.machine, sizeof h.machine, "x86_64");
	snprintf(h.writer, sizeof h.writer, "psr-synth");
	h.command_line = (char *)"psr-synth";
	h.command_line_len = 10;
	h.metric_count = psr_metric_set_default(h.metrics);
	if (psr_writer_open(&w, fd, &h, 0)) {
		fputs("psr-synth: cannot start the log\n", stderr);
		return 1;
	}
	vals = calloc((size_t)procs, sizeof *vals);
	for (long p = 0; p < procs; p++) {
		struct psr_process pr = {0};
		uint32_t id;
		pr.pid = (uint32_t)(1000 + p);
		pr.ppid = 1;
		pr.start_ticks = 100;
		pr.comm = is_busy(p, busy_every) ? "busy" : "idle";
		pr.cmdline = is_busy(p, busy_every) ? "busy\0" : "idle\0";
		pr.cmdline_len = 5;
		psr_writer_add_process(w, &pr, &id);
		vals[p].id = id;
		vals[p].present = ~0ull;
		vals[p].v[PSR_M_RSS] = 2000;
		vals[p].v[PSR_M_VSIZE] = 5000;
		vals[p].v[PSR_M_THREADS] = 1;
		vals[p].v[PSR_M_FDS] = 4;
		vals[p].v[PSR_M_STATE] = 'S';
	}
	uint64_t n = (uint64_t)secs * 1000000000ull / interval_ns;
	for (uint64_t i = 0; i <= n; i++) {
		uint64_t t = h.start_mono_ns + i * interval_ns;
		for (long p = 0; p < procs; p++)
			is_busy(p, busy_every) ? busy(&vals[p], i)
					       : idle(&vals[p]);
		if (psr_writer_add_sample(w, t, h.start_epoch_ns +
					  (int64_t)(i * interval_ns),
					  vals, (size_t)procs)) {
			fprintf(stderr, "psr-synth: %s\n", psr_writer_errmsg(w));
			return 1;
		}
		if ((i + 1) * interval_ns % 10000000000ull == 0)
			psr_writer_flush(w);
	}
	struct psr_close c = {.t_us = n * interval_ns / 1000, .samples = n + 1};
	psr_writer_close(w, &c);
	psr_writer_free(w);
	free(vals);
	return close(fd) ? 1 : 0;
}
