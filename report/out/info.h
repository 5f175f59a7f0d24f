/* info.h - the --info output: what a log holds and how it was made. Fed
 * the log's records during the one decode, printed at the end (its row,
 * output_info, is in info.c). */
#ifndef PSREPORT_INFO_H
#define PSREPORT_INFO_H

#include "session.h"

#include <stdio.h>

struct info;

struct info *info_new(void);
/* 0 or -ENOMEM. */
int info_record(struct info *in, const struct psr_record *rec);
/* What in holds of log (read: log->st is its reader's figures). */
void info_print(const struct info *in, const struct input *log, FILE *f);
void info_free(struct info *in);

#endif
