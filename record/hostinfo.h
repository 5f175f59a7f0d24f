/* hostinfo.h - filling the log header with what describes this host. */
#ifndef PSREC_HOSTINFO_H
#define PSREC_HOSTINFO_H

#include <psr/log.h>

/* Host fields, clocks (start = now), metric list and our command line.
 * h->command_line is malloc'ed: free it. */
int hostinfo_header(struct psr_header *h, int argc, char **argv,
		    uint64_t interval_ns, int extended, int uss, int system);

/* Make h the header of the next file of the run: part + 1 (or a new run
 * with part 0 when h has no ids yet), a new log id, start clocks now. */
void hostinfo_next_part(struct psr_header *h);

/* The boot time in Unix seconds, from btime in the proc root's stat
 * (proc_fd); fallback_epoch_ns when it cannot be read. */
long long hostinfo_btime(int proc_fd, int64_t fallback_epoch_ns);

uint64_t clock_mono_ns(void);
int64_t clock_real_ns(void);

#endif
