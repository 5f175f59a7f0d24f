/* exits.h - the kernel's exit accounting: taskstats exit notifications
 * over generic netlink (TASKSTATS_CMD_ATTR_REGISTER_CPUMASK).
 *
 * Every task that exits on a registered CPU sends one message while it
 * is still a zombie-to-be (before its parent can reap it), so a process
 * psrec samples has its message queued before psrec can find it gone.
 * The kernel sends one message per thread; the last thread of a group
 * has AGROUP in ac_flag (taskstats version 12) and, for a group of more
 * than one thread, the group's aggregate (TASKSTATS_TYPE_AGGR_TGID) with
 * the CPU of all its threads. exits_drain delivers one psr_exit per
 * process (thread group), built from that last message and, for faults
 * and I/O, the sums of the threads that exited before it.
 *
 * Needs CAP_NET_ADMIN in the initial user namespace and the initial pid
 * namespace: elsewhere exits_open fails (-EPERM, -EINVAL). */
#ifndef PSREC_EXITS_H
#define PSREC_EXITS_H

#include <psr/log.h>

#include <stdint.h>

struct exits;

/* Register for exit notifications on every possible CPU. 0, or -errno
 * (the kernel's answer: -EPERM unprivileged, -EINVAL in a container's
 * pid or user namespace, -ENOENT without CONFIG_TASKSTATS). */
int exits_open(struct exits **ex);

/* The socket, readable when messages wait (for poll). */
int exits_fd(const struct exits *ex);

/* One process's record; id is 0, t_us is not set (the caller's). */
typedef int (*exits_fn)(void *ctx, const struct psr_exit *e);

/* Read every queued message without blocking and hand each process
 * that ended to fn (a nonzero return stops and is returned). Returns
 * 0 or -errno. Messages the kernel dropped (a full socket buffer) are
 * counted in exits_lost. */
int exits_drain(struct exits *ex, exits_fn fn, void *ctx);

/* Processes whose notification was lost since the start (a lower
 * bound: the kernel reports overruns, not how many). */
uint64_t exits_lost(const struct exits *ex);

void exits_free(struct exits *ex);

#endif
