/* exits.h - the processes of a run known only from EXIT records (the
 * kernel's exit accounting, format 4): kept as compact rows
 * (psr/analysis.h struct psr_exited), their comms shared, and the CPU
 * their EXIT-only children used held for the parent until its own EXIT
 * comes (internal to the analysis).
 *
 * Why the holding: a short `sh -c` and the command it runs both end
 * between two samples; the child's EXIT comes first, its parent's
 * later. What the parent used in all (its own CPU and what it waited
 * for) is what its recorded parent's cutime grows by, so it goes to that
 * parent's pool in one piece (README "Totals of a tree"). */
#ifndef PSR_ANALYSIS_EXITS_H
#define PSR_ANALYSIS_EXITS_H

#include <psr/analysis.h>

#include <stdbool.h>
#include <stddef.h>

struct exit_table {
	struct psr_exited *row;
	size_t n, cap;
	/* per row: its EXIT-only parent's row + 1 (0: none yet), and the
	 * next row waiting for the same parent (a list by pending pid) */
	size_t *parent_row, *next_row;
	double *held; /* per row: what it used in all, when held */
	/* comms, each once: an open-addressing set over names[] */
	char **names;
	size_t nnames, capnames;
	size_t *name_slot, cap_name_slot;
	/* by pid: the first row + 1 of the ended children waiting for
	 * their parent's EXIT (a child of an earlier process of that pid,
	 * one whose parent never ended in the log, stays unclaimed: it
	 * started before the later one) */
	struct exit_pending *pend;
	size_t npend, cappend;
};

/* A row for e (EXIT without log id), its start from btime_s and its end
 * at end_epoch. Its children that ended before it (exit_table_hold) are
 * claimed: *lifetime is its own CPU plus theirs, seconds. The row's
 * index in *row. 0 or -ENOMEM. */
int exit_table_add(struct exit_table *x, const struct psr_exit *e,
		   double end_epoch, size_t *row, double *lifetime);

/* The shared copy of comm (the rows' comms, exited_comms), made at its
 * first use. NULL: no memory. */
const char *exit_table_intern(struct exit_table *x, const char *comm);

/* The latest row of pid, or NULL. */
const struct psr_exited *exit_table_row_of(const struct exit_table *x,
					   uint32_t pid);

/* Row `row` ended with no recorded parent alive: what it used in all
 * (lifetime) waits for an EXIT of ppid. 0 or -ENOMEM. */
int exit_table_hold(struct exit_table *x, uint32_t ppid, size_t row,
		    double lifetime);

/* A recorded process of pid that started at `start` appeared: the rows
 * held for pid that started after it are its children (they ended
 * before its first sample). They join tree (1 + index, 0 none); returns
 * what they used in all, for its pool, 0 when none waited. */
bool exit_table_waiting(const struct exit_table *x, uint32_t pid);
double exit_table_adopt(struct exit_table *x, uint32_t pid, double start,
			size_t tree);

/* Give each row whose tree is unknown the tree of its nearest EXIT-only
 * ancestor that has one (rows' tree fields), and add each row's CPU to
 * tree_cpu[tree - 1] and one member to tree_members[tree - 1]. */
void exit_table_trees(struct exit_table *x, double *tree_cpu,
		      size_t *tree_members, size_t ntrees);

/* Move the rows and comms into o (nexited, exited, exited_comms, CPU
 * sum); x is empty afterwards. */
void exit_table_move(struct exit_table *x, struct psr_run_result *o);

void exit_table_free(struct exit_table *x);

#endif
