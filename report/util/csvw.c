/* csvw.c - CSV cells. */
#include "csvw.h"

#include "numfmt.h"

#include <math.h>
#include <string.h>

void csvw_text(FILE *f, const char *s)
{
	if (!strpbrk(s, ",\"\n\r")) {
		fputs(s, f);
		return;
	}
	fputc('"', f);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', f);
		fputc(*s, f);
	}
	fputc('"', f);
}

void csvw_text_cell(FILE *f, const char *s)
{
	fputc(',', f);
	csvw_text(f, s);
}

void csvw_num_cell(FILE *f, double v)
{
	char buf[1 + NUMFMT_MAX] = ",";

	if (isfinite(v))
		fwrite(buf, 1, 1 + numfmt_g10(buf + 1, v), f);
	else
		fputc(',', f);
}

void csvw_uint(FILE *f, uint64_t u)
{
	char buf[NUMFMT_MAX];

	fwrite(buf, 1, numfmt_u64(buf, u), f);
}

void csvw_uint_cell(FILE *f, uint64_t u)
{
	fputc(',', f);
	csvw_uint(f, u);
}
