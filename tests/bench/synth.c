/* synth.c - psr-synth: write a long synthetic log through the format
 * library, for the report benchmarks (a day of samples in a second).
 *
 * usage: psr-synth <out.psr> <processes> <seconds> [<interval> [<busy>
 *                  [<host> [<start>]]]]
 *
 * <busy>: one process in <busy> is busy (default 10; 1: all; 0: none);
 * or "host", a mix like a psrec -a recording of a real host.
 * <host>: the header's host name (default "synth"); <start>: the first
 * sample's Unix time in seconds (default 1795536000, 2026-11-24 UTC), for
 * fleets of hosts recorded at different times.
 *
 * A busy process (CPU near 50%, memory with a sawtooth over a slow
 * growth, I/O every sample, a reaped child's CPU in one sample in 50)
 * changes about 12 of its 20 statistics series
 * every sample; an idle one gets a clock tick in one sample in ten and
 * nothing else.
 *
 * "host", per 50 processes: 35 sleeping (a tick in one sample in 60); 10
 * light daemons (a tick in one sample in 5, I/O in one in 10, RSS moving
 * in one in 30); 4 batch jobs, busy 60 s in every 600 s and idle
 * otherwise; 1 busy all the time (a server). Process 0 is pid 1 and every
 * other one its child, so that, as with psrec -a, all are in one process tree. 84%
 * of the process-samples repeat the one before (in a psrec -a -x
 * recording of a 2-CPU build VM at 0.1 s: 89%).
 *
 * Blocks are cut every 10 s of log time, as psrec does by default. */
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
	/* now and then it waits for a child, as a busy shell or make does */
	if (next() % 50 == 0)
		v->v[PSR_M_CUTIME] += 30;
}

static void idle(struct psr_values *v, unsigned tick_every)
{
	if (next() % tick_every == 0)
		v->v[PSR_M_UTIME]++;
}

/* A daemon that wakes often: ticks, some I/O, its RSS moving a little. */
static void light(struct psr_values *v)
{
	idle(v, 5);
	if (next() % 10 == 0) {
		v->v[PSR_M_RCHAR] += 4096;
		v->v[PSR_M_WCHAR] += 512;
		v->v[PSR_M_SYSCR] += 2;
		v->v[PSR_M_SYSCW] += 1;
	}
	if (next() % 30 == 0)
		v->v[PSR_M_RSS] = 3000 + next() % 64;
}

enum kind { IDLE, BUSY, BATCH, LIGHT, SLEEPING };

/* What process p is: one in <busy> busy, or its place in the host mix. */
static enum kind kind_of(long p, long busy_every, int host)
{
	long k = p % 50;

	if (!host)
		return busy_every > 0 && p % busy_every == 0 ? BUSY : IDLE;
	return k == 49 ? BUSY : k >= 45 ? BATCH : k >= 35 ? LIGHT : SLEEPING;
}

static void step(struct psr_values *v, enum kind k, long p, uint64_t i,
		 uint64_t per_10min)
{
	switch (k) {
	case BUSY:
		busy(v, i);
		break;
	case BATCH: /* its minute in every ten, at its own phase */
		if ((i + (uint64_t)p * per_10min / 7) % per_10min <
		    per_10min / 10)
			busy(v, i);
		else
			idle(v, 10);
		break;
	case LIGHT:
		light(v);
		break;
	case SLEEPING:
		idle(v, 60);
		break;
	default:
		idle(v, 10);
	}
}

int main(int argc, char **argv)
{
	struct psr_header h = {0};
	struct psr_writer *w;
	struct psr_values *vals;
	uint64_t interval_ns;
	long procs, secs, busy_every;
	int fd, host;

	if (argc < 4 || argc > 8) {
		fputs("usage: psr-synth <out.psr> <processes> <seconds> "
		      "[<interval> [<busy> [<host> [<start>]]]]\n", stderr);
		return 2;
	}
	procs = atol(argv[2]);
	secs = atol(argv[3]);
	interval_ns = (uint64_t)((argc >= 5 ? atof(argv[4]) : 1.0) * 1e9);
	host = argc >= 6 && strcmp(argv[5], "host") == 0;
	busy_every = argc >= 6 && !host ? atol(argv[5]) : 10;
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
	/* as psrec lists them since format 3: cutime, cstime last */
	h.metric_count = psr_metric_set_default(h.metrics);
	h.metric_count += psr_metric_set_reaped(h.metrics + h.metric_count);
	if (psr_writer_open(&w, fd, &h, 0)) {
		fputs("psr-synth: cannot start the log\n", stderr);
		return 1;
	}
	vals = calloc((size_t)procs, sizeof *vals);
	for (long p = 0; p < procs; p++) {
		struct psr_process pr = {0};
		uint32_t id;
		static const char *const names[] = {"idle", "busy", "batch",
						    "light", "sleep"};
		enum kind k = kind_of(p, busy_every, host);
		pr.pid = host && p == 0 ? 1 : (uint32_t)(1000 + p);
		pr.ppid = host && p == 0 ? 0 : 1;
		pr.start_ticks = 100;
		pr.comm = names[k];
		pr.cmdline = names[k];
		pr.cmdline_len = strlen(names[k]) + 1;
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
	uint64_t per_10min = 600000000000ull / interval_ns;
	for (uint64_t i = 0; i <= n; i++) {
		uint64_t t = h.start_mono_ns + i * interval_ns;
		for (long p = 0; p < procs; p++)
			step(&vals[p], kind_of(p, busy_every, host), p, i,
			     per_10min ? per_10min : 1);
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
