/* chartfmt.h - numbers and times as chart axes and tables show them:
 * binary units for bytes (KiB, MiB, GiB), "/s" for rates, percent for CPU,
 * wall-clock tick steps suited to the span (seconds to weeks), and "nice"
 * value steps (1, 2, 2.5, 5 times a power of ten of the unit). Pure
 * functions, no I/O, no locale (the decimal point is always '.'). */
#ifndef PSREPORT_CHARTFMT_H
#define PSREPORT_CHARTFMT_H

#include <stddef.h>

/* What a value axis holds. Values are always in base units: bytes,
 * bytes per second, events per second, percent (100 = one CPU). */
enum chart_unit {
	CHART_UNIT_NONE = 0,   /* plain number */
	CHART_UNIT_COUNT,      /* count: 1.5k, 2M */
	CHART_UNIT_PER_S,      /* events per second: 12.5/s, 3k/s */
	CHART_UNIT_BYTES,      /* bytes: 512 B, 1.5 MiB */
	CHART_UNIT_BYTES_PER_S, /* bytes per second: 1.5 MiB/s */
	CHART_UNIT_PERCENT,    /* percent: 37.5% */
};

/* A value axis: ticks every step (base units), labels divided by scale
 * with the given decimals and suffix ("MiB", "MiB/s", "%", "k/s"...). */
struct chartfmt_axis {
	double lo, hi;   /* the axis range, widened to whole steps */
	double step;     /* tick interval, base units */
	double scale;    /* base units per label unit (1024^k, 1000^k, 1) */
	int decimals;    /* digits after the point in labels */
	char suffix[16]; /* unit after the number, may be "" */
};

/* Choose the axis for data in [lo, hi] with at most max_ticks intervals.
 * lo == hi (a flat line) still gives a usable axis. NaNs are not allowed:
 * pass finite bounds. */
void chartfmt_value_axis(double lo, double hi, enum chart_unit u,
			 int max_ticks, struct chartfmt_axis *a);

/* A tick label on that axis: "1.5" (no suffix: the axis title carries
 * it) or, with_suffix, "1.5 MiB". */
void chartfmt_axis_label(const struct chartfmt_axis *a, double v,
			 int with_suffix, char *buf, size_t len);

/* One value in its unit with three significant digits: "1.50 GiB",
 * "12.3 MiB/s", "37.5%", "1.20k", "0". NaN gives "–". */
void chartfmt_value(double v, enum chart_unit u, char *buf, size_t len);

/* A time axis over span seconds with at most max_ticks intervals: the
 * tick step (0.1 s ... 4 weeks, aligned to the wall clock) and a strftime
 * format for its labels (steps under a second add tenths to them). */
struct chartfmt_time {
	double step;     /* seconds */
	const char *fmt; /* strftime format: "%H:%M:%S", "%H:%M", "%b %d" */
};
void chartfmt_time_axis(double span, int max_ticks, struct chartfmt_time *t);

/* The local time zone's offset from UTC at Unix time t, in seconds.
 * Charts plot t + offset and label with UTC rules, so that ticks fall on
 * local round times. */
double chartfmt_tz_offset(double t);

/* Label for a plotted (offset) time: strftime of it as UTC. */
void chartfmt_time_label(double shifted_t, const char *fmt, char *buf,
			 size_t len);

/* The time axis caption: "time (UTC+01:00) from 2026-11-24 09:30:00". */
void chartfmt_time_caption(double t0, char *buf, size_t len);

/* A duration: "950 ms", "42 s", "5 min 3 s", "2 h 05 min", "3 d 4 h". */
void chartfmt_duration(double seconds, char *buf, size_t len);

/* A file name for one chart of one process, "PID-NAME-CHART.EXT" (e.g.
 * "1200-nginx-memory.svg"): NAME keeps its UTF-8 letters but '/', '\\',
 * spaces, control characters and a leading '.' become '_', and it is cut
 * (on a character boundary) to 64 bytes. pid < 0 leaves out "PID-".
 * Returns the length, or -1 if buf is too small. */
int chartfmt_file_name(char *buf, size_t len, long pid, const char *name,
		       const char *chart, const char *ext);

#endif
