/* logfile.c - opening and walking one log for psreport. */
#include "logfile.h"

#include <stdio.h>
#include <string.h>

int logfile_open(struct logfile *lf, const char *path, char *err,
		 size_t errlen)
{
	lf->path = path;
	lf->r = NULL;
	int rc = psr_reader_open(&lf->r, path);
	if (rc) {
		snprintf(err, errlen, "cannot read '%s': %s", path,
			 lf->r ? psr_reader_errmsg(lf->r) : psr_strerror(rc));
		psr_reader_free(lf->r);
		lf->r = NULL;
	}
	return rc;
}

int logfile_next(struct logfile *lf, struct psr_record *rec, char *err,
		 size_t errlen)
{
	int rc = psr_reader_next(lf->r, rec);
	if (rc < 0)
		snprintf(err, errlen, "cannot read '%s': %s", lf->path,
			 psr_reader_errmsg(lf->r));
	else if (rc > 0 && rec->type == PSR_REC_WARNING && lf->print_warnings)
		fprintf(stderr, "psreport: '%s': %s\n", lf->path,
			rec->u.warning);
	return rc;
}

void logfile_close(struct logfile *lf)
{
	psr_reader_free(lf->r);
	lf->r = NULL;
}

bool logfile_records(const struct logfile *lf, unsigned m)
{
	const struct psr_header *h = psr_reader_header(lf->r);
	for (unsigned i = 0; i < h->metric_count; i++)
		if (h->metrics[i] == m)
			return true;
	return false;
}
