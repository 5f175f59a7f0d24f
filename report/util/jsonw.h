/* jsonw.h - a small streaming JSON writer: escaping, commas, and null for
 * numbers that are not finite (JSON has no NaN). */
#ifndef PSREPORT_JSONW_H
#define PSREPORT_JSONW_H

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

struct jsonw {
	FILE *f;
	bool pretty;
	int depth;
	bool first[64]; /* per depth: nothing written at this level yet */
	bool after_key;
};

void jsonw_init(struct jsonw *j, FILE *f, bool pretty);
void jsonw_begin_object(struct jsonw *j);
void jsonw_end_object(struct jsonw *j);
void jsonw_begin_array(struct jsonw *j);
void jsonw_end_array(struct jsonw *j);
void jsonw_key(struct jsonw *j, const char *key);
/* Bytes as a JSON string: invalid UTF-8 becomes U+FFFD. */
void jsonw_strn(struct jsonw *j, const char *s, size_t n);
void jsonw_str(struct jsonw *j, const char *s);
void jsonw_num(struct jsonw *j, double v); /* null if not finite */
void jsonw_bool(struct jsonw *j, bool v);
void jsonw_null(struct jsonw *j);
void jsonw_raw(struct jsonw *j, const char *text); /* a number as text */
void jsonw_key_str(struct jsonw *j, const char *key, const char *s);
void jsonw_key_num(struct jsonw *j, const char *key, double v);
void jsonw_num_array(struct jsonw *j, const double *v, size_t n);

#endif
