/* defects.c - one chart per page of <out>.pdf, each drawing a case that
 * charts once got wrong (issue 18); check_defects.sh measures the pages
 * with pdftotext -bbox and pdftoppm. Every chart fills the top half of
 * an A4 landscape page's body, so positions are comparable.
 *
 * usage: defects <out.pdf>
 * Pages: 1 a 0.8 s process; 2 a stack whose layers stop before the end;
 * 3 a series at its axis maximum; 4 a p95 line at the histogram's right
 * edge; 5 a heatmap with undefined cells and a long title; 6 a 400
 * character title; 7 29 bars in a quarter page; 8 I/O all zero; 9 an
 * elapsed-time axis of 90 s. */
#define _GNU_SOURCE
#include "chart.h"
#include "pdfdoc.h"

#include <math.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

#define T0 1764000000.0 /* 2025-11-24 16:00:00 UTC */
#define MIB (1024.0 * 1024.0)

static char err[512];
static struct pdfdoc *doc;
static int failed;

static void check(int rc, const char *what)
{
	if (rc < 0) {
		fprintf(stderr, "defects: %s: %s\n", what, err);
		failed = 1;
	}
}

/* A new page and the chart's rectangle: the top half of the body (a
 * quarter: its top left quarter). */
static struct chart_target page(int quarter)
{
	pdfdoc_add_page(doc);
	struct pdfdoc_rect b = pdfdoc_body(doc);
	struct pdfdoc_rect r = {b.x, b.y + b.h / 2, quarter ? b.w / 2 : b.w,
				b.h / 2};
	return (struct chart_target){.kind = CHART_PDF, .doc = doc, .rect = r};
}

static void short_process(void)
{
	double t[5], v[5];
	for (int i = 0; i < 5; i++) {
		t[i] = T0 + 0.2 * i;
		v[i] = 40 + 10 * i;
	}
	struct chart_series s = {"CPU", t, v, NULL, NULL, 5, 0};
	struct chart_timeseries c = {.title = "short: CPU", .ylabel = "CPU",
				     .unit = CHART_UNIT_PERCENT, .series = &s,
				     .nseries = 1, .t_start = t[0],
				     .t_end = t[4]};
	struct chart_target tg = page(0);
	check(chart_timeseries(&tg, &c, err, sizeof err), "short process");
}

/* anon and file of 100 MiB each from 0 to 50 s; no values at 55 and 60 s
 * (the process had exited): the stack ends at 50 s */
static void stack_gap(void)
{
	double t[53], a[53], f[53];
	for (int i = 0; i < 53; i++) {
		t[i] = T0 + (i <= 50 ? i : 55 + 5 * (i - 51));
		a[i] = f[i] = i <= 50 ? 100 * MIB : NAN;
	}
	const double *layer[2] = {a, f};
	const char *label[2] = {"anon", "file"};
	struct chart_stacked c = {.title = "exits: RSS by kind",
				  .ylabel = "memory", .unit = CHART_UNIT_BYTES,
				  .t = t, .n = 53, .layer = layer,
				  .label = label, .nlayers = 2,
				  .t_start = T0, .t_end = T0 + 60};
	struct chart_target tg = page(0);
	check(chart_stacked(&tg, &c, err, sizeof err), "stack gap");
}

static void at_axis_max(void)
{
	double t[60], v[60];
	for (int i = 0; i < 60; i++) {
		t[i] = T0 + i;
		v[i] = 100;
	}
	struct chart_series s = {"CPU", t, v, NULL, NULL, 60, 0};
	struct chart_timeseries c = {.title = "busy: CPU", .ylabel = "CPU",
				     .unit = CHART_UNIT_PERCENT, .series = &s,
				     .nseries = 1, .y_from_zero = 1};
	struct chart_target tg = page(0);
	check(chart_timeseries(&tg, &c, err, sizeof err), "axis max");
}

static void p95_edge(void)
{
	double count[10] = {1, 2, 4, 8, 12, 8, 4, 2, 1, 30};
	struct chart_vline vl[2] = {{55, "mean 55.0%"},
				    {100, "p95 100.0% (the right edge)"}};
	struct chart_histogram c = {.title = "edge: CPU distribution",
				    .xlabel = "CPU", .unit = CHART_UNIT_PERCENT,
				    .lo = 0, .hi = 100, .count = count,
				    .nbins = 10, .vline = vl, .nvline = 2};
	struct chart_target tg = page(0);
	check(chart_histogram(&tg, &c, err, sizeof err), "p95 edge");
}

static void heat_undefined(void)
{
	const char *lab[3] = {"CPU", "RSS", "fds"};
	double v[9] = {1, 0.5, NAN, 0.5, 1, NAN, NAN, NAN, NAN};
	struct chart_heatmap c = {
		.title = "a-rather-long-process-name-for-a-heatmap 4242: "
			 "correlations (Pearson) of every series recorded",
		.row_label = lab, .col_label = lab, .nrows = 3, .ncols = 3,
		.v = v, .vmin = -1, .vmax = 1, .decimals = 2};
	struct chart_target tg = page(1);
	check(chart_heatmap(&tg, &c, err, sizeof err), "heatmap");
}

static void long_title(void)
{
	char title[512];
	size_t k = (size_t)snprintf(title, sizeof title, "/usr/bin/python3");
	while (k + 12 < 400)
		k += (size_t)snprintf(title + k, sizeof title - k,
				      " --option%zu", k);
	snprintf(title + k, sizeof title - k, " TITLEEND");
	double t[2] = {T0, T0 + 60}, v[2] = {1, 2};
	struct chart_series s = {"x", t, v, NULL, NULL, 2, 0};
	struct chart_timeseries c = {.title = title, .ylabel = "x",
				     .series = &s, .nseries = 1};
	struct chart_target tg = page(0);
	check(chart_timeseries(&tg, &c, err, sizeof err), "long title");
}

static void many_bars(void)
{
	char names[29][16];
	const char *label[29];
	double v[29];
	for (int i = 0; i < 29; i++) {
		snprintf(names[i], sizeof names[i], "bar%02d", i);
		label[i] = names[i];
		v[i] = (i - 14) * 0.02;
	}
	struct chart_hbar c = {.title = "29 metrics", .xlabel = "change",
			       .label = label, .v = v, .n = 29};
	struct chart_target tg = page(1);
	check(chart_hbar(&tg, &c, err, sizeof err), "many bars");
}

static void no_io(void)
{
	double t[30], v[30];
	for (int i = 0; i < 30; i++) {
		t[i] = T0 + i;
		v[i] = i ? 0 : NAN;
	}
	struct chart_series s = {"read", t, v, NULL, NULL, 30, 0};
	struct chart_timeseries c = {.title = "quiet: I/O rate", .ylabel = "I/O",
				     .unit = CHART_UNIT_BYTES_PER_S,
				     .series = &s, .nseries = 1,
				     .y_from_zero = 1, .empty = "no I/O"};
	struct chart_target tg = page(0);
	check(chart_timeseries(&tg, &c, err, sizeof err), "no I/O");
}

static void elapsed(void)
{
	double t[91], v[91];
	for (int i = 0; i < 91; i++) {
		t[i] = T0 + i;
		v[i] = i % 7;
	}
	struct chart_series s = {"CPU", t, v, NULL, NULL, 91, 0};
	struct chart_timeseries c = {.title = "elapsed: CPU", .ylabel = "CPU",
				     .unit = CHART_UNIT_PERCENT, .series = &s,
				     .nseries = 1, .elapsed_from = T0};
	struct chart_target tg = page(0);
	check(chart_timeseries(&tg, &c, err, sizeof err), "elapsed");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: defects <out.pdf>\n");
		return 2;
	}
	struct pdfdoc_opts o = {.paper = PDFDOC_A4, .title = "defects",
				.created = (time_t)T0};
	if (pdfdoc_new(&doc, &o, err, sizeof err) < 0) {
		fprintf(stderr, "defects: %s\n", err);
		return 1;
	}
	short_process();
	stack_gap();
	at_axis_max();
	p95_edge();
	heat_undefined();
	long_title();
	many_bars();
	no_io();
	elapsed();
	check(pdfdoc_save(doc, argv[1], 1, err, sizeof err), "save");
	pdfdoc_free(doc);
	chart_shutdown();
	return failed;
}
