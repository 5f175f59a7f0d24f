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

#endif
