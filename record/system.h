/* system.h - whole-host figures for --system: /proc/meminfo, the cpu
 * line and counters of /proc/stat, /proc/loadavg. Each file is opened
 * once and re-read with pread, as for processes. */
#ifndef PSREC_SYSTEM_H
#define PSREC_SYSTEM_H

#include <psr/metric.h>

#include <stddef.h>
#include <stdint.h>

struct system_files {
	int meminfo, stat, loadavg; /* -1 when they could not be opened */
};

/* Open the three files under the proc root directory fd. 0 or -errno
 * (when not even one of them opens). */
int system_open(struct system_files *s, int root_fd);
void system_close(struct system_files *s);

/* Read one sample: v[] by system metric id, *present its bits. */
void system_read(const struct system_files *s, uint64_t *present,
		 uint64_t *v);

/* Parsers over a whole file in buf[0..n), exposed for fixture tests. */
void system_parse_meminfo(const char *buf, size_t n, uint64_t *present,
			  uint64_t *v);
void system_parse_stat(const char *buf, size_t n, uint64_t *present,
		       uint64_t *v);
void system_parse_loadavg(const char *buf, size_t n, uint64_t *present,
			  uint64_t *v);

#endif
