/* pick.h - --pick: let the user choose among the processes -n found. */
#ifndef PSREC_PICK_H
#define PSREC_PICK_H

#include "procfs.h"

#include <stdio.h>

/* List pids[0..n) on out (number, pid, user, start, command), read the
 * user's choice from in ("1 3", "all", or empty for all) and keep the
 * chosen pids at the front of pids. Returns how many were chosen (0 when
 * the input ends or the answer names none). */
size_t pick_choose(const struct procfs *fs, const char *name, pid_t *pids,
		   size_t n, FILE *in, FILE *out);

#endif
