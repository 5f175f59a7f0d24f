/* numfmt.c - %.10g and %.0f without printf (numfmt.h). */
#include "numfmt.h"

#include <float.h>
#include <stdbool.h>
#include <math.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>

/* 10^k, k = 0 .. 19: exact in a uint64_t, and as a long double */
static const uint64_t pow10u[] = {
	1ull, 10ull, 100ull, 1000ull, 10000ull, 100000ull, 1000000ull,
	10000000ull, 100000000ull, 1000000000ull, 10000000000ull,
	100000000000ull, 1000000000000ull, 10000000000000ull,
	100000000000000ull, 1000000000000000ull, 10000000000000000ull,
	100000000000000000ull, 1000000000000000000ull,
	10000000000000000000ull,
};

/* u's decimal digits at p, right to left; returns where they start */
static char *digits(char *end, uint64_t u)
{
	do {
		*--end = (char)('0' + u % 10);
		u /= 10;
	} while (u);
	return end;
}

size_t numfmt_u64(char *buf, uint64_t u)
{
	char tmp[24], *p = digits(tmp + sizeof tmp, u);
	size_t n = (size_t)(tmp + sizeof tmp - p);

	memcpy(buf, p, n);
	buf[n] = 0;
	return n;
}

size_t numfmt_int(char *buf, double v)
{
	char tmp[24], *p = tmp + sizeof tmp;
	bool neg = signbit(v); /* printf writes -0 */
	size_t n;

	p = digits(p, (uint64_t)fabs(v));
	if (neg)
		*--p = '-';
	n = (size_t)(tmp + sizeof tmp - p);
	memcpy(buf, p, n);
	buf[n] = 0;
	return n;
}

/* The 10 significant digits of a (1e-4 <= a < 1e10 after rounding) and
 * its decimal exponent e (a = d.ddddddddd x 10^e), when a long double
 * product decides the rounding for certain: false sends the number to
 * printf. The product a x 10^(9-e) has an error under 2^-63 of it (the
 * power is exact), under 1.1e-9 for a value below 1e10: a fraction
 * further than 1e-6 from one half rounds as the exact value does. */
static bool ten_digits(double a, uint64_t *d, int *e)
{
#if LDBL_MANT_DIG >= 64
	int k = (int)floor(log10(a));

	for (int tries = 0; tries < 3; tries++) {
		if (k < -4 || k > 9)
			return false;
		long double m = (long double)a * (long double)pow10u[9 - k];
		if (m < 1e9L) { /* log10 rounded up: one digit more */
			k--;
			continue;
		}
		if (m >= 1e10L) {
			k++;
			continue;
		}
		uint64_t r = (uint64_t)m;
		long double f = m - (long double)r;
		if (fabsl(f - 0.5L) < 1e-6L)
			return false; /* a tie, or too near one to tell */
		if (f > 0.5L)
			r++;
		if (r == 10000000000ull) { /* 9.9999999996 -> 10.00000000 */
			r = 1000000000ull;
			k++;
			if (k > 9)
				return false;
		}
		*d = r;
		*e = k;
		return true;
	}
	return false;
#else
	(void)a;
	(void)d;
	(void)e;
	return false;
#endif
}

size_t numfmt_fixed(char *buf, double v, int decimals)
{
	double a = fabs(v);
	char *p = buf;
	uint64_t r;

	if (decimals < 0 || decimals > 6 ||
	    !(a * (double)pow10u[decimals] < 1e12)) /* (NaN too) */
		goto slow;
#if LDBL_MANT_DIG >= 64
	{
		/* as ten_digits(): below 1e12 the product's error is under
		 * 1.1e-7, and a fraction 1e-6 from one half rounds surely */
		long double m = (long double)a * (long double)pow10u[decimals];
		r = (uint64_t)m;
		long double f = m - (long double)r;
		if (fabsl(f - 0.5L) < 1e-6L)
			goto slow;
		if (f > 0.5L)
			r++;
	}
#else
	goto slow;
#endif
	if (signbit(v)) /* printf's -0.000 for -0.0001 and -0 */
		*p++ = '-';
	char tmp[24], *s = digits(tmp + sizeof tmp, r / pow10u[decimals]);
	size_t n = (size_t)(tmp + sizeof tmp - s);
	memcpy(p, s, n);
	p += n;
	if (decimals) {
		uint64_t fp = r % pow10u[decimals];
		*p++ = '.';
		for (int i = decimals - 1; i >= 0; i--)
			*p++ = (char)('0' + fp / pow10u[i] % 10);
	}
	*p = 0;
	return (size_t)(p - buf);
slow:
	*buf = 0;
	return 0;
}

size_t numfmt_g10(char *buf, double v)
{
	double a = fabs(v);
	uint64_t d;
	int e;
	char *p = buf;

	if (a == 0) /* the commonest number of all: "0", or "-0" */
		return numfmt_int(buf, v);
	if (!isfinite(v) || !ten_digits(a, &d, &e))
		return (size_t)snprintf(buf, NUMFMT_MAX, "%.10g", v);
	/* %g with -4 <= e < 10 is %f with 9 - e decimals, trailing zeros
	 * and a bare point removed */
	if (v < 0)
		*p++ = '-';
	int dec = 9 - e; /* digits after the point: 0 .. 13 */
	uint64_t ip = dec <= 9 ? d / pow10u[dec] : 0;
	uint64_t fp = dec <= 9 ? d % pow10u[dec] : d;
	char tmp[24], *s = digits(tmp + sizeof tmp, ip);
	size_t n = (size_t)(tmp + sizeof tmp - s);
	memcpy(p, s, n);
	p += n;
	while (dec > 0 && fp % 10 == 0) {
		fp /= 10;
		dec--;
	}
	if (dec > 0) {
		*p++ = '.';
		for (int i = dec - 1; i >= 0; i--)
			*p++ = (char)('0' + fp / pow10u[i] % 10);
	}
	*p = 0;
	return (size_t)(p - buf);
}
