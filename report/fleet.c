/* fleet.c - psreport --fleet (see fleet.h).
 *
 * Per recording (a log, or the rotated parts of one run): open, analyse,
 * reduce every process into its host and its command, free. The p95 of
 * CPU per command needs the samples themselves: they come through the
 * engine's row callback into one quantile sketch per command
 * (psr/stats.h: bounded size). */
#define _GNU_SOURCE
#include "fleet.h"

#include "csvw.h"
#include "fmt.h"
#include "logfile.h"
#include "outfile.h"

#include <dirent.h>
#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

struct host {
	char *name;
	uint64_t logs, procs, samples;
	double cpu_s;   /* CPU seconds of its processes */
	double rss_max; /* its largest process */
	unsigned leak, possible;
};

struct cmd {
	char *name;
	uint64_t procs, samples;
	double cpu_w, cpu_wx; /* seconds, mean x seconds: the weighted mean */
	double cpu_s;
	struct psr_stats cpu; /* samples, for the p95 */
	double rss_max, growth_max;
	unsigned leak, possible;
	size_t *hosts; /* indexes of the hosts that ran it */
	size_t nhosts, caphosts;
};

struct bad {
	char *path;
	char *why;
};

struct fleet {
	const struct fleet_opts *o;
	char **paths;
	size_t npaths, cappaths;
	struct host *hosts;
	size_t nhosts, caphosts;
	struct cmd *cmds;
	size_t ncmds, capcmds;
	struct bad *bad;
	size_t nbad, capbad;
	int cpu_idx, rss_idx;
	uint64_t logs_read;
	/* the row callback's cache: the last process and its command */
	const struct psr_proc_result *last_proc;
	size_t last_cmd;
};

/* ---- growing arrays ------------------------------------------------- */

static int grow(void **v, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t c = *cap ? *cap * 2 : 16;
	void *p = realloc(*v, c * size);
	if (!p)
		return -ENOMEM;
	*v = p;
	*cap = c;
	return 0;
}

static int add_bad(struct fleet *f, const char *path, const char *why)
{
	if (grow((void **)&f->bad, &f->capbad, f->nbad, sizeof *f->bad))
		return -ENOMEM;
	struct bad *b = &f->bad[f->nbad];
	b->path = strdup(path);
	b->why = strdup(why);
	if (!b->path || !b->why) {
		free(b->path);
		free(b->why);
		return -ENOMEM;
	}
	f->nbad++;
	return 0;
}

static int add_path(struct fleet *f, const char *path)
{
	if (grow((void **)&f->paths, &f->cappaths, f->npaths, sizeof *f->paths))
		return -ENOMEM;
	if (!(f->paths[f->npaths] = strdup(path)))
		return -ENOMEM;
	f->npaths++;
	return 0;
}

/* ---- finding the logs ----------------------------------------------- */

/* In a directory, the files named like logs (x.psr, rotated parts). */
static bool log_name(const char *name)
{
	return strstr(name, ".psr") != NULL;
}

static int walk(struct fleet *f, const char *dir)
{
	DIR *d = opendir(dir);
	struct dirent *de;
	int rc = 0;

	if (!d) {
		char why[256];
		snprintf(why, sizeof why, "cannot read directory: %s",
			 strerror(errno));
		return add_bad(f, dir, why);
	}
	while (!rc && (de = readdir(d))) {
		struct stat st;
		char *p;
		if (!strcmp(de->d_name, ".") || !strcmp(de->d_name, ".."))
			continue;
		if (asprintf(&p, "%s/%s", dir, de->d_name) < 0) {
			rc = -ENOMEM;
			break;
		}
		/* lstat: a symbolic link to a directory could loop */
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = walk(f, p);
		else if (log_name(de->d_name) && stat(p, &st) == 0 &&
			 S_ISREG(st.st_mode))
			rc = add_path(f, p);
		free(p);
	}
	closedir(d);
	return rc;
}

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int collect(struct fleet *f)
{
	for (size_t i = 0; i < f->o->nargs; i++) {
		struct stat st;
		const char *a = f->o->args[i];
		int rc = stat(a, &st) == 0 && S_ISDIR(st.st_mode) ? walk(f, a)
								   : add_path(f, a);
		if (rc)
			return rc;
	}
	/* the same order whatever the directory order */
	qsort(f->paths, f->npaths, sizeof *f->paths, cmp_str);
	return 0;
}

/* ---- hosts and commands --------------------------------------------- */

static struct host *host_of(struct fleet *f, const char *name, size_t *idx)
{
	for (size_t i = 0; i < f->nhosts; i++)
		if (!strcmp(f->hosts[i].name, name)) {
			*idx = i;
			return &f->hosts[i];
		}
	if (grow((void **)&f->hosts, &f->caphosts, f->nhosts, sizeof *f->hosts))
		return NULL;
	struct host *h = &f->hosts[f->nhosts];
	memset(h, 0, sizeof *h);
	if (!(h->name = strdup(name)))
		return NULL;
	*idx = f->nhosts++;
	return h;
}

static struct cmd *cmd_of(struct fleet *f, const char *name, size_t *idx)
{
	for (size_t i = 0; i < f->ncmds; i++)
		if (!strcmp(f->cmds[i].name, name)) {
			*idx = i;
			return &f->cmds[i];
		}
	if (grow((void **)&f->cmds, &f->capcmds, f->ncmds, sizeof *f->cmds))
		return NULL;
	struct cmd *c = &f->cmds[f->ncmds];
	memset(c, 0, sizeof *c);
	psr_stats_init(&c->cpu);
	if (!(c->name = strdup(name)))
		return NULL;
	*idx = f->ncmds++;
	return c;
}

static int cmd_add_host(struct cmd *c, size_t host)
{
	for (size_t i = 0; i < c->nhosts; i++)
		if (c->hosts[i] == host)
			return 0;
	if (grow((void **)&c->hosts, &c->caphosts, c->nhosts, sizeof *c->hosts))
		return -ENOMEM;
	c->hosts[c->nhosts++] = host;
	return 0;
}

/* Every CPU sample of a process into its command's sketch. */
static int on_row(void *ctx, const struct psr_row *row)
{
	struct fleet *f = ctx;
	double x;
	size_t ci;

	if (row->host || isnan(x = row->values[f->cpu_idx]))
		return 0;
	if (row->proc == f->last_proc) {
		ci = f->last_cmd;
	} else {
		if (!cmd_of(f, row->proc->comm ? row->proc->comm : "", &ci))
			return -ENOMEM;
		f->last_proc = row->proc;
		f->last_cmd = ci;
	}
	return psr_stats_add(&f->cmds[ci].cpu, x, 1, 1);
}

static int reduce_proc(struct fleet *f, size_t hi,
		       const struct psr_proc_result *p)
{
	const struct psr_series_result *cpu, *rss;
	size_t ci;
	struct cmd *c = cmd_of(f, p->comm ? p->comm : "", &ci);
	struct host *h = &f->hosts[hi];

	if (!c || cmd_add_host(c, hi))
		return -ENOMEM;
	c->procs++;
	h->procs++;
	c->samples += p->samples;
	h->samples += p->samples;
	cpu = psr_result_series(p, (unsigned)f->cpu_idx);
	if (cpu && cpu->n) {
		c->cpu_w += cpu->seconds;
		c->cpu_wx += cpu->mean * cpu->seconds;
		if (isfinite(cpu->total)) {
			c->cpu_s += cpu->total;
			h->cpu_s += cpu->total;
		}
	}
	rss = psr_result_series(p, (unsigned)f->rss_idx);
	if (rss && rss->n) {
		if (rss->max > c->rss_max)
			c->rss_max = rss->max;
		if (rss->max > h->rss_max)
			h->rss_max = rss->max;
		if (rss->leak && isfinite(rss->leak->growth_per_h) &&
		    rss->leak->growth_per_h > c->growth_max)
			c->growth_max = rss->leak->growth_per_h;
	}
	if (p->verdict == PSR_VERDICT_LEAK) {
		c->leak++;
		h->leak++;
	} else if (p->verdict == PSR_VERDICT_POSSIBLE) {
		c->possible++;
		h->possible++;
	}
	return 0;
}

static int reduce(struct fleet *f, const struct psr_result *r)
{
	for (size_t k = 0; k < r->nruns; k++) {
		const struct psr_run_result *run = &r->runs[k];
		size_t hi;
		struct host *h = host_of(f, run->header.hostname, &hi);
		if (!h)
			return -ENOMEM;
		h->logs += run->npaths;
		for (size_t i = 0; i < run->nprocs; i++)
			if (reduce_proc(f, hi, &run->procs[i]))
				return -ENOMEM;
	}
	return 0;
}

/* ---- one log ------------------------------------------------------- */

/* One log into the analysis (its run's parts go one after the other):
 * what cannot be read goes to the bad list, what was read before an
 * error still counts. lf is left open (the engine may still look at its
 * header); 0 or -ENOMEM. */
static int feed_log(struct fleet *f, struct psr_analysis *an,
		    struct logfile *lf, const char *path)
{
	struct psr_record rec;
	char err[1024], first_warning[512] = "";
	uint64_t warnings = 0;
	int rc;

	if (logfile_open(lf, path, err, sizeof err))
		return add_bad(f, path, err);
	lf->print_warnings = false; /* listed at the end instead */
	f->logs_read++;
	if ((rc = psr_analysis_begin_log(an, psr_reader_header(lf->r), path)))
		snprintf(err, sizeof err, "%s", psr_analysis_errmsg(an));
	while (!rc) {
		int n = logfile_next(lf, &rec, err, sizeof err);
		if (n <= 0) {
			rc = n;
			break;
		}
		if (rec.type == PSR_REC_WARNING && !warnings++)
			snprintf(first_warning, sizeof first_warning, "%s",
				 rec.u.warning);
		if ((rc = psr_analysis_record(an, &rec)))
			snprintf(err, sizeof err, "%s", psr_analysis_errmsg(an));
	}
	if (rc == -ENOMEM)
		return rc;
	if (rc < 0)
		return add_bad(f, path, err);
	if (warnings) {
		char why[700];
		snprintf(why, sizeof why, "damaged, read as far as it goes "
			 "(%" PRIu64 " warning%s, first: %s)", warnings,
			 warnings == 1 ? "" : "s", first_warning);
		return add_bad(f, path, why);
	}
	return 0;
}

/* One recording: its logs (rotated parts, in order) through one
 * analysis, reduced, freed. 0 or -ENOMEM. */
static int read_run(struct fleet *f, const size_t *idx, size_t n)
{
	struct psr_analysis_opts ao = *f->o->an;
	struct psr_analysis *an = NULL;
	struct psr_result *res = NULL;
	struct logfile cur = {0}, prev = {0};
	int rc = 0;

	ao.on_row = on_row;
	ao.row_ctx = f;
	f->last_proc = NULL;
	if (psr_analysis_new(&an, &ao))
		return -ENOMEM;
	for (size_t k = 0; k < n && !rc; k++) {
		rc = feed_log(f, an, &cur, f->paths[idx[k]]);
		if (cur.r) { /* the engine now holds this one's header */
			logfile_close(&prev);
			prev = cur;
			cur.r = NULL;
		}
	}
	if (!rc)
		rc = psr_analysis_finish(an, &res) ? -ENOMEM : reduce(f, res);
	psr_result_free(res);
	psr_analysis_free(an);
	logfile_close(&prev);
	return rc;
}

/* What groups logs into recordings, from their headers. */
struct member {
	size_t path;
	bool ids;
	uint8_t run[16];
	uint32_t part;
	int64_t start;
};

static int by_run(const void *a, const void *b)
{
	const struct member *x = a, *y = b;
	int c;

	if (x->ids != y->ids)
		return x->ids ? -1 : 1;
	if (!x->ids) /* logs without ids stand alone */
		return x->path < y->path ? -1 : x->path > y->path;
	if ((c = memcmp(x->run, y->run, sizeof x->run)))
		return c;
	if (x->part != y->part)
		return x->part < y->part ? -1 : 1;
	if (x->start != y->start)
		return x->start < y->start ? -1 : 1;
	return x->path < y->path ? -1 : x->path > y->path;
}

/* Every log once for its header, then recording by recording: parts of
 * one run (same run id) are analysed together, like psreport does. */
static int read_all(struct fleet *f)
{
	struct member *m = calloc(f->npaths ? f->npaths : 1, sizeof *m);
	size_t *idx = calloc(f->npaths ? f->npaths : 1, sizeof *idx);
	size_t nm = 0;
	int rc = 0;

	if (!m || !idx) {
		rc = -ENOMEM;
		goto out;
	}
	for (size_t i = 0; i < f->npaths && !rc; i++) {
		struct logfile lf;
		char err[1024];
		if (logfile_open(&lf, f->paths[i], err, sizeof err)) {
			rc = add_bad(f, f->paths[i], err);
			continue;
		}
		const struct psr_header *h = psr_reader_header(lf.r);
		m[nm] = (struct member){i, h->has_ids != 0, {0}, h->part,
					h->start_epoch_ns};
		memcpy(m[nm].run, h->run_id, sizeof m[nm].run);
		nm++;
		logfile_close(&lf);
	}
	qsort(m, nm, sizeof *m, by_run);
	for (size_t i = 0; i < nm && !rc;) {
		size_t n = 1;
		idx[0] = m[i].path;
		while (i + n < nm && m[i].ids && m[i + n].ids &&
		       !memcmp(m[i].run, m[i + n].run, sizeof m[i].run)) {
			idx[n] = m[i + n].path;
			n++;
		}
		rc = read_run(f, idx, n);
		i += n;
	}
out:
	free(m);
	free(idx);
	return rc;
}

/* ---- output -------------------------------------------------------- */

static double cmd_p95(const struct cmd *c)
{
	double p = 0.95, out = NAN;

	psr_stats_quantiles(&c->cpu, &p, 1, &out);
	return out;
}

static int by_cpu(const void *a, const void *b)
{
	const struct cmd *x = a, *y = b;

	if (x->cpu_s != y->cpu_s)
		return x->cpu_s < y->cpu_s ? 1 : -1;
	return strcmp(x->name, y->name);
}

static int by_name(const void *a, const void *b)
{
	return strcmp(((const struct host *)a)->name,
		      ((const struct host *)b)->name);
}

static void pct(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.1f%%", v);
	else
		snprintf(buf, n, "-");
}

static void text(const struct fleet *f, FILE *out)
{
	uint64_t samples = 0;

	for (size_t i = 0; i < f->nhosts; i++)
		samples += f->hosts[i].samples;
	fprintf(out, "fleet: %" PRIu64 " log%s read, %zu with problems, "
		"%zu host%s, %zu command%s, %" PRIu64 " process-samples\n",
		f->logs_read, f->logs_read == 1 ? "" : "s", f->nbad, f->nhosts,
		f->nhosts == 1 ? "" : "s", f->ncmds, f->ncmds == 1 ? "" : "s",
		samples);
	fprintf(out, "\nper command, across hosts:\n%-16s %5s %6s %10s %8s "
		"%8s %10s %12s %5s %8s\n", "COMMAND", "HOSTS", "PROCS",
		"SAMPLES", "CPU avg", "CPU p95", "RSS max", "growth/h max",
		"LEAK", "POSSIBLE");
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		char mean[32], p95[32], rss[32], g[32];
		pct(mean, sizeof mean, c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN);
		pct(p95, sizeof p95, cmd_p95(c));
		fmt_bytes(rss, sizeof rss, c->rss_max);
		fmt_bytes(g, sizeof g, c->growth_max);
		fprintf(out, "%-16s %5zu %6" PRIu64 " %10" PRIu64 " %8s %8s "
			"%10s %12s %5u %8u\n", c->name, c->nhosts, c->procs,
			c->samples, mean, p95, rss, g, c->leak, c->possible);
	}
	fprintf(out, "\nper host:\n%-24s %5s %6s %10s %10s %10s %5s %8s\n",
		"HOST", "LOGS", "PROCS", "SAMPLES", "CPU s", "RSS max", "LEAK",
		"POSSIBLE");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		char rss[32];
		fmt_bytes(rss, sizeof rss, h->rss_max);
		fprintf(out, "%-24s %5" PRIu64 " %6" PRIu64 " %10" PRIu64
			" %10.1f %10s %5u %8u\n", h->name, h->logs, h->procs,
			h->samples, h->cpu_s, rss, h->leak, h->possible);
	}
	if (f->nbad)
		fprintf(out, "\nlogs with problems:\n");
	for (size_t i = 0; i < f->nbad; i++)
		fprintf(out, "  %s: %s\n", f->bad[i].path, f->bad[i].why);
}

/* One row per command, per host and per problem log. */
static void csv(const struct fleet *f, FILE *out)
{
	fputs("kind,name,hosts,logs,processes,samples,cpu_mean_percent,"
	      "cpu_p95_percent,cpu_seconds,rss_max_bytes,"
	      "rss_growth_max_per_h_bytes,leak,possible,problem\n", out);
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		fputs("command", out);
		csvw_text_cell(out, c->name);
		fprintf(out, ",%zu,,%" PRIu64 ",%" PRIu64, c->nhosts, c->procs,
			c->samples);
		csvw_num_cell(out, c->cpu_w > 0 ? c->cpu_wx / c->cpu_w : NAN);
		csvw_num_cell(out, cmd_p95(c));
		csvw_num_cell(out, c->cpu_s);
		fprintf(out, ",%.0f,%.0f,%u,%u,\n", c->rss_max, c->growth_max,
			c->leak, c->possible);
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		fputs("host", out);
		csvw_text_cell(out, h->name);
		fprintf(out, ",1,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",,",
			h->logs, h->procs, h->samples);
		csvw_num_cell(out, h->cpu_s);
		fprintf(out, ",%.0f,,%u,%u,\n", h->rss_max, h->leak,
			h->possible);
	}
	for (size_t i = 0; i < f->nbad; i++) {
		fputs("problem", out);
		csvw_text_cell(out, f->bad[i].path);
		fputs(",,,,,,,,,,,,", out);
		csvw_text_cell(out, f->bad[i].why);
		fputc('\n', out);
	}
}

static int write_outputs(struct fleet *f)
{
	struct outfile of = {0};
	char err[1024];

	qsort(f->cmds, f->ncmds, sizeof *f->cmds, by_cpu);
	/* hosts are sorted once commands no longer point at them by index */
	qsort(f->hosts, f->nhosts, sizeof *f->hosts, by_name);
	if (f->o->text)
		text(f, stdout);
	if (!f->o->csv)
		return fflush(stdout) ? -1 : 0;
	if (outfile_open(&of, f->o->csv, f->o->force, err, sizeof err)) {
		fprintf(stderr, "psreport: --fleet-csv: %s\n", err);
		return -1;
	}
	csv(f, of.f);
	if (outfile_commit(&of, err, sizeof err)) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

static void fleet_free(struct fleet *f)
{
	for (size_t i = 0; i < f->npaths; i++)
		free(f->paths[i]);
	free(f->paths);
	for (size_t i = 0; i < f->nhosts; i++)
		free(f->hosts[i].name);
	free(f->hosts);
	for (size_t i = 0; i < f->ncmds; i++) {
		free(f->cmds[i].name);
		free(f->cmds[i].hosts);
		psr_stats_release(&f->cmds[i].cpu);
	}
	free(f->cmds);
	for (size_t i = 0; i < f->nbad; i++) {
		free(f->bad[i].path);
		free(f->bad[i].why);
	}
	free(f->bad);
}

int fleet_main(const struct fleet_opts *o)
{
	struct fleet f = {.o = o};
	int code = 0;

	f.cpu_idx = psr_series_find("cpu_percent");
	f.rss_idx = psr_series_find("rss_bytes");
	if (collect(&f))
		goto nomem;
	if (read_all(&f))
		goto nomem;
	if (!f.npaths && !f.nbad)
		fprintf(stderr, "psreport: --fleet: no log found\n");
	if (write_outputs(&f))
		code = 1;
	if (f.nbad || !f.npaths)
		code = 1;
	fleet_free(&f);
	return code;
nomem:
	fprintf(stderr, "psreport: out of memory\n");
	fleet_free(&f);
	return 1;
}
