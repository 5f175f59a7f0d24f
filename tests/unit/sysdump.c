/* sysdump.c LOG - a test helper: print what the reader delivers of the
 * format-2 additions, one line each, for the cli tests to check:
 *   ids <has_ids> <run_id hex> <part> <log_id hex>
 *   sample <t_us> <epoch_us> <entries>
 *   system <t_us> <epoch_us> <name>=<value>|<name>= ...   (missing: empty)
 *   close <reason> <samples> <process_samples> <user_us> <sys_us> <maxrss_kb>
 * Exit 0, or 1 when the log cannot be read. */
#include <psr/log.h>

#include <inttypes.h>
#include <stdio.h>

static void hex(const uint8_t *p)
{
	for (int i = 0; i < 16; i++)
		printf("%02x", p[i]);
}

int main(int argc, char **argv)
{
	struct psr_reader *r;
	if (argc != 2 || psr_reader_open(&r, argv[1]) != 0) {
		fprintf(stderr, "sysdump: cannot read '%s'\n",
			argc > 1 ? argv[1] : "");
		return 1;
	}
	const struct psr_header *h = psr_reader_header(r);
	printf("ids %u ", (unsigned)h->has_ids);
	hex(h->run_id);
	printf(" %" PRIu32 " ", h->part);
	hex(h->log_id);
	putchar('\n');
	struct psr_record rec;
	int rc;
	while ((rc = psr_reader_next(r, &rec)) > 0) {
		if (rec.type == PSR_REC_SAMPLE)
			printf("sample %" PRIu64 " %" PRId64 " %zu\n",
			       rec.u.sample.t_us, rec.u.sample.epoch_us,
			       rec.u.sample.count);
		if (rec.type == PSR_REC_CLOSE)
			printf("close %" PRIu32 " %" PRIu64 " %" PRIu64 " %" PRIu64
			       " %" PRIu64 " %" PRIu64 "\n",
			       rec.u.close.reason, rec.u.close.samples,
			       rec.u.close.process_samples,
			       rec.u.close.self_user_us, rec.u.close.self_sys_us,
			       rec.u.close.self_maxrss_kb);
		if (rec.type != PSR_REC_SYSTEM)
			continue;
		const struct psr_system *s = rec.u.system;
		printf("system %" PRIu64 " %" PRId64, s->t_us, s->epoch_us);
		for (unsigned i = 0; i < h->system_count; i++) {
			unsigned m = h->system_metrics[i];
			const struct psr_metric_info *mi = psr_sysmetric_info(m);
			printf(" %s=", mi ? mi->name : "?");
			if (s->present >> m & 1)
				printf("%" PRIu64, s->v[m]);
		}
		putchar('\n');
	}
	psr_reader_free(r);
	return rc < 0;
}
