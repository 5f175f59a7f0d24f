/* cputime.c - exact CPU totals from counters (cputime.h). */
#include "cputime.h"

#include <math.h>

/* Growth d of cutime + cstime: what the pool explains was counted as
 * the recorded children's own; the rest is children's no one recorded. */
static void absorb(struct cputime *c, double d)
{
	double m = d < c->pool ? d : c->pool;

	c->pool -= m;
	c->children += d - m;
}

void cputime_sample(struct cputime *c, uint64_t own, double reaped,
		    double tick)
{
	bool has_c = !isnan(reaped);

	if (!c->started) {
		c->started = true;
		c->has_c = has_c;
		c->tick = tick;
		c->base_own = c->from_zero ? 0 : own;
		c->last_c = c->from_zero || !has_c ? 0 : reaped;
	}
	/* a counter never goes back; a reading that does is not used */
	if (has_c && c->has_c && reaped > c->last_c) {
		absorb(c, reaped - c->last_c);
		c->last_c = reaped;
	}
	cputime_own_sample(c, own);
}

/* Own CPU at the last sample, seconds. */
static double last_t(const struct cputime *c)
{
	return (double)c->own * c->tick;
}

void cputime_end(struct cputime *c, const struct psr_reaped *r,
		 double clock_ticks)
{
	if (!c->started)
		return;
	c->ended = c->exact = true;
	c->final = (double)(r->rusage.user_us + r->rusage.sys_us) / 1e6;
	c->final_c = r->has_children && c->has_c
			     ? (double)(r->cutime + r->cstime) / clock_ticks
			     : NAN;
}

double cputime_end_seen(struct cputime *c)
{
	double lifetime = c->started ? last_t(c) + c->exit_tail + c->last_c +
					       c->pool
				     : 0;

	c->ended = true;
	c->pool = 0;
	return lifetime;
}

bool cputime_takes(const struct cputime *c)
{
	return !c->ended || c->exact;
}

void cputime_pool(struct cputime *c, double lifetime)
{
	if (!(lifetime > 0))
		return;
	if (!c->started) {
		/* a child that ended before its first sample: its cutime
		 * grows by it from a base of 0 when it started during the
		 * run; else its first sample's base holds it already */
		if (c->from_zero)
			c->pool += lifetime;
		return;
	}
	if (!c->has_c)
		return;
	double m = lifetime < c->children ? lifetime : c->children;

	c->children -= m;
	c->pool += lifetime - m;
}

double cputime_exit(struct cputime *c, double total)
{
	if (!c->started || c->exact)
		return 0;
	double tail = total - last_t(c);

	if (!(tail > c->exit_tail))
		return 0; /* ticks round down: the counters said it all */
	double grown = tail - c->exit_tail;
	c->exit_tail = tail;
	return grown;
}

/* The growth of cutime + cstime after the last sample of an exactly
 * ended process, known from its zombie (0 otherwise), and the part of it
 * recorded children that ended account for (its pool, at the end). */
static double tail_children(const struct cputime *c, double *matched)
{
	double d = c->exact && !isnan(c->final_c) ? c->final_c - c->last_c : 0;

	if (!(d > 0))
		d = 0;
	*matched = d < c->pool ? d : c->pool;
	return d;
}

/* What an exactly ended process used itself after its last sample. */
static double tail_own(const struct cputime *c)
{
	double m, d = tail_children(c, &m);
	double tail = c->exact ? c->final - (last_t(c) + c->last_c) - d : 0;

	if (!(tail > 0))
		return 0; /* ticks round down: the counters said it all */
	if (c->exact && !isnan(c->final_c))
		return tail;
	/* children waited for after its last sample are in the tail too:
	 * those recorded are in the pool, the rest is taken as its own */
	return tail > c->pool ? tail - c->pool : 0;
}

double cputime_excess(const struct cputime *c)
{
	double m;

	if (!c->started || !c->exact || isnan(c->final_c))
		return 0;
	tail_children(c, &m);
	return c->pool > m ? c->pool - m : 0;
}

double cputime_own(const struct cputime *c)
{
	return c->started ? (double)(c->own - c->base_own) * c->tick +
				    tail_own(c) + c->exit_tail
			  : NAN;
}

double cputime_children(const struct cputime *c)
{
	double m, d = c->started ? tail_children(c, &m) : 0;

	return c->started && c->has_c ? c->children + d - m : NAN;
}
