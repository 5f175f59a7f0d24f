/* theme.h - the colours of psreport's PDF pages and charts, light or dark.
 * One table so the PDF text, the PDF charts, the SVGs and the PNGs agree. */
#ifndef PSREPORT_THEME_H
#define PSREPORT_THEME_H

struct theme_rgb {
	unsigned char r, g, b;
};

enum { THEME_NSERIES = 8 };

struct theme {
	const char *name;
	struct theme_rgb bg;     /* page and chart background */
	struct theme_rgb fg;     /* text, axes */
	struct theme_rgb muted;  /* secondary text: units, footers */
	struct theme_rgb grid;   /* grid lines, table rules */
	struct theme_rgb panel;  /* table header, undefined heatmap cells */
	struct theme_rgb stripe; /* every other table row */
	struct theme_rgb ok, warn, bad; /* verdict tones */
	struct theme_rgb series[THEME_NSERIES];
};

enum theme_id { THEME_LIGHT = 0, THEME_DARK = 1 };

/* The theme for an id; anything but THEME_DARK is light. */
const struct theme *theme_get(enum theme_id id);

#endif
