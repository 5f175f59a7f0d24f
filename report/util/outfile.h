/* outfile.h - outputs written to a temporary file and renamed when whole,
 * so a failed run never leaves a half-written file that looks complete.
 *
 * This is the one place psreport's outputs meet the file system (the
 * table's files, --pdf, the charts of --svg/--png), so its rules hold for
 * every output: an output is never one of the logs read (device and inode,
 * whatever the spelling, even with --force); an existing regular file is
 * replaced only with --force, and so is a symlink to nothing; an existing
 * character device or fifo is written in place, never renamed over
 * (/dev/null needs no --force); a new file is no wider than the logs read
 * (their permission bits & 0666, and the umask); no open blocks. */
#ifndef PSREPORT_OUTFILE_H
#define PSREPORT_OUTFILE_H

#include <stdbool.h>
#include <stdio.h>
#include <sys/types.h>

/* Where a stream writes, and the first error of its writes (errno). */
struct outfile_sink {
	int fd;
	int err;
	bool closed;
};

/* A stream on fd (closed with it) that keeps its write errors in s, or
 * NULL and errno. */
FILE *outfile_sink_open(struct outfile_sink *s, int fd);

struct outfile {
	FILE *f;
	struct outfile_sink sink;
	char path[4096]; /* final name; "-" for stdout */
	char tmp[4096];  /* the temporary file, "" for stdout or in place */
	bool in_place;   /* an existing device or fifo, written as it is */
};

/* SIGINT, SIGTERM, SIGHUP and SIGPIPE remove this run's temporary files
 * and the files of its unsettled chart sets, then end psreport as they
 * would; SIGXFSZ is ignored, so a file size limit is a write error said
 * like a full disk. Called once, at the start. */
void outfile_signals(void);

struct outfile_set;

/* Rename a temporary file of outfile_mktemp() into place, where it joins
 * set (NULL: none) with no signal in between: 0 or -errno. Or remove it. */
int outfile_put(const char *tmp, const char *path, struct outfile_set *set);
void outfile_discard(const char *tmp);

/* Make the directory of a chart set (--svg DIR): a signal before
 * outfile_dir_settle removes it once its files are gone, if it is then
 * empty. 0 or -errno. */
int outfile_mkdir(const char *dir);

/* The directory of outfile_mkdir() stays, or with rc non-zero goes when
 * it is empty; either way a signal no longer removes it. */
void outfile_dir_settle(const char *dir, int rc);

/* A log the run reads: no output may be it, and new outputs get no
 * permission it lacks. 0 or -ENOMEM. */
int outfile_guard(dev_t dev, ino_t ino, mode_t mode);

/* What path is as an output: OUTFILE_NEW (create beside it and rename),
 * OUTFILE_IN_PLACE (an existing device or fifo), or -errno with a message
 * in err (one of the logs, a directory, exists without force, ...). */
enum { OUTFILE_NEW = 0, OUTFILE_IN_PLACE = 1 };
int outfile_check(const char *path, bool force, char *err, size_t errlen);

/* A temporary file beside path (tmp gets its name, "" on failure), with
 * the mode outputs get: its descriptor, or -errno with a message. */
int outfile_mktemp(const char *path, char *tmp, size_t tmplen, char *err,
		   size_t errlen);

/* Whether a and b name one file (the same spelling, the same device and
 * inode, or the same name in the same directory). */
bool outfile_same(const char *a, const char *b);

/* 0, or -errno with a message in err. Refuses an existing file unless
 * force. */
int outfile_open(struct outfile *o, const char *path, int force, char *err,
		 size_t errlen);

/* Flush, close and rename into place; 0 or -errno (then it is removed). */
int outfile_commit(struct outfile *o, char *err, size_t errlen);

/* Remove the temporary file (after an error). */
void outfile_abort(struct outfile *o);

/* The files one call wrote (charts in a directory): all of them stay,
 * or none when the call fails. */
struct outfile_set {
	char **v;
	size_t n;
};

/* 0 or -ENOMEM. */
int outfile_set_add(struct outfile_set *s, const char *path);

/* With rc non-zero, remove every file of the set. Empties the set and
 * returns how many files stay. */
size_t outfile_set_settle(struct outfile_set *s, int rc);

#endif
