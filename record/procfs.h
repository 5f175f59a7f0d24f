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
	int fds_by_size;     /* st_size of /proc/PID/fd counts descriptors */
	unsigned sets;       /* enum procfs_sets */
};

struct proc_files {
	pid_t pid;
	int dir, stat, statm, io, fd_dir, status, smaps;
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

/* Open a process's files and read its identity. Returns 0, -ESRCH when it
 * does not exist (or is a zombie), or another -errno. */
int proc_attach(const struct procfs *fs, pid_t pid, struct proc_files *f,
		struct proc_ident *id);
void proc_detach(struct proc_files *f);
void proc_ident_release(struct proc_ident *id);

/* Read one sample into v (v->present says what could be read), and the
 * allowed-CPU list into cpus when the extended set is on. Returns 0,
 * -ESRCH when the process is gone (exited or a zombie), or -EAGAIN when
 * its stat could not be read this time (no values; try the next sample). */
int proc_sample(const struct procfs *fs, struct proc_files *f,
		struct psr_values *v, char *cpus, size_t cpus_len);

/* Call fn for every process whose comm or argv[0] basename is name. */
int procfs_find_name(const struct procfs *fs, const char *name,
		     int (*fn)(pid_t pid, void *ctx), void *ctx);

/* Parsers, exposed for the fixture tests. Each takes the whole file in
 * buf[0..n) and sets values and present bits in v; stat returns -1 when
 * the text does not parse. */
struct stat_ident {
	char state;
	unsigned long flags; /* PF_* of field 9 */
	pid_t ppid;
	unsigned long long start_ticks;
	char comm[64];
};
int procfs_parse_stat(const char *buf, size_t n, struct psr_values *v,
		      struct stat_ident *id);
void procfs_parse_statm(const char *buf, size_t n, struct psr_values *v);
void procfs_parse_io(const char *buf, size_t n, struct psr_values *v);
void procfs_parse_status(const char *buf, size_t n, struct psr_values *v,
			 char *cpus, size_t cpus_len, unsigned *uid);
void procfs_parse_smaps(const char *buf, size_t n, struct psr_values *v);

#endif
