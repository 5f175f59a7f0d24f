/* walk.h - read a log from memory to its end, using everything the
 * reader returns, for the reader fuzz targets. */
#ifndef PSR_FUZZ_WALK_H
#define PSR_FUZZ_WALK_H

#include <psr/log.h>

#include <string.h>

/* Stop after this many records: a small input must not keep the reader
 * busy for long, and the reader's own bounds make this generous. */
#define WALK_MAX_RECORDS 1000000

static volatile uint64_t fuzz_sink;

static void fuzz_use_process(const struct psr_process *p)
{
	fuzz_sink += strlen(p->comm) + p->pid + p->start_ticks;
	for (size_t i = 0; i < p->cmdline_len; i++)
		fuzz_sink += (uint8_t)p->cmdline[i];
}

static void fuzz_use_record(struct psr_reader *r, const struct psr_record *rec)
{
	switch (rec->type) {
	case PSR_REC_PROCESS:
		fuzz_use_process(rec->u.process);
		break;
	case PSR_REC_SAMPLE:
		for (size_t k = 0; k < rec->u.sample.count; k++) {
			const struct psr_values *v = &rec->u.sample.values[k];
			const struct psr_process *p =
				psr_reader_process(r, v->id);
			if (p)
				fuzz_use_process(p);
			for (unsigned m = 0; m < PSR_METRIC_MAX; m++)
				if (v->present >> m & 1)
					fuzz_sink += v->v[m];
		}
		break;
	case PSR_REC_END:
		fuzz_sink += (uint64_t)rec->u.end.status;
		break;
	case PSR_REC_CPUS:
		fuzz_sink += strlen(rec->u.cpus.list);
		break;
	case PSR_REC_CLOSE:
		fuzz_sink += rec->u.close.samples;
		break;
	case PSR_REC_EXIT:
		fuzz_sink += strlen(rec->u.exit->comm) + rec->u.exit->user_us;
		break;
	case PSR_REC_RENAME:
		fuzz_sink += strlen(rec->u.rename->comm);
		for (size_t i = 0; i < rec->u.rename->cmdline_len; i++)
			fuzz_sink += (uint8_t)rec->u.rename->cmdline[i];
		break;
	case PSR_REC_WARNING:
		fuzz_sink += strlen(rec->u.warning);
		break;
	case PSR_REC_SYSTEM:
		for (unsigned m = 0; m < PSR_METRIC_MAX; m++)
			if (rec->u.system->present >> m & 1)
				fuzz_sink += rec->u.system->v[m];
		break;
	}
}

static void fuzz_walk_log(const uint8_t *data, size_t size)
{
	struct psr_reader *r = NULL;
	int rc = psr_reader_open_mem(&r, data, size);
	if (rc == 0) {
		const struct psr_header *h = psr_reader_header(r);
		fuzz_sink += strlen(h->hostname) + strlen(h->kernel) +
			     strlen(h->writer) + strlen(h->machine) +
			     h->command_line_len;
		struct psr_record rec;
		unsigned long n = 0;
		while (n++ < WALK_MAX_RECORDS &&
		       (rc = psr_reader_next(r, &rec)) > 0)
			fuzz_use_record(r, &rec);
		struct psr_reader_stats st;
		psr_reader_stats(r, &st);
		fuzz_sink += st.samples;
	}
	fuzz_sink += strlen(psr_reader_errmsg(r));
	psr_reader_free(r);
}

#endif
