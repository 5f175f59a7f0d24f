/* theme.c - two palettes. The series colours are distinct for the common
 * kinds of colour blindness (after Okabe and Ito), brightened on dark;
 * the fifth is brown rather than Okabe and Ito's sky blue, which beside
 * the first (blue) read as one colour. */
#include "theme.h"

static const struct theme light = {
	.name = "light",
	.bg = {255, 255, 255},
	.fg = {33, 37, 41},
	.muted = {108, 117, 125},
	.grid = {222, 226, 230},
	.panel = {236, 239, 242},
	.stripe = {247, 248, 250},
	.ok = {25, 135, 84},
	.warn = {191, 120, 0},
	.bad = {200, 35, 51},
	.series = {{0, 114, 178}, {213, 94, 0}, {0, 158, 115},
		   {204, 121, 167}, {140, 86, 60}, {230, 159, 0},
		   {120, 120, 120}, {0, 0, 0}},
};

static const struct theme dark = {
	.name = "dark",
	.bg = {30, 32, 36},
	.fg = {230, 232, 235},
	.muted = {150, 156, 164},
	.grid = {62, 66, 74},
	.panel = {48, 52, 58},
	.stripe = {36, 39, 44},
	.ok = {72, 199, 142},
	.warn = {255, 193, 7},
	.bad = {255, 107, 107},
	.series = {{86, 180, 233}, {255, 140, 60}, {60, 210, 160},
		   {230, 150, 200}, {205, 150, 110}, {240, 200, 60},
		   {180, 180, 180}, {255, 255, 255}},
};

const struct theme *theme_get(enum theme_id id)
{
	return id == THEME_DARK ? &dark : &light;
}
