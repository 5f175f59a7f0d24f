/* liveline.c - the values of psrec's live status line (liveline.h). */
#include "liveline.h"

#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

void liveline_init(struct liveline *l, int colour)
{
	memset(l, 0, sizeof *l);
	l->colour = colour;
}

void liveline_release(struct liveline *l)
{
	free(l->prev);
	memset(l, 0, sizeof *l);
}

int liveline_colour(void)
{
	const char *nc = getenv("NO_COLOR");

	return !(nc && *nc);
}

/* t's RSS in bytes from its last sample, or -1. */
static double rss_of(const struct targets *ts, const struct target *t,
		     unsigned page_size)
{
	for (size_t k = 0; k < ts->sampled; k++) {
		const struct psr_values *v = &ts->vals[k];
		if (v->id == t->id && (v->present & (1ull << PSR_M_RSS)))
			return (double)v->v[PSR_M_RSS] * page_size;
	}
	return -1;
}

static void size_text(char *buf, size_t n, double b)
{
	if (b < 0)
		snprintf(buf, n, "-");
	else if (b < 1024.0 * 1024)
		snprintf(buf, n, "%.0f KiB", b / 1024);
	else if (b < 1024.0 * 1024 * 1024)
		snprintf(buf, n, "%.1f MiB", b / 1048576);
	else
		snprintf(buf, n, "%.2f GiB", b / 1073741824);
}

/* CPU %: green below 50, yellow below 100, red from one whole CPU */
static const char *cpu_colour(const struct liveline *l, double pct)
{
	if (!l->colour)
		return "";
	return pct < 50 ? "\033[32m" : pct < 100 ? "\033[33m" : "\033[31m";
}

static size_t add(char *buf, size_t len, size_t at, const char *fmt, ...)
	__attribute__((format(printf, 4, 5)));

static size_t add(char *buf, size_t len, size_t at, const char *fmt, ...)
{
	va_list ap;
	int n;

	if (at >= len)
		return at;
	va_start(ap, fmt);
	n = vsnprintf(buf + at, len - at, fmt, ap);
	va_end(ap);
	return n < 0 ? at : at + (size_t)n;
}

void liveline_values(struct liveline *l, const struct targets *ts,
		     unsigned clock_ticks, unsigned page_size, uint64_t now,
		     char *buf, size_t len)
{
	double dt = l->prev_ns ? (double)(now - l->prev_ns) / 1e9 : 0;
	double total_cpu = 0, total_rss = 0, cpu[LIVELINE_EACH];
	const struct target *each[LIVELINE_EACH];
	size_t alive = 0, j = 0, at = 0, nnew = 0;
	struct liveline_prev *np = malloc((ts->n + 1) * sizeof *np);
	const char *bold = l->colour ? "\033[1m" : "";
	const char *off = l->colour ? "\033[0m" : "";
	char size[32];

	buf[0] = 0;
	for (size_t i = 0; i < ts->n; i++) {
		const struct target *t = &ts->t[i];
		double c = -1;
		if (t->gone)
			continue;
		/* targets keep their order (ended ones compacted away, new
		 * ones appended): the last line's are a merge away */
		while (j < l->nprev && l->prev[j].pid != t->pid)
			j++;
		if (j < l->nprev && dt > 0 && clock_ticks &&
		    t->cpu_ticks >= l->prev[j].ticks)
			c = (double)(t->cpu_ticks - l->prev[j].ticks) /
			    clock_ticks / dt * 100;
		if (j == l->nprev)
			j = 0; /* new since: the next one starts over */
		if (np)
			np[nnew++] = (struct liveline_prev){t->pid, t->cpu_ticks};
		if (c > 0)
			total_cpu += c;
		if (alive < LIVELINE_EACH) {
			each[alive] = t;
			cpu[alive] = c;
		}
		alive++;
	}
	/* (RSS from the last sample's values, once: a lookup per target
	 * would be quadratic with -a's thousands) */
	for (size_t k = 0; k < ts->sampled; k++)
		if (ts->vals[k].present & (1ull << PSR_M_RSS))
			total_rss += (double)ts->vals[k].v[PSR_M_RSS] * page_size;
	if (alive && alive <= LIVELINE_EACH) {
		for (size_t i = 0; i < alive; i++) {
			const struct target *t = each[i];
			size_text(size, sizeof size, rss_of(ts, t, page_size));
			at = add(buf, len, at, "%s%.15s %s", i ? "  " : "",
				 t->ident.comm[0] ? t->ident.comm : "?",
				 cpu_colour(l, cpu[i]));
			at = cpu[i] < 0 ? add(buf, len, at, "-%%")
					: add(buf, len, at, "%.1f%%", cpu[i]);
			at = add(buf, len, at, "%s %s%s%s", off, bold, size, off);
		}
	} else if (alive) {
		size_text(size, sizeof size, total_rss);
		at = add(buf, len, at, "CPU %s%.1f%%%s  RSS %s%s%s",
			 cpu_colour(l, total_cpu), total_cpu, off, bold, size,
			 off);
	}
	if (np) {
		free(l->prev);
		l->prev = np;
		l->nprev = nnew;
	}
	l->prev_ns = now;
}
