/* compare_run.c - the comparison modes: each side decoded by its own
 * engine (a log compared with itself must stay two runs), compared by
 * psr/compare.h, written by compare_text.c, compare_csv.c and
 * compare_json.c; --runs and --index. */
#define _GNU_SOURCE
#include "compare.h"

#include "logfile.h"
#include "outfile.h"
#include "writers.h"

#include <dirent.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

/* Decode paths[0..n) into one result (runs in start order). */
static int analyse(char *const *paths, size_t n,
		   const struct psr_analysis_opts *opts,
		   struct psr_result **out)
{
	struct logfile *lf = calloc(n, sizeof *lf);
	const struct psr_header **h = calloc(n, sizeof *h);
	size_t *order = calloc(n, sizeof *order);
	struct psr_analysis *an = NULL;
	struct psr_record rec;
	char err[1024];
	int rc = -1;

	*out = NULL;
	if (!lf || !h || !order || psr_analysis_new(&an, opts)) {
		fprintf(stderr, "psreport: out of memory\n");
		goto out;
	}
	for (size_t i = 0; i < n; i++) {
		if (logfile_open(&lf[i], paths[i], err, sizeof err)) {
			fprintf(stderr, "psreport: %s\n", err);
			goto out;
		}
		lf[i].print_warnings = true;
		h[i] = psr_reader_header(lf[i].r);
	}
	psr_analysis_order(h, n, order);
	for (size_t k = 0; k < n; k++) {
		struct logfile *l = &lf[order[k]];
		int r;
		if (psr_analysis_begin_log(an, h[order[k]], l->path))
			goto engine;
		while ((r = logfile_next(l, &rec, err, sizeof err)) > 0)
			if (psr_analysis_record(an, &rec))
				goto engine;
		if (r < 0) {
			fprintf(stderr, "psreport: %s\n", err);
			goto out;
		}
	}
	if (psr_analysis_finish(an, out))
		goto engine;
	rc = 0;
	goto out;
engine:
	fprintf(stderr, "psreport: %s\n", psr_analysis_errmsg(an));
out:
	for (size_t i = 0; lf && i < n; i++)
		logfile_close(&lf[i]);
	free(lf);
	free(h);
	free(order);
	psr_analysis_free(an);
	return rc;
}

/* ---- arguments: files, and directories of logs ---------------------- */

static int cmp_str(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

static int add_path(struct pathlist *l, const char *dir, const char *name)
{
	char **v = realloc(l->v, (l->n + 1) * sizeof *v);

	if (!v)
		return -1;
	l->v = v;
	if (dir) {
		if (asprintf(&v[l->n], "%s/%s", dir, name) < 0)
			return -1;
	} else if (!(v[l->n] = strdup(name))) {
		return -1;
	}
	l->n++;
	return 0;
}

int compare_dir_files(const char *dir, struct pathlist *l, char *err,
		     size_t errlen)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	size_t first = l->n;

	if (!d) {
		snprintf(err, errlen, "cannot read '%s': %s", dir,
			 strerror(errno));
		return -1;
	}
	while ((e = readdir(d))) {
		struct stat st;
		char *p;
		if (e->d_name[0] == '.')
			continue;
		if (asprintf(&p, "%s/%s", dir, e->d_name) < 0)
			break;
		bool reg = stat(p, &st) == 0 && S_ISREG(st.st_mode);
		free(p);
		if (reg && add_path(l, dir, e->d_name)) {
			closedir(d);
			snprintf(err, errlen, "out of memory");
			return -1;
		}
	}
	closedir(d);
	qsort(l->v + first, l->n - first, sizeof *l->v, cmp_str);
	return 0;
}

/* Drop the files from index first on that are not readable logs (a
 * directory may hold other files), saying so on stderr. */
static void keep_logs(struct pathlist *l, size_t first)
{
	char err[1024];
	size_t k = first;

	for (size_t i = first; i < l->n; i++) {
		struct logfile lf;
		if (logfile_open(&lf, l->v[i], err, sizeof err)) {
			fprintf(stderr, "psreport: --runs: skipped: %s\n", err);
			free(l->v[i]);
			continue;
		}
		logfile_close(&lf);
		l->v[k++] = l->v[i];
	}
	l->n = k;
}

/* logs, with directories replaced by the logs inside them. */
static int expand(char **logs, size_t n, struct pathlist *l)
{
	char err[1024];

	for (size_t i = 0; i < n; i++) {
		struct stat st;
		if (stat(logs[i], &st) == 0 && S_ISDIR(st.st_mode)) {
			size_t first = l->n;
			if (compare_dir_files(logs[i], l, err, sizeof err)) {
				fprintf(stderr, "psreport: %s\n", err);
				return -1;
			}
			keep_logs(l, first);
		} else if (add_path(l, NULL, logs[i])) {
			fprintf(stderr, "psreport: out of memory\n");
			return -1;
		}
	}
	return 0;
}

void compare_free_paths(struct pathlist *l)
{
	for (size_t i = 0; i < l->n; i++)
		free(l->v[i]);
	free(l->v);
}

/* ---- outputs ----------------------------------------------------------- */

static int open_out(struct outfile *of, const char *opt, const char *path,
		    bool force)
{
	char err[1024];

	if (!path)
		return 0;
	if (outfile_open(of, path, force, err, sizeof err)) {
		fprintf(stderr, "psreport: %s: %s\n", opt, err);
		return -1;
	}
	return 0;
}

static int commit(struct outfile *of)
{
	char err[1024];

	if (!of->f)
		return 0;
	if (outfile_commit(of, err, sizeof err)) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

/* --json: the analysis of both sides (baseline runs first) and the
 * comparison. */
static int write_json(const struct compare_opts *o,
		      const struct psr_analysis_opts *an,
		      const struct psr_compare *c, FILE *f)
{
	size_t nb = c->base->nruns, nc = c->cur->nruns;
	struct psr_result both = {nb + nc, NULL, c->base->worst};
	int rc;

	both.runs = malloc((nb + nc) * sizeof *both.runs);
	if (!both.runs)
		return -1;
	memcpy(both.runs, c->base->runs, nb * sizeof *both.runs);
	memcpy(both.runs + nb, c->cur->runs, nc * sizeof *both.runs);
	if (c->cur->worst > both.worst)
		both.worst = c->cur->worst;
	struct report_ctx ctx = {&both, an, false, c};
	rc = json_write(&ctx, f);
	free(both.runs);
	(void)o;
	return rc;
}

/* --pdf, --svg, --png of a comparison (c) or of runs (r): 0, or -1 after
 * the message. */
static int draw(const struct compare_opts *o, const struct psr_compare *c,
		const struct psr_result *r)
{
	char err[1024];
	int rc;

	if (!compare_visual_wanted(&o->vis))
		return 0;
	rc = c ? compare_visual_write(c, &o->vis, err, sizeof err)
	       : runs_visual_write(r, o->cmp.match, &o->vis, err, sizeof err);
	if (rc) {
		fprintf(stderr, "psreport: %s\n", err);
		return -1;
	}
	return 0;
}

static int baseline_mode(const struct compare_opts *o,
			 const struct psr_analysis_opts *an, char **logs,
			 size_t nlogs)
{
	struct psr_result *base = NULL, *cur = NULL;
	struct psr_compare *c = NULL;
	struct outfile csv = {0}, json = {0};
	int code = 1;

	if (open_out(&csv, "--compare-csv", o->csv, o->force) ||
	    open_out(&json, "--json", o->json, o->force))
		goto out;
	if (analyse((char *const *)o->baselines, o->nbaselines, an, &base) ||
	    analyse(logs, nlogs, an, &cur))
		goto out;
	if (psr_compare_new(base, cur, &o->cmp, &c)) {
		fprintf(stderr, "psreport: out of memory\n");
		goto out;
	}
	bool on_stdout = (o->csv && !strcmp(o->csv, "-")) ||
			 (o->json && !strcmp(o->json, "-"));
	if (!on_stdout && compare_text(c, o->colour, stdout))
		goto out;
	if (o->csv && compare_csv(c, csv.f))
		goto out;
	if (o->json && write_json(o, an, c, json.f))
		goto out;
	if (draw(o, c, NULL))
		goto out;
	if (fflush(stdout) || commit(&csv) || commit(&json))
		goto out;
	code = o->fail_on_regression && c->worse ? EXIT_REGRESSION : 0;
out:
	outfile_abort(&csv);
	outfile_abort(&json);
	psr_compare_free(c);
	psr_result_free(base);
	psr_result_free(cur);
	return code;
}

static int runs_mode(const struct compare_opts *o,
		     const struct psr_analysis_opts *an, char **logs,
		     size_t nlogs)
{
	struct pathlist l = {0};
	struct psr_result *r = NULL;
	struct outfile csv = {0};
	int code = 1;

	if (expand(logs, nlogs, &l))
		goto out;
	if (!l.n) {
		fprintf(stderr, "psreport: --runs: no log found\n");
		goto out;
	}
	if (open_out(&csv, "--compare-csv", o->csv, o->force) ||
	    analyse(l.v, l.n, an, &r))
		goto out;
	if (!(o->csv && !strcmp(o->csv, "-")) &&
	    runs_text(r, o->cmp.match, stdout))
		goto out;
	if (o->csv && runs_csv(r, o->cmp.match, csv.f))
		goto out;
	if (draw(o, NULL, r))
		goto out;
	if (fflush(stdout) || commit(&csv))
		goto out;
	code = 0;
out:
	outfile_abort(&csv);
	psr_result_free(r);
	compare_free_paths(&l);
	return code;
}

int compare_main(const struct compare_opts *o,
		 const struct psr_analysis_opts *an, char **logs, size_t nlogs)
{
	int code;

	if (o->index_dir)
		return index_print(o->index_dir, stdout) ? 1 : 0;
	if (o->runs)
		code = runs_mode(o, an, logs, nlogs);
	else
		code = baseline_mode(o, an, logs, nlogs);
	return code; /* main() shuts PLplot down */
}
