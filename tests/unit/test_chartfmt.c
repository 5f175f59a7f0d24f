/* test_chartfmt.c - axis steps, unit labels, time ticks and decimation on
 * known inputs. Runs with TZ=UTC. */
#include "chart.h"
#include "chartfmt.h"
#include "utf8.h"

#include "check.h"

#include <math.h>
#include <string.h>

static void axis_is(double lo, double hi, enum chart_unit u, int ticks,
		    double step, double alo, double ahi, const char *suffix,
		    const char *label_of_hi)
{
	struct chartfmt_axis a;
	char buf[64];
	chartfmt_value_axis(lo, hi, u, ticks, &a);
	CHECK(fabs(a.step - step) < 1e-9 * step, "step %g, want %g", a.step,
	      step);
	CHECK(fabs(a.lo - alo) < 1e-9 * step && fabs(a.hi - ahi) < 1e-9 * step,
	      "range [%g, %g], want [%g, %g]",
	      a.lo, a.hi, alo, ahi);
	CHECK(strcmp(a.suffix, suffix) == 0, "suffix '%s', want '%s'",
	      a.suffix, suffix);
	chartfmt_axis_label(&a, a.hi, 1, buf, sizeof buf);
	CHECK(strcmp(buf, label_of_hi) == 0, "label '%s', want '%s'", buf,
	      label_of_hi);
}

static void value_is(double v, enum chart_unit u, const char *want)
{
	char buf[64];
	chartfmt_value(v, u, buf, sizeof buf);
	CHECK(strcmp(buf, want) == 0, "%g: '%s', want '%s'", v, buf, want);
}

static void time_is(double span, int ticks, double step, const char *fmt)
{
	struct chartfmt_time t;
	chartfmt_time_axis(span, ticks, &t);
	CHECK(t.step == step, "span %g: step %g, want %g", span, t.step, step);
	CHECK(strcmp(t.fmt, fmt) == 0, "span %g: fmt %s, want %s", span, t.fmt,
	      fmt);
}

static void decimation(void)
{
	enum { N = 86400, NB = 2000 };
	static double t[N], v[N], bt[NB], bm[NB], lo[NB], hi[NB];
	for (int i = 0; i < N; i++) {
		t[i] = 1764000000.0 + i;
		v[i] = i % 2 ? 10 : 20;
	}
	v[43210] = 1e6; /* one spike */
	v[100] = NAN;
	size_t k = chart_decimate(t, v, N, NB, bt, bm, lo, hi);
	CHECK(k == NB, "%zu buckets", k);
	double top = 0;
	for (size_t i = 0; i < k; i++)
		top = fmax(top, hi[i]);
	CHECK(top == 1e6, "the spike survives in max: %g", top);
	CHECK(lo[0] == 10 && hi[0] == 20 && fabs(bm[0] - 15) < 0.5,
	      "first bucket %g %g %g", lo[0], bm[0], hi[0]);
	for (size_t i = 1; i < k; i++)
		CHECK(bt[i] > bt[i - 1], "bucket times ascend at %zu", i);
	/* all-NaN stretches are dropped, not drawn as zero */
	for (int i = 0; i < N; i++)
		v[i] = i < N / 2 ? NAN : 1;
	k = chart_decimate(t, v, N, NB, bt, bm, lo, hi);
	CHECK(k >= NB / 2 - 1 && k <= NB / 2 + 1, "%zu buckets of data", k);
	CHECK(bt[0] >= t[N / 2 - 1], "first bucket after the gap");
	/* fewer samples than buckets: one bucket per sample */
	k = chart_decimate(t, v + N / 2, 10, NB, bt, bm, lo, hi);
	CHECK(k == 10, "%zu buckets for 10 samples", k);
}

int main(void)
{
	axis_is(0, 300 * 1048576.0, CHART_UNIT_BYTES, 6, 50 * 1048576.0, 0,
		300 * 1048576.0, "MiB", "300 MiB");
	axis_is(0, 3.2 * 1073741824.0, CHART_UNIT_BYTES, 8, 0.5 * 1073741824.0,
		0, 3.5 * 1073741824.0, "GiB", "3.5 GiB");
	axis_is(0, 900, CHART_UNIT_BYTES, 5, 200, 0, 1000, "B", "1000 B");
	axis_is(0, 2.5 * 1048576, CHART_UNIT_BYTES_PER_S, 5, 0.5 * 1048576, 0,
		2.5 * 1048576, "MiB/s", "2.5 MiB/s");
	axis_is(0, 187, CHART_UNIT_PERCENT, 8, 25, 0, 200, "%", "200%");
	axis_is(0, 12500, CHART_UNIT_PER_S, 5, 2500, 0, 12500, "k/s",
		"12.5 k/s");
	axis_is(-0.3, 0.45, CHART_UNIT_NONE, 8, 0.1, -0.3, 0.5, "", "0.5");
	/* a flat line still gets an axis */
	axis_is(5, 5, CHART_UNIT_COUNT, 5, 1, 2, 8, "", "8");
	/* ... and so does one within rounding noise (a mean of equal sums) */
	axis_is(5, 5 * (1 + 1e-12), CHART_UNIT_COUNT, 5, 1, 2, 8, "", "8");
	axis_is(0, 0, CHART_UNIT_PERCENT, 5, 2, 0, 10, "%", "10%");

	value_is(0, CHART_UNIT_BYTES, "0 B");
	value_is(1536, CHART_UNIT_BYTES, "1.50 KiB");
	value_is(3.5 * 1048576, CHART_UNIT_BYTES_PER_S, "3.50 MiB/s");
	value_is(123.4 * 1073741824.0, CHART_UNIT_BYTES, "123 GiB");
	value_is(37.46, CHART_UNIT_PERCENT, "37.5%");
	value_is(12345, CHART_UNIT_PER_S, "12.3k/s");
	value_is(NAN, CHART_UNIT_BYTES, "–");

	time_is(10, 8, 2, "%H:%M:%S");
	time_is(60, 8, 10, "%H:%M:%S");
	time_is(3600, 12, 300, "%H:%M");
	time_is(86400, 8, 10800, "%H:%M");
	time_is(3 * 86400, 8, 43200, "%b %d %H:%M");
	time_is(30 * 86400, 8, 604800, "%b %d");

	char buf[64];
	chartfmt_time_label(1764000000.0, "%H:%M:%S", buf, sizeof buf);
	CHECK(strcmp(buf, "16:00:00") == 0, "label %s", buf);
	chartfmt_time_caption(1764000000.0, buf, sizeof buf);
	CHECK(strcmp(buf, "time (UTC+00:00) from 2025-11-24 16:00:00") == 0,
	      "caption %s", buf);
	chartfmt_duration(3725, buf, sizeof buf);
	CHECK(strcmp(buf, "1 h 02 min") == 0, "duration %s", buf);
	chartfmt_duration(2 * 86400 + 7200, buf, sizeof buf);
	CHECK(strcmp(buf, "2 d 2 h") == 0, "duration %s", buf);

	CHECK(chartfmt_file_name(buf, sizeof buf, 1200, "nginx", "memory",
				 "svg") > 0 &&
	      strcmp(buf, "1200-nginx-memory.svg") == 0, "%s", buf);
	chartfmt_file_name(buf, sizeof buf, 7, "../a b/café-€\n", "cpu", "png");
	CHECK(strcmp(buf, "7-_._a_b_café-€_-cpu.png") == 0, "%s", buf);
	chartfmt_file_name(buf, sizeof buf, -1, "", "io", "svg");
	CHECK(strcmp(buf, "_-io.svg") == 0, "%s", buf);
	char longname[200], big[128];
	memset(longname, 'a', 63);
	strcpy(longname + 63, "€€€"); /* the cut falls inside a '€' */
	chartfmt_file_name(big, sizeof big, 1, longname, "x", "svg");
	CHECK(strlen(big) == 2 + 63 + 6, "cut on a character: %zu bytes",
	      strlen(big));
	CHECK(chartfmt_file_name(buf, 8, 1200, "nginx", "memory", "svg") == -1,
	      "too small a buffer");

	decimation();

	utf8_clean(buf, sizeof buf, "ok café-€ 日本 \xf0\x9f\x98\x80");
	CHECK(strcmp(buf, "ok café-€ 日本 \xf0\x9f\x98\x80") == 0, "valid kept");
	utf8_clean(buf, sizeof buf, "a\xff" "b\xc0\xaf" "c\xed\xa0\x80" "d\xe2\x82");
	CHECK(strcmp(buf, "a\xef\xbf\xbd" "b\xef\xbf\xbd\xef\xbf\xbd" "c"
		      "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd" "d"
		      "\xef\xbf\xbd\xef\xbf\xbd") == 0,
	      "invalid, overlong, surrogate, truncated replaced: %s", buf);
	utf8_clean(buf, sizeof buf, "tab\there\n");
	CHECK(strcmp(buf, "tab here ") == 0, "controls: '%s'", buf);
	char small[6];
	CHECK(utf8_clean(small, sizeof small, "ab€€") == 5 &&
	      strcmp(small, "ab€") == 0, "cut on a character: %s", small);
	return check_result();
}
