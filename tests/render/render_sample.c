/* render_sample.c - builds a multi-page PDF report, SVGs and PNGs from
 * synthetic data with the pdfdoc and chart modules, as psreport will from
 * analysis results; check_render.sh then inspects the files with poppler
 * and libxml2 tools. It also checks the error paths that leave no file.
 *
 * usage: render_sample <outdir> light|dark [<samples> [<step> [<what>]]]
 * Writes <outdir>/report.pdf, <outdir>/svg/ and <outdir>/png/ (what:
 * "all", the default, or one of pdf, svg, png, for the benchmark; the
 * error paths are checked with "all" only). Samples default to 3600 at
 * a 1 s step. */
#define _GNU_SOURCE
#include "chart.h"
#include "pdfdoc.h"

#include "../unit/check.h"

#include <dirent.h>
#include <errno.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

#define T0 1764000000.0 /* 2025-11-24 16:00:00 UTC */
#define MIB (1024.0 * 1024.0)

static char err[512];

struct proc {
	const char *name, *cmd, *verdict;
	enum chart_tone tone;
	double growth; /* bytes per second */
};

static const struct proc procs[] = {
	{"café-€ worker", "psr-workload grow --rate 1M --tag café-€ #1",
	 "LEAK: +3.5 MiB/h, r²=0.98", CHART_BAD, 1024},
	{"nginx", "nginx: worker process", "no leak: flat", CHART_OK, 0},
	{"postgres\xff日本", "postgres -D /var/lib/postgresql/15/main \xc0\xaf",
	 "growing: +0.4 MiB/h, not significant", CHART_WARN, 110},
};

/* Deterministic noise in [-1, 1]. */
static double noise(unsigned *s)
{
	*s = *s * 1103515245u + 12345u;
	return ((*s >> 8) & 0xffff) / 32767.5 - 1;
}

struct series {
	double *t, *v;
	size_t n;
};

static void make_series(struct series *s, size_t n, double step,
			double base, double growth, double amp, unsigned seed)
{
	s->n = n;
	s->t = malloc(sizeof(double) * n);
	s->v = malloc(sizeof(double) * n);
	for (size_t i = 0; i < n; i++) {
		s->t[i] = T0 + i * step;
		s->v[i] = base + growth * i * step + amp * noise(&seed);
		if (i % 997 == 500)
			s->v[i] += amp * 8; /* a spike decimation must keep */
	}
}

static void free_series(struct series *s)
{
	free(s->t);
	free(s->v);
}

static struct chart_target pdf_target(struct pdfdoc *d, struct pdfdoc_rect r)
{
	return (struct chart_target){.kind = CHART_PDF, .doc = d, .rect = r};
}

static const char *theme_name;
static enum theme_id theme;

static int check(int rc, const char *what)
{
	CHECK(rc == 0, "%s: %s", what, err);
	return rc;
}

/* The memory chart of a process, decimated to buckets with a band. */
static int memory_chart(const struct chart_target *tg, const struct proc *p,
			const struct series *rss, size_t nb)
{
	double *b = malloc(sizeof(double) * nb * 4);
	size_t k = chart_decimate(rss->t, rss->v, rss->n, nb, b, b + nb,
				  b + 2 * nb, b + 3 * nb);
	struct chart_series s = {"RSS", b, b + nb, b + 2 * nb, b + 3 * nb, k, 0};
	double span = rss->t[rss->n - 1] - rss->t[0];
	struct chart_trend tr = {T0, rss->v[0], p->growth, "trend"};
	/* the highest bucket, marked as the peak */
	size_t pk = 0;
	for (size_t i = 1; i < k; i++)
		if (b[3 * nb + i] > b[3 * nb + pk])
			pk = i;
	char peak[64];
	snprintf(peak, sizeof peak, "peak %.0f MiB", b[3 * nb + pk] / MIB);
	struct chart_mark mk = {b[pk], b[3 * nb + pk], peak};
	char title[256];
	snprintf(title, sizeof title, "%s: memory (RSS)", p->name);
	struct chart_timeseries c = {
		.title = title, .ylabel = "RSS", .unit = CHART_UNIT_BYTES,
		.series = &s, .nseries = 1, .trend = &tr, .note = p->verdict,
		.note_tone = p->tone, .t_start = rss->t[0],
		.t_end = rss->t[0] + span, .mark = &mk, .nmark = 1};
	int rc = chart_timeseries(tg, &c, err, sizeof err);
	free(b);
	return rc;
}

static int cpu_chart(const struct chart_target *tg, const struct proc *p,
		     size_t n, double step)
{
	struct series user, sys;
	make_series(&user, n, step, 35, 0, 12, 7);
	make_series(&sys, n, step, 8, 0, 4, 9);
	double *total = malloc(sizeof(double) * n);
	for (size_t i = 0; i < n; i++)
		total[i] = user.v[i] + sys.v[i];
	const double *layers[2] = {user.v, sys.v};
	const char *labels[2] = {"user", "system"};
	char title[256];
	snprintf(title, sizeof title, "%s: CPU", p->name);
	struct chart_stacked c = {
		.title = title, .ylabel = "CPU", .unit = CHART_UNIT_PERCENT,
		.t = user.t, .n = n, .layer = layers, .label = labels,
		.nlayers = 2, .total = total, .total_label = "total"};
	int rc = chart_stacked(tg, &c, err, sizeof err);
	free(total);
	free_series(&user);
	free_series(&sys);
	return rc;
}

static int io_chart(const struct chart_target *tg, const struct proc *p,
		    size_t n, double step)
{
	struct series rd, wr;
	make_series(&rd, n, step, 2.5 * MIB, 0, 1.5 * MIB, 3);
	make_series(&wr, n, step, 0.8 * MIB, 0, 0.5 * MIB, 5);
	for (size_t i = n / 3; i < n / 3 + n / 20 && i < n; i++)
		rd.v[i] = NAN; /* a gap: the process was not readable */
	struct chart_series s[2] = {
		{"read", rd.t, rd.v, NULL, NULL, n, 0},
		{"write", wr.t, wr.v, NULL, NULL, n, 0}};
	char title[256];
	snprintf(title, sizeof title, "%s: I/O rate", p->name);
	struct chart_timeseries c = {.title = title, .ylabel = "I/O",
				     .unit = CHART_UNIT_BYTES_PER_S,
				     .series = s, .nseries = 2,
				     .y_from_zero = 1};
	int rc = chart_timeseries(tg, &c, err, sizeof err);
	free_series(&rd);
	free_series(&wr);
	return rc;
}

static int hist_chart(const struct chart_target *tg, const struct proc *p)
{
	enum { NB = 24, NK = 120 };
	double count[NB], kx[NK], ky[NK];
	double lo = 20, hi = 60, mu = 40, sd = 5, n = 3600;
	double bw = (hi - lo) / NB;
	for (int i = 0; i < NB; i++) {
		double c = lo + (i + 0.5) * bw;
		count[i] = round(n * bw / (sd * sqrt(2 * M_PI)) *
				 exp(-0.5 * pow((c - mu) / sd, 2)));
	}
	for (int i = 0; i < NK; i++) {
		kx[i] = lo + (hi - lo) * i / (NK - 1);
		ky[i] = exp(-0.5 * pow((kx[i] - mu) / sd, 2)) /
			(sd * sqrt(2 * M_PI));
	}
	char title[256];
	snprintf(title, sizeof title, "%s: CPU distribution", p->name);
	struct chart_vline vl[2] = {{40, "mean 40.0%"}, {48.2, "p95 48.2%"}};
	struct chart_histogram c = {
		.title = title, .xlabel = "CPU", .unit = CHART_UNIT_PERCENT,
		.lo = lo, .hi = hi, .count = count, .nbins = NB, .kde_x = kx,
		.kde_y = ky, .nkde = NK, .vline = vl, .nvline = 2};
	return chart_histogram(tg, &c, err, sizeof err);
}

static int heat_chart(const struct chart_target *tg, const struct proc *p)
{
	static const char *names[] = {"cpu", "rss", "vms", "read/s",
				      "write/s", "fds"};
	double v[36];
	for (int r = 0; r < 6; r++)
		for (int c = 0; c < 6; c++)
			v[r * 6 + c] = r == c ? 1 : cos(r * 1.3 + c * 0.7) *
						    0.9;
	for (int i = 0; i < 6; i++) /* fds never changed: undefined */
		v[5 * 6 + i] = v[i * 6 + 5] = NAN;
	char title[256];
	snprintf(title, sizeof title, "%s: correlations", p->name);
	struct chart_heatmap c = {.title = title, .row_label = names,
				  .col_label = names, .nrows = 6, .ncols = 6,
				  .v = v, .vmin = -1, .vmax = 1};
	return chart_heatmap(tg, &c, err, sizeof err);
}

static int hbar_chart(const struct chart_target *tg)
{
	static const char *labels[] = {"CPU mean", "RSS max", "RSS slope",
				       "read/s", "write/s", "threads"};
	double v[] = {0.12, 0.45, -0.3, NAN, -0.05, 0};
	struct chart_hbar c = {.title = "run #2 vs run #1 (100% = double)", .xlabel =
			       "relative difference", .label = labels,
			       .v = v, .n = 6, .higher_is_bad = 1};
	return chart_hbar(tg, &c, err, sizeof err);
}

static void title_page(struct pdfdoc *d)
{
	struct pdfdoc_rect b = pdfdoc_body(d);
	double y = b.y + b.h - 20;
	pdfdoc_text(d, b.x, y, PDFDOC_TITLE, 'l', PDFDOC_PLAIN,
		    "psreport: host-α (café-€ test)");
	pdfdoc_bookmark(d, 0, "Summary");
	y -= 28;
	static const char *keys[] = {"host", "kernel", "command", "start",
				     "end", "duration", "interval", "samples",
				     "psrec"};
	static const char *vals[] = {
		"host-α", "Linux 6.1.0-28-amd64 x86_64",
		"psrec -i 1 -o run.psr -- psr-workload grow --tag café-€",
		"2025-11-24 16:00:00 UTC", "2025-11-24 17:00:00 UTC",
		"1 h 00 min", "1 s", "3 processes, 10,800 samples", "0.1.0"};
	for (size_t i = 0; i < sizeof keys / sizeof keys[0]; i++) {
		pdfdoc_text(d, b.x, y, PDFDOC_BOLD, 'l', PDFDOC_PLAIN, keys[i]);
		double yy = y;
		pdfdoc_paragraph(d, b.x + 90, &yy, b.w - 90,
				 i == 2 ? PDFDOC_MONO : PDFDOC_BODY, 2, vals[i]);
		y = fmin(y - pdfdoc_line_height(PDFDOC_BODY), yy);
	}
	y -= 14;
	pdfdoc_text(d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN, "Verdicts");
	y -= 6;
	enum { NP = sizeof procs / sizeof procs[0] };
	const char *head[4] = {"process", "pid", "memory verdict", "command"};
	const char *cells[NP * 4];
	char pid[NP][16];
	enum pdfdoc_tone tone[NP];
	for (size_t i = 0; i < NP; i++) {
		snprintf(pid[i], sizeof pid[i], "%zu", 1200 + i * 37);
		cells[i * 4] = procs[i].name;
		cells[i * 4 + 1] = pid[i];
		cells[i * 4 + 2] = procs[i].verdict;
		cells[i * 4 + 3] = procs[i].cmd;
		tone[i] = (enum pdfdoc_tone)procs[i].tone;
	}
	double w[4] = {150, 50, 220, b.w - 420};
	struct pdfdoc_table t = {.ncols = 4, .nrows = NP, .head = head,
				 .cells = cells, .width = w, .align = "lrll",
				 .tone = tone, .tone_col = 2};
	CHECK(pdfdoc_table(d, b.x, &y, &t) == 0, "verdict table");
}

static void stats_table(struct pdfdoc *d, double *y)
{
	const char *head[6] = {"metric", "min", "mean", "p95", "max", "unit"};
	const char *cells[] = {
		"CPU", "12.5", "43.1", "61.0", "98.2", "%",
		"RSS", "120", "310", "480", "512", "MiB",
		"read", "0", "2.5", "5.1", "22.0", "MiB/s",
		"threads", "4", "4", "4", "4", "",
		"fds", "11", "11", "11", "11", "",
	};
	struct pdfdoc_rect b = pdfdoc_body(d);
	double w[6] = {120, 80, 80, 80, 80, 80};
	struct pdfdoc_table t = {.ncols = 6, .nrows = 5, .head = head,
				 .cells = cells, .width = w, .align = "lrrrrl"};
	CHECK(pdfdoc_table(d, b.x, y, &t) == 0, "stats table");
}

static int build_pdf(const char *out, size_t n, double step)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/report.pdf", out);
	struct pdfdoc_opts o = {.paper = PDFDOC_A4, .theme = theme,
				.title = "psreport: host-α café-€",
				.creator = "psreport test",
				.footer = "host-α · 2025-11-24 16:00 – 17:00 UTC",
				.created = (time_t)T0};
	struct pdfdoc *d;
	if (check(pdfdoc_new(&d, &o, err, sizeof err), "pdfdoc_new"))
		return 1;
	pdfdoc_add_page(d);
	title_page(d);
	for (size_t i = 0; i < sizeof procs / sizeof procs[0]; i++) {
		const struct proc *p = &procs[i];
		struct series rss;
		make_series(&rss, n, step, 300 * MIB, p->growth, 1.5 * MIB,
			    11 + (unsigned)i);
		pdfdoc_add_page(d);
		char bm[256];
		snprintf(bm, sizeof bm, "%s (pid %zu)", p->name, 1200 + i * 37);
		int top = pdfdoc_bookmark(d, 0, bm);
		struct pdfdoc_rect b = pdfdoc_body(d);
		pdfdoc_text(d, b.x, b.y + b.h - 12, PDFDOC_HEADING, 'l',
			    PDFDOC_PLAIN, bm);
		pdfdoc_bookmark(d, top, "CPU and memory");
		struct pdfdoc_rect area = {b.x, b.y, b.w, b.h - 22};
		struct pdfdoc_rect r1 = pdfdoc_cell(area, 2, 1, 0, 0, 8);
		struct pdfdoc_rect r2 = pdfdoc_cell(area, 2, 1, 1, 0, 8);
		struct chart_target t1 = pdf_target(d, r1), t2 = pdf_target(d, r2);
		check(cpu_chart(&t1, p, n, step), "cpu chart");
		check(memory_chart(&t2, p, &rss, 1000), "memory chart");

		pdfdoc_add_page(d);
		pdfdoc_bookmark(d, top, "I/O and distribution");
		struct chart_target t3 = pdf_target(d, r1);
		struct pdfdoc_rect r4 = pdfdoc_cell(area, 2, 2, 1, 0, 8);
		struct pdfdoc_rect r5 = pdfdoc_cell(area, 2, 2, 1, 1, 8);
		struct chart_target t4 = pdf_target(d, r4), t5 = pdf_target(d, r5);
		check(io_chart(&t3, p, n, step), "io chart");
		check(hist_chart(&t4, p), "histogram");
		check(heat_chart(&t5, p), "heatmap");

		pdfdoc_add_page(d);
		pdfdoc_bookmark(d, top, "Statistics");
		double y = b.y + b.h - 12;
		pdfdoc_text(d, b.x, y, PDFDOC_HEADING, 'l', PDFDOC_PLAIN,
			    "Statistics");
		y -= 8;
		stats_table(d, &y);
		free_series(&rss);
	}
	pdfdoc_add_page(d);
	pdfdoc_bookmark(d, 0, "Comparison");
	struct pdfdoc_rect b = pdfdoc_body(d);
	struct chart_target th = pdf_target(d, (struct pdfdoc_rect){
		b.x, b.y + b.h / 2, b.w, b.h / 2});
	check(hbar_chart(&th), "hbar");
	int rc = check(pdfdoc_save(d, path, 1, err, sizeof err), "save");
	pdfdoc_free(d);
	return rc;
}

static int build_files(const char *out, enum chart_kind kind, size_t n,
		       double step)
{
	const char *ext = kind == CHART_SVG ? "svg" : "png";
	char dir[2048], path[4096];
	snprintf(dir, sizeof dir, "%s/%s", out, ext);
	mkdir(dir, 0755);
	/* RENDER_DPI: other resolutions, to look at (the tests use 100) */
	const char *dpi = getenv("RENDER_DPI");
	struct chart_target tg = {.kind = kind, .theme = theme, .force = 1,
				  .path = path, .dpi = dpi ? atoi(dpi) : 100};
	const struct proc *p = &procs[0];
	struct series rss;
	make_series(&rss, n, step, 300 * MIB, p->growth, 1.5 * MIB, 11);
	int bad = 0;
	snprintf(path, sizeof path, "%s/1200-worker-memory.%s", dir, ext);
	bad |= check(memory_chart(&tg, p, &rss, 1000), path);
	snprintf(path, sizeof path, "%s/1200-worker-cpu.%s", dir, ext);
	bad |= check(cpu_chart(&tg, p, n, step), path);
	snprintf(path, sizeof path, "%s/1200-worker-io.%s", dir, ext);
	bad |= check(io_chart(&tg, p, n, step), path);
	snprintf(path, sizeof path, "%s/1200-worker-cpu-dist.%s", dir, ext);
	bad |= check(hist_chart(&tg, p), path);
	snprintf(path, sizeof path, "%s/1200-worker-correlation.%s", dir, ext);
	bad |= check(heat_chart(&tg, p), path);
	snprintf(path, sizeof path, "%s/comparison.%s", dir, ext);
	bad |= check(hbar_chart(&tg), path);
	if (kind == CHART_PNG) {
		tg.transparent = 1;
		snprintf(path, sizeof path, "%s/transparent.png", dir);
		bad |= check(memory_chart(&tg, p, &rss, 1000), path);
	}
	free_series(&rss);
	return bad;
}

/* US letter, and a table that runs over three pages under a repeated
 * header. */
static void letter(const char *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/letter.pdf", out);
	struct pdfdoc_opts o = {.paper = PDFDOC_LETTER, .theme = theme,
				.footer = "letter"};
	struct pdfdoc *d;
	if (check(pdfdoc_new(&d, &o, err, sizeof err), "letter"))
		return;
	pdfdoc_add_page(d);
	enum { NR = 100 };
	static char text[NR][2][32];
	const char *cells[NR * 2], *head[2] = {"row", "value"};
	for (int i = 0; i < NR; i++) {
		snprintf(text[i][0], sizeof text[i][0], "row %d", i + 1);
		snprintf(text[i][1], sizeof text[i][1], "%d", i * i);
		cells[2 * i] = text[i][0];
		cells[2 * i + 1] = text[i][1];
	}
	struct pdfdoc_table t = {.ncols = 2, .nrows = NR, .head = head,
				 .cells = cells, .align = "lr"};
	struct pdfdoc_rect b = pdfdoc_body(d);
	double y = b.y + b.h;
	CHECK(pdfdoc_table(d, b.x, &y, &t) == 0, "long table");
	CHECK(pdfdoc_page_count(d) == 3, "%zu pages", pdfdoc_page_count(d));
	check(pdfdoc_save(d, path, 1, err, sizeof err), "save letter");
	pdfdoc_free(d);
}

/* No partial file and no temporary left behind after failures. */
static void error_paths(const char *out)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/svg/1200-worker-cpu.svg", out);
	struct chart_target tg = {.kind = CHART_SVG, .path = path};
	double t[2] = {T0, T0 + 1}, v[2] = {1, 2};
	struct chart_series s = {"x", t, v, NULL, NULL, 2, 0};
	struct chart_timeseries c = {.title = "x", .series = &s, .nseries = 1};
	CHECK(chart_timeseries(&tg, &c, err, sizeof err) == -EEXIST,
	      "existing file refused: %s", err);
	double tb[2] = {T0 + 1, T0};
	struct chart_series sb = {"x", tb, v, NULL, NULL, 2, 0};
	struct chart_timeseries cb = {.title = "x", .series = &sb, .nseries = 1};
	snprintf(path, sizeof path, "%s/never.svg", out);
	CHECK(chart_timeseries(&tg, &cb, err, sizeof err) == -EINVAL,
	      "unordered times refused: %s", err);
	snprintf(path, sizeof path, "%s/no-such-dir/x.svg", out);
	CHECK(chart_timeseries(&tg, &c, err, sizeof err) < 0,
	      "missing directory refused");
	CHECK(strstr(err, "no-such-dir") != NULL, "message names it: %s", err);

	struct pdfdoc_opts o = {.font_dir = "/nonexistent"};
	struct pdfdoc *d = NULL;
	CHECK(pdfdoc_new(&d, &o, err, sizeof err) == -ENOENT && !d,
	      "missing fonts refused: %s", err);
	struct pdfdoc_opts ok = {0};
	CHECK(pdfdoc_new(&d, &ok, err, sizeof err) == 0, "pdfdoc: %s", err);
	snprintf(path, sizeof path, "%s/empty.pdf", out);
	CHECK(pdfdoc_save(d, path, 0, err, sizeof err) == -EINVAL,
	      "a document without pages is refused");
	CHECK(pdfdoc_bookmark(d, 0, "x") < 0, "bookmark without a page");
	pdfdoc_add_page(d);
	CHECK(pdfdoc_bookmark(d, 5, "x") == -EINVAL, "unknown parent");
	int id = pdfdoc_bookmark(d, 0, "top");
	CHECK(id == 1 && pdfdoc_bookmark(d, id, "child") == 2, "ids %d", id);
	snprintf(path, sizeof path, "%s/no-such-dir/x.pdf", out);
	CHECK(pdfdoc_save(d, path, 0, err, sizeof err) < 0, "bad pdf path");
	snprintf(path, sizeof path, "%s/report.pdf", out);
	CHECK(pdfdoc_save(d, path, 0, err, sizeof err) == -EEXIST,
	      "existing pdf refused: %s", err);
	snprintf(path, sizeof path, "%s/second.pdf", out);
	CHECK(pdfdoc_save(d, path, 0, err, sizeof err) == 0,
	      "saved after a refused path: %s", err);
	pdfdoc_free(d);

	DIR *dir = opendir(out);
	struct dirent *e;
	while (dir && (e = readdir(dir)))
		CHECK(!strstr(e->d_name, ".tmp."), "left behind: %s", e->d_name);
	if (dir)
		closedir(dir);
	CHECK(access(path, F_OK) == 0, "report.pdf kept");
	snprintf(path, sizeof path, "%s/never.svg", out);
	CHECK(access(path, F_OK) != 0, "no never.svg");
	snprintf(path, sizeof path, "%s/empty.pdf", out);
	CHECK(access(path, F_OK) != 0, "no empty.pdf");
}

int main(int argc, char **argv)
{
	if (argc < 3) {
		fprintf(stderr, "usage: render_sample <outdir> light|dark "
			"[<samples> [<step> [all|pdf|svg|png]]]\n");
		return 2;
	}
	const char *out = argv[1];
	theme_name = argv[2];
	theme = strcmp(theme_name, "dark") == 0 ? THEME_DARK : THEME_LIGHT;
	size_t n = argc > 3 ? strtoul(argv[3], NULL, 10) : 3600;
	double step = argc > 4 ? strtod(argv[4], NULL) : 1.0;
	const char *what = argc > 5 ? argv[5] : "all";
	int all = strcmp(what, "all") == 0;
	mkdir(out, 0755);
	if (all || strcmp(what, "pdf") == 0)
		build_pdf(out, n, step);
	if (all || strcmp(what, "svg") == 0)
		build_files(out, CHART_SVG, n, step);
	if (all || strcmp(what, "png") == 0)
		build_files(out, CHART_PNG, n, step);
	if (all) {
		letter(out);
		error_paths(out);
	}
	chart_shutdown();
	return check_result();
}
