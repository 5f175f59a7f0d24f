/* pdfdoc.h - a multi-page PDF document over libharu: pages with a themed
 * background, embedded DejaVu fonts with UTF-8 text, an outline
 * (bookmarks), text and table helpers, "page i of N" footers, and a save
 * that writes a temporary file and renames it only when whole.
 *
 * Coordinates are PDF points (1/72 inch) with the origin at the lower left
 * of the page; y grows upwards. Text is UTF-8; invalid bytes print as
 * replacement glyphs rather than failing. Functions return 0 or a negative
 * errno-style code; the first libharu error sticks to the document and
 * makes every later call and pdfdoc_save() fail with its message
 * (pdfdoc_errmsg). Nothing here prints or exits. */
#ifndef PSREPORT_PDFDOC_H
#define PSREPORT_PDFDOC_H

#include "theme.h"

#include <stddef.h>
#include <time.h>

struct pdfdoc;

enum pdfdoc_paper { PDFDOC_A4 = 0, PDFDOC_LETTER = 1 }; /* both landscape */

struct pdfdoc_opts {
	enum pdfdoc_paper paper;
	enum theme_id theme;
	const char *title;   /* document info and nothing else; NULL: none */
	const char *creator; /* e.g. "psreport 0.2.0" */
	const char *footer;  /* left footer on every page, e.g. host and time
			      * span; NULL: none */
	time_t created;      /* creation date (UTC); 0: now */
	const char *font_dir; /* DejaVu TTFs; NULL: PDFDOC_FONT_DIR */
};

/* where fonts-dejavu-core puts its files */
#define PDFDOC_FONT_DIR "/usr/share/fonts/truetype/dejavu"

struct pdfdoc_rect {
	double x, y, w, h; /* lower left corner, width, height */
};

enum pdfdoc_style {
	PDFDOC_TITLE,   /* bold 20 pt: the report's title */
	PDFDOC_HEADING, /* bold 13 pt: a section */
	PDFDOC_BODY,    /* 9 pt */
	PDFDOC_BOLD,    /* bold 9 pt */
	PDFDOC_SMALL,   /* 7.5 pt, muted colour: notes, units */
	PDFDOC_MONO,    /* mono 8.5 pt: command lines, identifiers */
};

enum pdfdoc_tone { PDFDOC_PLAIN = 0, PDFDOC_OK, PDFDOC_WARN, PDFDOC_BAD };

/* A table with a header row, one row per line of cells. Rows that do not
 * fit continue on a new page under a repeated header. */
struct pdfdoc_table {
	size_t ncols, nrows;
	const char *const *head;  /* ncols header texts */
	const char *const *cells; /* nrows * ncols, row-major; NULL = "" */
	const double *width;      /* ncols widths in points; NULL: equal
				   * shares of the body width */
	const char *align;        /* per column 'l' or 'r'; NULL: all 'l' */
	const enum pdfdoc_tone *tone; /* per row, colours column tone_col;
				       * NULL: none */
	size_t tone_col;
};

/* A new document, no page yet. The fonts (DejaVuSans, -Bold, SansMono)
 * are loaded and embedded here; missing fonts fail with -ENOENT. */
int pdfdoc_new(struct pdfdoc **out, const struct pdfdoc_opts *opts,
	       char *err, size_t errlen);

/* Free the document (NULL is fine). Nothing is written. */
void pdfdoc_free(struct pdfdoc *d);

/* The sticky error text, "" when none. */
const char *pdfdoc_errmsg(const struct pdfdoc *d);

/* Start a new page (background painted) and make it current. */
int pdfdoc_add_page(struct pdfdoc *d);

/* Pages so far. */
size_t pdfdoc_page_count(const struct pdfdoc *d);

/* The area for content on a page: inside the margins, above the footer. */
struct pdfdoc_rect pdfdoc_body(const struct pdfdoc *d);

/* Cell (row, col) of area cut into rows x cols with gap points between
 * cells; row 0 is the top. For laying out charts on a page. */
struct pdfdoc_rect pdfdoc_cell(struct pdfdoc_rect area, int rows, int cols,
			       int row, int col, double gap);

/* An outline entry pointing at the top of the current page, under parent
 * (0 for a top-level entry, else an id returned earlier). Returns its id
 * (> 0) or a negative code. */
int pdfdoc_bookmark(struct pdfdoc *d, int parent, const char *title);

/* Draw s with its baseline starting at (x, y); align 'l', 'r' (x is the
 * right end) or 'c' (x is the centre). tone colours it. Returns 0 or < 0. */
int pdfdoc_text(struct pdfdoc *d, double x, double y, enum pdfdoc_style st,
		char align, enum pdfdoc_tone tone, const char *s);

/* The width of s in points in a style. */
double pdfdoc_text_width(const struct pdfdoc *d, enum pdfdoc_style st,
			 const char *s);

/* The line height of a style, in points. */
double pdfdoc_line_height(enum pdfdoc_style st);

/* s wrapped into lines no wider than w, first baseline at *y; *y is left
 * at the next line's baseline. At most max_lines lines (0: no limit), the
 * last ending with an ellipsis when cut. */
int pdfdoc_paragraph(struct pdfdoc *d, double x, double *y, double w,
		     enum pdfdoc_style st, size_t max_lines, const char *s);

/* Draw a table whose top edge is at *y, left edge at x; *y is left below
 * it (on the current page, which may be a new one). */
int pdfdoc_table(struct pdfdoc *d, double x, double *y,
		 const struct pdfdoc_table *t);

/* A horizontal rule across the body at y. */
int pdfdoc_rule(struct pdfdoc *d, double y);

/* Write the footers ("page i of N" and opts.footer) on every page, then
 * the document to path through a temporary file renamed on success; an
 * existing path is refused with -EEXIST unless force. Nothing is left at
 * path (or beside it) on failure. The document is final after the first
 * call (pages added later are not written); saving again, e.g. to
 * another path after a failure, writes the same document. */
int pdfdoc_save(struct pdfdoc *d, const char *path, int force, char *err,
		size_t errlen);

/* For the chart module: the libharu handles of the document, its current
 * page and fonts (regular, bold, mono), as void pointers so that this
 * header does not need hpdf.h. */
struct pdfdoc_handles {
	void *doc, *page, *font[3];
	enum theme_id theme;
};
int pdfdoc_handles(const struct pdfdoc *d, struct pdfdoc_handles *h);

#endif
