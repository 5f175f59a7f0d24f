/* logfile.h - one input log's identity, as psreport knows a log given
 * twice (session.h) and names it in --export. */
#ifndef PSREPORT_LOGFILE_H
#define PSREPORT_LOGFILE_H

#include <psr/log.h>

/* The log_id of a log as 32 hex digits: the header's, or for logs that
 * predate ids a stable one derived from host, start time and command
 * line (so exporting a log twice gives the same id, and a copy of a log
 * is known for the same log). */
void logfile_id(const struct psr_header *h, char out[33]);

#endif
