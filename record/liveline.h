/* liveline.h - the values of psrec's live status line (a terminal on
 * stderr, not -q): CPU % and RSS of each target when there are up to
 * LIVELINE_EACH of them, their totals beyond; in colour unless NO_COLOR
 * is set and not empty (https://no-color.org). CPU % is the growth of
 * utime + stime between two lines, per target, so a process that
 * appears or ends does not make a spike. */
#ifndef PSREC_LIVELINE_H
#define PSREC_LIVELINE_H

#include "targets.h"

#include <stddef.h>
#include <stdint.h>

#define LIVELINE_EACH 3

struct liveline_prev {
	pid_t pid;
	uint64_t ticks;
};

struct liveline {
	int colour;
	struct liveline_prev *prev; /* the targets at the last line, in
				       their order */
	size_t nprev, cap;
	uint64_t prev_ns;
};

/* colour: whether to use it (liveline_colour()). */
void liveline_init(struct liveline *l, int colour);
void liveline_release(struct liveline *l);

/* Colour on a terminal unless NO_COLOR is set and not empty. */
int liveline_colour(void);

/* The values part of the line at now (CLOCK_MONOTONIC ns) into buf:
 * "CPU 12.3%  RSS 4.5 MiB" totals, or per target "NAME 12.3% 4.5 MiB". */
void liveline_values(struct liveline *l, const struct targets *ts,
		     unsigned clock_ticks, unsigned page_size, uint64_t now,
		     char *buf, size_t len);

#endif
