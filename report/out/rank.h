/* rank.h - which processes an output for people shows, in which order
 * (--sort, --top): the biggest consumers first, at most N of them, and
 * what did nothing counted in one line, never dropped without a word.
 * The text table, --markdown, --summary and the PDF/SVG/PNG all rank
 * through here, so they show the same processes in the same order. */
#ifndef PSREPORT_RANK_H
#define PSREPORT_RANK_H

#include <psr/analysis.h>

#include <stdbool.h>
#include <stddef.h>

enum rank_key { RANK_CPU, RANK_RSS, RANK_GROWTH, RANK_IO, RANK_START };

/* The names of the keys, for --sort (NULL-terminated, by enum). */
extern const char *const rank_key_names[];

/* --top's defaults: rows of the text tables; processes with pages and
 * charts of their own in the PDF, SVG and PNG (and rows of its title
 * page, which must fit with the header) */
#define RANK_TOP_DEFAULT 20
#define RANK_TOP_VISUAL 10
#define RANK_ALL ((size_t)-1)

struct rank_opts {
	int key;        /* enum rank_key (--sort); -1: not given, cpu for
			   the tables, log order for --summary */
	size_t top;     /* --top N; RANK_ALL: every process, idle too; 0:
			   not given (each output's default) */
};

/* A run's processes (or trees) as an output shows them. */
struct ranking {
	const struct psr_proc_result **shown; /* in order */
	size_t nshown;
	size_t nmore;       /* busy processes past the top N */
	double more_cpu;    /* their CPU time, seconds */
	size_t nidle;       /* processes that used nothing, not shown */
	size_t nkernel;     /* of them kernel threads */
};

/* The ranking of n processes p[] with o; top 0 in o means deflt
 * (RANK_ALL: all, in order). Idle processes are hidden only when there
 * are more than the top N: a small run shows every row, sorted. 0 or
 * -ENOMEM. */
int rank_procs(const struct psr_proc_result *p, size_t n,
	       const struct rank_opts *o, size_t deflt, struct ranking *out);
void rank_release(struct ranking *r);

/* Whether p used nothing over the run: no CPU time, no I/O, no leak
 * verdict (and, ranked by RSS, no memory); kernel threads always. */
bool rank_idle(const struct psr_proc_result *p, int key);
bool rank_kernel_thread(const struct psr_proc_result *p);

/* The processes the visual report gives pages and charts of their own:
 * r's processes ranked into k (RANK_TOP_VISUAL by default), and in
 * *rows (to free()) every process and tree whose verdict is leak or
 * possible leak, then the processes of k not already there; *n of them.
 * 0 or -ENOMEM (k released). */
int rank_visual(const struct psr_run_result *r, const struct rank_opts *o,
		struct ranking *k, const struct psr_proc_result ***rows,
		size_t *n);

/* p at the end of rows[*n], unless it is there already. */
void rank_add_once(const struct psr_proc_result **rows, size_t *n,
		   const struct psr_proc_result *p);

/* What the key ranks by, for a heading: "CPU time", "RSS max"... */
const char *rank_key_label(int key);

/* The key's value of p (NaN: unknown), for a column or a test. */
double rank_value(const struct psr_proc_result *p, int key);

/* The lines that say what a ranking left out, each ending in '\n'
 * and starting with indent; "" when nothing was left out. what names
 * the rows ("processes", "trees"). */
void rank_hidden_lines(char *buf, size_t n, const struct ranking *r,
		       const char *what, const char *indent);

#endif
