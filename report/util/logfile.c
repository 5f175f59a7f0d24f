/* logfile.c - a log's identity, for psreport. */
#include "logfile.h"

#include <inttypes.h>
#include <stdio.h>
#include <string.h>

static uint64_t fnv(uint64_t hsh, const void *p, size_t n)
{
	const unsigned char *s = p;

	for (size_t i = 0; i < n; i++) {
		hsh ^= s[i];
		hsh *= 0x100000001b3ull;
	}
	return hsh;
}

void logfile_id(const struct psr_header *h, char out[33])
{
	uint8_t id[16];

	if (h->has_ids) {
		memcpy(id, h->log_id, sizeof id);
	} else {
		/* two FNV-1a hashes with different bases over what makes
		 * a recording: host, start instant, recorder's pid, argv */
		uint64_t a = 0xcbf29ce484222325ull, b = 0x84222325cbf29ceull;
		char start[32];
		int n = snprintf(start, sizeof start, "%" PRId64 " %" PRIu32,
				 h->start_epoch_ns, h->writer_pid);
		a = fnv(a, h->hostname, strlen(h->hostname));
		b = fnv(b, h->hostname, strlen(h->hostname));
		a = fnv(a, start, (size_t)n);
		b = fnv(b, start, (size_t)n);
		if (h->command_line) {
			a = fnv(a, h->command_line, h->command_line_len);
			b = fnv(b, h->command_line, h->command_line_len);
		}
		for (int i = 0; i < 8; i++) {
			id[i] = (uint8_t)(a >> (56 - 8 * i));
			id[8 + i] = (uint8_t)(b >> (56 - 8 * i));
		}
	}
	for (int i = 0; i < 16; i++)
		snprintf(out + 2 * i, 3, "%02x", id[i]);
}
