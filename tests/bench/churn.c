/* churn.c - psr-churn: write the log of a churning host (a build or CI
 * server) through the format library, for tests/bench/hostscale.sh.
 *
 * usage: psr-churn <out.psr> <short> [<seconds> [<long>]]
 *
 * <long> long-lived processes (default 300: a pid 1, daemons, a make)
 * sampled at 1 Hz for <seconds> (default 86400, a day), and <short>
 * short-lived ones spread evenly over the run, each with 1 to 5 samples
 * and an END record, named like a build's processes (cc1, as, ld, sh,
 * make, git...) so that per-command totals have something to add up.
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

/* a build's process names, the frequent ones more than once */
static const char *const names[] = {
	"cc1", "cc1", "cc1", "cc1", "as", "as", "as", "gcc", "gcc", "gcc",
	"sh", "sh", "ld", "collect2", "make", "git", "python3", "sed", "cc1plus",
	"rustc",
};
#define NNAMES (sizeof names / sizeof names[0])

struct live {
	struct psr_values v;
	uint32_t left; /* samples still to come; 0: long-lived */
};

static void start(struct psr_writer *w, struct live *l, uint32_t pid,
		  uint32_t ppid, const char *comm, uint32_t uid, uint32_t left)
{
	struct psr_process pr = {0};
	uint32_t id;

	pr.pid = pid;
	pr.ppid = ppid;
	pr.uid = uid;
	pr.start_ticks = 100 + pid;
	pr.comm = comm;
	pr.cmdline = comm;
	pr.cmdline_len = strlen(comm) + 1;
	psr_writer_add_process(w, &pr, &id);
	memset(&l->v, 0, sizeof l->v);
	l->v.id = id;
	l->v.present = ~0ull;
	l->v.v[PSR_M_RSS] = 300 + next() % 20000;
	l->v.v[PSR_M_VSIZE] = 5000 + l->v.v[PSR_M_RSS];
	l->v.v[PSR_M_THREADS] = 1;
	l->v.v[PSR_M_FDS] = 4;
	l->v.v[PSR_M_STATE] = 'R';
	l->left = left;
}

/* a short process works; a long one mostly sleeps */
static void step(struct live *l)
{
	struct psr_values *v = &l->v;

	if (l->left) {
		v->v[PSR_M_UTIME] += 20 + next() % 80;
		v->v[PSR_M_STIME] += next() % 10;
		v->v[PSR_M_RSS] += next() % 4000;
		v->v[PSR_M_MINFLT] += next() % 3000;
		v->v[PSR_M_RCHAR] += next() % 1000000;
		v->v[PSR_M_WCHAR] += next() % 100000;
		v->v[PSR_M_SYSCR] += next() % 300;
		v->v[PSR_M_SYSCW] += next() % 100;
	} else if (next() % 20 == 0) {
		v->v[PSR_M_UTIME]++;
		v->v[PSR_M_RCHAR] += 4096;
	}
}

int main(int argc, char **argv)
{
	struct psr_header h = {0};
	struct psr_writer *w;
	long nshort, secs, nlong;
	int fd;

	if (argc < 3 || argc > 5) {
		fputs("usage: psr-churn <out.psr> <short> [<seconds> "
		      "[<long>]]\n", stderr);
		return 2;
	}
	nshort = atol(argv[2]);
	secs = argc > 3 ? atol(argv[3]) : 86400;
	nlong = argc > 4 ? atol(argv[4]) : 300;
	if (nshort < 0 || secs < 1 || nlong < 1) {
		fputs("psr-churn: bad arguments\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd < 0) {
		perror(argv[1]);
		return 1;
	}
	h.version = PSR_FORMAT_VERSION;
	h.min_reader = 1;
	h.start_epoch_ns = 1795536000000000000ll;
	h.start_mono_ns = 1000000000ull;
	h.boot_epoch_ns = h.start_epoch_ns - 3600000000000ll;
	h.interval_ns = 1000000000ull;
	h.clock_ticks = 100;
	h.page_size = 4096;
	h.cpu_count = 2;
	h.writer_pid = 1;
	snprintf(h.hostname, sizeof h.hostname, "churn");
	snprintf(h.kernel, sizeof h.kernel, "6.1.0");
	snprintf(h.machine, sizeof h.machine, "x86_64");
	snprintf(h.writer, sizeof h.writer, "psr-churn");
	h.command_line = (char *)"psr-churn";
	h.command_line_len = 10;
	h.metric_count = psr_metric_set_default(h.metrics);
	h.metric_count += psr_metric_set_reaped(h.metrics + h.metric_count);
	if (psr_writer_open(&w, fd, &h, 0)) {
		fputs("psr-churn: cannot start the log\n", stderr);
		return 1;
	}
	/* at most this many short processes alive at once: they start at
	 * most ceil(nshort / secs) a second and live at most 5 samples */
	size_t cap = (size_t)nlong + 6 * ((size_t)nshort / (size_t)secs + 1);
	struct live *live = calloc(cap, sizeof *live);
	struct psr_values *vals = calloc(cap, sizeof *vals);
	size_t nlive = 0;
	uint32_t pid = 2;

	for (long p = 0; p < nlong; p++) {
		static const char *const daemons[] = {
			"systemd", "sshd", "cron", "journald", "dockerd",
			"make", "containerd", "bash"};
		start(w, &live[nlive++], p == 0 ? 1 : pid++, p == 0 ? 0 : 1,
		      daemons[p % 8], p % 3 ? 0 : 1000, 0);
	}
	long started = 0;
	for (long i = 0; i <= secs; i++) {
		uint64_t t = h.start_mono_ns + (uint64_t)i * 1000000000ull;
		/* the short processes due by second i */
		long due = (long)((double)nshort * (double)(i + 1) /
				  (double)(secs + 1));
		for (; started < due; started++) {
			uint32_t id = pid++;
			start(w, &live[nlive++], id, 2 + (uint32_t)(next() % 5),
			      names[next() % NNAMES], 1000 + (uint32_t)(next() % 3),
			      1 + (uint32_t)(next() % 5));
		}
		/* live[] stays in id order: new ids are appended */
		for (size_t k = 0; k < nlive; k++) {
			step(&live[k]);
			vals[k] = live[k].v;
		}
		if (psr_writer_add_sample(w, t, h.start_epoch_ns +
					  i * 1000000000ll, vals, nlive)) {
			fprintf(stderr, "psr-churn: %s\n", psr_writer_errmsg(w));
			return 1;
		}
		/* the short ones whose last sample this was end */
		size_t kept = 0;
		for (size_t k = 0; k < nlive; k++) {
			if (live[k].left && --live[k].left == 0) {
				psr_writer_end_process(w, live[k].v.id,
						       t + 500000000ull, 0);
				continue;
			}
			live[kept++] = live[k];
		}
		nlive = kept;
		if ((i + 1) % 10 == 0)
			psr_writer_flush(w);
	}
	struct psr_close c = {.t_us = (uint64_t)secs * 1000000,
			      .samples = (uint64_t)secs + 1};
	psr_writer_close(w, &c);
	psr_writer_free(w);
	free(live);
	free(vals);
	return close(fd) ? 1 : 0;
}
