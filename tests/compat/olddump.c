/* olddump.c - every record of a log as text, through nothing but the
 * reader API of format 1 (psr_reader_open, psr_reader_next), so that it
 * builds against the format library of any commit since the first: the
 * old-readers test (tests/cli/old_readers.sh) compiles it against the
 * readers of format 1 and 2 from git history and against this tree's,
 * and compares what they print for a log of format 3.
 *
 * Only metric ids below KNOWN are printed: the ones a reader of that
 * version knows (30 for formats 1 and 2). Usage: olddump LOG */
#include <psr/log.h>

#include <inttypes.h>
#include <stdio.h>

#ifndef KNOWN
#define KNOWN 30
#endif

static void sample(const struct psr_record *rec)
{
	printf("S %" PRIu64 " %" PRId64 " %zu\n", rec->u.sample.t_us,
	       rec->u.sample.epoch_us, rec->u.sample.count);
	for (size_t k = 0; k < rec->u.sample.count; k++) {
		const struct psr_values *v = &rec->u.sample.values[k];
		printf("  %u", (unsigned)v->id);
		for (unsigned m = 0; m < KNOWN; m++)
			if (v->present >> m & 1)
				printf(" %u=%" PRIu64, m, v->v[m]);
		putchar('\n');
	}
}

int main(int argc, char **argv)
{
	struct psr_reader *r;
	struct psr_record rec;
	int rc;

	if (argc != 2) {
		fprintf(stderr, "usage: olddump LOG\n");
		return 2;
	}
	if (psr_reader_open(&r, argv[1]) != 0) {
		fprintf(stderr, "olddump: %s\n", psr_reader_errmsg(r));
		return 1;
	}
	const struct psr_header *h = psr_reader_header(r);
	printf("H ticks=%u page=%u interval=%" PRIu64 " metrics=%u\n",
	       h->clock_ticks, h->page_size, h->interval_ns, h->metric_count);
	while ((rc = psr_reader_next(r, &rec)) > 0) {
		switch (rec.type) {
		case PSR_REC_PROCESS:
			printf("P %u %u %u %s\n", (unsigned)rec.u.process->id,
			       (unsigned)rec.u.process->pid,
			       (unsigned)rec.u.process->ppid,
			       rec.u.process->comm);
			break;
		case PSR_REC_SAMPLE:
			sample(&rec);
			break;
		case PSR_REC_END:
			printf("E %u %" PRIu64 " %d\n", (unsigned)rec.u.end.id,
			       rec.u.end.t_us, rec.u.end.status);
			break;
		case PSR_REC_CLOSE:
			printf("C %" PRIu64 " %u %" PRIu64 "\n",
			       rec.u.close.samples, (unsigned)rec.u.close.reason,
			       rec.u.close.process_samples);
			break;
		case PSR_REC_WARNING:
			printf("W %s\n", rec.u.warning);
			break;
		default:
			break; /* SYSTEM and CPUS: not what this test is about */
		}
	}
	psr_reader_free(r);
	if (rc < 0) {
		fprintf(stderr, "olddump: read error %d\n", rc);
		return 1;
	}
	return 0;
}
