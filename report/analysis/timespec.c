/* timespec.c - --from/--to arguments: Unix time, ISO 8601, or an offset. */
#define _GNU_SOURCE
#include <psr/analysis.h>

#include <ctype.h>
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

static int parse_offset(const char *s, struct psr_time_spec *out)
{
	char *end;
	double v = strtod(s, &end);
	double unit = 1;

	if (end == s || !(v >= 0))
		return -EINVAL;
	switch (*end) {
	case 0:
	case 's':
		break;
	case 'm':
		unit = 60;
		break;
	case 'h':
		unit = 3600;
		break;
	case 'd':
		unit = 86400;
		break;
	default:
		return -EINVAL;
	}
	if (*end && end[1])
		return -EINVAL;
	out->kind = PSR_TIME_OFFSET;
	out->s = v * unit;
	return 0;
}

static int digits(const char **p, int n, int *out)
{
	int v = 0;

	for (int i = 0; i < n; i++) {
		if (!isdigit((unsigned char)(*p)[i]))
			return -EINVAL;
		v = v * 10 + ((*p)[i] - '0');
	}
	*p += n;
	*out = v;
	return 0;
}

/* "+HH:MM", "+HHMM", "+HH" or "Z": seconds east of UTC. */
static int parse_zone(const char *p, long *east)
{
	int sign, hh, mm = 0;

	if (!strcmp(p, "Z") || !strcmp(p, "z")) {
		*east = 0;
		return 0;
	}
	if (*p != '+' && *p != '-')
		return -EINVAL;
	sign = *p++ == '-' ? -1 : 1;
	if (digits(&p, 2, &hh))
		return -EINVAL;
	if (*p == ':')
		p++;
	if (*p && digits(&p, 2, &mm))
		return -EINVAL;
	if (*p || hh > 23 || mm > 59)
		return -EINVAL;
	*east = sign * (hh * 3600L + mm * 60L);
	return 0;
}

static int parse_iso(const char *s, struct psr_time_spec *out)
{
	struct tm tm = {0};
	const char *p = s;
	int y, mo, d, h, mi, sec = 0;
	double frac = 0;
	long east = 0;
	bool zone = false;
	time_t t;

	if (digits(&p, 4, &y) || *p++ != '-' || digits(&p, 2, &mo) ||
	    *p++ != '-' || digits(&p, 2, &d) || (*p != 'T' && *p != ' '))
		return -EINVAL;
	p++;
	if (digits(&p, 2, &h) || *p++ != ':' || digits(&p, 2, &mi))
		return -EINVAL;
	if (*p == ':') {
		p++;
		if (digits(&p, 2, &sec))
			return -EINVAL;
		if (*p == '.') {
			char *end;
			frac = strtod(p, &end);
			p = end;
		}
	}
	if (*p) {
		if (parse_zone(p, &east))
			return -EINVAL;
		zone = true;
	}
	if (mo < 1 || mo > 12 || d < 1 || d > 31 || h > 23 || mi > 59 ||
	    sec > 60)
		return -EINVAL;
	tm.tm_year = y - 1900;
	tm.tm_mon = mo - 1;
	tm.tm_mday = d;
	tm.tm_hour = h;
	tm.tm_min = mi;
	tm.tm_sec = sec;
	tm.tm_isdst = -1;
	t = zone ? timegm(&tm) - east : mktime(&tm);
	if (t == (time_t)-1 && !(y == 1969 || y == 1970))
		return -EINVAL;
	out->kind = PSR_TIME_EPOCH;
	out->s = (double)t + frac;
	return 0;
}

int psr_time_parse(const char *text, struct psr_time_spec *out)
{
	char *end;

	if (!text || !*text)
		return -EINVAL;
	if (text[0] == '+')
		return parse_offset(text + 1, out);
	if (strlen(text) >= 10 && text[4] == '-')
		return parse_iso(text, out);
	double v = strtod(text, &end);
	if (end == text || *end || !(v >= 0))
		return -EINVAL;
	out->kind = PSR_TIME_EPOCH;
	out->s = v;
	return 0;
}
