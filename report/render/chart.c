/* chart.c - chart layouts over PLplot.
 *
 * Each chart is one PLplot session on stream 0: plsdev, plinit, draw,
 * plend1. PLplot only lays out and clips; tick steps and labels (wall
 * clock, binary units) come from chartfmt.c, and all drawing happens in
 * two coordinate systems: "page" (viewport = the whole chart, world
 * coordinates = millimetres from its lower left corner) for titles,
 * labels and legends, and "plot" (the data area, world = data values)
 * for data and grid lines.
 *
 * PLplot's failure paths call plexit(), which would print and exit();
 * the handler installed with plsexit() longjmps back into render()
 * instead, and PLplot is then considered unusable for the rest of the
 * process (its state after a jump is unknown). */
#define _GNU_SOURCE
#include "chart.h"
#include "outfile.h"
#include "plharu/psrharu.h"
#include "utf8.h"

#include "render_config.h"

#include <plplot.h>

#include <dlfcn.h>
#include <errno.h>
#include <locale.h>
#include <math.h>
#include <setjmp.h>
#include <stdbool.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

/* ------------------------------------------------------------------ */
/* PLplot set-up, error handling, targets                              */

static int pl_ready, pl_broken, have_svg, have_png;
static struct pdfdoc *metric_doc; /* see metric_fonts() */
static jmp_buf pl_jmp;
static volatile int pl_armed;
static char pl_msg[256];

static int on_plexit(PLCHAR_VECTOR msg)
{
	snprintf(pl_msg, sizeof pl_msg, "plplot: %s", msg ? msg : "failed");
	if (pl_armed)
		longjmp(pl_jmp, 1);
	return 1; /* unreachable in practice: every call is armed */
}

static void on_plabort(PLCHAR_VECTOR msg)
{
	if (!pl_msg[0])
		snprintf(pl_msg, sizeof pl_msg, "plplot: %s",
			 msg ? msg : "failed");
}

/* The build tree's driver directory, when this program runs from one:
 * up from the executable (at most three levels: build/report/psreport,
 * build/tests/render_sample) a directory that holds meson's build.ninja
 * and PSR_DRIVER_SUBDIR with the driver in it. Found at run time, so
 * that no build path is compiled into the program. */
static bool build_tree_dir(char *buf, size_t len)
{
	char dir[4096], path[4200];
	ssize_t n = readlink("/proc/self/exe", dir, sizeof dir - 1);

	if (n <= 0)
		return false;
	dir[n] = 0;
	for (int up = 0; up < 3; up++) {
		char *slash = strrchr(dir, '/');
		if (!slash || slash == dir)
			return false;
		*slash = 0;
		snprintf(path, sizeof path, "%s/build.ninja", dir);
		if (access(path, F_OK) != 0)
			continue;
		snprintf(path, sizeof path, "%s/%s/psrharu.driver_info", dir,
			 PSR_DRIVER_SUBDIR);
		if (access(path, F_OK) != 0)
			return false;
		snprintf(buf, len, "%s/%s", dir, PSR_DRIVER_SUBDIR);
		return true;
	}
	return false;
}

const char *chart_driver_dir(void)
{
	static char built[4200];
	const char *env = getenv("PSREPORT_DRIVER_DIR");

	if (env && *env)
		return env;
	if (built[0] || build_tree_dir(built, sizeof built))
		return built;
	return PSR_DRIVER_DIR_INSTALL;
}

/* Point PLplot at our driver directory, install the handlers and check
 * that the devices exist, all before any plinit (an unknown device would
 * make plinit prompt on stdin). */
static int lib_init(char *err, size_t errlen)
{
	if (pl_broken) {
		snprintf(err, errlen, "charts disabled after an earlier "
			 "plplot failure");
		return -EIO;
	}
	if (pl_ready)
		return 0;
	const char *dir = chart_driver_dir();
	char info[4096];
	snprintf(info, sizeof info, "%s/psrharu.driver_info", dir);
	if (access(info, R_OK) != 0) {
		snprintf(err, errlen, "plplot driver 'psrharu' not found in "
			 "'%s'", dir);
		return -ENOENT;
	}
	/* Our module must load and have its entry point: PLplot would print
	 * and plexit() if not, or call a null dispatch table. The system's
	 * svg and cairo drivers are only checked by name (below): a broken
	 * Debian package ends in PLplot's plexit(), which the exit handler
	 * turns into an error (the render tests check that path). */
	snprintf(info, sizeof info, "%s/psrharu.so", dir);
	void *h = dlopen(info, RTLD_NOW | RTLD_LOCAL);
	int has_entry = h && dlsym(h, "plD_dispatch_init_psrharu");
	if (!has_entry) {
		const char *why = h ? "no plD_dispatch_init_psrharu" : dlerror();
		snprintf(err, errlen, "cannot load plplot driver '%s': %s", info,
			 why ? why : "unknown error");
		if (h)
			dlclose(h);
		return -ENOEXEC;
	}
	dlclose(h);
	setenv("PLPLOT_DRV_DIR", dir, 1);
	plsexit(on_plexit);
	plsabort(on_plabort);
	pl_msg[0] = 0;
	const char *menu[128], *name[128];
	const char **pm = menu, **pn = name;
	int n = 128;
	pl_armed = 1;
	if (setjmp(pl_jmp)) {
		pl_armed = 0;
		pl_broken = 1;
		snprintf(err, errlen, "%s", pl_msg);
		return -EIO;
	}
	plgDevs(&pm, &pn, &n);
	pl_armed = 0;
	int have_haru = 0;
	for (int i = 0; i < n; i++) {
		have_haru |= strcmp(name[i], "psrharu") == 0;
		have_svg |= strcmp(name[i], "svg") == 0;
		have_png |= strcmp(name[i], "pngcairo") == 0;
	}
	if (!have_haru) {
		snprintf(err, errlen, "plplot cannot load driver 'psrharu' "
			 "from '%s'", dir);
		return -ENOENT;
	}
	pl_ready = 1;
	return 0;
}

void chart_shutdown(void)
{
	if (pl_ready && !pl_broken) {
		pl_armed = 1;
		if (!setjmp(pl_jmp))
			plend();
		pl_armed = 0;
	}
	pl_ready = 0;
	pl_broken = 1;
	pdfdoc_free(metric_doc);
	metric_doc = NULL;
}

/* Drawing state for one chart. */
struct ctx {
	const struct theme *th;
	enum chart_kind kind;
	double s;         /* text and line scale for the device */
	double wmm, hmm;  /* the chart, mm */
	double px0, px1, py0, py1; /* the plot area, mm */
	double wx0, wx1, wy0, wy1; /* its world window */
	double ch;        /* body character height, mm */
	double pad;       /* empty border around the chart, mm */
	double ox, oy;    /* the chart's lower left corner on the page, mm
			   * (a figure's panel; else 0) */
	double factor;    /* current text size, times ch */
	int bold;         /* current weight */
	HPDF_Font mfont[2]; /* DejaVu regular and bold, to measure text */
	double em_mm;     /* mm per em per mm of character height */
};

/* Text is measured with libharu's metrics of the fonts the outputs use
 * (PLplot has no public string-length call): the PDF's own fonts, or
 * for SVG and PNG those of a document kept only for measuring. */
static int metric_fonts(HPDF_Font f[2], char *err, size_t errlen)
{
	if (!metric_doc) {
		struct pdfdoc_opts o = {0};
		struct pdfdoc *d;
		int rc = pdfdoc_new(&d, &o, err, errlen);
		if (rc < 0)
			return rc;
		if ((rc = pdfdoc_add_page(d)) < 0) {
			snprintf(err, errlen, "cannot measure text: %s",
				 pdfdoc_errmsg(d));
			pdfdoc_free(d);
			return rc;
		}
		metric_doc = d;
	}
	struct pdfdoc_handles h;
	if (pdfdoc_handles(metric_doc, &h) < 0) {
		snprintf(err, errlen, "cannot measure text");
		return -EIO;
	}
	f[0] = h.font[0];
	f[1] = h.font[1];
	return 0;
}

/* How wide an em is per mm of PLplot character height, as each device
 * sizes its text (measured by comparing rendered widths). */
#define SVG_EM_PER_CH 1.3
#define PNG_EM_PER_CH 1.45

/* Body text height in mm on a 1.0-scale device (about 8 pt). */
#define BODY_MM 1.95

static void colour(const struct theme_rgb c, double alpha)
{
	plscol0a(15, c.r, c.g, c.b, alpha);
	plcol0(15);
}

static void text_size(struct ctx *x, double factor)
{
	plschr(BODY_MM * x->s, factor);
	PLFLT def, ht;
	plgchr(&def, &ht);
	x->ch = ht / factor;
	x->factor = factor;
}

static void set_bold(struct ctx *x, int on)
{
	x->bold = on;
	plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, on ? PL_FCI_BOLD : PL_FCI_MEDIUM);
}

/* Valid UTF-8 (PLplot refuses anything else) with '#', PLplot's escape,
 * doubled to print itself. */
static const char *lit(const char *raw, char *buf, size_t len)
{
	char s[1024];
	utf8_clean(s, sizeof s, raw);
	size_t j = 0;
	for (size_t i = 0; s[i] && j + 3 < len; i++) {
		if (s[i] == '#')
			buf[j++] = '#';
		buf[j++] = s[i];
	}
	buf[j] = 0;
	return buf;
}

static void page_mode(const struct ctx *x)
{
	plsvpa(x->ox, x->ox + x->wmm, x->oy, x->oy + x->hmm);
	plwind(0, x->wmm, 0, x->hmm);
}

static void plot_mode(const struct ctx *x)
{
	plsvpa(x->ox + x->px0, x->ox + x->px1, x->oy + x->py0, x->oy + x->py1);
	plwind(x->wx0, x->wx1, x->wy0, x->wy1);
}

/* Text in page mode at (mx, my) mm, vertically centred; just 0 left,
 * 0.5 centre, 1 right; vertical reads bottom to top. */
static void text_at(struct ctx *x, double mx, double my, double just,
		    int vertical, const char *s)
{
	char buf[2048]; /* room for every byte doubled: never cut */
	plptex(mx, my, vertical ? 0 : 1, vertical ? 1 : 0, just,
	       lit(s, buf, sizeof buf));
}

static double text_mm(const struct ctx *x, const char *s)
{
	if (!s)
		return 0;
	char clean[1024];
	utf8_clean(clean, sizeof clean, s);
	HPDF_TextWidth tw = HPDF_Font_TextWidth(x->mfont[x->bold],
						(const HPDF_BYTE *)clean,
						(HPDF_UINT)strlen(clean));
	return tw.width / 1000.0 * x->ch * x->factor * x->em_mm;
}

static double xmm(const struct ctx *x, double v)
{
	return x->px0 + (v - x->wx0) / (x->wx1 - x->wx0) * (x->px1 - x->px0);
}

static double ymm(const struct ctx *x, double v)
{
	return x->py0 + (v - x->wy0) / (x->wy1 - x->wy0) * (x->py1 - x->py0);
}

/* ------------------------------------------------------------------ */
/* Frame: title, legend, axes                                          */

struct legend_item {
	const char *label;
	struct theme_rgb c;
	int kind; /* 0 line, 1 box, 2 dashed line */
};

enum { MAX_LEGEND = 12 };

struct frame {
	const char *title;
	struct legend_item item[MAX_LEGEND];
	size_t nitems;
	double left_mm;   /* room for y tick labels (and title) */
	const char *ylabel;
	int x_labels;     /* room for x tick labels below */
	const char *xcaption;
	double right_mm;
};

static void legend_add(struct frame *f, const char *label,
		       struct theme_rgb c, int kind)
{
	if (label && f->nitems < MAX_LEGEND)
		f->item[f->nitems++] = (struct legend_item){label, c, kind};
}

/* Place the plot area: title on the first row, legend on the second,
 * y label and tick labels on the left, x labels and caption below. */
static void layout(struct ctx *x, const struct frame *f)
{
	double ch = x->ch;
	double top = x->pad + 2.6 * ch + (f->nitems ? 2.0 * ch : 0) + 0.6 * ch;
	double bottom = x->pad + 0.8 * ch + (f->x_labels ? 2.0 * ch : 0) +
			(f->xcaption ? 2.0 * ch : 0);
	double left = x->pad + 1.0 * ch + f->left_mm +
		      (f->ylabel ? 2.2 * ch : 0);
	x->px0 = left;
	x->px1 = x->wmm - x->pad - (f->right_mm > 0 ? f->right_mm : 2.0 * ch);
	x->py0 = bottom;
	x->py1 = x->hmm - top;
}

/* s cut on a character boundary with an ellipsis to fit width mm in the
 * current font (whole when it fits). */
static const char *fit_text(const struct ctx *x, const char *s, double width,
			    char *buf, size_t len)
{
	if (!s || text_mm(x, s) <= width)
		return s;
	char clean[1024];
	utf8_clean(clean, sizeof clean, s);
	size_t n = strlen(clean);
	while (n > 0) {
		do /* back to the start of a character */
			n--;
		while (n > 0 && ((unsigned char)clean[n] & 0xC0) == 0x80);
		snprintf(buf, len, "%.*s…", (int)n, clean);
		if (text_mm(x, buf) <= width)
			return buf;
	}
	snprintf(buf, len, "…");
	return buf;
}

static void draw_title_legend(struct ctx *x, const struct frame *f)
{
	page_mode(x);
	double ch = x->ch;
	char cut[1024];
	colour(x->th->fg, 1);
	text_size(x, 1.3);
	set_bold(x, 1);
	/* a long command line must not run off the chart or over the next */
	text_at(x, x->pad + 1.0 * ch, x->hmm - x->pad - 1.5 * ch, 0, 0,
		fit_text(x, f->title, x->wmm - 2 * x->pad - 1.0 * ch, cut,
			 sizeof cut));
	set_bold(x, 0);
	text_size(x, 1.0);
	double lx = x->px0, ly = x->hmm - x->pad - 3.7 * ch;
	for (size_t i = 0; i < f->nitems; i++) {
		const struct legend_item *it = &f->item[i];
		double w = text_mm(x, it->label) + 4.5 * ch;
		if (lx + w > x->wmm && lx > x->px0)
			break; /* out of room: a cut legend beats overlap */
		if (it->kind == 1) {
			PLFLT bx[4] = {lx, lx + 2.2 * ch, lx + 2.2 * ch, lx};
			PLFLT by[4] = {ly - 0.45 * ch, ly - 0.45 * ch,
				       ly + 0.45 * ch, ly + 0.45 * ch};
			colour(it->c, 0.85);
			plfill(4, bx, by);
		} else {
			colour(it->c, 1);
			plwidth(2.0 * x->s);
			pllsty(it->kind == 2 ? 2 : 1);
			pljoin(lx, ly, lx + 2.2 * ch, ly);
			pllsty(1);
		}
		colour(x->th->fg, 1);
		text_at(x, lx + 2.9 * ch, ly, 0, 0, it->label);
		lx += w;
	}
}

/* The y axis: grid lines, left labels, the quantity and unit. */
static void draw_y_axis(struct ctx *x, const struct chartfmt_axis *a,
			const char *ylabel)
{
	char lab[64];
	plot_mode(x);
	colour(x->th->grid, 1);
	plwidth(0.8 * x->s);
	int n = (int)floor((a->hi - a->lo) / a->step + 0.5);
	for (int i = 0; i <= n; i++) {
		double v = a->lo + i * a->step;
		pljoin(x->wx0, v, x->wx1, v);
	}
	page_mode(x);
	colour(x->th->muted, 1);
	for (int i = 0; i <= n; i++) {
		double v = a->lo + i * a->step;
		chartfmt_axis_label(a, v, 0, lab, sizeof lab);
		text_at(x, x->px0 - 0.7 * x->ch, ymm(x, v), 1, 0, lab);
	}
	if (ylabel) {
		char buf[256];
		if (a->suffix[0])
			snprintf(buf, sizeof buf, "%s (%s)", ylabel, a->suffix);
		else
			snprintf(buf, sizeof buf, "%s", ylabel);
		colour(x->th->fg, 1);
		text_at(x, x->pad + 1.4 * x->ch, (x->py0 + x->py1) / 2, 0.5, 1,
			buf);
	}
}

/* The width in mm of the widest label of a value axis. */
static double y_labels_mm(const struct ctx *x, const struct chartfmt_axis *a)
{
	char lab[64];
	double w = 0;
	int n = (int)floor((a->hi - a->lo) / a->step + 0.5);
	for (int i = 0; i <= n; i++) {
		chartfmt_axis_label(a, a->lo + i * a->step, 0, lab, sizeof lab);
		w = fmax(w, text_mm(x, lab));
	}
	return w;
}

/* How a chart's x maps time: world x = Unix time + toff. Wall clock:
 * toff is the zone offset; elapsed: minus the time of second 0. */
struct taxis {
	double t0, t1;  /* the range, Unix seconds */
	double toff;
	double origin;  /* elapsed: Unix time of second 0; 0: wall clock */
};

static void taxis_init(struct taxis *a, double t0, double t1, double origin)
{
	a->t0 = t0;
	a->t1 = t1;
	a->origin = origin;
	a->toff = origin != 0 ? -origin : chartfmt_tz_offset(t0);
}

/* A label of the elapsed axis at v seconds: "0.4" under two minutes
 * (the caption says seconds), "12:30" (min:s) under two hours, else
 * "3:05" (h:min). */
static void elapsed_label(double v, double span, double step, char *buf,
			  size_t len)
{
	v += 0.0; /* -0 is 0 */
	if (fabs(v) < step * 1e-6)
		v = 0;
	if (span < 120) {
		snprintf(buf, len, "%.*f", step < 1 ? 1 : 0, v);
		return;
	}
	long s = lrint(v), neg = s < 0;
	s = labs(s);
	if (span < 7200)
		snprintf(buf, len, "%s%ld:%02ld", neg ? "-" : "", s / 60, s % 60);
	else
		snprintf(buf, len, "%s%ld:%02ld", neg ? "-" : "", s / 3600,
			 s / 60 % 60);
}

static void time_tick_label(const struct ctx *x, const struct taxis *ta,
			    const struct chartfmt_time *tx, double v,
			    int midnight, char *buf, size_t len)
{
	if (ta->origin != 0) {
		elapsed_label(v, x->wx1 - x->wx0, tx->step, buf, len);
		return;
	}
	if (tx->step >= 1) {
		chartfmt_time_label(v, midnight ? "%b %d" : tx->fmt, buf, len);
		return;
	}
	double whole = floor(v + 0.05);
	char hms[48];
	chartfmt_time_label(whole, tx->fmt, hms, sizeof hms);
	snprintf(buf, len, "%s.%d", hms, (int)lrint((v - whole) * 10) % 10);
}

static void time_caption(const struct taxis *ta, double span, char *buf,
			 size_t len)
{
	if (ta->origin == 0) {
		chartfmt_time_caption(ta->t0, buf, len);
		return;
	}
	double off = chartfmt_tz_offset(ta->origin);
	char when[32];
	long m = labs((long)off) / 60;
	chartfmt_time_label(ta->origin + off, "%Y-%m-%d %H:%M:%S", when,
			    sizeof when);
	snprintf(buf, len, "%s since the start, %s (UTC%c%02ld:%02ld)",
		 span < 120 ? "seconds" : span < 7200 ? "min:s" : "h:min",
		 when, off < 0 ? '-' : '+', m / 60, m % 60);
}

/* The time axis: vertical grid lines at wall-clock (or elapsed) steps,
 * labels and the caption. */
static void draw_time_axis(struct ctx *x, const struct chartfmt_time *tx,
			   const struct taxis *ta)
{
	char lab[64];
	plot_mode(x);
	double first = ceil(x->wx0 / tx->step - 1e-9) * tx->step;
	int days = tx->step < 86400 && x->wx1 - x->wx0 > 3600;
	colour(x->th->grid, 1);
	plwidth(0.8 * x->s);
	for (double v = first; v <= x->wx1 + 1e-9; v += tx->step)
		pljoin(v, x->wy0, v, x->wy1);
	page_mode(x);
	colour(x->th->muted, 1);
	double last_end = -1e9;
	for (double v = first; v <= x->wx1 + 1e-9; v += tx->step) {
		/* a midnight tick names the day instead */
		int midnight = days && !ta->origin && fmod(v, 86400) == 0;
		time_tick_label(x, ta, tx, v, midnight, lab, sizeof lab);
		double m = xmm(x, v), w = text_mm(x, lab);
		if (m - w / 2 < last_end + x->ch)
			continue; /* would overlap the previous label */
		text_at(x, m, x->py0 - 1.3 * x->ch, 0.5, 0, lab);
		last_end = m + w / 2;
	}
	char cap[192];
	time_caption(ta, x->wx1 - x->wx0, cap, sizeof cap);
	text_at(x, x->px1, x->py0 - 3.2 * x->ch, 1, 0, cap);
}

/* The plot's bottom and left edges over the data. */
static void draw_box(struct ctx *x)
{
	plot_mode(x);
	colour(x->th->muted, 1);
	plwidth(1.0 * x->s);
	pljoin(x->wx0, x->wy0, x->wx1, x->wy0);
	pljoin(x->wx0, x->wy0, x->wx0, x->wy1);
}

/* ------------------------------------------------------------------ */
/* Decimation                                                          */

/* Bucket i covers [t0 + i*w, t0 + (i+1)*w); empty buckets stay NaN when
 * keep_empty, so that several arrays decimated alike stay aligned. */
static size_t decimate(const double *t, const double *v, size_t n, size_t nb,
		       int keep_empty, double *bt, double *bmean,
		       double *bmin, double *bmax)
{
	if (n == 0 || nb == 0)
		return 0;
	double t0 = t[0], span = t[n - 1] - t[0];
	double w = span > 0 ? span / nb : 1;
	size_t out = 0, i = 0;
	for (size_t b = 0; b < nb && i < n; b++) {
		double end = b + 1 == nb ? INFINITY : t0 + (b + 1) * w;
		double st = 0, sv = 0, lo = INFINITY, hi = -INFINITY;
		size_t k = 0, kt = 0;
		for (; i < n && t[i] < end; i++) {
			st += t[i];
			kt++;
			if (!isfinite(v[i]))
				continue;
			sv += v[i];
			lo = fmin(lo, v[i]);
			hi = fmax(hi, v[i]);
			k++;
		}
		if (k == 0 && !keep_empty)
			continue;
		bt[out] = kt ? st / kt : t0 + (b + 0.5) * w;
		bmean[out] = k ? sv / k : NAN;
		bmin[out] = k ? lo : NAN;
		bmax[out] = k ? hi : NAN;
		out++;
	}
	return out;
}

size_t chart_decimate(const double *t, const double *v, size_t n, size_t nb,
		      double *bt, double *bmean, double *bmin, double *bmax)
{
	return decimate(t, v, n, nb, 0, bt, bmean, bmin, bmax);
}

/* ------------------------------------------------------------------ */
/* Time series                                                         */

#define DECIMATE_TO 2000

struct ts_data { /* a series as drawn: decimated copies when too long */
	const double *t, *mean, *min, *max;
	size_t n;
	double *own;
};

static int ts_prepare(const struct chart_series *s, struct ts_data *d)
{
	*d = (struct ts_data){s->t, s->mean, s->min, s->max, s->n, NULL};
	if (s->n <= CHART_MAX_POINTS)
		return 0;
	size_t nb = DECIMATE_TO;
	double *m = malloc(sizeof(double) * nb * 6);
	if (!m)
		return -ENOMEM;
	double *bt = m, *bmean = m + nb, *bmin = m + 2 * nb, *bmax = m + 3 * nb;
	double *scratch = m + 4 * nb, *scratch2 = m + 5 * nb;
	size_t k = decimate(s->t, s->mean, s->n, nb, 1, bt, bmean, bmin, bmax);
	if (s->min && s->max) { /* the band of the bands */
		decimate(s->t, s->min, s->n, nb, 1, scratch, scratch2, bmin,
			 scratch);
		decimate(s->t, s->max, s->n, nb, 1, scratch, scratch2, scratch,
			 bmax);
	}
	*d = (struct ts_data){bt, bmean, bmin, bmax, k, m};
	return 0;
}

/* Draw runs of finite values as lines (or, band, as filled polygons
 * between lo and hi). */
static void draw_runs(const double *t, const double *lo, const double *hi,
		      size_t n, double toff, int band)
{
	size_t cap = 2 * n + 2;
	PLFLT *px = malloc(sizeof(PLFLT) * cap), *py = malloc(sizeof(PLFLT) * cap);
	if (!px || !py)
		goto out;
	size_t i = 0;
	while (i < n) {
		while (i < n && (!isfinite(hi[i]) || (band && !isfinite(lo[i]))))
			i++;
		size_t j = i;
		while (j < n && isfinite(hi[j]) && !(band && !isfinite(lo[j])))
			j++;
		size_t k = 0;
		for (size_t q = i; q < j; q++) {
			px[k] = t[q] + toff;
			py[k++] = hi[q];
		}
		if (band) {
			for (size_t q = j; q-- > i;) {
				px[k] = t[q] + toff;
				py[k++] = lo[q];
			}
			if (k >= 3)
				plfill((PLINT)k, px, py);
		} else if (k >= 2) {
			plline((PLINT)k, px, py);
		} else if (k == 1) {
			PLFLT sx = px[0], sy = py[0];
			plstring(1, &sx, &sy, "•");
		}
		i = j;
	}
out:
	free(px);
	free(py);
}

/* A process of 0.8 s gets an axis of 0.8 s (its own samples fill the
 * plot); only a single instant gets a second around it. */
static void span_fix(double *t0, double *t1)
{
	if (!(*t1 - *t0 > 0.05)) {
		*t0 -= 0.5;
		*t1 += 0.5;
	}
}

/* The text of an empty chart, centred where the plot would be, on a
 * plain frame. */
static void draw_empty(struct ctx *x, const char *text)
{
	page_mode(x);
	colour(x->th->grid, 1);
	plwidth(0.8 * x->s);
	PLFLT bx[5] = {x->px0, x->px1, x->px1, x->px0, x->px0};
	PLFLT by[5] = {x->py0, x->py0, x->py1, x->py1, x->py0};
	plline(5, bx, by);
	colour(x->th->muted, 1);
	text_size(x, 1.3);
	text_at(x, (x->px0 + x->px1) / 2, (x->py0 + x->py1) / 2, 0.5, 0, text);
	text_size(x, 1.0);
}

/* A marker at every value of a series (shape by series, so that lines
 * on top of each other still show each one). */
static void draw_dots(struct ctx *x, const struct ts_data *d, double toff,
		      int k)
{
	static const char *const shape[] = {"●", "■", "▲", "◆"};
	plschr(BODY_MM * x->s, 0.8);
	for (size_t i = 0; i < d->n; i++) {
		if (!isfinite(d->mean[i]))
			continue;
		PLFLT px = d->t[i] + toff, py = d->mean[i];
		plstring(1, &px, &py, shape[k % 4]);
	}
	text_size(x, x->factor);
}

static void time_range(const struct chart_timeseries *c, double *t0,
		       double *t1)
{
	*t0 = INFINITY;
	*t1 = -INFINITY;
	for (size_t i = 0; i < c->nseries; i++) {
		const struct chart_series *s = &c->series[i];
		if (s->n) {
			*t0 = fmin(*t0, s->t[0]);
			*t1 = fmax(*t1, s->t[s->n - 1]);
		}
	}
	if (c->t_start != 0 || c->t_end != 0) {
		*t0 = c->t_start;
		*t1 = c->t_end;
	}
	if (!isfinite(*t0)) {
		*t0 = 0;
		*t1 = 60;
	}
	span_fix(t0, t1);
}

static void widen(double *lo, double *hi, double v)
{
	if (isfinite(v)) {
		*lo = fmin(*lo, v);
		*hi = fmax(*hi, v);
	}
}

static void value_range(const double *v, size_t n, double *lo, double *hi)
{
	for (size_t i = 0; v && i < n; i++)
		widen(lo, hi, v[i]);
}

static int max_time_ticks(const struct ctx *x)
{
	return (int)fmax(2, (x->px1 - x->px0) / (9.0 * x->ch));
}

static int max_value_ticks(const struct ctx *x)
{
	return (int)fmax(2, fmin(8, (x->py1 - x->py0) / (3.5 * x->ch)));
}

static const struct theme_rgb *tone_rgb(const struct theme *th,
					enum chart_tone t)
{
	switch (t) {
	case CHART_OK:
		return &th->ok;
	case CHART_WARN:
		return &th->warn;
	case CHART_BAD:
		return &th->bad;
	default:
		return &th->fg;
	}
}

/* A note inside the plot's top left corner on a backing box. */
static void draw_note(struct ctx *x, const char *note, enum chart_tone tone)
{
	if (!note || !*note)
		return;
	page_mode(x);
	text_size(x, 1.1);
	set_bold(x, 1);
	/* a narrow chart: the note cut to the plot, not past its edge */
	char cut[1024];
	note = fit_text(x, note, x->px1 - x->px0 - 3.0 * x->ch, cut,
			sizeof cut);
	double w = text_mm(x, note), h = 1.8 * x->ch;
	double bx0 = x->px0 + 0.8 * x->ch, by1 = x->py1 - 0.6 * x->ch;
	PLFLT bx[4] = {bx0, bx0 + w + 1.2 * x->ch, bx0 + w + 1.2 * x->ch, bx0};
	PLFLT by[4] = {by1 - h, by1 - h, by1, by1};
	colour(x->th->bg, 0.85);
	plfill(4, bx, by);
	colour(*tone_rgb(x->th, tone), 1);
	plwidth(0.8 * x->s);
	plline(4, bx, by);
	pljoin(bx[3], by[3], bx[0], by[0]);
	text_at(x, bx0 + 0.6 * x->ch, by1 - h / 2, 0, 0, note);
	set_bold(x, 0);
	text_size(x, 1.0);
}

/* Triangles pointing down at marked points, labels to their right (or
 * left, near the right edge). Points outside the plot are skipped. */
static void draw_marks(struct ctx *x, const struct chart_mark *m, size_t n,
		       double toff)
{
	page_mode(x);
	text_size(x, 0.9);
	for (size_t i = 0; m && i < n; i++) {
		double tx = m[i].t + toff;
		if (!isfinite(m[i].v) || tx < x->wx0 || tx > x->wx1 ||
		    m[i].v < x->wy0 || m[i].v > x->wy1)
			continue;
		double mx = xmm(x, tx), my = ymm(x, m[i].v), r = 0.55 * x->ch;
		PLFLT bx[3] = {mx - r, mx + r, mx};
		PLFLT by[3] = {my + 2.0 * r, my + 2.0 * r, my + 0.3 * r};
		colour(x->th->fg, 1);
		plfill(3, bx, by);
		if (!m[i].label)
			continue;
		int left = mx + text_mm(x, m[i].label) + 2 * r > x->px1;
		text_at(x, left ? mx - 1.4 * r : mx + 1.4 * r, my + 1.4 * r,
			left ? 1 : 0, 0, m[i].label);
	}
	text_size(x, 1.0);
}

/* The y axis for [lo, hi], sized to the plot and with the left margin
 * re-measured once: the labels' width moves the plot, which can change
 * the number of ticks. */
static void fit_y_axis(struct ctx *x, struct frame *f, double lo, double hi,
		       enum chart_unit u, struct chartfmt_axis *a)
{
	f->left_mm = 4 * x->ch;
	for (int pass = 0; pass < 2; pass++) {
		layout(x, f);
		chartfmt_value_axis(lo, hi, u, max_value_ticks(x), a);
		/* headroom: a series at the axis maximum would hide under
		 * the frame and the grid line */
		if (hi > lo && hi > a->hi - 0.03 * (a->hi - a->lo))
			a->hi += a->step;
		f->left_mm = y_labels_mm(x, a);
	}
	layout(x, f);
}

static int draw_timeseries(struct ctx *x, const void *p)
{
	const struct chart_timeseries *c = p;
	struct ts_data d[THEME_NSERIES];
	size_t ns = c->nseries;
	int rc = 0;
	for (size_t i = 0; i < ns; i++)
		d[i].own = NULL;
	for (size_t i = 0; i < ns && rc == 0; i++)
		rc = ts_prepare(&c->series[i], &d[i]);
	if (rc < 0)
		goto out;

	double t0, t1;
	time_range(c, &t0, &t1); /* of the raw data, not the buckets */
	double lo = INFINITY, hi = -INFINITY;
	for (size_t i = 0; i < ns; i++) {
		value_range(d[i].mean, d[i].n, &lo, &hi);
		value_range(d[i].min, d[i].n, &lo, &hi);
		value_range(d[i].max, d[i].n, &lo, &hi);
	}
	if (c->trend) {
		widen(&lo, &hi, c->trend->a + c->trend->b * (t0 - c->trend->t0));
		widen(&lo, &hi, c->trend->a + c->trend->b * (t1 - c->trend->t0));
	}
	if (!isfinite(lo))
		lo = hi = 0;
	if (c->y_from_zero)
		widen(&lo, &hi, 0);
	if (c->nmark) /* headroom for the triangles above marked points */
		hi += (hi - lo) * 0.08;

	struct frame f = {.title = c->title, .ylabel = c->ylabel,
			  .x_labels = 1, .xcaption = "time"};
	const struct theme_rgb *pal[THEME_NSERIES];
	for (size_t i = 0; i < ns; i++)
		pal[i] = &x->th->series[(c->colour_from + i) % THEME_NSERIES];
	for (size_t i = 0; i < ns; i++)
		legend_add(&f, c->series[i].label, *pal[i], 0);
	if (c->trend)
		legend_add(&f, c->trend->label,
			   c->note ? *tone_rgb(x->th, c->note_tone)
				   : x->th->muted, 2);
	if (c->empty && !(hi > 0 || lo < 0)) {
		/* nothing but zeros: say so rather than draw 0-1 axes */
		f.nitems = 0;
		layout(x, &f);
		draw_empty(x, c->empty);
		draw_title_legend(x, &f);
		goto out;
	}
	struct chartfmt_axis ya;
	fit_y_axis(x, &f, lo, hi, c->unit, &ya);
	struct taxis ta;
	taxis_init(&ta, t0, t1, c->elapsed_from);
	double toff = ta.toff;
	x->wx0 = t0 + toff;
	x->wx1 = t1 + toff;
	x->wy0 = ya.lo;
	x->wy1 = ya.hi;
	struct chartfmt_time tx;
	chartfmt_time_axis(t1 - t0, max_time_ticks(x), &tx);

	draw_y_axis(x, &ya, c->ylabel);
	draw_time_axis(x, &tx, &ta);
	plot_mode(x);
	for (size_t i = 0; i < ns; i++)
		if (d[i].min && d[i].max) {
			colour(*pal[i], 0.22);
			draw_runs(d[i].t, d[i].min, d[i].max, d[i].n, toff, 1);
		}
	for (size_t i = 0; i < ns; i++) {
		colour(*pal[i], 1);
		plwidth(1.6 * x->s);
		draw_runs(d[i].t, NULL, d[i].mean, d[i].n, toff, 0);
		if (c->series[i].markers)
			draw_dots(x, &d[i], toff, (int)i);
	}
	if (c->trend) {
		const struct chart_trend *tr = c->trend;
		/* in the note's colour: the line is the verdict's evidence */
		colour(c->note ? *tone_rgb(x->th, c->note_tone) : x->th->muted,
		       1);
		plwidth(1.4 * x->s);
		pllsty(2);
		pljoin(t0 + toff, tr->a + tr->b * (t0 - tr->t0), t1 + toff,
		       tr->a + tr->b * (t1 - tr->t0));
		pllsty(1);
	}
	draw_box(x);
	draw_marks(x, c->mark, c->nmark, toff);
	draw_note(x, c->note, c->note_tone);
	draw_title_legend(x, &f);
out:
	for (size_t i = 0; i < ns; i++)
		free(d[i].own);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Stacked areas                                                       */

/* Fill between below and above over each run of times where both are
 * defined (px, py: room for 2n points). */
static void fill_runs(const double *t, const double *below,
		      const double *above, size_t n, double toff, PLFLT *px,
		      PLFLT *py)
{
	size_t i = 0;
	while (i < n) {
		while (i < n && !(isfinite(above[i]) && isfinite(below[i])))
			i++;
		size_t j = i, k = 0;
		while (j < n && isfinite(above[j]) && isfinite(below[j]))
			j++;
		for (size_t q = i; q < j; q++) {
			px[k] = t[q] + toff;
			py[k++] = above[q];
		}
		for (size_t q = j; q-- > i;) {
			px[k] = t[q] + toff;
			py[k++] = below[q];
		}
		if (k >= 4)
			plfill((PLINT)k, px, py);
		i = j;
	}
}

static int draw_stacked_data(struct ctx *x, const struct chart_stacked *c,
			     const double *tot_min, const double *tot_max)
{
	size_t n = c->n;
	double *m = malloc(sizeof(double) * (n ? n : 1) * 2);
	PLFLT *px = malloc(sizeof(PLFLT) * (2 * n + 2));
	PLFLT *py = malloc(sizeof(PLFLT) * (2 * n + 2));
	int rc = 0;
	if (!m || !px || !py) {
		rc = -ENOMEM;
		goto out;
	}
	double *below = m, *above = m + n;
	double t0 = n ? c->t[0] : 0, t1 = n ? c->t[n - 1] : 60;
	if (c->t_start != 0 || c->t_end != 0) {
		t0 = c->t_start;
		t1 = c->t_end;
	}
	span_fix(&t0, &t1);
	/* a layer with no value at all was not recorded: 0; otherwise a
	 * missing value makes the time a gap in the whole stack */
	bool used[THEME_NSERIES] = {false};
	for (size_t l = 0; l < c->nlayers; l++)
		for (size_t i = 0; i < n && !used[l]; i++)
			used[l] = isfinite(c->layer[l][i]);
	double lo = 0, hi = 0;
	for (size_t i = 0; i < n; i++) {
		double sum = 0;
		for (size_t l = 0; l < c->nlayers; l++)
			if (used[l])
				sum += c->layer[l][i];
		widen(&lo, &hi, sum);
	}
	value_range(c->total, n, &lo, &hi);
	value_range(tot_max, n, &lo, &hi);

	struct frame f = {.title = c->title, .ylabel = c->ylabel,
			  .x_labels = 1, .xcaption = "time"};
	for (size_t l = 0; l < c->nlayers; l++)
		legend_add(&f, c->label ? c->label[l] : NULL,
			   x->th->series[l], 1);
	if (c->total)
		legend_add(&f, c->total_label, x->th->fg, 0);
	struct chartfmt_axis ya;
	fit_y_axis(x, &f, lo, hi, c->unit, &ya);
	struct taxis ta;
	taxis_init(&ta, t0, t1, c->elapsed_from);
	double toff = ta.toff;
	x->wx0 = t0 + toff;
	x->wx1 = t1 + toff;
	x->wy0 = ya.lo;
	x->wy1 = ya.hi;
	struct chartfmt_time tx;
	chartfmt_time_axis(t1 - t0, max_time_ticks(x), &tx);
	draw_y_axis(x, &ya, c->ylabel);
	draw_time_axis(x, &tx, &ta);

	plot_mode(x);
	for (size_t i = 0; i < n; i++)
		below[i] = 0;
	for (size_t l = 0; l < c->nlayers; l++) {
		for (size_t i = 0; i < n; i++) {
			double v = used[l] ? c->layer[l][i] : 0;
			/* NaN propagates up the stack: a gap in every layer */
			above[i] = below[i] + v;
		}
		colour(x->th->series[l], 0.75);
		fill_runs(c->t, below, above, n, toff, px, py);
		memcpy(below, above, sizeof(double) * n);
	}
	if (c->total && tot_min && tot_max) {
		colour(x->th->fg, 0.25);
		draw_runs(c->t, tot_min, tot_max, n, toff, 1);
	}
	if (c->total) {
		colour(x->th->fg, 1);
		plwidth(1.4 * x->s);
		draw_runs(c->t, NULL, c->total, n, toff, 0);
	}
	draw_box(x);
	draw_title_legend(x, &f);
out:
	free(m);
	free(px);
	free(py);
	return rc;
}

/* Long series are reduced to bucket means per layer (so the stack still
 * adds up) and the total keeps its bucket range as a band, so that
 * spikes stay visible. */
static int draw_stacked(struct ctx *x, const void *p)
{
	const struct chart_stacked *c = p;
	if (c->n <= CHART_MAX_POINTS)
		return draw_stacked_data(x, c, NULL, NULL);
	size_t nb = DECIMATE_TO, nl = c->nlayers;
	double *m = malloc(sizeof(double) * nb * (nl + 6));
	if (!m)
		return -ENOMEM;
	double *bt = m, *scr = m + nb, *scr2 = m + 2 * nb;
	double *tmean = m + 3 * nb, *tmin = m + 4 * nb, *tmax = m + 5 * nb;
	const double *layer[THEME_NSERIES];
	size_t k = 0;
	for (size_t l = 0; l < nl; l++) {
		double *lm = m + (6 + l) * nb;
		k = decimate(c->t, c->layer[l], c->n, nb, 1, bt, lm, scr, scr2);
		layer[l] = lm;
	}
	if (c->total)
		decimate(c->t, c->total, c->n, nb, 1, bt, tmean, tmin, tmax);
	struct chart_stacked r = *c;
	r.t = bt;
	r.n = k;
	r.layer = layer;
	r.total = c->total ? tmean : NULL;
	if (r.t_start == 0 && r.t_end == 0) {
		r.t_start = c->t[0];
		r.t_end = c->t[c->n - 1];
	}
	int rc = draw_stacked_data(x, &r, c->total ? tmin : NULL,
				   c->total ? tmax : NULL);
	free(m);
	return rc;
}

/* ------------------------------------------------------------------ */
/* Histogram                                                           */

/* x labels of a value axis along the bottom. */
static void draw_x_value_axis(struct ctx *x, const struct chartfmt_axis *a,
			      const char *xlabel)
{
	char lab[64];
	plot_mode(x);
	colour(x->th->grid, 1);
	plwidth(0.8 * x->s);
	int n = (int)floor((a->hi - a->lo) / a->step + 0.5);
	for (int i = 0; i <= n; i++)
		pljoin(a->lo + i * a->step, x->wy0, a->lo + i * a->step,
		       x->wy1);
	page_mode(x);
	colour(x->th->muted, 1);
	for (int i = 0; i <= n; i++) {
		double v = a->lo + i * a->step;
		chartfmt_axis_label(a, v, 0, lab, sizeof lab);
		text_at(x, xmm(x, v), x->py0 - 1.3 * x->ch, 0.5, 0, lab);
	}
	if (xlabel) {
		char buf[256];
		if (a->suffix[0])
			snprintf(buf, sizeof buf, "%s (%s)", xlabel, a->suffix);
		else
			snprintf(buf, sizeof buf, "%s", xlabel);
		colour(x->th->fg, 1);
		text_at(x, (x->px0 + x->px1) / 2, x->py0 - 3.2 * x->ch, 0.5, 0,
			buf);
	}
}

static int draw_histogram(struct ctx *x, const void *p)
{
	const struct chart_histogram *c = p;
	double total = 0, top = 0, bw = (c->hi - c->lo) / c->nbins;
	for (size_t i = 0; i < c->nbins; i++) {
		if (!isfinite(c->count[i]) || c->count[i] < 0)
			continue; /* not drawn either */
		total += c->count[i];
		top = fmax(top, c->count[i]);
	}
	double k = total * bw;
	for (size_t i = 0; c->kde_y && i < c->nkde; i++)
		if (isfinite(c->kde_y[i]))
			top = fmax(top, c->kde_y[i] * k);
	struct frame f = {.title = c->title, .ylabel = "samples",
			  .x_labels = 1, .xcaption = c->xlabel};
	legend_add(&f, "samples per bin", x->th->series[0], 1);
	if (c->kde_x && c->kde_y)
		legend_add(&f, "density (KDE)", x->th->series[1], 0);
	struct chartfmt_axis ya, xa;
	fit_y_axis(x, &f, 0, top, CHART_UNIT_COUNT, &ya);
	chartfmt_value_axis(c->lo, c->hi, c->unit, max_time_ticks(x), &xa);
	x->wx0 = xa.lo;
	x->wx1 = xa.hi;
	x->wy0 = ya.lo;
	x->wy1 = ya.hi;
	draw_y_axis(x, &ya, "samples");
	draw_x_value_axis(x, &xa, c->xlabel);
	plot_mode(x);
	colour(x->th->series[0], 0.6);
	double gap = bw * 0.06;
	for (size_t i = 0; i < c->nbins; i++) {
		if (!(c->count[i] > 0) || !isfinite(c->count[i]))
			continue;
		double a = c->lo + i * bw + gap, b = c->lo + (i + 1) * bw - gap;
		PLFLT bx[4] = {a, b, b, a};
		PLFLT by[4] = {0, 0, c->count[i], c->count[i]};
		plfill(4, bx, by);
	}
	for (size_t i = 0; c->vline && i < c->nvline; i++) {
		double v = c->vline[i].x;
		if (!isfinite(v) || v < x->wx0 || v > x->wx1)
			continue;
		colour(x->th->fg, 1);
		plwidth(1.0 * x->s);
		pllsty(3);
		pljoin(v, x->wy0, v, x->wy1);
		pllsty(1);
	}
	if (c->kde_x && c->kde_y && c->nkde > 1) {
		PLFLT *ky = malloc(sizeof(PLFLT) * c->nkde);
		if (!ky)
			return -ENOMEM;
		for (size_t i = 0; i < c->nkde; i++)
			ky[i] = c->kde_y[i] * k;
		colour(x->th->series[1], 1);
		plwidth(2.0 * x->s);
		draw_runs(c->kde_x, NULL, ky, c->nkde, 0, 0);
		free(ky);
	}
	draw_box(x);
	page_mode(x);
	text_size(x, 0.9);
	colour(x->th->fg, 1);
	for (size_t i = 0; c->vline && i < c->nvline; i++) {
		double v = c->vline[i].x;
		if (!isfinite(v) || v < x->wx0 || v > x->wx1 || !c->vline[i].label)
			continue;
		/* labels stagger down so that close lines stay readable, and
		 * go left of a line near the right edge: inside the plot */
		double lx = xmm(x, v), w = text_mm(x, c->vline[i].label);
		int left = lx + 0.4 * x->ch + w > x->px1;
		text_at(x, left ? lx - 0.4 * x->ch : lx + 0.4 * x->ch,
			x->py1 - (1.0 + 1.3 * (double)(i % 3)) * x->ch,
			left ? 1 : 0, 0, c->vline[i].label);
	}
	text_size(x, 1.0);
	draw_title_legend(x, &f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Heatmap                                                             */

static struct theme_rgb mix(struct theme_rgb a, struct theme_rgb b, double t)
{
	t = fmax(0, fmin(1, t));
	return (struct theme_rgb){
		(unsigned char)lrint(a.r + (b.r - a.r) * t),
		(unsigned char)lrint(a.g + (b.g - a.g) * t),
		(unsigned char)lrint(a.b + (b.b - a.b) * t)};
}

/* Diverging scale: -1 blue, 0 the neutral of the theme, +1 red. The
 * neutral is set off from the background so that a zero cell still reads
 * as a cell, and differs from the hatched look of undefined cells. */
static struct theme_rgb diverging(const struct theme *th, double u)
{
	static const struct theme_rgb blue = {33, 102, 172}, red = {178, 24, 43};
	struct theme_rgb mid = mix(th->bg, th->fg, 0.10);
	return u < 0 ? mix(mid, blue, -u) : mix(mid, red, u);
}

/* An undefined cell: background with diagonal hatching. */
static void hatch_cell(struct ctx *x, double k, double y)
{
	PLFLT bx[4] = {k + 0.02, k + 0.98, k + 0.98, k + 0.02};
	PLFLT by[4] = {y + 0.02, y + 0.02, y + 0.98, y + 0.98};
	colour(x->th->bg, 1);
	plfill(4, bx, by);
	colour(x->th->grid, 1);
	plwidth(0.8 * x->s);
	plline(4, bx, by);
	pljoin(bx[3], by[3], bx[0], by[0]);
	for (int i = 1; i < 8; i++) { /* lines x + y = c across the cell */
		double c = 0.04 + 1.92 * i / 8.0;
		double x0 = c <= 0.98 ? 0.02 : c - 0.98, y0 = c - x0;
		double y1 = c <= 0.98 ? 0.02 : c - 0.98, x1 = c - y1;
		pljoin(k + x0, y + y0, k + x1, y + y1);
	}
}

static int draw_heatmap(struct ctx *x, const void *p)
{
	const struct chart_heatmap *c = p;
	size_t nr = c->nrows, nc = c->ncols;
	struct frame f = {.title = c->title};
	double rl = 0, cl = 0;
	for (size_t r = 0; r < nr; r++)
		rl = fmax(rl, text_mm(x, c->row_label[r]));
	for (size_t k = 0; k < nc; k++)
		cl = fmax(cl, text_mm(x, c->col_label[k]));
	f.left_mm = rl;
	f.right_mm = 9 * x->ch; /* the colour scale */
	/* the key to undefined cells goes in the legend row, under the
	 * title, never over it */
	for (size_t i = 0; i < nr * nc; i++)
		if (!isfinite(c->v[i])) {
			legend_add(&f, "– undefined (hatched)", x->th->grid, 1);
			break;
		}
	layout(x, &f);
	double cellw = (x->px1 - x->px0) / nc;
	int rotate = cl + x->ch > cellw;
	x->py0 = (rotate ? cl : 0) + 2.5 * x->ch;
	x->wx0 = 0;
	x->wx1 = (double)nc;
	x->wy0 = 0;
	x->wy1 = (double)nr;
	double mid = (c->vmin + c->vmax) / 2, half = (c->vmax - c->vmin) / 2;
	int dec = c->decimals > 0 ? c->decimals : 2;
	char buf[64];

	plot_mode(x);
	for (size_t r = 0; r < nr; r++)
		for (size_t k = 0; k < nc; k++) {
			double v = c->v[r * nc + k];
			double y = (double)(nr - 1 - r);
			if (!isfinite(v)) {
				hatch_cell(x, (double)k, y);
				continue;
			}
			PLFLT bx[4] = {k + 0.02, k + 0.98, k + 0.98, k + 0.02};
			PLFLT by[4] = {y + 0.02, y + 0.02, y + 0.98, y + 0.98};
			colour(diverging(x->th, (v - mid) / half), 1);
			plfill(4, bx, by);
		}
	page_mode(x);
	text_size(x, nc > 12 ? 0.8 : 1.0);
	for (size_t r = 0; r < nr; r++)
		for (size_t k = 0; k < nc; k++) {
			double v = c->v[r * nc + k];
			double u = (v - mid) / half;
			if (!isfinite(v)) {
				colour(x->th->fg, 1);
				snprintf(buf, sizeof buf, "–");
			} else {
				colour(fabs(u) > 0.55 ? (struct theme_rgb){255, 255, 255}
						      : x->th->fg, 1);
				snprintf(buf, sizeof buf, "%.*f", dec, v);
			}
			text_at(x, xmm(x, k + 0.5), ymm(x, nr - 1 - r + 0.5),
				0.5, 0, buf);
		}
	text_size(x, 1.0);
	colour(x->th->fg, 1);
	for (size_t r = 0; r < nr; r++)
		text_at(x, x->px0 - 0.7 * x->ch, ymm(x, nr - 1 - r + 0.5), 1, 0,
			c->row_label[r]);
	for (size_t k = 0; k < nc; k++) {
		if (rotate)
			text_at(x, xmm(x, k + 0.5), x->py0 - 0.7 * x->ch, 1, 1,
				c->col_label[k]);
		else
			text_at(x, xmm(x, k + 0.5), x->py0 - 1.3 * x->ch, 0.5,
				0, c->col_label[k]);
	}
	/* colour scale: 20 steps from vmin to vmax */
	double sx0 = x->px1 + 2 * x->ch, sx1 = sx0 + 1.6 * x->ch;
	for (int i = 0; i < 20; i++) {
		double a = x->py0 + (x->py1 - x->py0) * i / 20.0;
		double b = x->py0 + (x->py1 - x->py0) * (i + 1) / 20.0;
		PLFLT bx[4] = {sx0, sx1, sx1, sx0}, by[4] = {a, a, b, b};
		colour(diverging(x->th, (i + 0.5) / 10.0 - 1), 1);
		plfill(4, bx, by);
	}
	colour(x->th->muted, 1);
	double marks[3] = {c->vmin, mid, c->vmax};
	for (int i = 0; i < 3; i++) {
		/* the end labels sit inside the bar's height */
		double at = x->py0 + (x->py1 - x->py0) * i / 2 +
			    (i == 0 ? 0.5 : i == 2 ? -0.5 : 0) * x->ch;
		snprintf(buf, sizeof buf, "%.*f", dec > 1 ? 1 : dec, marks[i]);
		text_at(x, sx1 + 0.6 * x->ch, at, 0, 0, buf);
	}
	draw_title_legend(x, &f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* Horizontal bars of relative differences                             */

static int draw_hbar(struct ctx *x, const void *p)
{
	const struct chart_hbar *c = p;
	size_t n = c->n;
	double lo = 0, hi = 0, lw = 0;
	for (size_t i = 0; i < n; i++) {
		widen(&lo, &hi, c->v[i] * 100);
		lw = fmax(lw, text_mm(x, c->label[i]));
	}
	struct frame f = {.title = c->title, .x_labels = 1,
			  .xcaption = c->xlabel, .left_mm = lw};
	layout(x, &f);
	struct chartfmt_axis xa;
	chartfmt_value_axis(lo, hi, CHART_UNIT_PERCENT, max_time_ticks(x), &xa);
	/* room for the value written past the longest bar */
	double pad = (xa.hi - xa.lo) * 0.12;
	x->wx0 = xa.lo - (lo < 0 ? pad : 0);
	x->wx1 = xa.hi + (hi > 0 ? pad : 0);
	x->wy0 = 0;
	x->wy1 = (double)n;
	draw_x_value_axis(x, &xa, c->xlabel);
	plot_mode(x);
	for (size_t i = 0; i < n; i++) {
		double v = c->v[i] * 100;
		if (!isfinite(v))
			continue;
		double y = (double)(n - 1 - i);
		PLFLT bx[4] = {0, v, v, 0};
		PLFLT by[4] = {y + 0.18, y + 0.18, y + 0.82, y + 0.82};
		if (c->tone) {
			enum chart_tone t = c->tone[i];
			colour(t == CHART_BAD ? x->th->bad
			       : t == CHART_OK ? x->th->ok
			       : t == CHART_WARN ? x->th->warn : x->th->muted,
			       t == CHART_BAD || t == CHART_OK ? 0.8 : 0.3);
		} else {
			int bad = (v > 0) == (c->higher_is_bad != 0);
			colour(bad ? x->th->bad : x->th->ok, 0.8);
		}
		plfill(4, bx, by);
	}
	colour(x->th->fg, 1);
	plwidth(1.2 * x->s);
	pljoin(0, 0, 0, (double)n);
	page_mode(x);
	char buf[64];
	/* rows lower than a line of text: smaller text, then every k-th
	 * label only, rather than labels printed over each other */
	double row = (x->py1 - x->py0) / (double)n;
	double line = 1.2 * x->ch * x->em_mm; /* a text line, mm */
	double fac = fmax(0.7, fmin(1.0, row / line));
	text_size(x, fac);
	size_t every = (size_t)ceil(line * fac / row);
	if (every < 1)
		every = 1;
	for (size_t i = 0; i < n; i++) {
		double v = c->v[i] * 100, ym = ymm(x, n - 1 - i + 0.5);
		if (i % every)
			continue;
		colour(x->th->fg, 1);
		text_at(x, x->px0 - 0.7 * x->ch, ym, 1, 0, c->label[i]);
		if (!isfinite(v)) {
			snprintf(buf, sizeof buf, "–");
			v = 0;
		} else {
			snprintf(buf, sizeof buf, "%+.1f%%", v);
		}
		colour(x->th->muted, 1);
		double at = xmm(x, v) + (v < 0 ? -0.6 : 0.6) * x->ch;
		text_at(x, at, ym, v < 0 ? 1 : 0, 0, buf);
	}
	text_size(x, 1.0);
	draw_title_legend(x, &f);
	return 0;
}

/* ------------------------------------------------------------------ */
/* One PLplot session per chart                                        */

static int bad_figure(char *err, size_t errlen)
{
	snprintf(err, errlen, "invalid figure: 1 to 8 panels in an SVG or "
		 "PNG, one figure at a time");
	return -EINVAL;
}

typedef int (*draw_fn)(struct ctx *x, const void *spec);

struct session {
	char tmp[4096];
	/* PLplot's output stream on tmp: its write errors are kept in sink
	 * (PLplot checks none, so a full disk made 0-byte charts) */
	FILE *f;
	struct outfile_sink sink;
	struct psrharu_target haru;
};

static int check_target(const struct chart_target *tg, char *err,
			size_t errlen)
{
	if (tg->kind == CHART_PDF) {
		if (!tg->doc || tg->rect.w < 60 || tg->rect.h < 40) {
			snprintf(err, errlen, "chart rectangle too small or no "
				 "document");
			return -EINVAL;
		}
		return 0;
	}
	if (tg->kind != CHART_SVG && tg->kind != CHART_PNG) {
		snprintf(err, errlen, "unknown chart output kind");
		return -EINVAL;
	}
	if (!tg->path || !*tg->path) {
		snprintf(err, errlen, "no file name for the chart");
		return -EINVAL;
	}
	double w = tg->width ? tg->width : 720, h = tg->height ? tg->height : 360;
	int dpi = tg->dpi ? tg->dpi : 100;
	if (w < 100 || h < 60 || w > 4000 || h > 4000 || dpi < 20 ||
	    dpi > 1200 || (tg->kind == CHART_PNG && w * dpi / 72 > 16000)) {
		snprintf(err, errlen, "cannot write '%s': chart size or dpi "
			 "out of range", tg->path);
		return -EINVAL;
	}
	if ((tg->kind == CHART_SVG && !have_svg) ||
	    (tg->kind == CHART_PNG && !have_png)) {
		snprintf(err, errlen, "cannot write '%s': plplot driver '%s' "
			 "not installed", tg->path,
			 tg->kind == CHART_SVG ? "svg" : "pngcairo");
		return -ENOENT;
	}
	/* the rules of every output (outfile.h); a chart is always a new
	 * file renamed into place, never written into a device */
	int rc = outfile_check(tg->path, tg->force, err, errlen);
	if (rc == OUTFILE_IN_PLACE) {
		snprintf(err, errlen, "'%s' is not a regular file", tg->path);
		return -EINVAL;
	}
	return rc < 0 ? rc : 0;
}

/* The temporary file PLplot writes to, as a stream of ours: created
 * here so that PLplot's own open cannot fail (it would prompt for another
 * name), and so that its write errors are seen (chart_close). */
static int make_tmp(const struct chart_target *tg, struct session *ss,
		    char *err, size_t errlen)
{
	int fd = outfile_mktemp(tg->path, ss->tmp, sizeof ss->tmp, err, errlen);
	if (fd < 0)
		return fd;
	if (!(ss->f = outfile_sink_open(&ss->sink, fd))) {
		int e = errno;
		close(fd);
		snprintf(err, errlen, "cannot create '%s': %s", tg->path,
			 strerror(e));
		return -e;
	}
	return 0;
}

/* The stream closed (PLplot's tidy-up closes it; else here): 0, or the
 * first write error. */
static int close_tmp(struct session *ss)
{
	if (!ss->f)
		return 0;
	if (!ss->sink.closed && (fflush(ss->f) != 0 || ferror(ss->f)) &&
	    !ss->sink.err)
		ss->sink.err = EIO;
	if (!ss->sink.closed)
		fclose(ss->f);
	ss->f = NULL;
	return ss->sink.err;
}

/* Everything PLplot needs before plinit, per target kind. */
static int setup_device(const struct chart_target *tg, struct session *ss,
			struct ctx *x, char *err, size_t errlen)
{
	if (tg->kind == CHART_PDF) {
		struct pdfdoc_handles h;
		if (pdfdoc_handles(tg->doc, &h) < 0) {
			snprintf(err, errlen, "no page to draw the chart on: %s",
				 pdfdoc_errmsg(tg->doc));
			return -EIO;
		}
		ss->haru = (struct psrharu_target){
			.doc = h.doc, .page = h.page,
			.font = {h.font[0], h.font[1], h.font[2]},
			.x = tg->rect.x, .y = tg->rect.y, .w = tg->rect.w,
			.h = tg->rect.h, .font_scale = 1.0};
		x->th = theme_get(h.theme);
		x->s = 1.0;
		x->mfont[0] = h.font[0];
		x->mfont[1] = h.font[1];
		x->em_mm = PSRHARU_EM_PER_CH;
		x->wmm = tg->rect.w * 25.4 / 72;
		x->hmm = tg->rect.h * 25.4 / 72;
		plsdev("psrharu");
		plsdevdata(&ss->haru);
		return 0;
	}
	int rc = metric_fonts(x->mfont, err, errlen);
	if (rc < 0)
		return rc;
	if ((rc = make_tmp(tg, ss, err, errlen)) < 0)
		return rc;
	double w = tg->width ? tg->width : 720, h = tg->height ? tg->height : 360;
	x->th = theme_get(tg->theme);
	if (tg->kind == CHART_SVG) {
		x->s = 1.0;
		x->em_mm = SVG_EM_PER_CH;
		plsdev("svg");
		plspage(0, 0, (PLINT)lrint(w), (PLINT)lrint(h), 0, 0);
	} else {
		int dpi = tg->dpi ? tg->dpi : 100;
		x->s = dpi / 72.0;
		x->em_mm = PNG_EM_PER_CH;
		plsdev("pngcairo");
		plspage(0, 0, (PLINT)lrint(w * x->s), (PLINT)lrint(h * x->s),
			0, 0);
	}
	plsfile(ss->f);
	return 0;
}

/* The open figure (chart_figure_begin): its session and the drawing
 * state of the whole page, which each panel gets a slice of. */
static struct {
	int open, failed;
	size_t n;
	struct session ss;
	struct ctx page;
	char path[4096];
	struct outfile_set *set;
} fig;

static locale_t c_locale(void)
{
	static locale_t cloc;
	if (!cloc)
		cloc = newlocale(LC_NUMERIC_MASK, "C", (locale_t)0);
	return cloc ? uselocale(cloc) : (locale_t)0;
}

int chart_figure_begin(const struct chart_target *tg, size_t npanels,
		       char *err, size_t errlen)
{
	if (fig.open || npanels < 1 || npanels > 8 ||
	    (tg->kind != CHART_SVG && tg->kind != CHART_PNG))
		return bad_figure(err, errlen);
	int rc = lib_init(err, errlen);
	if (rc < 0 || (rc = check_target(tg, err, errlen)) < 0)
		return rc;
	locale_t old = c_locale();
	struct ctx *x = &fig.page;
	memset(&fig, 0, sizeof fig);
	x->kind = tg->kind;
	pl_msg[0] = 0;
	pl_armed = 1;
	if (setjmp(pl_jmp)) {
		pl_armed = 0;
		pl_broken = 1;
		snprintf(err, errlen, "%s", pl_msg);
		if (fig.ss.tmp[0]) {
			close_tmp(&fig.ss);
			outfile_discard(fig.ss.tmp);
		}
		rc = -EIO;
		goto out;
	}
	plsstrm(0);
	if ((rc = setup_device(tg, &fig.ss, x, err, errlen)) < 0) {
		pl_armed = 0;
		goto out;
	}
	struct theme_rgb bg = x->th->bg;
	plscmap0n(16);
	plscolbga(bg.r, bg.g, bg.b,
		  (tg->kind == CHART_PNG && tg->transparent) ? 0.0 : 1.0);
	plspause(0);
	plinit();
	pladv(0);
	PLFLT xmin, xmax, ymin, ymax;
	plgspa(&xmin, &xmax, &ymin, &ymax);
	x->wmm = xmax - xmin;
	x->hmm = ymax - ymin;
	plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);
	text_size(x, 1.0);
	x->pad = 1.2 * x->ch;
	pl_armed = 0;
	fig.open = 1;
	fig.n = npanels;
	snprintf(fig.path, sizeof fig.path, "%s", tg->path);
	fig.set = tg->set;
out:
	if (old)
		uselocale(old);
	return rc;
}

/* A chart in panel tg->panel of the open figure. */
static int render_panel(const struct chart_target *tg, draw_fn fn,
			const void *spec, char *err, size_t errlen)
{
	if (!fig.open || tg->panel >= fig.n || pl_broken) {
		snprintf(err, errlen, "no figure to draw the chart in");
		return -EINVAL;
	}
	locale_t old = c_locale();
	static struct ctx x; /* static: survives the longjmp intact */
	int rc;
	x = fig.page;
	x.hmm = fig.page.hmm / (double)fig.n;
	x.oy = fig.page.hmm - (double)(tg->panel + 1) * x.hmm;
	pl_msg[0] = 0;
	pl_armed = 1;
	if (setjmp(pl_jmp)) {
		pl_armed = 0;
		pl_broken = 1;
		rc = -EIO;
		snprintf(err, errlen, "%s", pl_msg);
		goto out;
	}
	text_size(&x, 1.0);
	rc = fn(&x, spec);
	pl_armed = 0;
	if (rc < 0)
		snprintf(err, errlen, "cannot draw chart: %s", strerror(-rc));
	else if (pl_msg[0]) {
		snprintf(err, errlen, "%s", pl_msg);
		rc = -EIO;
	}
out:
	if (rc < 0)
		fig.failed = 1;
	if (old)
		uselocale(old);
	return rc;
}

/* PLplot's end of the figure's session, its errors caught. */
static void figure_plend(void)
{
	if (pl_broken)
		return;
	pl_armed = 1;
	if (!setjmp(pl_jmp))
		plend1();
	else
		pl_broken = 1;
	pl_armed = 0;
}

int chart_figure_end(int ok, char *err, size_t errlen)
{
	int rc = 0;

	if (!fig.open)
		return 0;
	fig.open = 0;
	figure_plend();
	if (pl_broken && ok) {
		snprintf(err, errlen, "%s", pl_msg[0] ? pl_msg : "plplot failed");
		rc = -EIO;
	}
	int e = close_tmp(&fig.ss);
	if (ok && !rc && e) {
		rc = -e;
		snprintf(err, errlen, "cannot write '%s': %s", fig.path,
			 strerror(e));
	}
	if (ok && !rc && !fig.failed &&
	    (rc = outfile_put(fig.ss.tmp, fig.path, fig.set)) < 0)
		snprintf(err, errlen, "cannot write '%s': %s", fig.path,
			 strerror(-rc));
	if (!ok || rc || fig.failed)
		outfile_discard(fig.ss.tmp);
	return rc;
}

static int render(const struct chart_target *tg, draw_fn fn, const void *spec,
		  char *err, size_t errlen)
{
	if (tg->kind == CHART_PANEL)
		return render_panel(tg, fn, spec, err, errlen);
	int rc = lib_init(err, errlen);
	if (rc < 0)
		return rc;
	if ((rc = check_target(tg, err, errlen)) < 0)
		return rc;
	locale_t old = c_locale();

	static struct session ss; /* static: survives the longjmp intact */
	static struct ctx x;
	memset(&ss, 0, sizeof ss);
	memset(&x, 0, sizeof x);
	x.kind = tg->kind;
	pl_msg[0] = 0;
	pl_armed = 1;
	if (setjmp(pl_jmp)) {
		pl_armed = 0;
		pl_broken = 1;
		rc = -EIO;
		snprintf(err, errlen, "%s", pl_msg);
		goto out;
	}
	plsstrm(0);
	if ((rc = setup_device(tg, &ss, &x, err, errlen)) < 0) {
		pl_armed = 0;
		goto out;
	}
	struct theme_rgb bg = x.th->bg;
	plscmap0n(16);
	plscolbga(bg.r, bg.g, bg.b,
		  (tg->kind == CHART_PNG && tg->transparent) ? 0.0 : 1.0);
	plspause(0);
	plinit();
	pladv(0);
	/* with the page known: its size in mm (the device's own units) */
	if (tg->kind != CHART_PDF) {
		PLFLT xmin, xmax, ymin, ymax;
		plgspa(&xmin, &xmax, &ymin, &ymax);
		x.wmm = xmax - xmin;
		x.hmm = ymax - ymin;
	}
	plsfont(PL_FCI_SANS, PL_FCI_UPRIGHT, PL_FCI_MEDIUM);
	text_size(&x, 1.0);
	x.pad = tg->kind == CHART_PDF ? 0 : 1.2 * x.ch;
	rc = fn(&x, spec);
	plend1();
	pl_armed = 0;
	if (rc < 0)
		snprintf(err, errlen, "cannot draw chart: %s", strerror(-rc));
	else if (pl_msg[0]) {
		snprintf(err, errlen, "%s", pl_msg);
		rc = -EIO;
	} else if (ss.haru.error) {
		snprintf(err, errlen, "cannot draw chart on the PDF page: %s",
			 pdfdoc_errmsg(tg->doc));
		rc = -EIO;
	}
out:
	if (old)
		uselocale(old);
	if (ss.tmp[0]) {
		int e = close_tmp(&ss);
		if (rc == 0 && e) {
			rc = -e;
			snprintf(err, errlen, "cannot write '%s': %s", tg->path,
				 strerror(e));
		}
		if (rc == 0 && (rc = outfile_put(ss.tmp, tg->path, tg->set))) {
			snprintf(err, errlen, "cannot write '%s': %s", tg->path,
				 strerror(-rc));
		}
		if (rc < 0)
			outfile_discard(ss.tmp);
	}
	return rc;
}

/* ------------------------------------------------------------------ */
/* Public entry points: validate, then render                          */

static int bad(char *err, size_t errlen, const char *what)
{
	snprintf(err, errlen, "invalid chart: %s", what);
	return -EINVAL;
}

int chart_timeseries(const struct chart_target *tg,
		     const struct chart_timeseries *c, char *err, size_t errlen)
{
	if (c->nseries < 1 || c->nseries > THEME_NSERIES || !c->series)
		return bad(err, errlen, "1 to 8 series");
	for (size_t i = 0; i < c->nseries; i++) {
		const struct chart_series *s = &c->series[i];
		if (s->n && (!s->t || !s->mean))
			return bad(err, errlen, "series without data");
		if (!s->min != !s->max)
			return bad(err, errlen, "band needs both min and max");
		for (size_t k = 0; k < s->n; k++)
			if (!isfinite(s->t[k]) || (k && !(s->t[k] >= s->t[k - 1])))
				return bad(err, errlen, "times not ascending");
	}
	if (c->t_start > c->t_end)
		return bad(err, errlen, "time range reversed");
	if (c->nmark > 32 || (c->nmark && !c->mark))
		return bad(err, errlen, "0 to 32 marks");
	return render(tg, draw_timeseries, c, err, errlen);
}

int chart_stacked(const struct chart_target *tg, const struct chart_stacked *c,
		  char *err, size_t errlen)
{
	if (c->nlayers < 1 || c->nlayers > THEME_NSERIES - 1 || !c->layer)
		return bad(err, errlen, "1 to 7 layers");
	if (c->n && !c->t)
		return bad(err, errlen, "no times");
	for (size_t l = 0; l < c->nlayers; l++)
		if (c->n && !c->layer[l])
			return bad(err, errlen, "layer without data");
	for (size_t k = 0; k < c->n; k++)
		if (!isfinite(c->t[k]) || (k && !(c->t[k] >= c->t[k - 1])))
			return bad(err, errlen, "times not ascending");
	return render(tg, draw_stacked, c, err, errlen);
}

int chart_histogram(const struct chart_target *tg,
		    const struct chart_histogram *c, char *err, size_t errlen)
{
	if (c->nbins < 1 || !c->count || !(c->hi > c->lo) ||
	    !isfinite(c->lo) || !isfinite(c->hi))
		return bad(err, errlen, "bins need lo < hi and counts");
	if (!c->kde_x != !c->kde_y)
		return bad(err, errlen, "kde needs x and y");
	if (c->nvline > 8 || (c->nvline && !c->vline))
		return bad(err, errlen, "0 to 8 reference lines");
	return render(tg, draw_histogram, c, err, errlen);
}

int chart_heatmap(const struct chart_target *tg, const struct chart_heatmap *c,
		  char *err, size_t errlen)
{
	if (c->nrows < 1 || c->ncols < 1 || c->nrows > 32 || c->ncols > 32 ||
	    !c->v || !c->row_label || !c->col_label)
		return bad(err, errlen, "1 to 32 rows and columns with labels");
	if (!(c->vmax > c->vmin))
		return bad(err, errlen, "colour scale needs vmin < vmax");
	return render(tg, draw_heatmap, c, err, errlen);
}

int chart_hbar(const struct chart_target *tg, const struct chart_hbar *c,
	       char *err, size_t errlen)
{
	if (c->n < 1 || c->n > 40 || !c->v || !c->label)
		return bad(err, errlen, "1 to 40 labelled bars");
	return render(tg, draw_hbar, c, err, errlen);
}
