/* procfs.h - reading one process's figures from /proc, cheaply.
 *
 * A process is opened once: a directory fd on /proc/PID and one fd per
 * file, re-read with pread at offset 0 into a fixed buffer every sample
 * (shared/PROC-COSTS.md: 3x cheaper than open/read/close). The proc root
 * is a parameter so parser tests can use a fixture tree. */
#ifndef PSREC_PROCFS_H
#define PSREC_PROCFS_H

#include <psr/log.h>

#include <stddef.h>
#include <sys/types.h>

/* Which optional sets to read, besides the default one. */
enum procfs_sets {
	PROCFS_EXTENDED = 1u << 0, /* /proc/PID/status */
	PROCFS_USS = 1u << 1,      /* /proc/PID/smaps_rollup */
};

struct procfs {
	int root_fd;         /* the proc root directory */
	int loadavg;         /* kept open for procfs_last_pid, or -1 */
	int fds_by_size;     /* st_size of /proc/PID/fd counts descriptors */
	unsigned sets;       /* enum procfs_sets */
	/* The memory of a process that did not run can only change from
	 * outside: reclaim, swap, THP collapse or split, the OOM reaper
	 * (proc_sample). procfs_begin_sample reads the host-wide counters
	 * of those events; while none moves, memory is carried too. */
	int vmstat;          /* kept-open /proc/vmstat, or -1 */
	int ksm_zero;        /* /sys/kernel/mm/ksm/use_zero_pages, or -1 */
	int vm_valid;        /* vm_sum holds a reading */
	int mem_quiet;       /* this sample: no such event since the last */
	uint64_t vm_sum;     /* the counters' sum at the last reading */
	uint64_t vm_epoch;   /* +1 at each reading that moved or failed */
	uint64_t round;      /* samples begun: staggers the re-reads */
};

/* A file that could not be kept open for lack of descriptors is opened at
 * each read instead (slower, but the process is still recorded). */
#define FD_NONE (-1)
#define FD_ON_DEMAND (-2)
/* the files a process may keep open besides its directory (procfs.c) */
#define PROC_KEPT_MAX 7

#define PROC_CARRIED 16
#define PROC_MEMORY 5

struct proc_files {
	pid_t pid;
	int dir, stat, statm, io, fd_dir, status, smaps;
	/* identity check when dir could not be kept open (descriptors ran
	 * out): each read then goes by path, and a different start time
	 * means the pid was reused */
	unsigned long long start_ticks;
	const struct procfs *fs;
	/* idle processes (proc_sample): schedstat, and the figures that
	 * only change when the process runs, as of the last full read */
	int sched;
	int sampled;            /* proc_sample has read it before */
	int try_sched;          /* it looked idle: check schedstat first */
	int carry_ok;           /* run/count were read before carry[] */
	int carried;            /* the last sample was carried: it had not
				 * run, so it cannot have forked either */
	uint64_t run, count;    /* schedstat: ns on CPU, times scheduled */
	uint64_t carry_present;
	uint64_t carry[PROC_CARRIED];
	/* statm as last read, and fs->vm_epoch then (the default set only:
	 * status and smaps_rollup are read at every sample) */
	int mem_ok;             /* mem[] can be carried (same epoch) */
	uint64_t mem_epoch;
	uint64_t mem_present;
	uint64_t mem[PROC_MEMORY];
};

/* What identifies a process and describes it, read once. */
struct proc_ident {
	pid_t ppid;
	unsigned long long start_ticks;
	unsigned uid;
	char comm[64];
	char *cmdline; /* malloc'ed, args NUL-terminated; may be NULL */
	size_t cmdline_len;
	int cmdline_truncated;
};

/* Open the proc root (normally "/proc"). Returns 0 or -errno. */
int procfs_open(struct procfs *fs, const char *root, unsigned sets);
void procfs_close(struct procfs *fs);

/* The next processes attached (the -p list, a scan of -a) number about
 * processes: the descriptor budget left (RLIMIT_NOFILE less a reserve)
 * is shared among them, each keeping open what pays most first
 * (procfs.c); the rest of each one's files is opened at each read. */
void procfs_plan(size_t processes);

/* Open a process's files and read its identity. Returns 0, -ESRCH when it
 * does not exist (or is a zombie), or another -errno. */
int proc_attach(const struct procfs *fs, pid_t pid, struct proc_files *f,
		struct proc_ident *id);
void proc_detach(struct proc_files *f);
void proc_ident_release(struct proc_ident *id);

/* Before the processes of a sample are read: candidates is how many
 * may be carried (proc_may_carry). When there are enough for it to pay
 * (a read of /proc/vmstat costs about what 10 of statm do), reads the
 * host's reclaim, swap, THP and OOM counters: when none moved since the
 * previous reading, a process that has not run keeps its memory figures
 * too (at most PROCFS_MEM_RECHECK samples in a row, staggered by pid). */
#define PROCFS_MEM_CANDIDATES 16
#define PROCFS_MEM_RECHECK 16
void procfs_begin_sample(struct procfs *fs, size_t candidates);

/* The process looked idle at its last read: its next sample may be
 * carried (one read of schedstat). */
int proc_may_carry(const struct proc_files *f);

/* Read one sample into v (v->present says what could be read), and the
 * allowed-CPU list into cpus when the extended set is on. Returns 0,
 * -ESRCH when the process is gone (exited or a zombie), or -EAGAIN when
 * its stat could not be read this time (no values; try the next sample).
 * comm (NULL, or the process's comm as last known, 64 bytes): when stat
 * shows another one (the process exec'd), it is copied there and the
 * return is PROC_RENAMED, with the values read as for 0. A process
 * renamed from outside (a write to /proc/PID/comm) while it does not run
 * is found at the next sample where it runs. */
#define PROC_RENAMED 1
int proc_sample(const struct procfs *fs, struct proc_files *f,
		struct psr_values *v, char *cpus, size_t cpus_len, char *comm);

/* Read the command line again into id (for the next file of a run). */
void proc_reread_cmdline(const struct proc_files *f, struct proc_ident *id);

/* For the other readers of /proc (procwalk.c): open a file of the
 * process, through its directory fd or by path when that could not be
 * kept; read a whole small file through a kept-open fd (pread at 0) or,
 * with FD_ON_DEMAND, opened for the occasion. The length or -errno; buf
 * gets a NUL. */
int proc_open_file(const struct proc_files *f, const char *name, int flags);
ssize_t proc_read_file(const struct proc_files *f, int fd, const char *name,
		       char *buf, size_t cap);

#endif
