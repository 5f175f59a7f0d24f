/* fleetmetric.c - --fleet-metric: which series a fleet chart draws. */
#include "fleet.h"

#include <errno.h>
#include <stdio.h>
#include <string.h>

/* Gauges and rates add up across processes; totals and states do not. */
static int chartable(const char *name)
{
	unsigned count;
	const struct psr_series_def *t = psr_series_table(&count);
	int i = psr_series_find(name);

	if (i < 0 || (t[i].kind != PSR_SERIES_GAUGE &&
		      t[i].kind != PSR_SERIES_RATE))
		return -1;
	return i;
}

static int metric_index(const char *name)
{
	static const char *const suffix[] = {"_percent", "_bytes", "_per_s"};
	char buf[128];
	int i = chartable(name);

	for (size_t k = 0; i < 0 && k < sizeof suffix / sizeof *suffix; k++)
		if ((size_t)snprintf(buf, sizeof buf, "%s%s", name, suffix[k]) <
		    sizeof buf)
			i = chartable(buf);
	return i;
}

int fleet_metric_parse(const char *arg, unsigned *idx, size_t *n,
		       char *err, size_t errlen)
{
	const char *p = arg;

	*n = 0;
	for (;;) {
		size_t len = strcspn(p, ",");
		char name[128];
		int i;
		if (!len || len >= sizeof name) {
			snprintf(err, errlen, "--fleet-metric '%s': an empty "
				 "or overlong name", arg);
			return -EINVAL;
		}
		memcpy(name, p, len);
		name[len] = 0;
		if ((i = metric_index(name)) < 0) {
			snprintf(err, errlen, "--fleet-metric '%s': '%s' is not "
				 "a gauge or rate of --csv (cpu, rss, vms, pss, "
				 "fds, read_bytes, ...)", arg, name);
			return -EINVAL;
		}
		bool again = false;
		for (size_t k = 0; k < *n; k++)
			again |= idx[k] == (unsigned)i;
		if (!again && *n == FLEET_MAX_METRICS) {
			snprintf(err, errlen, "--fleet-metric '%s': more than "
				 "%d metrics", arg, FLEET_MAX_METRICS);
			return -EINVAL;
		}
		if (!again)
			idx[(*n)++] = (unsigned)i;
		if (!p[len])
			return 0;
		p += len + 1;
	}
}

size_t fleet_metric_defaults(unsigned *idx)
{
	idx[0] = (unsigned)psr_series_find("cpu_percent");
	idx[1] = (unsigned)psr_series_find("rss_bytes");
	return 2;
}
