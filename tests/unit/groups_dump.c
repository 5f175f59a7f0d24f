/* groups_dump.c - print psr_result_groups() of one log, for
 * tests/cli/group_totals.sh: one line per group, tab-separated:
 *   key count ended cpu_seconds peak_rss_bytes samples
 * (cpu_seconds with 6 decimals, peak -1 when unknown), by command,
 * program or user (argv[2]: command|name|user). */
#include <psr/analysis.h>

#include <math.h>
#include <stdio.h>
#include <string.h>

static int feed(struct psr_analysis *a, const char *path)
{
	struct psr_reader *r;
	struct psr_record rec;
	int rc;

	if (psr_reader_open(&r, path))
		return -1;
	rc = psr_analysis_begin_log(a, psr_reader_header(r), path);
	while (!rc && (rc = psr_reader_next(r, &rec)) == 1)
		rc = psr_analysis_record(a, &rec);
	psr_reader_free(r);
	return rc;
}

int main(int argc, char **argv)
{
	struct psr_analysis_opts o;
	struct psr_analysis *a;
	struct psr_result *res = NULL;
	struct psr_groups g;
	enum psr_group_by by = PSR_GROUP_COMMAND;

	if (argc != 3) {
		fputs("usage: groups_dump <log> command|name|user\n", stderr);
		return 2;
	}
	if (!strcmp(argv[2], "name"))
		by = PSR_GROUP_NAME;
	else if (!strcmp(argv[2], "user"))
		by = PSR_GROUP_USER;
	psr_analysis_defaults(&o);
	if (psr_analysis_new(&a, &o) || feed(a, argv[1]) ||
	    psr_analysis_finish(a, &res) || !res->nruns ||
	    psr_result_groups(&res->runs[0], by, &g)) {
		fprintf(stderr, "groups_dump: cannot analyse '%s'\n", argv[1]);
		return 1;
	}
	for (size_t i = 0; i < g.n; i++) {
		const struct psr_group *x = &g.g[i];
		if (by == PSR_GROUP_USER)
			printf("%u", x->uid);
		else
			fputs(x->key, stdout);
		printf("\t%zu\t%zu\t%.6f\t%.0f\t%llu\n", x->count, x->ended,
		       x->cpu_seconds, isnan(x->peak_rss) ? -1 : x->peak_rss,
		       (unsigned long long)x->samples);
	}
	psr_groups_release(&g);
	psr_result_free(res);
	psr_analysis_free(a);
	return 0;
}
