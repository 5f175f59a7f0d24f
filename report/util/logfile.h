/* logfile.h - one input log as psreport reads it: open with a clear
 * message, next record with warnings reported on stderr. */
#ifndef PSREPORT_LOGFILE_H
#define PSREPORT_LOGFILE_H

#include <psr/log.h>

#include <stdbool.h>
#include <stddef.h>

struct logfile {
	const char *path;
	struct psr_reader *r;
	bool print_warnings; /* on stderr, as they are met */
};

/* 0 or a negative code, with "'PATH': why" in err. */
int logfile_open(struct logfile *lf, const char *path, char *err,
		 size_t errlen);

/* Like psr_reader_next; an error leaves "'PATH': why" in err. */
int logfile_next(struct logfile *lf, struct psr_record *rec, char *err,
		 size_t errlen);

void logfile_close(struct logfile *lf);

/* Whether the log records metric m. */
bool logfile_records(const struct logfile *lf, unsigned m);

#endif
