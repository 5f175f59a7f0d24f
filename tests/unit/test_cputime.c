/* test_cputime.c - the exact CPU totals of the analysis (README "Totals
 * of a tree"), on records fed to the engine in the orders a log can hold
 * them: each process counted once, whatever ended first. */
#include <psr/analysis.h>

#include "check.h"

#include <math.h>
#include <string.h>

#define TICKS 100 /* clock ticks per second */

struct feed {
	struct psr_header h;
	struct psr_analysis *a;
	uint64_t t_us;
};

static void begin(struct feed *f, const struct psr_analysis_opts *o)
{
	memset(f, 0, sizeof *f);
	f->h.start_epoch_ns = 1700000000000000000LL;
	f->h.boot_epoch_ns = 1600000000000000000LL;
	f->h.interval_ns = 1000000000;
	f->h.clock_ticks = TICKS;
	f->h.page_size = 4096;
	strcpy(f->h.hostname, "h");
	f->h.metric_count = psr_metric_set_default(f->h.metrics);
	f->h.metric_count += psr_metric_set_reaped(f->h.metrics +
						   f->h.metric_count);
	struct psr_analysis_opts def;
	psr_analysis_defaults(&def);
	CHECK(psr_analysis_new(&f->a, o ? o : &def) == 0, "new");
	CHECK(psr_analysis_begin_log(f->a, &f->h, "x.psr") == 0, "begin");
}

/* A process started `age` seconds before the log (negative: after). */
static void process(struct feed *f, uint32_t id, uint32_t pid, uint32_t ppid,
		    double age, bool launched)
{
	double start = (double)(f->h.start_epoch_ns - f->h.boot_epoch_ns) / 1e9 -
		       age;
	struct psr_process p = {.id = id, .pid = pid, .ppid = ppid,
				.start_ticks = (uint64_t)(start * TICKS),
				.comm = "p", .cmdline = "", .cmdline_len = 0,
				.flags = launched ? PSR_PROC_LAUNCHED : 0};
	struct psr_record r = {.type = PSR_REC_PROCESS, .u.process = &p};
	CHECK(psr_analysis_record(f->a, &r) == 0, "process %u", id);
}

struct val {
	uint32_t id;
	uint64_t own, reaped; /* ticks */
};

/* One sample, a second after the last, of the processes given. */
static void sample(struct feed *f, const struct val *vs, size_t n)
{
	struct psr_values v[8];
	for (size_t i = 0; i < n; i++) {
		memset(&v[i], 0, sizeof v[i]);
		v[i].id = vs[i].id;
		v[i].v[PSR_M_UTIME] = vs[i].own;
		v[i].v[PSR_M_CUTIME] = vs[i].reaped;
		v[i].v[PSR_M_STATE] = 'R';
		for (unsigned k = 0; k < f->h.metric_count; k++)
			v[i].present |= 1ull << f->h.metrics[k];
	}
	struct psr_record r = {.type = PSR_REC_SAMPLE};
	r.u.sample.t_us = f->t_us;
	r.u.sample.epoch_us = f->h.start_epoch_ns / 1000 + (int64_t)f->t_us;
	r.u.sample.count = n;
	r.u.sample.values = v;
	CHECK(psr_analysis_record(f->a, &r) == 0, "sample");
	f->t_us += 1000000;
}

/* END; with total_s >= 0, psrec waited for it: wait4 said total_s in
 * all, and its zombie's cutime said reaped ticks (reaped < 0: unread). */
static void end(struct feed *f, uint32_t id, double total_s, long reaped)
{
	struct psr_record r = {.type = PSR_REC_END};
	r.u.end.id = id;
	r.u.end.t_us = f->t_us;
	r.u.end.status = total_s >= 0 ? 0 : -1;
	if (total_s >= 0) {
		r.u.end.has_rusage = 1;
		r.u.end.reaped.rusage.user_us = (uint64_t)(total_s * 1e6 + 0.5);
		r.u.end.reaped.has_children = reaped >= 0;
		r.u.end.reaped.cutime = reaped >= 0 ? (uint64_t)reaped : 0;
	}
	CHECK(psr_analysis_record(f->a, &r) == 0, "end %u", id);
}

static const struct psr_proc_result *by_pid(const struct psr_run_result *r,
					    uint32_t pid, bool tree)
{
	size_t n = tree ? r->ntrees : r->nprocs;
	const struct psr_proc_result *p = tree ? r->trees : r->procs;
	for (size_t i = 0; i < n; i++)
		if (p[i].pid == pid)
			return &p[i];
	return NULL;
}

static double total(const struct psr_proc_result *p)
{
	return p ? p->cpu_seconds + p->children_cpu_seconds : NAN;
}

static bool near(double a, double b)
{
	return fabs(a - b) < 1e-6;
}

static struct psr_result *finish(struct feed *f)
{
	struct psr_result *res;
	CHECK(psr_analysis_finish(f->a, &res) == 0, "finish");
	return res;
}

/* A launched shell (10) runs a recorded child (11) and an unrecorded
 * one, then a second recorded child (12) that it waits for after its
 * own last sample, and ends waited for by psrec. Tree = wait4's total. */
static void test_launched_tree(void)
{
	struct feed f;
	begin(&f, NULL);
	process(&f, 1, 10, 1, 0.01, true);
	sample(&f, (struct val[]){{1, 1, 0}}, 1);
	process(&f, 2, 11, 10, -0.5, false);
	sample(&f, (struct val[]){{1, 1, 0}, {2, 150, 0}}, 2);
	sample(&f, (struct val[]){{1, 1, 0}, {2, 250, 0}}, 2);
	end(&f, 2, -1, 0); /* 11 used 2.5 s then; more before it exited */
	/* the shell waited for 11 (2.8 s in all) and an unrecorded child
	 * of 1.2 s */
	sample(&f, (struct val[]){{1, 2, 400}}, 1);
	process(&f, 3, 12, 10, -4, false);
	sample(&f, (struct val[]){{1, 2, 400}, {3, 50, 0}}, 2);
	/* 12 and the shell end between two samples: psrec waits for the
	 * shell first (12 ended inside it: 0.7 s), then finds 12 gone */
	end(&f, 1, 0.03 + 4.0 + 0.7, 470);
	end(&f, 3, -1, 0);
	struct psr_result *res = finish(&f);
	const struct psr_run_result *r = &res->runs[0];
	const struct psr_proc_result *sh = by_pid(r, 10, false),
				     *tr = by_pid(r, 10, true);
	CHECK(tr && near(total(tr), 4.73), "tree total %g (want 4.73)",
	      total(tr));
	/* its own 0.03 s; its children that no row shows: 1.2 s unrecorded,
	 * 0.3 s of 11 after its last sample, 0.2 s of 12 after its */
	CHECK(sh && near(sh->cpu_seconds, 0.03) &&
		      near(sh->children_cpu_seconds, 1.7),
	      "shell own %g children %g", sh ? sh->cpu_seconds : NAN,
	      sh ? sh->children_cpu_seconds : NAN);
	CHECK(near(by_pid(r, 11, false)->cpu_seconds, 2.5) &&
		      near(by_pid(r, 12, false)->cpu_seconds, 0.5),
	      "children's own");
	psr_result_free(res);
	psr_analysis_free(f.a);
}

/* A process recorded with -p (started long before) and its child: the
 * CPU before the recording is not the run's. The parent ends before the
 * child's END in the log (both found gone at one sample): the child is
 * in what the parent used, for the grandparent's pool. */
static void test_order_and_base(void)
{
	struct feed f;
	begin(&f, NULL);
	process(&f, 1, 20, 1, 3600, false); /* grandparent, old */
	process(&f, 2, 21, 20, 3600, false); /* parent, old */
	sample(&f, (struct val[]){{1, 5000, 9000}, {2, 700, 100}}, 2);
	process(&f, 3, 22, 21, -0.5, false);
	sample(&f, (struct val[]){{1, 5000, 9000}, {2, 710, 100}, {3, 30, 0}},
	       3);
	end(&f, 2, -1, 0); /* parent gone first, */
	end(&f, 3, -1, 0); /* then its child */
	/* the grandparent waited for the parent: its lifetime 810 ticks +
	 * what the child used (30) + the parent's tail (20) */
	sample(&f, (struct val[]){{1, 5001, 9860}}, 1);
	struct psr_result *res = finish(&f);
	const struct psr_run_result *r = &res->runs[0];
	const struct psr_proc_result *tr = by_pid(r, 20, true);
	/* own: 0.01 + 0.1 + 0.3; the parent's tail 0.2 */
	CHECK(tr && near(total(tr), 0.61), "tree total %g (want 0.61)",
	      total(tr));
	CHECK(near(by_pid(r, 20, false)->children_cpu_seconds, 0.2),
	      "the parent's tail: %g",
	      by_pid(r, 20, false)->children_cpu_seconds);
	psr_result_free(res);
	psr_analysis_free(f.a);
}

/* An orphan psrec waited for (its END has wait4's figures) was not
 * waited for by its recorded parent: a later growth of the parent's
 * cutime is another child's, not the orphan's again. */
static void test_orphan(void)
{
	struct feed f;
	begin(&f, NULL);
	process(&f, 1, 30, 1, 0.01, true);
	process(&f, 2, 31, 30, -0.5, false);
	sample(&f, (struct val[]){{1, 0, 0}, {2, 100, 0}}, 2);
	end(&f, 2, 1.5, 0); /* reparented to psrec, waited for by it */
	sample(&f, (struct val[]){{1, 0, 80}}, 1);
	struct psr_result *res = finish(&f);
	const struct psr_run_result *r = &res->runs[0];
	const struct psr_proc_result *tr = by_pid(r, 30, true);
	CHECK(tr && near(total(tr), 2.3), "tree total %g (want 1.5 + 0.8)",
	      total(tr));
	psr_result_free(res);
	psr_analysis_free(f.a);
}

/* --from after the first samples: a process that started before is
 * counted from its first sample taken, not from 0. */
static void test_from(void)
{
	struct feed f;
	struct psr_analysis_opts o;
	psr_analysis_defaults(&o);
	o.from = (struct psr_time_spec){PSR_TIME_OFFSET, 1.5};
	begin(&f, &o);
	process(&f, 1, 40, 1, -0.2, false);
	sample(&f, (struct val[]){{1, 100, 0}}, 1);
	sample(&f, (struct val[]){{1, 200, 0}}, 1);
	sample(&f, (struct val[]){{1, 300, 50}}, 1);
	sample(&f, (struct val[]){{1, 400, 50}}, 1);
	struct psr_result *res = finish(&f);
	const struct psr_proc_result *p = by_pid(&res->runs[0], 40, false);
	CHECK(p && near(p->cpu_seconds, 1.0) &&
		      near(p->children_cpu_seconds, 0),
	      "from +1.5: own %g children %g", p ? p->cpu_seconds : NAN,
	      p ? p->children_cpu_seconds : NAN);
	psr_result_free(res);
	psr_analysis_free(f.a);
}

static void rename_to(struct feed *f, uint32_t id, const char *comm,
		      const char *cmd, size_t len)
{
	struct psr_rename n = {.id = id, .t_us = f->t_us, .comm = comm,
			       .cmdline = cmd, .cmdline_len = len};
	struct psr_record r = {.type = PSR_REC_RENAME, .u.rename = &n};
	CHECK(psr_analysis_record(f->a, &r) == 0, "rename %u", id);
}

/* RENAME (format 5): a process is named by its latest comm and command
 * line, the earlier ones kept; a command line read empty inside an exec
 * and then whole is no name of its own; --name selects a process from
 * the sample where it had the name. Process 1 ends (its result is made
 * at its END), process 2 lives on to the end of the run. */
static void test_rename(void)
{
	static const char *const names[] = {"q"};
	struct psr_analysis_opts o;
	psr_analysis_defaults(&o);
	struct feed f;
	for (int filtered = 0; filtered < 2; filtered++) {
		o.names = filtered ? names : NULL;
		o.nnames = filtered ? 1 : 0;
		begin(&f, &o);
		process(&f, 1, 101, 1, -1, false);
		process(&f, 2, 102, 1, -1, false);
		sample(&f, (struct val[]){{1, 0, 0}, {2, 0, 0}}, 2);
		rename_to(&f, 1, "p", "sh\0", 3);  /* its command line */
		rename_to(&f, 2, "q", "q\0-x\0", 6);
		sample(&f, (struct val[]){{1, 1, 0}, {2, 1, 0}}, 2);
		rename_to(&f, 1, "q", "q\0", 2);
		sample(&f, (struct val[]){{1, 2, 0}, {2, 2, 0}}, 2);
		end(&f, 1, -1, -1);
		struct psr_result *res = finish(&f);
		const struct psr_run_result *r = &res->runs[0];
		const struct psr_proc_result *a = by_pid(r, 101, false);
		const struct psr_proc_result *b = by_pid(r, 102, false);
		CHECK(a && !strcmp(a->comm, "q") && a->cmdline_len == 2 &&
			      a->nformer == 1 && !strcmp(a->former[0].comm, "p") &&
			      a->former[0].cmdline_len == 3 &&
			      !memcmp(a->former[0].cmdline, "sh", 3) &&
			      a->former[0].until == 1700000002.0,
		      "the ended process: latest name, one earlier (%d)", filtered);
		CHECK(b && !strcmp(b->comm, "q") && b->cmdline_len == 6 &&
			      b->nformer == 1 && b->former[0].cmdline_len == 0,
		      "the live process: latest name, one earlier (%d)", filtered);
		/* --name q: selected from the sample where each was q */
		CHECK(a && b && a->samples == (filtered ? 1u : 3u) &&
			      b->samples == (filtered ? 2u : 3u),
		      "samples %d", filtered);
		psr_result_free(res);
		psr_analysis_free(f.a);
	}
}

int main(void)
{
	test_rename();
	test_launched_tree();
	test_order_and_base();
	test_orphan();
	test_from();
	return check_result();
}
