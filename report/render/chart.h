/* chart.h - psreport's charts, drawn by PLplot, from plain arrays.
 *
 * The same chart function draws into one of three targets:
 *  - a rectangle of the current page of a pdfdoc, as PDF vectors and text
 *    in the document's embedded fonts (through the "psrharu" PLplot
 *    driver, report/render/plharu/);
 *  - an SVG file (PLplot's svg driver), one chart per file;
 *  - a PNG file (PLplot's pngcairo driver) at a given dpi, optionally
 *    with a transparent background.
 * Light and dark themes apply to all three (theme.h).
 *
 * Data: times are Unix seconds (double), values are in base units (bytes,
 * bytes/s, events/s, percent where 100 = one CPU: see chartfmt.h). NaN
 * (any non-finite value) marks a missing value: lines and bands break
 * there. Time series and stacked areas longer than CHART_MAX_POINTS are
 * reduced to 2,000 buckets on the fly (chart_decimate: mean line, min/max
 * band), so the output size is bounded whatever the input; better, pass
 * decimated data (time buckets with mean, min and max) yourself.
 *
 * Text is UTF-8 and printed literally (process names and command lines
 * may hold any character, PLplot's '#' escapes included).
 *
 * Errors: every function returns 0 or a negative errno-style code with a
 * one-line message in err (no "psreport:" prefix). Files are written to a
 * temporary name and renamed when complete; on failure nothing is left.
 * Nothing prints, nothing exits: PLplot's exit and abort handlers are
 * redirected into the error, and PLplot never reads stdin (devices and
 * file names are validated before plinit). Numbers are formatted in the C
 * locale whatever LC_NUMERIC says (uselocale around each chart).
 *
 * Not thread-safe: PLplot has global state. */
#ifndef PSREPORT_CHART_H
#define PSREPORT_CHART_H

#include "chartfmt.h"
#include "pdfdoc.h"
#include "theme.h"

#include <stddef.h>

#define CHART_MAX_POINTS 4096 /* per series, before decimation kicks in */

enum chart_kind { CHART_PDF = 0, CHART_SVG, CHART_PNG, CHART_PANEL };

struct chart_target {
	enum chart_kind kind;
	enum theme_id theme;      /* for PDF: ignored, the document's wins */
	/* CHART_PDF: the rectangle on the document's current page */
	struct pdfdoc *doc;
	struct pdfdoc_rect rect;  /* points */
	/* CHART_SVG, CHART_PNG */
	const char *path;         /* the file to write */
	int force;                /* overwrite an existing file */
	double width, height;     /* points (1/72 in); 0: 720 x 360 */
	int dpi;                  /* PNG pixels per inch; 0: 100 */
	int transparent;          /* PNG: transparent background */
	/* CHART_PANEL: panel i (0 at the top) of the open figure */
	size_t panel;
	/* the files that stay together (util/outfile.h): once in place
	 * the file joins it, with no signal in between; NULL: none */
	struct outfile_set *set;
};

/* One SVG or PNG file of several charts, one above the other: begin with
 * the file's target (its height the whole figure's), draw each chart to
 * a CHART_PANEL target, then end, which writes the file (ok) or removes
 * it. One figure at a time. */
int chart_figure_begin(const struct chart_target *tg, size_t npanels,
		       char *err, size_t errlen);
int chart_figure_end(int ok, char *err, size_t errlen);

/* One line over time. min and max (both or neither) add a band: the
 * range of raw samples in each bucket. */
struct chart_series {
	const char *label;   /* legend text; NULL: no legend entry */
	const double *t;     /* n times, Unix seconds, ascending */
	const double *mean;  /* n values: the line */
	const double *min;   /* n values or NULL */
	const double *max;   /* n values or NULL */
	size_t n;
	int markers;         /* a dot at every value: runs of a few points
			      * whose lines coincide stay apart */
};

/* A straight line y = a + b * (t - t0) drawn dashed over the chart's
 * time range, e.g. the memory trend behind a leak verdict. */
struct chart_trend {
	double t0, a, b;     /* b in units per second */
	const char *label;   /* legend text, e.g. "trend +1.2 MiB/h" */
};

enum chart_tone { CHART_PLAIN = 0, CHART_OK, CHART_WARN, CHART_BAD };

/* A marked point, e.g. a peak: a small triangle at (t, v) with an
 * optional label beside it. */
struct chart_mark {
	double t, v;         /* Unix seconds, value in the chart's unit */
	const char *label;   /* NULL: none */
};

/* A vertical reference line on a value axis, e.g. mean or p95. */
struct chart_vline {
	double x;
	const char *label;   /* written at the top of the line */
};

struct chart_timeseries {
	const char *title;
	const char *ylabel;      /* quantity, e.g. "RSS"; the unit is added */
	enum chart_unit unit;
	const struct chart_series *series;
	size_t nseries;          /* 1..8 */
	const struct chart_trend *trend; /* NULL: none */
	const char *note;        /* written inside the plot, top left (e.g.
				  * the leak verdict); NULL: none */
	enum chart_tone note_tone;
	double t_start, t_end;   /* x range; both 0: the data's. A span under
				  * a second gets sub-second ticks, not a
				  * minute around it */
	double elapsed_from;     /* 0: wall-clock axis; else the Unix time
				  * of second 0 of an elapsed-time axis */
	int y_from_zero;         /* include 0 in the y range */
	const char *empty;       /* when no value is non-zero: this text in
				  * place of the axes (e.g. "no I/O") */
	unsigned colour_from;    /* series i in palette colour from + i */
	const struct chart_mark *mark; /* nmark points to mark, or NULL */
	size_t nmark;            /* 0..32 */
};

/* Lines over wall-clock time, each with an optional min/max band, an
 * optional trend line, note and marked points. */
int chart_timeseries(const struct chart_target *tg,
		     const struct chart_timeseries *c, char *err,
		     size_t errlen);

/* Layers stacked bottom first at the same times, and an
 * optional line, e.g. CPU user + system with a total line, or memory
 * text/data/shared or anon/file/shmem. Reduced long series show the
 * total's bucket range as a band. A time where a layer has no value
 * (NaN) is a gap in the stack, never a zero; a layer without any value
 * at all counts as 0. */
struct chart_stacked {
	const char *title, *ylabel;
	enum chart_unit unit;
	const double *t;          /* n times, Unix seconds */
	size_t n;
	const double *const *layer; /* nlayers arrays of n values */
	const char *const *label;   /* nlayers legend texts */
	size_t nlayers;             /* 1..7 */
	const double *total;        /* n values or NULL */
	const char *total_label;
	double t_start, t_end;
	double elapsed_from;        /* as in chart_timeseries */
};
int chart_stacked(const struct chart_target *tg, const struct chart_stacked *c,
		  char *err, size_t errlen);

/* Equal-width bins over [lo, hi] and, optionally, a kernel density
 * estimate (a probability density over the same x, integrating to 1),
 * which is drawn scaled by (sum of counts) * (bin width) so it overlays
 * the bars. */
struct chart_histogram {
	const char *title, *xlabel;
	enum chart_unit unit;     /* of x */
	double lo, hi;
	const double *count;      /* nbins counts */
	size_t nbins;
	const double *kde_x, *kde_y; /* nkde points or NULL */
	size_t nkde;
	const struct chart_vline *vline; /* nvline reference lines or NULL */
	size_t nvline;            /* 0..8 */
};
int chart_histogram(const struct chart_target *tg,
		    const struct chart_histogram *c, char *err, size_t errlen);

/* A matrix of values (e.g. correlations in [-1, 1]) with each value
 * written in its cell; NaN cells are undefined and shown hatched with an
 * en dash. Colours run blue (vmin) - neutral - red (vmax), with a colour
 * scale on the right. */
struct chart_heatmap {
	const char *title;
	const char *const *row_label; /* nrows */
	const char *const *col_label; /* ncols */
	size_t nrows, ncols;          /* 1..32 each */
	const double *v;              /* nrows * ncols, row-major */
	double vmin, vmax;            /* colour scale; vmin < vmax */
	int decimals;                 /* digits in the cells (2 if 0) */
};
int chart_heatmap(const struct chart_target *tg, const struct chart_heatmap *c,
		  char *err, size_t errlen);

/* Horizontal bars of relative differences (0.25 = +25 %), one per label,
 * the value written at the end of each bar: e.g. a comparison of two
 * runs. Positive bars use the "bad" tone when higher_is_bad, else "ok". */
struct chart_hbar {
	const char *title, *xlabel;
	const char *const *label;  /* n */
	const double *v;           /* n relative differences; NaN: no bar */
	size_t n;                  /* 1..40 */
	int higher_is_bad;
	/* n verdict tones, or NULL: a bar is coloured by its verdict (bad,
	 * ok; plain and warn bars pale), not by its sign, so a large
	 * difference that decides nothing is not the loudest bar */
	const enum chart_tone *tone;
};
int chart_hbar(const struct chart_target *tg, const struct chart_hbar *c,
	       char *err, size_t errlen);

/* Reduce n samples (t ascending) to at most nb time buckets of equal
 * width: per bucket the mean time, and the mean, min and max value (NaNs
 * skipped; a bucket of only NaNs is dropped). Returns the number of
 * buckets written (<= nb). Spikes survive in max. */
size_t chart_decimate(const double *t, const double *v, size_t n, size_t nb,
		      double *bt, double *bmean, double *bmin, double *bmax);

/* Where the psrharu driver is looked for, as chart functions resolve it
 * (see chart.c): $PSREPORT_DRIVER_DIR, else the build tree's
 * report/render/plharu when this program runs from a build tree (found
 * up from the executable, by meson's build.ninja), else the installed
 * <libdir>/psreport/drivers. */
const char *chart_driver_dir(void);

/* Free PLplot's global state at the end of the program (for leak
 * checkers); charts cannot be drawn afterwards. */
void chart_shutdown(void);

#endif
