/* fuzz_procfs.c - one /proc text parser of record/procfs.c on arbitrary
 * bytes. Built once per parser: -DPARSER_STAT, _STATM, _IO, _STATUS or
 * _SMAPS. The kernel's text is outside input: a comm holds any byte, a
 * file can be cut anywhere by a short read. */
#include "fuzz.h"

#include "../../record/procparse.h"

#include <stdlib.h>
#include <string.h>

static volatile uint64_t sink;

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	/* an exact-size copy with no terminator: the parsers take a length
	 * and must not read past it */
	char *buf = malloc(size ? size : 1);
	if (!buf)
		return 0;
	memcpy(buf, data, size);
	struct psr_values v;
	memset(&v, 0, sizeof v);
#if defined(PARSER_STAT)
	struct stat_ident id;
	if (procfs_parse_stat(buf, size, &v, &id) == 0)
		sink += strlen(id.comm) + (unsigned char)id.state +
			id.start_ticks + (uint64_t)id.ppid;
#elif defined(PARSER_STATM)
	procfs_parse_statm(buf, size, &v);
#elif defined(PARSER_IO)
	procfs_parse_io(buf, size, &v);
#elif defined(PARSER_STATUS)
	char cpus[64];
	unsigned uid = 0;
	procfs_parse_status(buf, size, &v, cpus, sizeof cpus, &uid);
	sink += strlen(cpus) + uid;
#elif defined(PARSER_SMAPS)
	procfs_parse_smaps(buf, size, &v);
#else
#error "define one PARSER_*"
#endif
	for (unsigned m = 0; m < PSR_METRIC_MAX; m++)
		if (v.present >> m & 1)
			sink += v.v[m];
	free(buf);
	return 0;
}
