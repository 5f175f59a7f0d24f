/* markdown.c - --markdown FILE: the summary table as Markdown, a heading
 * and a pipe table per run (trees after the processes), for a pull
 * request or a wiki page. The cells are the text table's (table_row). */
#include "writers.h"

#include "output.h"

#include <string.h>

/* A cell: '|' and '\' escaped, as GitHub's tables want them. */
static void cell(FILE *f, const char *s)
{
	fputs(" ", f);
	for (; *s; s++) {
		if (*s == '|' || *s == '\\')
			fputc('\\', f);
		fputc(*s, f);
	}
	fputs(" |", f);
}

static void row(FILE *f, const struct psr_proc_result *p, const char *prefix)
{
	struct table_row t;
	char verdict[TABLE_CELL + sizeof t.why + 2];

	table_row(&t, p, prefix);
	snprintf(verdict, sizeof verdict, "%s%s%s", t.cells[TABLE_VERDICT],
		 t.why[0] ? " " : "", t.why);
	fputc('|', f);
	for (int k = 0; k < TABLE_VERDICT; k++)
		cell(f, k == TABLE_NAME ? t.name : t.cells[k]);
	cell(f, verdict);
	fputc('\n', f);
}

static void head(FILE *f)
{
	fputc('|', f);
	for (int k = 0; k < TABLE_COLUMNS; k++)
		cell(f, table_titles[k]);
	/* numbers to the right, names and verdicts to the left */
	fputs("\n|---:|:---|", f);
	for (int k = TABLE_DURATION; k < TABLE_VERDICT; k++)
		fputs("---:|", f);
	fputs(":---|\n", f);
}

static int markdown_write(struct out *out, const struct report_ctx *c)
{
	FILE *f = out->f;

	for (size_t i = 0; i < c->result->nruns; i++) {
		const struct psr_run_result *r = &c->result->runs[i];
		char title[800];
		table_run_title(title, sizeof title, r);
		fprintf(f, "%s## %s\n\n%s\n\n", i ? "\n" : "", r->header.hostname,
			title);
		if (!r->nprocs) {
			fputs("no process-samples selected\n", f);
			continue;
		}
		head(f);
		for (size_t j = 0; j < r->nprocs; j++)
			row(f, &r->procs[j], "");
		for (size_t j = 0; j < r->ntrees; j++)
			row(f, &r->trees[j], "tree:");
	}
	return 0;
}

const struct output output_markdown = {
	.option = "markdown",
	.arg = "<file>",
	.help = "the summary table as Markdown (a pipe table per run)",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RESULT,
	.result = markdown_write,
};
