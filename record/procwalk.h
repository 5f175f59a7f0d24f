/* procwalk.h - finding processes in /proc: every process, by name, the
 * children of one, the last pid given out (procwalk.c). */
#ifndef PSREC_PROCWALK_H
#define PSREC_PROCWALK_H

#include "procfs.h"

/* Call fn for every process whose comm or argv[0] basename is name. */
int procfs_find_name(const struct procfs *fs, const char *name,
		     int (*fn)(pid_t pid, void *ctx), void *ctx);

/* Call fn for every process (not psrec itself), in the order of the
 * proc root's directory (increasing pids on Linux). fn returns 0 to go
 * on; its non-zero value stops the walk and is returned. */
int procfs_each(const struct procfs *fs, int (*fn)(pid_t pid, void *ctx),
		void *ctx);

/* The pid most recently given to a process or thread (the last field of
 * /proc/loadavg), or -1: while it stays the same, no process started. */
long procfs_last_pid(struct procfs *fs);

/* Call fn for every child of every thread of the process (its
 * /proc/PID/task/TID/children files). 0, or -errno when the process's
 * task directory cannot be read (-ENOENT: kernel without them). */
int proc_children(const struct proc_files *f,
		  int (*fn)(pid_t pid, void *ctx), void *ctx);

/* The process's CPU time (utime + stime, ticks) and start time, read by
 * path: to rank processes psrec does not record. 0 or -ESRCH. */
int procfs_cpu_of(const struct procfs *fs, pid_t pid,
		  unsigned long long *ticks, unsigned long long *start);

/* The parent of a process (a zombie's too), read by path: to tell
 * whether a process that ended descends from a target. 0 or -ESRCH. */
int procfs_parent_of(const struct procfs *fs, pid_t pid, pid_t *ppid);

#endif
