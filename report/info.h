/* info.h - the --info output: what a log holds and how it was made. */
#ifndef PSREPORT_INFO_H
#define PSREPORT_INFO_H

#include "logfile.h"

#include <stdio.h>

int info_write(struct logfile *lf, FILE *f, char *err, size_t errlen);

#endif
