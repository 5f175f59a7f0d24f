/* logdir.h - the logs in a directory, found the same way by every mode of
 * psreport that takes directories (--runs, --fleet, --index).
 *
 * The rule: a directory is read recursively, each directory's entries in
 * name order; entries whose name begins with '.' and symbolic links to
 * directories (which could loop) are passed over. A file is a log when it
 * begins with a log's magic (psr_log_magic()), whatever its name, so a
 * log saved as "web-1" is found and a README or a CSV export beside the
 * logs is not. A file named like a log (its name contains ".psr") that
 * does not begin so is listed too, so that a damaged log is reported
 * rather than passed over in silence. */
#ifndef PSREPORT_LOGDIR_H
#define PSREPORT_LOGDIR_H

#include <stdbool.h>

/* Called for each log found (why NULL), and for each directory or log
 * that cannot be read (why says so: "cannot read directory: ..."); a
 * non-zero return stops the listing and is returned. */
typedef int logdir_found(void *ctx, const char *path, const char *why);

/* List dir through found. 0, -ENOMEM, or what found returned. */
int logdir_list(const char *dir, logdir_found *found, void *ctx);

/* Whether path names a directory (following links). */
bool logdir_is_dir(const char *path);

#endif
