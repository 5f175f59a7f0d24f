/* test_numfmt.c - numfmt_g10() and numfmt_int() write what printf
 * writes, byte for byte: random doubles of every magnitude the fast path
 * takes and around it, values at the rounding boundaries (ties of the
 * 10th digit, 9.9999999995 carrying into a new digit, the %g switch to
 * an exponent at 1e-4 and 1e10), integers, signed zeros. */
#include "numfmt.h"

#include <math.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static uint64_t rng = 0x9e3779b97f4a7c15ull;
static unsigned long failures, checked;

static uint64_t next(void)
{
	rng ^= rng << 13;
	rng ^= rng >> 7;
	rng ^= rng << 17;
	return rng;
}

static void check_g(double v)
{
	char want[64], got[NUMFMT_MAX];
	size_t n = numfmt_g10(got, v);

	snprintf(want, sizeof want, "%.10g", v);
	checked++;
	if (strcmp(want, got) || n != strlen(want)) {
		if (failures++ < 20)
			fprintf(stderr, "%.17g: printf '%s', numfmt '%s' (%zu)\n",
				v, want, got, n);
	}
}

/* numfmt_fixed() writes printf's, or 0 for a number it leaves to it */
static void check_fixed(double v, int d)
{
	char want[400], got[NUMFMT_MAX];
	size_t n = numfmt_fixed(got, v, d);

	snprintf(want, sizeof want, "%.*f", d, v);
	checked++;
	double m = fabs(v) * pow(10, d);
	/* printf's turn: beyond the fast range, or a tie or near one */
	bool left = !(m < 1e11) || fabs(m - floor(m) - 0.5) < 1e-5;
	if (n ? strcmp(want, got) || n != strlen(want) : !left) {
		if (failures++ < 20)
			fprintf(stderr, "%.17g %%.%df: printf '%s', numfmt '%s' (%zu)\n",
				v, d, want, got, n);
	}
}

static void check_int(double v)
{
	char want[64], got[NUMFMT_MAX];
	size_t n = numfmt_int(got, v);

	snprintf(want, sizeof want, "%.0f", v);
	checked++;
	if (strcmp(want, got) || n != strlen(want)) {
		if (failures++ < 20)
			fprintf(stderr, "%.17g: printf '%s', numfmt_int '%s'\n",
				v, want, got);
	}
}

int main(void)
{
	/* random bit patterns near the fast range, each scale from 1e-7
	 * to 1e13 */
	for (int i = 0; i < 2000000; i++) {
		double m = (double)(next() >> 11) / 9007199254740992.0;
		int e = (int)(next() % 21) - 7;
		double v = (m + 0.1) * pow(10, e);
		check_g(next() & 1 ? -v : v);
	}
	/* short decimals: what rates and percentages are (12.5, 0.25) */
	for (int i = 0; i < 1000000; i++) {
		double v = (double)(int64_t)(next() % 20000000 - 10000000) /
			   pow(10, (double)(next() % 12));
		check_g(v);
	}
	/* ties and near ties of the 10th significant digit, and values that
	 * round up into one digit more (9.9999999995 -> 10) */
	for (int e = -6; e <= 11; e++) {
		for (int i = 0; i < 20000; i++) {
			double d = (double)(1000000000ull + next() % 9000000000ull);
			double v = (d + 0.5) * pow(10, e - 9);
			check_g(v);
			check_g(nextafter(v, 0));
			check_g(nextafter(v, INFINITY));
		}
		double top = 9999999999.5 * pow(10, e - 9);
		check_g(top);
		check_g(nextafter(top, 0));
		check_g(nextafter(top, INFINITY));
		check_g(pow(10, e));
		check_g(nextafter(pow(10, e), 0));
		check_g(nextafter(pow(10, e), INFINITY));
	}
	const double special[] = {
		0.0, -0.0, 1e-4, 9.99999999995e-5, 1e10, 9999999999.4,
		9999999999.5, 0.1, 0.2, 0.3, 1.0 / 3, 2.0 / 3, 100, 1e15, 1e300,
		5e-324, 123456789012.0, 0.000123456789012345, INFINITY,
		-INFINITY, NAN,
	};
	for (size_t i = 0; i < sizeof special / sizeof special[0]; i++) {
		check_g(special[i]);
		check_g(-special[i]);
	}
	/* the integers JSON prints with %.0f: below 1e15 */
	for (int i = 0; i < 1000000; i++) {
		double v = (double)(int64_t)(next() % 2000000000000000ull) -
			   1e15 + 1;
		check_int(v);
		check_int((double)(int64_t)(next() % 1000) - 500);
	}
	for (int i = 0; i < 100000; i++) {
		uint64_t u = next() >> (next() % 64);
		char want[32], got[NUMFMT_MAX];
		snprintf(want, sizeof want, "%llu", (unsigned long long)u);
		numfmt_u64(got, u);
		checked++;
		if (strcmp(want, got) && failures++ < 20)
			fprintf(stderr, "%s: numfmt_u64 '%s'\n", want, got);
	}
	/* the CSV rows' %.0f, %.2f and %.3f: random values, ties of the
	 * last decimal and their neighbours, the limit of the fast path */
	for (int i = 0; i < 1500000; i++) {
		int d = (int)(next() % 4);
		double m = (double)(next() >> 11) / 9007199254740992.0;
		double v = m * pow(10, (double)(next() % 14) - 2);
		check_fixed(next() & 1 ? -v : v, d);
		double tie = ((double)(next() % 100000000) + 0.5) / pow(10, d);
		check_fixed(tie, d);
		check_fixed(nextafter(tie, 0), d);
		check_fixed(nextafter(tie, INFINITY), d);
	}
	const double fixed_special[] = {0.0, -0.0, 0.0004, -0.0004, 0.0005,
		0.9995, 999999999.9995, 1e9, 1e12, 1e13, 1e300, INFINITY, NAN,
		1795536000.005, 0.125, 2.5, 3.5};
	for (size_t i = 0; i < sizeof fixed_special / sizeof fixed_special[0]; i++)
		for (int d = 0; d <= 6; d++) {
			check_fixed(fixed_special[i], d);
			check_fixed(-fixed_special[i], d);
		}
	check_int(0.0);
	check_int(-0.0);
	check_int(999999999999999.0);
	check_int(-999999999999999.0);
	if (failures) {
		fprintf(stderr, "%lu of %lu numbers differ from printf\n",
			failures, checked);
		return 1;
	}
	printf("%lu numbers as printf writes them\n", checked);
	return 0;
}
