/* markdown.c - --markdown FILE: the summary table as Markdown, a heading
 * and a pipe table per run (trees after the processes), for a pull
 * request or a wiki page. The cells are the text table's (table_row). */
#include "writers.h"

#include "output.h"
#include "rank.h"

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

/* Rows in the order and the cut of --sort and --top; what was left out
 * in a paragraph after the table. */
static int ranked_rows(FILE *f, const struct report_ctx *c,
		       const struct psr_proc_result *p, size_t n,
		       const char *prefix, const char *what, char *left,
		       size_t len)
{
	struct ranking k;
	size_t at = strlen(left);

	if (rank_procs(p, n, c->rank, RANK_TOP_DEFAULT, &k))
		return -1;
	for (size_t i = 0; i < k.nshown; i++)
		row(f, k.shown[i], prefix);
	rank_hidden_lines(left + at, len - at, &k, what, "");
	rank_release(&k);
	return 0;
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
		if (!r->nprocs && !r->nexited) {
			fputs("no process-samples selected\n", f);
			continue;
		}
		char left[1024] = "";
		head(f);
		if (ranked_rows(f, c, r->procs, r->nprocs, "", "processes",
				left, sizeof left) ||
		    ranked_rows(f, c, r->trees, r->ntrees, "tree:", "trees",
				left, sizeof left))
			return -1;
		if (left[0])
			fprintf(f, "\n%s", left);
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
