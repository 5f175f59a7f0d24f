/* procparse.h - the /proc text parsers (procparse.c). */
#ifndef PSREC_PROCPARSE_H
#define PSREC_PROCPARSE_H

#include <psr/log.h>

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

/* Parse a decimal at *p (after blanks; a leading '-' wraps around, as
 * for priority and nice); 0 and no advance if there is none. This is the
 * hot loop of every sample: no locale, no strtoull. */
static inline int procparse_num(const char **p, const char *end, uint64_t *out)
{
	const char *s = *p;
	while (s < end && (*s == ' ' || *s == '\t'))
		s++;
	int neg = s < end && *s == '-';
	s += neg;
	unsigned d;
	if (s >= end || (d = (unsigned)(*s - '0')) > 9)
		return 0;
	uint64_t v = 0;
	do {
		v = v * 10 + d;
		s++;
	} while (s < end && (d = (unsigned)(*s - '0')) <= 9);
	/* negate as unsigned: -(int64_t)v overflows for v = 2^63 */
	*out = neg ? 0 - v : v;
	*p = s;
	return 1;
}

/* Parsers, exposed for the fixture tests. Each takes the whole file in
 * buf[0..n) and sets values and present bits in v; stat returns -1 when
 * the text does not parse. */
struct stat_ident {
	char state;
	unsigned long flags; /* PF_* of field 9 */
	pid_t ppid;
	unsigned long long start_ticks;
	char comm[64];
};
int procfs_parse_stat(const char *buf, size_t n, struct psr_values *v,
		      struct stat_ident *id);
void procfs_parse_statm(const char *buf, size_t n, struct psr_values *v);
void procfs_parse_io(const char *buf, size_t n, struct psr_values *v);
void procfs_parse_status(const char *buf, size_t n, struct psr_values *v,
			 char *cpus, size_t cpus_len, unsigned *uid);
void procfs_parse_smaps(const char *buf, size_t n, struct psr_values *v);
/* /proc/vmstat: the sum of the counters of events that change the memory
 * of processes other than the one running (procfs.c lists them), in *sum;
 * returns how many such counters were found. */
unsigned procfs_parse_vmstat(const char *buf, size_t n, uint64_t *sum);

#endif
