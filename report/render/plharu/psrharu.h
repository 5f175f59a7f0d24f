/* psrharu.h - what psreport hands to its PLplot driver "psrharu".
 *
 * The driver draws PLplot's output as vector graphics onto a libharu page
 * that psreport owns, inside one rectangle. psreport passes a pointer to a
 * struct psrharu_target with plsdevdata() before plinit(); the driver never
 * creates, saves or frees the document. */
#ifndef PSRHARU_H
#define PSRHARU_H

#include <hpdf.h>

/* PLplot device units per PDF point: PLplot works in short integers, so
 * this sets the drawing resolution (1/16 pt) and keeps a full A4 page
 * (842 pt) under 32767 units. */
#define PSRHARU_UNITS_PER_PT 16.0

/* Font size per PLplot character height: an em is this many mm per mm of
 * character height, which makes DejaVu's capitals about as tall as the
 * height PLplot reserves for them. */
#define PSRHARU_EM_PER_CH 1.45

struct psrharu_target {
	HPDF_Doc doc;
	HPDF_Page page;
	HPDF_Font font[3]; /* regular, bold, mono: UTF-8 encoded TrueType */
	double x, y, w, h; /* the chart's rectangle, points, origin lower left */
	double font_scale; /* text size multiplier (1.0 in PDF) */
	int fill_background; /* paint the rectangle with colour 0 first */
	int error; /* set nonzero by the driver when it could not draw */
};

#endif
