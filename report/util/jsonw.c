/* jsonw.c - the streaming JSON writer. */
#include "jsonw.h"

#include "numfmt.h"

#include <math.h>
#include <string.h>

void jsonw_init(struct jsonw *j, FILE *f, bool pretty)
{
	memset(j, 0, sizeof *j);
	j->f = f;
	j->pretty = pretty;
	j->first[0] = true;
}

static void indent(struct jsonw *j)
{
	if (!j->pretty)
		return;
	/* the line break and two spaces a level, in one write */
	static const char spaces[] = "\n                                "
				     "                                "
				     "                                "
				     "                                ";
	size_t n = 1 + 2 * (size_t)j->depth;

	fwrite(spaces, 1, n < sizeof spaces - 1 ? n : sizeof spaces - 1,
	       j->f);
	for (size_t i = sizeof spaces - 1; i < n; i++)
		fputc(' ', j->f);
}

/* Before a value or a key: the comma and the line break it needs. */
static void before(struct jsonw *j)
{
	if (j->after_key) {
		j->after_key = false;
		return;
	}
	if (!j->first[j->depth])
		fputc(',', j->f);
	j->first[j->depth] = false;
	if (j->depth)
		indent(j);
}

static void open(struct jsonw *j, char c)
{
	before(j);
	fputc(c, j->f);
	if (j->depth < 63)
		j->depth++;
	j->first[j->depth] = true;
}

static void close_(struct jsonw *j, char c)
{
	bool empty = j->first[j->depth];

	if (j->depth > 0)
		j->depth--;
	if (!empty)
		indent(j);
	fputc(c, j->f);
}

void jsonw_begin_object(struct jsonw *j)
{
	open(j, '{');
}

void jsonw_end_object(struct jsonw *j)
{
	close_(j, '}');
}

void jsonw_begin_array(struct jsonw *j)
{
	open(j, '[');
}

void jsonw_end_array(struct jsonw *j)
{
	close_(j, ']');
}

/* Length of the valid UTF-8 sequence at s (n bytes left), or 0. */
static size_t utf8_len(const unsigned char *s, size_t n)
{
	size_t len;
	unsigned cp;

	if (s[0] < 0x80)
		return 1;
	if ((s[0] & 0xE0) == 0xC0) {
		len = 2;
		cp = s[0] & 0x1F;
	} else if ((s[0] & 0xF0) == 0xE0) {
		len = 3;
		cp = s[0] & 0x0F;
	} else if ((s[0] & 0xF8) == 0xF0) {
		len = 4;
		cp = s[0] & 0x07;
	} else {
		return 0;
	}
	if (len > n)
		return 0;
	for (size_t i = 1; i < len; i++) {
		if ((s[i] & 0xC0) != 0x80)
			return 0;
		cp = cp << 6 | (s[i] & 0x3F);
	}
	/* overlong forms, surrogates and beyond U+10FFFF are not UTF-8 */
	if ((len == 2 && cp < 0x80) || (len == 3 && cp < 0x800) ||
	    (len == 4 && cp < 0x10000) || cp > 0x10FFFF ||
	    (cp >= 0xD800 && cp <= 0xDFFF))
		return 0;
	return len;
}

void jsonw_strn(struct jsonw *j, const char *str, size_t n)
{
	const unsigned char *s = (const unsigned char *)str;

	before(j);
	fputc('"', j->f);
	for (size_t i = 0; i < n;) {
		unsigned char c = s[i];
		/* a run of printable ASCII that needs no escape: one write
		 * (keys and most names are nothing else) */
		size_t run = i;
		while (run < n && s[run] >= 0x20 && s[run] < 0x7F &&
		       s[run] != '"' && s[run] != '\\')
			run++;
		if (run > i) {
			fwrite(s + i, 1, run - i, j->f);
			i = run;
			continue;
		}
		size_t len = utf8_len(s + i, n - i);
		if (!len) {
			fputs("\\ufffd", j->f);
			i++;
			continue;
		}
		if (c == '"' || c == '\\') {
			fputc('\\', j->f);
			fputc(c, j->f);
		} else if (c == '\n') {
			fputs("\\n", j->f);
		} else if (c == '\t') {
			fputs("\\t", j->f);
		} else if (c < 0x20 || c == 0x7F) {
			fprintf(j->f, "\\u%04x", c);
		} else {
			fwrite(s + i, 1, len, j->f);
		}
		i += len;
	}
	fputc('"', j->f);
}

void jsonw_str(struct jsonw *j, const char *s)
{
	jsonw_strn(j, s ? s : "", s ? strlen(s) : 0);
}

void jsonw_key(struct jsonw *j, const char *key)
{
	jsonw_str(j, key);
	fputs(j->pretty ? ": " : ":", j->f);
	j->after_key = true;
}

void jsonw_num(struct jsonw *j, double v)
{
	before(j);
	char buf[NUMFMT_MAX];

	if (!isfinite(v))
		fputs("null", j->f);
	else if (v == floor(v) && fabs(v) < 1e15)
		fwrite(buf, 1, numfmt_int(buf, v), j->f);
	else if (fabs(v) >= 1e9 && fabs(v) < 1e15)
		/* Unix times (and counts of gigabytes): ten significant
		 * digits would be whole seconds; keep milliseconds */
		fprintf(j->f, "%.3f", v);
	else
		fwrite(buf, 1, numfmt_g10(buf, v), j->f);
}

void jsonw_bool(struct jsonw *j, bool v)
{
	before(j);
	fputs(v ? "true" : "false", j->f);
}

void jsonw_null(struct jsonw *j)
{
	before(j);
	fputs("null", j->f);
}

void jsonw_raw(struct jsonw *j, const char *text)
{
	before(j);
	fputs(text, j->f);
}

void jsonw_key_str(struct jsonw *j, const char *key, const char *s)
{
	jsonw_key(j, key);
	jsonw_str(j, s);
}

void jsonw_key_num(struct jsonw *j, const char *key, double v)
{
	jsonw_key(j, key);
	jsonw_num(j, v);
}

void jsonw_num_array(struct jsonw *j, const double *v, size_t n)
{
	bool pretty = j->pretty;

	jsonw_begin_array(j);
	j->pretty = false; /* numbers on one line */
	for (size_t i = 0; i < n; i++)
		jsonw_num(j, v[i]);
	j->pretty = pretty;
	j->first[j->depth] = true; /* no line break before the bracket */
	jsonw_end_array(j);
}
