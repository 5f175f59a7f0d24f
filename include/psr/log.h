/* psr/log.h - writing and reading psrec logs (format/FORMAT.md).
 *
 * Writer: psr_writer_open, psr_writer_add_process, psr_writer_add_sample,
 * psr_writer_end_process, psr_writer_flush, psr_writer_close.
 * Reader: psr_reader_open, psr_reader_next, psr_reader_errmsg.
 *
 * Nothing here prints or exits: functions return 0 or a negative code
 * (psr/error.h) and keep a message on the handle. */
#ifndef PSR_LOG_H
#define PSR_LOG_H

#include <stddef.h>
#include <stdint.h>

#include "error.h"
#include "metric.h"

/* The format version this build writes and the newest it reads. */
#define PSR_FORMAT_VERSION 5

/* Everything needed to interpret a log on another machine (FORMAT.md 2). */
struct psr_header {
	uint16_t version;       /* writer's format version */
	uint16_t min_reader;    /* oldest reader version that can read it */
	int64_t start_epoch_ns; /* CLOCK_REALTIME at the start */
	uint64_t start_mono_ns; /* CLOCK_MONOTONIC at the same instant */
	int64_t boot_epoch_ns;  /* host boot time */
	uint64_t interval_ns;   /* requested sampling interval */
	uint32_t clock_ticks;   /* sysconf(_SC_CLK_TCK) */
	uint32_t page_size;
	uint32_t cpu_count;
	uint32_t writer_pid;
	char hostname[256];
	char kernel[256];
	char machine[64];
	char writer[64];        /* e.g. "psrec 0.1.0" */
	char *command_line;     /* argv, each argument NUL-terminated */
	size_t command_line_len;
	unsigned metric_count;
	uint8_t metrics[PSR_METRIC_MAX]; /* metric ids in mask order */
	/* Identity of the file and of the recording it belongs to (format 2,
	 * tags 7-9). A writer writes them when has_ids is 1; a reader sets
	 * has_ids to 1 when the log holds all three, else zeroes them. */
	uint8_t log_id[16];   /* random, unique per file */
	uint8_t run_id[16];   /* random, the same in every file of one run */
	uint32_t part;        /* 0 for a run's first file, +1 per new file */
	uint32_t has_ids;
	/* System metric ids in mask order (tag 10): what SYSTEM records hold;
	 * 0 when the log has none (recorded without --system). */
	unsigned system_count;
	uint8_t system_metrics[PSR_METRIC_MAX];
};

/* A recorded process (FORMAT.md 4.2). */
enum psr_proc_flags {
	PSR_PROC_CMDLINE_TRUNCATED = 1u << 0,
	PSR_PROC_LAUNCHED = 1u << 1,
	PSR_PROC_CMDLINE_UNREADABLE = 1u << 2,
	/* a repeat in a later block, without the command line; a reader sees
	 * it only when the block with the full record was lost */
	PSR_PROC_REPEAT = 1u << 3,
};

struct psr_process {
	/* 1, 2, ... inside one log. The reader numbers processes in the
	 * order it meets their first PROCESS record (usually the log's own
	 * ids; not where a damaged block hid some), so an id never exceeds
	 * the number of processes read and may index an array. */
	uint32_t id;
	uint32_t pid;
	uint32_t ppid;
	uint64_t start_ticks; /* since boot, in clock ticks */
	uint32_t uid;
	uint32_t flags;       /* enum psr_proc_flags */
	const char *comm;     /* NUL-terminated */
	const char *cmdline;  /* args each followed by NUL; cmdline_len bytes */
	size_t cmdline_len;
};

/* Values of one process in one sample. v[] is indexed by metric id. */
struct psr_values {
	uint32_t id;      /* process id inside the log */
	uint64_t present; /* bit m: metric id m has a value */
	uint64_t v[PSR_METRIC_MAX];
};

enum psr_close_reason {
	PSR_CLOSE_DONE = 0,    /* duration or sample count reached */
	PSR_CLOSE_EXITED = 1,  /* every target exited */
	PSR_CLOSE_SIGNAL = 2,  /* SIGINT or SIGTERM */
	PSR_CLOSE_ERROR = 3,
	PSR_CLOSE_ROTATED = 4, /* the run goes on in the next part (format 2) */
};

/* What the kernel accounted for processes psrec waited for (format 3):
 * wait4's rusage, which covers the process and every descendant it
 * waited for itself (FORMAT.md 4.4). */
struct psr_rusage {
	uint64_t user_us, sys_us;
	uint64_t maxrss_kb;        /* the largest single process, not a sum */
	uint64_t minflt, majflt;
	uint64_t inblock, oublock; /* 512-byte blocks */
	uint64_t nvcsw, nivcsw;    /* voluntary, involuntary switches */
};

/* What psrec knew of a process it waited for (format 3): wait4's rusage,
 * and what its own reaped children had used, read from the zombie just
 * before the wait (so that its own CPU and its children's can be told
 * apart: rusage sums them). */
struct psr_reaped {
	struct psr_rusage rusage;
	int has_children;        /* cutime, cstime were read */
	uint64_t cutime, cstime; /* ticks, stat fields 16-17 at its end */
};

enum psr_job_flags {
	/* the command ended before the log closed: status, rusage, orphans
	 * and running hold */
	PSR_JOB_ENDED = 1u << 0,
	/* a command was launched and still ran when the log closed: no
	 * totals (psrec -d, -s) */
	PSR_JOB_RUNNING = 1u << 1,
};

/* The job of psrec -- CMD, as the kernel accounted it (format 3): the
 * command's rusage plus that of every orphan psrec reaped as the job's
 * subreaper; each process of the job counted once. */
struct psr_job {
	uint32_t flags;     /* enum psr_job_flags; 0: no command, or an
			       earlier part of a rotated run */
	int status;         /* the command's wait status */
	struct psr_rusage rusage;
	uint64_t orphans;   /* processes of the job psrec reaped */
	uint64_t running;   /* processes of the job still running at the
			       end: not in rusage */
};

/* A process as the kernel's exit accounting reported it (format 4,
 * FORMAT.md 4.8): psrec -a or -c with taskstats. id is the log's process
 * when psrec had sampled it (the record only completes that one), 0 for
 * a process that started and ended between two samples. */
struct psr_exit {
	uint32_t id;          /* 0: never sampled */
	uint64_t t_us;        /* monotonic offset when psrec read it */
	uint32_t pid, ppid, uid;
	uint64_t btime_s;     /* start, Unix seconds (ac_btime64) */
	uint64_t etime_us;    /* elapsed from start to exit, microseconds */
	uint64_t user_us, sys_us;
	uint64_t maxrss_kb;   /* hiwater_rss */
	uint64_t minflt, majflt;
	uint64_t read_bytes, write_bytes;
	uint32_t exit_code;   /* wait status (ac_exitcode) */
	uint32_t threads;     /* 1, or more for an aggregated thread group */
	const char *comm;     /* NUL-terminated, at most 32 bytes */
};

/* A process's new name (format 5, FORMAT.md 4.9): psrec saw its comm
 * change (an exec, or prctl PR_SET_NAME) and read its command line
 * again. From t_us on, the process is comm and cmdline; the PROCESS
 * record (psr_reader_process) keeps the name it had when first seen. */
struct psr_rename {
	uint32_t id;
	uint64_t t_us;        /* the sample where the new comm was read */
	uint32_t flags;       /* PSR_PROC_CMDLINE_TRUNCATED, _UNREADABLE */
	const char *comm;     /* NUL-terminated */
	const char *cmdline;  /* args each followed by NUL */
	size_t cmdline_len;
};

struct psr_close {
	uint64_t t_us;            /* monotonic offset at close */
	uint64_t samples;         /* SAMPLE records in the log */
	uint64_t process_samples; /* entries in the log */
	uint32_t reason;          /* enum psr_close_reason */
	uint64_t self_user_us;    /* the writer's own CPU and memory */
	uint64_t self_sys_us;
	uint64_t self_maxrss_kb;
	struct psr_job job;       /* format 3; flags 0 in older logs */
};

/* ---- writer ---- */

struct psr_writer;

/* Start a log on fd (which the writer does not close) and write the
 * header at once. level: zstd level, 0 for the default. */
int psr_writer_open(struct psr_writer **w, int fd, const struct psr_header *h,
		    int level);

/* The most processes one log declares (ids 1 .. this; FORMAT.md 6.5):
 * psrec goes on in the next part of the run before a log is full. */
#define PSR_LOG_MAX_PROCESSES ((1u << 24) - 1)

/* Processes declared so far (the last id handed out). */
uint32_t psr_writer_processes(const struct psr_writer *w);

/* Declare a process; its id comes back in *id (PSR_E_LIMIT beyond
 * PSR_LOG_MAX_PROCESSES). The strings are copied. */
int psr_writer_add_process(struct psr_writer *w, const struct psr_process *p,
			   uint32_t *id);

/* Add one sample: vals[0..n) with strictly increasing ids. mono_ns and
 * epoch_ns are the sample's CLOCK_MONOTONIC and CLOCK_REALTIME. A metric
 * whose bit is clear in present is stored as missing. */
int psr_writer_add_sample(struct psr_writer *w, uint64_t mono_ns,
			  int64_t epoch_ns, const struct psr_values *vals,
			  size_t n);

/* Whole-host values at mono_ns (FORMAT.md 4.7): v[PSR_METRIC_MAX] is
 * indexed by system metric id (psr/metric.h), bit m of present says v[m]
 * was read; only the ids of the header's system list are written. Only
 * for a log whose header lists system metrics (else PSR_E_USAGE). */
int psr_writer_add_system(struct psr_writer *w, uint64_t mono_ns,
			  int64_t epoch_ns, uint64_t present,
			  const uint64_t *v);

/* The process was found gone at mono_ns. status is a wait status, or -1. */
int psr_writer_end_process(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			   int status);

/* The same for a process psrec waited for: its wait status and what
 * psrec knew of it then (format 3). */
int psr_writer_end_reaped(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			  int status, const struct psr_reaped *r);

/* A process's exit accounting (format 4); e->id 0 or a process of this
 * log, ended or not; mono_ns when it was read. */
int psr_writer_add_exit(struct psr_writer *w, uint64_t mono_ns,
			const struct psr_exit *e);

/* The process of id has a new comm and command line from mono_ns on
 * (format 5): r->id and r->t_us are ignored, r->flags as for PROCESS.
 * Later PROCESS repeats carry the new comm. */
int psr_writer_rename(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
		      const struct psr_rename *r);

/* Record the process's allowed CPU list (only writes when it changed). */
int psr_writer_set_cpus(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			const char *list);

/* Write the buffered records as one block and fdatasync. */
int psr_writer_flush(struct psr_writer *w);

/* Bytes the writer has put into the file so far, and buffered bytes. */
uint64_t psr_writer_bytes_written(const struct psr_writer *w);
size_t psr_writer_bytes_pending(const struct psr_writer *w);

/* Append the CLOSE record and flush. The writer must still be freed. */
int psr_writer_close(struct psr_writer *w, const struct psr_close *c);

const char *psr_writer_errmsg(const struct psr_writer *w);
void psr_writer_free(struct psr_writer *w);

/* ---- reader ---- */

struct psr_reader;

enum psr_record_type {
	PSR_REC_PROCESS = 1, /* a process seen for the first time */
	PSR_REC_SAMPLE,
	PSR_REC_END,
	PSR_REC_CPUS,
	PSR_REC_CLOSE,
	PSR_REC_WARNING, /* damage the reader stepped over; text in .warning */
	PSR_REC_SYSTEM,  /* whole-host values (format 2, psrec --system) */
	PSR_REC_EXIT,    /* exit accounting of a process (format 4) */
	PSR_REC_RENAME,  /* a process's new comm and command line (format 5) */
};

struct psr_sample {
	uint64_t t_us;    /* monotonic offset since the start */
	int64_t epoch_us; /* Unix time in microseconds */
	size_t count;
	const struct psr_values *values; /* count entries, ids increasing */
	/* NULL, or count masks: bit m of changed[k] is set when metric id
	 * m's value or presence in values[k] may differ from the same
	 * process's previous entry in this log (every bit at its first
	 * entry of a block). A reader's hint, so that a consumer need not
	 * compare what did not change; unset bits are exact. */
	const uint64_t *changed;
};

/* Whole-host values at one time. v[] is indexed by system metric id
 * (enum psr_sysmetric_id); bit m of present: v[m] has a value. A SYSTEM
 * record comes after the SAMPLE of the same time (same t_us). */
struct psr_system {
	uint64_t t_us;    /* monotonic offset since the start */
	int64_t epoch_us; /* Unix time in microseconds */
	uint64_t present;
	uint64_t v[PSR_METRIC_MAX];
};

struct psr_record {
	enum psr_record_type type;
	union {
		const struct psr_process *process; /* PSR_REC_PROCESS */
		struct psr_sample sample;          /* PSR_REC_SAMPLE */
		struct {
			uint32_t id;
			uint64_t t_us;
			int status; /* wait status, or -1 when unknown */
			/* format 3: psrec waited for it, reaped holds what
			 * it knew then */
			int has_rusage;
			struct psr_reaped reaped;
		} end;                             /* PSR_REC_END */
		struct {
			uint32_t id;
			uint64_t t_us;
			const char *list;
		} cpus;                            /* PSR_REC_CPUS */
		struct psr_close close;            /* PSR_REC_CLOSE */
		const char *warning;               /* PSR_REC_WARNING */
		const struct psr_system *system;   /* PSR_REC_SYSTEM */
		const struct psr_exit *exit;       /* PSR_REC_EXIT */
		const struct psr_rename *rename;   /* PSR_REC_RENAME */
	} u;
};

/* Summary of what the reader met, valid after psr_reader_next returned 0. */
struct psr_reader_stats {
	uint64_t blocks;          /* blocks read */
	uint64_t blocks_skipped;  /* damaged blocks stepped over */
	uint64_t samples;         /* SAMPLE records delivered */
	uint64_t process_samples; /* entries delivered */
	int truncated;            /* the file ends in the middle of a block */
	int closed;               /* a CLOSE record was seen */
	uint64_t file_size;
	uint64_t offset;          /* bytes of the file read so far */
};

/* Whether the first len bytes of a file (at least PSR_LOG_MAGIC_LEN)
 * begin a psrec log, whatever its name: the header frame's magic and
 * "PSRLOG\r\n" (FORMAT.md 2). */
#define PSR_LOG_MAGIC_LEN 16
int psr_log_magic(const void *head, size_t len);

/* Open path and read its header. On failure *r is still set (unless memory
 * ran out) so psr_reader_errmsg can say why; free it either way. */
int psr_reader_open(struct psr_reader **r, const char *path);

/* The same over a memory buffer, which must outlive the reader. */
int psr_reader_open_mem(struct psr_reader **r, const void *buf, size_t len);

const struct psr_header *psr_reader_header(const struct psr_reader *r);

/* Next record: returns 1 with *rec filled, 0 at the end, or a negative
 * code. Pointers in *rec stay valid until the next call. Damage is
 * reported as PSR_REC_WARNING records and reading goes on. */
int psr_reader_next(struct psr_reader *r, struct psr_record *rec);

/* A process by its id (NULL if unknown). Valid until the reader is freed. */
const struct psr_process *psr_reader_process(const struct psr_reader *r,
					     uint32_t id);

void psr_reader_stats(const struct psr_reader *r, struct psr_reader_stats *s);
const char *psr_reader_errmsg(const struct psr_reader *r);
void psr_reader_free(struct psr_reader *r);

#endif
