/* fmt.c - formatting for people. */
#include "fmt.h"

#include <psr/series.h>
#include <psr/trend.h>

#include <math.h>
#include <stdio.h>
#include <time.h>

void fmt_bytes(char *buf, size_t n, double b)
{
	static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB", "PiB"};
	double a = fabs(b);
	unsigned u = 0;

	if (isnan(b)) {
		snprintf(buf, n, "-");
		return;
	}
	while (a >= 1024 && u < 5) {
		a /= 1024;
		b /= 1024;
		u++;
	}
	snprintf(buf, n, u ? (a < 10 ? "%.2f %s" : a < 100 ? "%.1f %s"
							     : "%.0f %s")
			   : "%.0f %s",
		 b, unit[u]);
}

void fmt_duration(char *buf, size_t n, double s)
{
	if (isnan(s))
		snprintf(buf, n, "-");
	else if (s < 120)
		snprintf(buf, n, "%.1fs", s);
	else if (s < 7200)
		snprintf(buf, n, "%dm%02ds", (int)(s / 60), (int)fmod(s, 60));
	else if (s < 172800)
		snprintf(buf, n, "%dh%02dm", (int)(s / 3600),
			 (int)fmod(s / 60, 60));
	else
		snprintf(buf, n, "%dd%02dh", (int)(s / 86400),
			 (int)fmod(s / 3600, 24));
}

void fmt_epoch(char *buf, size_t n, double epoch)
{
	time_t t = (time_t)floor(epoch);
	struct tm tm;

	if (isnan(epoch) || !localtime_r(&t, &tm)) {
		snprintf(buf, n, "-");
		return;
	}
	strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
}

static void fmt_si(char *buf, size_t n, double v, const char *suffix)
{
	const char *p = "";
	double a = fabs(v);

	if (a >= 1e9) {
		v /= 1e9;
		p = "G";
	} else if (a >= 1e6) {
		v /= 1e6;
		p = "M";
	} else if (a >= 1e4) {
		v /= 1e3;
		p = "k";
	}
	snprintf(buf, n, "%.*f%s%s", fabs(v) < 10 && v != floor(v) ? 2 : 1, v,
		 p, suffix);
}

void fmt_value(char *buf, size_t n, double v, int unit)
{
	char b[32];

	if (isnan(v)) {
		snprintf(buf, n, "-");
		return;
	}
	switch (unit) {
	case PSR_SU_PERCENT:
		snprintf(buf, n, "%.1f%%", v);
		break;
	case PSR_SU_BYTES:
		fmt_bytes(buf, n, v);
		break;
	case PSR_SU_BYTES_PER_S:
		fmt_bytes(b, sizeof b, v);
		snprintf(buf, n, "%s/s", b);
		break;
	case PSR_SU_PER_S:
		fmt_si(buf, n, v, "/s");
		break;
	case PSR_SU_SECONDS:
		snprintf(buf, n, "%.2fs", v);
		break;
	default:
		fmt_si(buf, n, v, "");
		break;
	}
}

void fmt_column(FILE *f, const char *s, int width)
{
	int chars = 0;

	for (; *s && chars < width; chars++) {
		/* one character: a lead byte and its continuation bytes */
		const char *next = s + 1;
		while ((*next & 0xC0) == 0x80)
			next++;
		fwrite(s, 1, (size_t)(next - s), f);
		s = next;
	}
	for (; chars < width; chars++)
		fputc(' ', f);
}

void fmt_growth(char *buf, size_t n, const struct psr_leak *l)
{
	char g[24], d[32], h[40] = "", pct[24] = "";

	if (!l || !isfinite(l->grown)) {
		snprintf(buf, n, "-");
		return;
	}
	fmt_bytes(g, sizeof g, fabs(l->grown));
	fmt_duration(d, sizeof d, l->seconds);
	if (isfinite(l->grown_pct))
		snprintf(pct, sizeof pct, " (%+.*f%%)",
			 fabs(l->grown_pct) < 10 ? 1 : 0, l->grown_pct);
	if (isfinite(l->growth_per_h)) {
		char r[24];
		fmt_bytes(r, sizeof r, fabs(l->growth_per_h));
		snprintf(h, sizeof h, ", %s%s/h", l->growth_per_h < 0 ? "-" : "+",
			 r);
	}
	snprintf(buf, n, "%s %s over %s%s%s", l->grown < 0 ? "fell" : "grew",
		 g, d, pct, h);
}
