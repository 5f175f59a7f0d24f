/* csv.h - one row per process per sample, then one "avg" row per process. */
#ifndef PSREPORT_CSV_H
#define PSREPORT_CSV_H

#include "logfile.h"

#include <stdio.h>

/* Walk every log to its end, writing CSV to f. 0 or a negative code with
 * a message in err. */
int csv_write(struct logfile *logs, size_t nlogs, FILE *f, char *err,
	      size_t errlen);

#endif
