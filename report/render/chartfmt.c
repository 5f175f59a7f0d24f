/* chartfmt.c - axis steps and unit labels. */
#define _GNU_SOURCE
#include "chartfmt.h"

#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static const char *const bin_units[] = {"B", "KiB", "MiB", "GiB", "TiB",
					"PiB"};
static const char *const si_units[] = {"", "k", "M", "G", "T", "P"};

/* The power of base at which |v| reads best (1 <= |v|/scale < base). */
static int unit_power(double v, double base)
{
	int k = 0;
	v = fabs(v);
	while (v >= base && k < 5) {
		v /= base;
		k++;
	}
	return k;
}

static void unit_of(enum chart_unit u, double mag, double *scale,
		    char *suffix, size_t len)
{
	int k;
	*scale = 1;
	switch (u) {
	case CHART_UNIT_BYTES:
	case CHART_UNIT_BYTES_PER_S:
		k = unit_power(mag, 1024);
		*scale = pow(1024, k);
		snprintf(suffix, len, "%s%s", bin_units[k],
			 u == CHART_UNIT_BYTES_PER_S ? "/s" : "");
		break;
	case CHART_UNIT_COUNT:
	case CHART_UNIT_PER_S:
		k = unit_power(mag, 1000);
		*scale = pow(1000, k);
		snprintf(suffix, len, "%s%s", si_units[k],
			 u == CHART_UNIT_PER_S ? "/s" : "");
		break;
	case CHART_UNIT_PERCENT:
		snprintf(suffix, len, "%%");
		break;
	default:
		suffix[0] = 0;
		break;
	}
}

/* A step from 1, 2, 2.5, 5 x 10^k, in label units, giving at most
 * max_ticks intervals over span. */
static double nice_step(double span, int max_ticks)
{
	static const double m[] = {1, 2, 2.5, 5, 10};
	double raw = span / max_ticks;
	double p = pow(10, floor(log10(raw)));
	for (size_t i = 0; i < sizeof m / sizeof m[0]; i++)
		if (m[i] * p >= raw * (1 - 1e-9))
			return m[i] * p;
	return 10 * p;
}

static int decimals_for(double step)
{
	int d = 0;
	while (d < 6 && fabs(step * pow(10, d) - round(step * pow(10, d))) >
				1e-6 * pow(10, d))
		d++;
	return d;
}

void chartfmt_value_axis(double lo, double hi, enum chart_unit u,
			 int max_ticks, struct chartfmt_axis *a)
{
	if (max_ticks < 1)
		max_ticks = 1;
	/* a range within rounding noise (a mean of equal values) is flat:
	 * a step of 1e-9 of the value would print equal labels */
	if (!(hi - lo > 1e-9 * fmax(fabs(lo), fabs(hi))))
		lo = hi = lo == 0 ? 0 : hi;
	if (!(hi > lo)) {
		/* a flat line: give it room above (and below, unless 0) */
		double pad = fabs(hi) > 0 ? fabs(hi) * 0.5 : 1;
		if (u == CHART_UNIT_PERCENT && hi == 0)
			pad = 10;
		hi += pad;
		lo = lo == 0 ? 0 : lo - pad;
	}
	unit_of(u, fmax(fabs(lo), fabs(hi)), &a->scale, a->suffix,
		sizeof a->suffix);
	double step = nice_step((hi - lo) / a->scale, max_ticks);
	a->step = step * a->scale;
	a->decimals = decimals_for(step);
	a->lo = floor(lo / a->step + 1e-9) * a->step;
	a->hi = ceil(hi / a->step - 1e-9) * a->step;
	if (a->hi <= a->lo)
		a->hi = a->lo + a->step;
}

void chartfmt_axis_label(const struct chartfmt_axis *a, double v,
			 int with_suffix, char *buf, size_t len)
{
	double x = v / a->scale;
	if (fabs(x) < 1e-9 * (a->step / a->scale))
		x = 0; /* no "-0" */
	const char *sep = strcmp(a->suffix, "%") == 0 ? "" : " ";
	if (with_suffix && a->suffix[0])
		snprintf(buf, len, "%.*f%s%s", a->decimals, x, sep, a->suffix);
	else
		snprintf(buf, len, "%.*f", a->decimals, x);
}

void chartfmt_value(double v, enum chart_unit u, char *buf, size_t len)
{
	if (isnan(v)) {
		snprintf(buf, len, "–");
		return;
	}
	double scale;
	char suffix[16];
	unit_of(u, v, &scale, suffix, sizeof suffix);
	double x = v / scale;
	int dec = fabs(x) >= 100 || (x == floor(x) && scale == 1) ? 0
		  : fabs(x) >= 10 ? 1 : 2;
	if (u == CHART_UNIT_PERCENT)
		dec = fabs(x) >= 100 ? 0 : 1;
	const char *sep = (u == CHART_UNIT_BYTES ||
			   u == CHART_UNIT_BYTES_PER_S) ? " " : "";
	snprintf(buf, len, "%.*f%s%s", dec, x, sep, suffix);
}

void chartfmt_time_axis(double span, int max_ticks, struct chartfmt_time *t)
{
	static const double steps[] = {
		0.1, 0.2, 0.5,                                /* a short process */
		1, 2, 5, 10, 15, 30,                          /* seconds */
		60, 120, 300, 600, 900, 1800,                 /* minutes */
		3600, 7200, 10800, 21600, 43200,              /* hours */
		86400, 172800, 604800, 1209600, 2419200};     /* days */
	size_t n = sizeof steps / sizeof steps[0];
	if (max_ticks < 1)
		max_ticks = 1;
	t->step = steps[n - 1];
	for (size_t i = 0; i < n; i++)
		if (span / steps[i] <= max_ticks) {
			t->step = steps[i];
			break;
		}
	if (t->step < 60)
		t->fmt = "%H:%M:%S";
	else if (t->step < 86400)
		t->fmt = span > 86400 ? "%b %d %H:%M" : "%H:%M";
	else
		t->fmt = "%b %d";
}

double chartfmt_tz_offset(double t)
{
	time_t s = (time_t)t;
	struct tm tm;
	if (!localtime_r(&s, &tm))
		return 0;
	return (double)tm.tm_gmtoff;
}

/* fmt is one of chartfmt_time_axis's constant formats */
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wformat-nonliteral"
void chartfmt_time_label(double shifted_t, const char *fmt, char *buf,
			 size_t len)
{
	time_t s = (time_t)floor(shifted_t + 0.5);
	struct tm tm;
	if (!gmtime_r(&s, &tm) || strftime(buf, len, fmt, &tm) == 0)
		snprintf(buf, len, "?");
}
#pragma GCC diagnostic pop

void chartfmt_time_caption(double t0, char *buf, size_t len)
{
	double off = chartfmt_tz_offset(t0);
	char when[32];
	chartfmt_time_label(t0 + off, "%Y-%m-%d %H:%M:%S", when, sizeof when);
	long m = labs((long)off) / 60;
	snprintf(buf, len, "time (UTC%c%02ld:%02ld) from %s",
		 off < 0 ? '-' : '+', m / 60, m % 60, when);
}

void chartfmt_duration(double s, char *buf, size_t len)
{
	if (isnan(s) || s < 0) {
		snprintf(buf, len, "–");
		return;
	}
	long x = (long)floor(s + 0.5);
	if (s < 1)
		snprintf(buf, len, "%.0f ms", s * 1000);
	else if (s < 60)
		snprintf(buf, len, "%.*f s", s < 10 ? 1 : 0, s);
	else if (x < 3600)
		snprintf(buf, len, "%ld min %ld s", x / 60, x % 60);
	else if (x < 86400)
		snprintf(buf, len, "%ld h %02ld min", x / 3600, x % 3600 / 60);
	else
		snprintf(buf, len, "%ld d %ld h", x / 86400, x % 86400 / 3600);
}

int chartfmt_file_name(char *buf, size_t len, long pid, const char *name,
		       const char *chart, const char *ext)
{
	char safe[72];
	size_t n = 0;
	for (size_t i = 0; name && name[i] && n < 64; i++) {
		unsigned char c = (unsigned char)name[i];
		if ((c & 0xc0) == 0x80 && n == 0)
			continue; /* a stray continuation byte */
		if (c < 0x20 || c == 0x7f || c == '/' || c == '\\' || c == ' ' ||
		    (n == 0 && c == '.'))
			c = '_';
		safe[n++] = (char)c;
	}
	while (n > 0 && ((unsigned char)safe[n - 1] & 0xc0) == 0xc0)
		n--; /* a lead byte whose sequence was cut */
	if (n > 0 && ((unsigned char)safe[n - 1] & 0x80)) {
		/* drop a sequence cut short at the 64-byte limit */
		size_t k = n;
		while (k > 0 && ((unsigned char)safe[k - 1] & 0xc0) == 0x80)
			k--;
		if (k > 0) {
			unsigned char lead = (unsigned char)safe[k - 1];
			size_t want = lead >= 0xf0 ? 4 : lead >= 0xe0 ? 3 : 2;
			if (n - (k - 1) < want)
				n = k - 1;
		}
	}
	if (n == 0)
		safe[n++] = '_';
	safe[n] = 0;
	int r = pid >= 0 ? snprintf(buf, len, "%ld-%s-%s.%s", pid, safe, chart,
				    ext)
			 : snprintf(buf, len, "%s-%s.%s", safe, chart, ext);
	return r < 0 || (size_t)r >= len ? -1 : r;
}
