/* csvw.h - CSV cells as RFC 4180 has them: text quoted when it holds a
 * comma, a quote or a line break; numbers empty when not finite. */
#ifndef PSREPORT_CSVW_H
#define PSREPORT_CSVW_H

#include <stdint.h>
#include <stdio.h>

/* The text itself (no leading comma). */
void csvw_text(FILE *f, const char *s);
/* ",text" and ",number" (%.10g; empty when not finite). */
void csvw_text_cell(FILE *f, const char *s);
void csvw_num_cell(FILE *f, double v);
/* "u" and ",u" (%llu). */
void csvw_uint(FILE *f, uint64_t u);
void csvw_uint_cell(FILE *f, uint64_t u);

#endif
