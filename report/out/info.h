/* info.h - the --info output: what a log holds and how it was made. Fed
 * the log's records during the one decode, printed at the end. */
#ifndef PSREPORT_INFO_H
#define PSREPORT_INFO_H

#include "logfile.h"

#include <stdio.h>

struct info;

struct info *info_new(void);
/* 0 or -ENOMEM. */
int info_record(struct info *in, const struct psr_record *rec);
void info_print(const struct info *in, const struct logfile *lf, FILE *f);
void info_free(struct info *in);

#endif
