/* totals.h - the exact CPU totals of processes and trees and the job's
 * totals as the kernel accounted them (README "Totals of a tree"), in
 * the words every output uses: text, --summary, --json, the PDF. */
#ifndef PSREPORT_TOTALS_H
#define PSREPORT_TOTALS_H

#include <psr/analysis.h>

#include <stdbool.h>
#include <stddef.h>
#include <stdio.h>

/* A process's or tree's CPU time over the run: its own and its children's
 * that no recorded process accounts for; NaN when unknown. */
double totals_cpu(const struct psr_proc_result *p);

/* The job of the run (psrec -- CMD whose command ended), or NULL. */
const struct psr_job *totals_job(const struct psr_run_result *r);

/* The command psrec launched, among r's processes, or NULL. */
const struct psr_proc_result *totals_command(const struct psr_run_result *r);

/* Most of p's CPU time (at least TOTALS_NOTE_SECONDS) was used by child
 * processes no sample shows one by one: their share of it, else NaN. */
#define TOTALS_NOTE_SECONDS 0.5
double totals_unseen_share(const struct psr_proc_result *p);

/* Whether a process of r is p's recorded child (then p's unseen children
 * were too short-lived to be sampled; else they were not followed). */
bool totals_has_recorded_child(const struct psr_run_result *r,
			       const struct psr_proc_result *p);

/* The processes and trees a note is due for (at most max), in *out:
 * trees, and processes in no tree. Returns how many there are in all. */
size_t totals_noted(const struct psr_run_result *r,
		    const struct psr_proc_result **out, size_t max);

/* One sentence for the note on p (the share of totals_unseen_share),
 * without a final full stop. */
void totals_note(char *buf, size_t n, const struct psr_run_result *r,
		 const struct psr_proc_result *p);

/* The job's totals in two or three lines of text for people, each
 * starting with indent; "" when r has no job. */
void totals_job_lines(char *buf, size_t n, const struct psr_run_result *r,
		      const char *indent);

#endif
