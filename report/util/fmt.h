/* fmt.h - numbers and times for people: binary units, durations, local
 * times. Each writes into a caller's buffer. */
#ifndef PSREPORT_FMT_H
#define PSREPORT_FMT_H

#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

void fmt_bytes(char *buf, size_t n, double bytes);  /* "12.3 MiB" */
void fmt_duration(char *buf, size_t n, double s);   /* "90.0s", "2h05m" */
void fmt_epoch(char *buf, size_t n, double epoch);  /* "2026-11-24 10:00:00" */
/* A value of a series in its unit (psr/series.h enum psr_series_unit). */
void fmt_value(char *buf, size_t n, double v, int unit);

struct psr_leak;
/* A verdict's growth: "grew 47.0 MiB over 3m00s (+162%)", with
 * ", +1.00 GiB/h" when the run is long enough for a rate per hour;
 * "fell ..." when it shrank; "-" when there is nothing to say. */
void fmt_growth(char *buf, size_t n, const struct psr_leak *l);

/* Valid UTF-8 text in a column of `width` characters: cut on a character
 * boundary, padded with spaces (printf's %-20.20s counts bytes). */
void fmt_column(FILE *f, const char *utf8, int width);

#endif
