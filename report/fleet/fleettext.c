/* fleettext.c - psreport --fleet's tables: on standard output, and as
 * CSV (--fleet-csv) with rows of kind command, host and problem. */
#include "fleetdata.h"

#include "csvw.h"
#include "fmt.h"
#include "output.h"

#include <inttypes.h>
#include <math.h>
#include <stdio.h>

static void pct(char *buf, size_t n, double v)
{
	if (isfinite(v))
		snprintf(buf, n, "%.1f%%", v);
	else
		snprintf(buf, n, "-");
}

int fleet_text(const struct fleet *f, FILE *out)
{
	uint64_t samples = 0;

	for (size_t i = 0; i < f->nhosts; i++)
		samples += f->hosts[i].samples;
	fprintf(out, "fleet: %" PRIu64 " log%s read, %zu with problems, "
		"%zu host%s, %zu command%s, %" PRIu64 " process-samples\n",
		f->logs_read, f->logs_read == 1 ? "" : "s", f->nbad, f->nhosts,
		f->nhosts == 1 ? "" : "s", f->ncmds, f->ncmds == 1 ? "" : "s",
		samples);
	fprintf(out, "\nper command, across hosts:\n%-16s %5s %6s %10s %8s "
		"%8s %10s %12s %5s %8s\n", "COMMAND", "HOSTS", "PROCS",
		"SAMPLES", "CPU avg", "CPU p95", "RSS max", "growth/h max",
		"LEAK", "POSSIBLE");
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		char mean[32], p95[32], rss[32], g[32];
		pct(mean, sizeof mean, fleet_cmd_mean(c));
		pct(p95, sizeof p95, fleet_cmd_p95(c));
		fmt_bytes(rss, sizeof rss, c->rss_max);
		fmt_bytes(g, sizeof g, c->growth_max);
		fprintf(out, "%-16s %5zu %6" PRIu64 " %10" PRIu64 " %8s %8s "
			"%10s %12s %5u %8u\n", c->name, c->nhosts, c->procs,
			c->samples, mean, p95, rss, g, c->leak, c->possible);
	}
	fprintf(out, "\nper host:\n%-24s %5s %6s %10s %10s %10s %5s %8s\n",
		"HOST", "LOGS", "PROCS", "SAMPLES", "CPU s", "RSS max", "LEAK",
		"POSSIBLE");
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		char rss[32];
		fmt_bytes(rss, sizeof rss, h->rss_max);
		fprintf(out, "%-24s %5" PRIu64 " %6" PRIu64 " %10" PRIu64
			" %10.1f %10s %5u %8u\n", h->name, h->logs, h->procs,
			h->samples, h->cpu_s, rss, h->leak, h->possible);
	}
	if (f->nbad)
		fprintf(out, "\nlogs with problems:\n");
	for (size_t i = 0; i < f->nbad; i++)
		fprintf(out, "  %s: %s\n", f->bad[i].path, f->bad[i].why);
	return ferror(out) ? -1 : 0;
}

/* One row per command, per host and per problem log. */
int fleet_csv(const struct fleet *f, FILE *out)
{
	fputs("kind,name,hosts,logs,processes,samples,cpu_mean_percent,"
	      "cpu_p95_percent,cpu_seconds,rss_max_bytes,"
	      "rss_growth_max_per_h_bytes,leak,possible,problem\n", out);
	for (size_t i = 0; i < f->ncmds; i++) {
		const struct cmd *c = &f->cmds[i];
		fputs("command", out);
		csvw_text_cell(out, c->name);
		fprintf(out, ",%zu,,%" PRIu64 ",%" PRIu64, c->nhosts, c->procs,
			c->samples);
		csvw_num_cell(out, fleet_cmd_mean(c));
		csvw_num_cell(out, fleet_cmd_p95(c));
		csvw_num_cell(out, c->cpu_s);
		fprintf(out, ",%.0f,%.0f,%u,%u,\n", c->rss_max, c->growth_max,
			c->leak, c->possible);
	}
	for (size_t i = 0; i < f->nhosts; i++) {
		const struct host *h = &f->hosts[i];
		fputs("host", out);
		csvw_text_cell(out, h->name);
		fprintf(out, ",1,%" PRIu64 ",%" PRIu64 ",%" PRIu64 ",,",
			h->logs, h->procs, h->samples);
		csvw_num_cell(out, h->cpu_s);
		fprintf(out, ",%.0f,,%u,%u,\n", h->rss_max, h->leak,
			h->possible);
	}
	for (size_t i = 0; i < f->nbad; i++) {
		fputs("problem", out);
		csvw_text_cell(out, f->bad[i].path);
		fputs(",,,,,,,,,,,,", out);
		csvw_text_cell(out, f->bad[i].why);
		fputc('\n', out);
	}
	return ferror(out) ? -1 : 0;
}


static int write_text(struct out *out, const struct report_ctx *c)
{
	return fleet_text(c->fleet, out->f);
}

static int write_csv(struct out *out, const struct report_ctx *c)
{
	return fleet_csv(c->fleet, out->f);
}

const struct output output_fleet_text = {
	.modes = MODE_FLEET,
	.flags = OUTPUT_STDOUT | OUTPUT_DEFAULT,
	.needs = NEEDS_RESULT,
	.result = write_text,
};

const struct output output_fleet_csv = {
	.option = "fleet-csv",
	.arg = "<file>",
	.help = "those tables as CSV (implies --fleet)",
	.modes = MODE_FLEET,
	.implies = MODE_FLEET,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = write_csv,
};
