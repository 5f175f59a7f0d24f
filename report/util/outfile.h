/* outfile.h - outputs written to a temporary file and renamed when whole,
 * so a failed run never leaves a half-written file that looks complete. */
#ifndef PSREPORT_OUTFILE_H
#define PSREPORT_OUTFILE_H

#include <stdio.h>

struct outfile {
	FILE *f;
	char path[4096]; /* final name; "-" for stdout */
	char tmp[4096];  /* the temporary file, "" for stdout */
};

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
