/* psrharu.c - a PLplot dynamic driver that draws onto a libharu page.
 *
 * PLplot lays out the chart (axes, ticks, clipping, legends); this driver
 * turns its device-unit lines, fills and text into PDF path and text
 * operators on the page and rectangle given in a struct psrharu_target
 * (psrharu.h). Text is drawn with the document's embedded TrueType fonts in
 * UTF-8, never as Hershey strokes, and measured with the same fonts so
 * PLplot can place legends and labels (has_string_length).
 *
 * The driver never prints, never calls plexit() and never opens a file:
 * a problem (no target, a libharu failure) sets target->error and the
 * caller reports it after plend1(). */
#include <plplotP.h>
#include <drivers.h>

#include "psrharu.h"

#include <math.h>
#include <stdlib.h>
#include <string.h>

#define K PSRHARU_UNITS_PER_PT

/* PLplot's character height (mm) to a font size (pt) */
#define FONT_PT_PER_MM (72.0 / 25.4 * PSRHARU_EM_PER_CH)

/* longest text converted at once, in bytes of UTF-8 */
#define TEXT_MAX 2048

PLDLLIMPEXP_DRIVER const char *plD_DEVICE_INFO_psrharu =
	"psrharu:psreport vector output onto a libharu page:0:psrharu:90:psrharu\n";

PLDLLIMPEXP_DRIVER void plD_dispatch_init_psrharu(PLDispatchTable *pdt);

struct dev {
	struct psrharu_target *tg;
};

static struct psrharu_target *target(PLStream *pls)
{
	struct dev *d = pls->dev;
	if (!d || !d->tg || !d->tg->page)
		return NULL;
	return d->tg->error ? NULL : d->tg;
}

static HPDF_REAL px(const struct psrharu_target *tg, double x)
{
	return (HPDF_REAL)(tg->x + x / K);
}

static HPDF_REAL py(const struct psrharu_target *tg, double y)
{
	return (HPDF_REAL)(tg->y + y / K);
}

static void init(PLStream *pls)
{
	struct dev *d = calloc(1, sizeof *d);
	pls->dev = d;
	if (!d)
		return; /* every entry point checks target() */
	d->tg = pls->dev_data;
	struct psrharu_target *tg = d->tg;
	double w = tg ? tg->w : 100, h = tg ? tg->h : 100;
	if (!tg || !tg->page || w < 1 || h < 1 || w * K > 32000 ||
	    h * K > 32000) {
		if (tg)
			tg->error = 1;
		w = h = 100;
	}

	pls->termin = 0;
	pls->color = 1;
	pls->colorset = 1;
	pls->width = 1;
	pls->bytecnt = 0;
	pls->page = 0;
	pls->dev_text = 1;
	pls->dev_unicode = 1;
	pls->dev_hrshsym = 0;
	pls->has_string_length = 1;
	pls->dev_fill0 = 1;
	pls->dev_fill1 = 0;
	pls->graphx = GRAPHICS_MODE;

	PLINT xmax = (PLINT)(w * K), ymax = (PLINT)(h * K);
	plspage(72.0 * K, 72.0 * K, xmax, ymax, 0, 0);
	plP_setphy(0, xmax, 0, ymax);
	plP_setpxl(K * 72.0 / 25.4, K * 72.0 / 25.4);
}

static void set_colour(HPDF_Page page, const PLColor *c, int stroke)
{
	HPDF_REAL r = (HPDF_REAL)(c->r / 255.0);
	HPDF_REAL g = (HPDF_REAL)(c->g / 255.0);
	HPDF_REAL b = (HPDF_REAL)(c->b / 255.0);
	if (stroke)
		HPDF_Page_SetRGBStroke(page, r, g, b);
	else
		HPDF_Page_SetRGBFill(page, r, g, b);
}

/* Translucent colours need an ExtGState; the caller brackets with
 * GSave/GRestore so the alpha does not leak to later drawing. */
static void set_alpha(struct psrharu_target *tg, double a, int stroke)
{
	if (a >= 0.999)
		return;
	HPDF_ExtGState gs = HPDF_CreateExtGState(tg->doc);
	if (!gs) {
		tg->error = 1;
		return;
	}
	if (stroke)
		HPDF_ExtGState_SetAlphaStroke(gs, (HPDF_REAL)a);
	else
		HPDF_ExtGState_SetAlphaFill(gs, (HPDF_REAL)a);
	HPDF_Page_SetExtGState(tg->page, gs);
}

static void path(struct psrharu_target *tg, const short *xa, const short *ya,
		 PLINT n)
{
	HPDF_Page_MoveTo(tg->page, px(tg, xa[0]), py(tg, ya[0]));
	for (PLINT i = 1; i < n; i++)
		HPDF_Page_LineTo(tg->page, px(tg, xa[i]), py(tg, ya[i]));
}

static void polyline(PLStream *pls, short *xa, short *ya, PLINT n)
{
	struct psrharu_target *tg = target(pls);
	if (!tg || n < 2)
		return;
	HPDF_Page_GSave(tg->page);
	set_alpha(tg, pls->curcolor.a, 1);
	set_colour(tg->page, &pls->curcolor, 1);
	/* PLplot widths are nominal pixels; half a point each reads well */
	double lw = pls->width * 0.5;
	HPDF_Page_SetLineWidth(tg->page, (HPDF_REAL)(lw > 0.1 ? lw : 0.1));
	HPDF_Page_SetLineCap(tg->page, HPDF_ROUND_END);
	HPDF_Page_SetLineJoin(tg->page, HPDF_ROUND_JOIN);
	path(tg, xa, ya, n);
	HPDF_Page_Stroke(tg->page);
	HPDF_Page_GRestore(tg->page);
}

static void line(PLStream *pls, short x1, short y1, short x2, short y2)
{
	short xa[2] = {x1, x2}, ya[2] = {y1, y2};
	polyline(pls, xa, ya, 2);
}

static void fill(PLStream *pls)
{
	struct psrharu_target *tg = target(pls);
	if (!tg || pls->dev_npts < 3)
		return;
	HPDF_Page_GSave(tg->page);
	set_alpha(tg, pls->curcolor.a, 0);
	set_colour(tg->page, &pls->curcolor, 0);
	path(tg, pls->dev_x, pls->dev_y, pls->dev_npts);
	if (pls->dev_eofill)
		HPDF_Page_Eofill(tg->page);
	else
		HPDF_Page_Fill(tg->page);
	HPDF_Page_GRestore(tg->page);
}

static void bop(PLStream *pls)
{
	pls->page++;
	struct psrharu_target *tg = target(pls);
	if (!tg || !tg->fill_background)
		return;
	HPDF_Page_GSave(tg->page);
	set_alpha(tg, pls->cmap0[0].a, 0);
	set_colour(tg->page, &pls->cmap0[0], 0);
	HPDF_Page_Rectangle(tg->page, (HPDF_REAL)tg->x, (HPDF_REAL)tg->y,
			    (HPDF_REAL)tg->w, (HPDF_REAL)tg->h);
	HPDF_Page_Fill(tg->page);
	HPDF_Page_GRestore(tg->page);
}

static size_t put_utf8(char *out, size_t at, PLUNICODE c)
{
	if (c >= 0x110000 || (c >= 0xd800 && c < 0xe000))
		c = 0xfffd;
	if (c < 0x80) {
		out[at++] = (char)c;
	} else if (c < 0x800) {
		out[at++] = (char)(0xc0 | (c >> 6));
		out[at++] = (char)(0x80 | (c & 0x3f));
	} else if (c < 0x10000) {
		out[at++] = (char)(0xe0 | (c >> 12));
		out[at++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[at++] = (char)(0x80 | (c & 0x3f));
	} else {
		out[at++] = (char)(0xf0 | (c >> 18));
		out[at++] = (char)(0x80 | ((c >> 12) & 0x3f));
		out[at++] = (char)(0x80 | ((c >> 6) & 0x3f));
		out[at++] = (char)(0x80 | (c & 0x3f));
	}
	return at;
}

/* The font a font-characterisation integer asks for: bold or mono, else
 * regular. */
static int font_of(PLUNICODE fci)
{
	unsigned family = (fci >> (4 * PL_FCI_FAMILY)) & 0xf;
	unsigned weight = (fci >> (4 * PL_FCI_WEIGHT)) & 0xf;
	if (family == PL_FCI_MONO)
		return 2;
	return weight == PL_FCI_BOLD ? 1 : 0;
}

/* PLplot's processed text to UTF-8. FCI marks pick the font (one per
 * string is enough here); the escape character doubled is itself, any
 * other escape sequence (super/subscript) is dropped with its letter. */
static size_t to_utf8(PLStream *pls, const EscText *t, char *out, int *font)
{
	char esc;
	plgesc(&esc);
	PLUNICODE fci;
	plgfci(&fci);
	*font = font_of(fci);
	size_t n = 0;
	for (int i = 0; i < t->unicode_array_len && n + 5 < TEXT_MAX; i++) {
		PLUNICODE c = t->unicode_array[i];
		if (c & PL_FCI_MARK) {
			*font = font_of(c);
			continue;
		}
		if (c == (PLUNICODE)(unsigned char)esc) {
			if (i + 1 < t->unicode_array_len &&
			    t->unicode_array[i + 1] == c) {
				n = put_utf8(out, n, c);
			}
			i++;
			continue;
		}
		n = put_utf8(out, n, c);
	}
	out[n] = 0;
	(void)pls;
	return n;
}

static void text(PLStream *pls, EscText *t)
{
	struct psrharu_target *tg = target(pls);
	if (!tg || !t->unicode_array || t->unicode_array_len == 0) {
		pls->string_length = 0;
		return;
	}
	char s[TEXT_MAX];
	int fi;
	size_t len = to_utf8(pls, t, s, &fi);
	HPDF_Font font = tg->font[fi] ? tg->font[fi] : tg->font[0];
	if (!font) {
		tg->error = 1;
		return;
	}
	double size = pls->chrht * FONT_PT_PER_MM * tg->font_scale;
	HPDF_TextWidth tw = HPDF_Font_TextWidth(font, (const HPDF_BYTE *)s,
						(HPDF_UINT)len);
	double width = tw.width * size / 1000.0;
	if (pls->get_string_length) {
		pls->string_length = width * 25.4 / 72.0;
		return;
	}
	PLFLT rot, shear, stride;
	plRotationShear(t->xform, &rot, &shear, &stride);
	rot -= pls->diorot * M_PI / 2.0;
	double c = cos(rot), sn = sin(rot);
	double cap = HPDF_Font_GetCapHeight(font) * size / 1000.0;

	HPDF_Page_GSave(tg->page);
	HPDF_Page_Concat(tg->page, (HPDF_REAL)c, (HPDF_REAL)sn, (HPDF_REAL)-sn,
			 (HPDF_REAL)c, px(tg, t->x), py(tg, t->y));
	set_alpha(tg, pls->curcolor.a, 0);
	HPDF_Page_BeginText(tg->page);
	HPDF_Page_SetFontAndSize(tg->page, font, (HPDF_REAL)size);
	set_colour(tg->page, &pls->curcolor, 0);
	HPDF_Page_MoveTextPos(tg->page, (HPDF_REAL)(-t->just * width),
			      (HPDF_REAL)(-0.5 * cap));
	HPDF_Page_ShowText(tg->page, s);
	HPDF_Page_EndText(tg->page);
	HPDF_Page_GRestore(tg->page);
}

static void esc(PLStream *pls, PLINT op, void *ptr)
{
	switch (op) {
	case PLESC_FILL:
		fill(pls);
		break;
	case PLESC_HAS_TEXT:
		text(pls, ptr);
		break;
	default:
		break;
	}
}

static void eop(PLStream *pls)
{
	(void)pls;
}

static void tidy(PLStream *pls)
{
	free(pls->dev);
	pls->dev = NULL;
}

/* The dispatch table names the stream by a struct tag that PLStream (an
 * anonymous struct typedef) does not carry: these adapt the types. */
#define S(p) ((PLStream *)(void *)(p))
static void d_init(struct PLStream_struct *p) { init(S(p)); }
static void d_line(struct PLStream_struct *p, short a, short b, short c,
		   short d) { line(S(p), a, b, c, d); }
static void d_polyline(struct PLStream_struct *p, short *x, short *y, PLINT n)
{
	polyline(S(p), x, y, n);
}
static void d_eop(struct PLStream_struct *p) { eop(S(p)); }
static void d_bop(struct PLStream_struct *p) { bop(S(p)); }
static void d_tidy(struct PLStream_struct *p) { tidy(S(p)); }
static void d_state(struct PLStream_struct *p, PLINT op)
{
	(void)p;
	(void)op; /* colour and width are read from the stream per element */
}
static void d_esc(struct PLStream_struct *p, PLINT op, void *ptr)
{
	esc(S(p), op, ptr);
}

void plD_dispatch_init_psrharu(PLDispatchTable *pdt)
{
	pdt->pl_type = plDevType_FileOriented;
	pdt->pl_seq = 90;
	pdt->pl_init = d_init;
	pdt->pl_line = d_line;
	pdt->pl_polyline = d_polyline;
	pdt->pl_eop = d_eop;
	pdt->pl_bop = d_bop;
	pdt->pl_tidy = d_tidy;
	pdt->pl_state = d_state;
	pdt->pl_esc = d_esc;
}
