/* pdfdoc.c - libharu underneath pdfdoc.h.
 *
 * libharu reports errors through a handler; ours records the first one on
 * the document and lets the calls return, so every pdfdoc function checks
 * the sticky error once instead of after each libharu call. */
#define _GNU_SOURCE
#include "pdfdoc.h"
#include "outfile.h"
#include "utf8.h"

#include <hpdf.h>

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

enum { FONT_REGULAR, FONT_BOLD, FONT_MONO };

#define MARGIN 36.0
#define FOOTER_Y 20.0

struct pdfdoc {
	HPDF_Doc pdf;
	HPDF_Font font[3];
	HPDF_Outline *outline; /* by id - 1 */
	size_t noutline, outline_cap;
	HPDF_Page *page;
	size_t npage, page_cap;
	double width, height;
	const struct theme *th;
	enum theme_id theme;
	char footer[512];
	HPDF_STATUS error, detail;
	int reading; /* in pdfdoc_save: end of stream is not an error */
	int saved;   /* footers drawn and document serialised once */
	char errmsg[160];
};

static void on_error(HPDF_STATUS error, HPDF_STATUS detail, void *data)
{
	struct pdfdoc *d = data;
	if (d->error || (d->reading && error == HPDF_STREAM_EOF))
		return;
	d->error = error;
	d->detail = detail;
	snprintf(d->errmsg, sizeof d->errmsg,
		 "libharu error 0x%04X (detail %u)", (unsigned)error,
		 (unsigned)detail);
}

static int failed(const struct pdfdoc *d)
{
	return d->error ? -EIO : 0;
}

const char *pdfdoc_errmsg(const struct pdfdoc *d)
{
	return d ? d->errmsg : "";
}

static const struct {
	double size;
	int font;
} styles[] = {
	[PDFDOC_TITLE] = {20, FONT_BOLD},  [PDFDOC_HEADING] = {13, FONT_BOLD},
	[PDFDOC_BODY] = {9, FONT_REGULAR}, [PDFDOC_BOLD] = {9, FONT_BOLD},
	[PDFDOC_SMALL] = {7.5, FONT_REGULAR}, [PDFDOC_MONO] = {8.5, FONT_MONO},
};

double pdfdoc_line_height(enum pdfdoc_style st)
{
	return styles[st].size * 1.35;
}

static int load_fonts(struct pdfdoc *d, const char *dir, char *err,
		      size_t errlen)
{
	static const char *const files[3] = {
		"DejaVuSans.ttf", "DejaVuSans-Bold.ttf", "DejaVuSansMono.ttf"};
	for (int i = 0; i < 3; i++) {
		char path[4096];
		snprintf(path, sizeof path, "%s/%s", dir, files[i]);
		FILE *f = fopen(path, "rb");
		if (!f) {
			int e = errno;
			snprintf(err, errlen, "cannot read font '%s': %s", path,
				 strerror(e));
			return -e;
		}
		fclose(f);
		const char *name = HPDF_LoadTTFontFromFile(d->pdf, path,
							   HPDF_TRUE);
		if (name)
			d->font[i] = HPDF_GetFont(d->pdf, name, "UTF-8");
		if (!d->font[i]) {
			snprintf(err, errlen, "cannot load font '%s': %s", path,
				 d->errmsg);
			return -EIO;
		}
	}
	return 0;
}

static void set_info(struct pdfdoc *d, const struct pdfdoc_opts *o)
{
	char clean[1024];
	if (o->title) {
		utf8_clean(clean, sizeof clean, o->title);
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_TITLE, clean);
	}
	if (o->creator) {
		utf8_clean(clean, sizeof clean, o->creator);
		HPDF_SetInfoAttr(d->pdf, HPDF_INFO_CREATOR, clean);
	}
	time_t t = o->created ? o->created : time(NULL);
	struct tm tm;
	gmtime_r(&t, &tm);
	HPDF_Date date = {
		.year = tm.tm_year + 1900, .month = tm.tm_mon + 1,
		.day = tm.tm_mday, .hour = tm.tm_hour,
		.minutes = tm.tm_min, .seconds = tm.tm_sec, .ind = 'Z'};
	HPDF_SetInfoDateAttr(d->pdf, HPDF_INFO_CREATION_DATE, date);
}

int pdfdoc_new(struct pdfdoc **out, const struct pdfdoc_opts *o, char *err,
	       size_t errlen)
{
	*out = NULL;
	struct pdfdoc *d = calloc(1, sizeof *d);
	if (!d) {
		snprintf(err, errlen, "out of memory");
		return -ENOMEM;
	}
	d->theme = o->theme;
	d->th = theme_get(o->theme);
	d->width = o->paper == PDFDOC_LETTER ? 792 : 842;
	d->height = o->paper == PDFDOC_LETTER ? 612 : 595;
	utf8_clean(d->footer, sizeof d->footer, o->footer);
	d->pdf = HPDF_New(on_error, d);
	if (!d->pdf) {
		free(d);
		snprintf(err, errlen, "cannot start a PDF document");
		return -ENOMEM;
	}
	HPDF_SetCompressionMode(d->pdf, HPDF_COMP_ALL);
	HPDF_UseUTFEncodings(d->pdf);
	HPDF_SetCurrentEncoder(d->pdf, "UTF-8");
	HPDF_SetPageMode(d->pdf, HPDF_PAGE_MODE_USE_OUTLINE);
	int rc = load_fonts(d, o->font_dir ? o->font_dir : PDFDOC_FONT_DIR, err,
			    errlen);
	if (rc < 0)
		goto fail;
	set_info(d, o);
	if (failed(d)) {
		snprintf(err, errlen, "cannot start a PDF document: %s",
			 d->errmsg);
		rc = -EIO;
		goto fail;
	}
	*out = d;
	return 0;
fail:
	pdfdoc_free(d);
	return rc;
}

void pdfdoc_free(struct pdfdoc *d)
{
	if (!d)
		return;
	if (d->pdf)
		HPDF_Free(d->pdf);
	free(d->outline);
	free(d->page);
	free(d);
}

static int grow(void **arr, size_t *cap, size_t n, size_t size)
{
	if (n < *cap)
		return 0;
	size_t nc = *cap ? *cap * 2 : 16;
	void *p = realloc(*arr, nc * size);
	if (!p)
		return -ENOMEM;
	*arr = p;
	*cap = nc;
	return 0;
}

static void fill_rgb(HPDF_Page p, struct theme_rgb c)
{
	HPDF_Page_SetRGBFill(p, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
}

static void stroke_rgb(HPDF_Page p, struct theme_rgb c)
{
	HPDF_Page_SetRGBStroke(p, c.r / 255.0f, c.g / 255.0f, c.b / 255.0f);
}

static HPDF_Page current(const struct pdfdoc *d)
{
	return d->npage ? d->page[d->npage - 1] : NULL;
}

int pdfdoc_add_page(struct pdfdoc *d)
{
	if (failed(d))
		return -EIO;
	if (grow((void **)&d->page, &d->page_cap, d->npage, sizeof *d->page))
		return -ENOMEM;
	HPDF_Page p = HPDF_AddPage(d->pdf);
	if (!p)
		return -EIO;
	HPDF_Page_SetWidth(p, (HPDF_REAL)d->width);
	HPDF_Page_SetHeight(p, (HPDF_REAL)d->height);
	d->page[d->npage++] = p;
	if (d->theme == THEME_DARK) {
		/* light pages keep the paper white: nothing to draw */
		fill_rgb(p, d->th->bg);
		HPDF_Page_Rectangle(p, 0, 0, (HPDF_REAL)d->width,
				    (HPDF_REAL)d->height);
		HPDF_Page_Fill(p);
	}
	return failed(d);
}

size_t pdfdoc_page_count(const struct pdfdoc *d)
{
	return d->npage;
}

struct pdfdoc_rect pdfdoc_body(const struct pdfdoc *d)
{
	struct pdfdoc_rect r = {MARGIN, FOOTER_Y + 16, d->width - 2 * MARGIN,
				d->height - MARGIN - (FOOTER_Y + 16)};
	return r;
}

struct pdfdoc_rect pdfdoc_cell(struct pdfdoc_rect a, int rows, int cols,
			       int row, int col, double gap)
{
	if (rows < 1)
		rows = 1;
	if (cols < 1)
		cols = 1;
	double w = (a.w - gap * (cols - 1)) / cols;
	double h = (a.h - gap * (rows - 1)) / rows;
	struct pdfdoc_rect r = {a.x + col * (w + gap),
				a.y + a.h - (row + 1) * h - row * gap, w, h};
	return r;
}

int pdfdoc_bookmark(struct pdfdoc *d, int parent, const char *title)
{
	if (failed(d) || !current(d))
		return -EIO;
	if (parent < 0 || (size_t)parent > d->noutline)
		return -EINVAL;
	if (grow((void **)&d->outline, &d->outline_cap, d->noutline,
		 sizeof *d->outline))
		return -ENOMEM;
	char clean[1024];
	utf8_clean(clean, sizeof clean, title);
	HPDF_Outline o = HPDF_CreateOutline(
		d->pdf, parent ? d->outline[parent - 1] : NULL, clean,
		HPDF_GetEncoder(d->pdf, "UTF-8"));
	if (!o)
		return -EIO;
	HPDF_Destination dst = HPDF_Page_CreateDestination(current(d));
	if (dst) /* the default destination shows the whole page */
		HPDF_Outline_SetDestination(o, dst);
	HPDF_Outline_SetOpened(o, parent == 0 ? HPDF_TRUE : HPDF_FALSE);
	d->outline[d->noutline++] = o;
	return failed(d) ? -EIO : (int)d->noutline;
}

static struct theme_rgb tone_rgb(const struct pdfdoc *d, enum pdfdoc_tone t,
				 enum pdfdoc_style st)
{
	switch (t) {
	case PDFDOC_OK:
		return d->th->ok;
	case PDFDOC_WARN:
		return d->th->warn;
	case PDFDOC_BAD:
		return d->th->bad;
	default:
		return st == PDFDOC_SMALL ? d->th->muted : d->th->fg;
	}
}

double pdfdoc_text_width(const struct pdfdoc *d, enum pdfdoc_style st,
			 const char *raw)
{
	char s[2048];
	utf8_clean(s, sizeof s, raw);
	HPDF_TextWidth tw = HPDF_Font_TextWidth(d->font[styles[st].font],
						(const HPDF_BYTE *)s,
						(HPDF_UINT)strlen(s));
	return tw.width * styles[st].size / 1000.0;
}

int pdfdoc_text(struct pdfdoc *d, double x, double y, enum pdfdoc_style st,
		char align, enum pdfdoc_tone tone, const char *raw)
{
	HPDF_Page p = current(d);
	if (failed(d) || !p)
		return -EIO;
	if (!raw || !*raw)
		return 0;
	char s[2048];
	utf8_clean(s, sizeof s, raw);
	double w = pdfdoc_text_width(d, st, s);
	if (align == 'r')
		x -= w;
	else if (align == 'c')
		x -= w / 2;
	HPDF_Page_BeginText(p);
	HPDF_Page_SetFontAndSize(p, d->font[styles[st].font],
				 (HPDF_REAL)styles[st].size);
	fill_rgb(p, tone_rgb(d, tone, st));
	HPDF_Page_TextOut(p, (HPDF_REAL)x, (HPDF_REAL)y, s);
	HPDF_Page_EndText(p);
	return failed(d);
}

/* Bytes in the UTF-8 sequence starting at s (1 for a stray byte). */
static size_t u8len(const char *s)
{
	unsigned char c = (unsigned char)*s;
	size_t n = c < 0x80 ? 1 : c >= 0xf0 ? 4 : c >= 0xe0 ? 3 : c >= 0xc0 ? 2 : 1;
	for (size_t i = 1; i < n; i++)
		if (((unsigned char)s[i] & 0xc0) != 0x80)
			return 1;
	return n;
}

/* How many bytes of s fit in w points, breaking after a space when one
 * is in the fitting part. */
static size_t fit(const struct pdfdoc *d, enum pdfdoc_style st,
		  const char *s, double w)
{
	HPDF_Font f = d->font[styles[st].font];
	double used = 0, k = styles[st].size / 1000.0;
	size_t i = 0, brk = 0;
	while (s[i]) {
		size_t n = u8len(s + i);
		HPDF_TextWidth tw = HPDF_Font_TextWidth(
			f, (const HPDF_BYTE *)s + i, (HPDF_UINT)n);
		if (used + tw.width * k > w && i > 0)
			return brk ? brk : i;
		used += tw.width * k;
		i += n;
		if (s[i - 1] == ' ')
			brk = i;
	}
	return i;
}

int pdfdoc_paragraph(struct pdfdoc *d, double x, double *y, double w,
		     enum pdfdoc_style st, size_t max_lines, const char *raw)
{
	char line[1024], clean[8192];
	utf8_clean(clean, sizeof clean, raw);
	const char *s = clean;
	size_t lines = 0;
	while (*s) {
		size_t n = fit(d, st, s, w);
		int last = max_lines && lines + 1 == max_lines && s[n];
		if (last)
			n = fit(d, st, s, w - pdfdoc_text_width(d, st, "…"));
		if (n >= sizeof line - 4)
			n = sizeof line - 5;
		while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
			n--; /* never cut a character */
		if (n == 0)
			n = u8len(s); /* always progress */
		memcpy(line, s, n);
		strcpy(line + n, last ? "…" : "");
		int rc = pdfdoc_text(d, x, *y, st, 'l', PDFDOC_PLAIN, line);
		if (rc < 0)
			return rc;
		*y -= pdfdoc_line_height(st);
		s += n;
		lines++;
		if (last)
			break;
	}
	return 0;
}

int pdfdoc_rule(struct pdfdoc *d, double y)
{
	HPDF_Page p = current(d);
	if (failed(d) || !p)
		return -EIO;
	struct pdfdoc_rect b = pdfdoc_body(d);
	stroke_rgb(p, d->th->grid);
	HPDF_Page_SetLineWidth(p, 0.75);
	HPDF_Page_MoveTo(p, (HPDF_REAL)b.x, (HPDF_REAL)y);
	HPDF_Page_LineTo(p, (HPDF_REAL)(b.x + b.w), (HPDF_REAL)y);
	HPDF_Page_Stroke(p);
	return failed(d);
}

static void band(struct pdfdoc *d, double x, double y, double w, double h,
		 struct theme_rgb c)
{
	HPDF_Page p = current(d);
	fill_rgb(p, c);
	HPDF_Page_Rectangle(p, (HPDF_REAL)x, (HPDF_REAL)y, (HPDF_REAL)w,
			    (HPDF_REAL)h);
	HPDF_Page_Fill(p);
}

/* One row of cells, text baselines at y + pad; each cell is cut to its
 * column with an ellipsis rather than overflowing the next one. */
static int table_row(struct pdfdoc *d, double x, double y,
		     const struct pdfdoc_table *t, const double *w,
		     const char *const *cells, enum pdfdoc_style st,
		     enum pdfdoc_tone tone)
{
	char buf[512], clean[512];
	for (size_t c = 0; c < t->ncols; c++) {
		utf8_clean(clean, sizeof clean, cells[c] ? cells[c] : "");
		const char *s = clean;
		double avail = w[c] - 8;
		if (pdfdoc_text_width(d, st, s) > avail) {
			size_t n = fit(d, st, s,
				       avail - pdfdoc_text_width(d, st, "…"));
			if (n > sizeof buf - 4)
				n = sizeof buf - 4;
			while (n > 0 && ((unsigned char)s[n] & 0xc0) == 0x80)
				n--;
			memcpy(buf, s, n);
			strcpy(buf + n, "…");
			s = buf;
		}
		char al = t->align ? t->align[c] : 'l';
		double tx = al == 'r' ? x + w[c] - 4 : x + 4;
		enum pdfdoc_tone tn =
			(t->tone && c == t->tone_col) ? tone : PDFDOC_PLAIN;
		int rc = pdfdoc_text(d, tx, y + 4.5, st, al, tn, s);
		if (rc < 0)
			return rc;
		x += w[c];
	}
	return 0;
}

int pdfdoc_table(struct pdfdoc *d, double x, double *y,
		 const struct pdfdoc_table *t)
{
	if (failed(d) || !current(d))
		return -EIO;
	if (t->ncols == 0 || t->ncols > 64)
		return -EINVAL;
	struct pdfdoc_rect b = pdfdoc_body(d);
	double w[64], total = 0;
	for (size_t c = 0; c < t->ncols; c++) {
		w[c] = t->width ? t->width[c] : (b.x + b.w - x) / t->ncols;
		total += w[c];
	}
	const double rh = 14;
	int rc = 0;
	size_t r = 0;
	int need_head = 1;
	while (rc == 0 && (need_head || r < t->nrows)) {
		if (need_head) {
			if (*y - 2 * rh < b.y) { /* no room for head + a row */
				if ((rc = pdfdoc_add_page(d)) < 0)
					break;
				*y = b.y + b.h;
			}
			*y -= rh;
			band(d, x, *y, total, rh, d->th->panel);
			rc = table_row(d, x, *y, t, w, t->head, PDFDOC_BOLD,
				       PDFDOC_PLAIN);
			need_head = 0;
			continue;
		}
		if (*y - rh < b.y) {
			need_head = 1;
			*y = b.y - 1; /* forces the new page */
			continue;
		}
		*y -= rh;
		if (r % 2)
			band(d, x, *y, total, rh, d->th->stripe);
		rc = table_row(d, x, *y, t, w, t->cells + r * t->ncols,
			       PDFDOC_BODY, t->tone ? t->tone[r] : PDFDOC_PLAIN);
		r++;
	}
	if (rc == 0) {
		HPDF_Page p = current(d);
		stroke_rgb(p, d->th->grid);
		HPDF_Page_SetLineWidth(p, 0.75);
		HPDF_Page_MoveTo(p, (HPDF_REAL)x, (HPDF_REAL)*y);
		HPDF_Page_LineTo(p, (HPDF_REAL)(x + total), (HPDF_REAL)*y);
		HPDF_Page_Stroke(p);
	}
	return rc < 0 ? rc : failed(d);
}

static int footers(struct pdfdoc *d)
{
	size_t n = d->npage;
	for (size_t i = 0; i < n; i++) {
		HPDF_Page keep = d->page[n - 1];
		d->page[n - 1] = d->page[i]; /* make page i current */
		char num[64];
		snprintf(num, sizeof num, "page %zu of %zu", i + 1, n);
		int rc = pdfdoc_text(d, MARGIN, FOOTER_Y, PDFDOC_SMALL, 'l',
				     PDFDOC_PLAIN, d->footer);
		if (rc == 0)
			rc = pdfdoc_text(d, d->width - MARGIN, FOOTER_Y,
					 PDFDOC_SMALL, 'r', PDFDOC_PLAIN, num);
		d->page[n - 1] = keep;
		if (rc < 0)
			return rc;
	}
	return 0;
}

int pdfdoc_save(struct pdfdoc *d, const char *path, int force, char *err,
		size_t errlen)
{
	if (d->npage == 0) {
		snprintf(err, errlen, "cannot write '%s': no pages", path);
		return -EINVAL;
	}
	/* a second save (after a refused path, say) writes the same bytes */
	if (!d->saved && (footers(d) < 0 ||
			  HPDF_SaveToStream(d->pdf) != HPDF_OK || failed(d))) {
		snprintf(err, errlen, "cannot write '%s': %s", path,
			 d->errmsg[0] ? d->errmsg : "libharu failed");
		return -EIO;
	}
	d->saved = 1;
	struct outfile o;
	int rc = outfile_open(&o, path, force, err, errlen);
	if (rc < 0)
		return rc;
	HPDF_ResetStream(d->pdf);
	d->reading = 1;
	for (;;) {
		HPDF_BYTE buf[65536];
		HPDF_UINT32 n = sizeof buf;
		HPDF_STATUS st = HPDF_ReadFromStream(d->pdf, buf, &n);
		if (n > 0 && fwrite(buf, 1, n, o.f) != n)
			break; /* outfile_commit sees the error */
		if (st == HPDF_STREAM_EOF || n == 0)
			break;
		if (st != HPDF_OK) {
			d->reading = 0;
			outfile_abort(&o);
			snprintf(err, errlen, "cannot write '%s': %s", path,
				 d->errmsg);
			return -EIO;
		}
	}
	d->reading = 0;
	return outfile_commit(&o, err, errlen);
}

int pdfdoc_handles(const struct pdfdoc *d, struct pdfdoc_handles *h)
{
	if (failed(d) || !current(d))
		return -EIO;
	h->doc = d->pdf;
	h->page = current(d);
	for (int i = 0; i < 3; i++)
		h->font[i] = d->font[i];
	h->theme = d->theme;
	return 0;
}
