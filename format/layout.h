/* layout.h - constants of the on-disk layout (FORMAT.md), internal. */
#ifndef PSR_FORMAT_LAYOUT_H
#define PSR_FORMAT_LAYOUT_H

#include <psr/log.h>

#define SKIPPABLE_HEADER_MAGIC 0x184D2A50u
#define SKIPPABLE_MARKER_MAGIC 0x184D2A51u
#define SKIPPABLE_MAGIC_MASK 0xFFFFFFF0u
#define FRAME_PREFIX 8 /* skippable magic + size */

#define HEADER_MAGIC "PSRLOG\r\n"
#define HEADER_PREFIX 16
#define HEADER_FIXED_V1 48

#define MARKER_SYNC "PSRB"
#define MARKER_PAYLOAD 24
#define MARKER_SIZE (FRAME_PREFIX + MARKER_PAYLOAD)

enum header_tag {
	TAG_HOSTNAME = 1,
	TAG_KERNEL = 2,
	TAG_WRITER = 3,
	TAG_COMMAND_LINE = 4,
	TAG_METRICS = 5,
	TAG_MACHINE = 6,
	TAG_LOG_ID = 7,
	TAG_RUN_ID = 8,
	TAG_PART = 9,
	TAG_SYSTEM_METRICS = 10,
};

enum record_type {
	REC_BLOCK = 0x01,
	REC_PROCESS = 0x02,
	REC_SAMPLE = 0x03,
	REC_END = 0x04,
	REC_CPUS = 0x05,
	REC_CLOSE = 0x06,
	REC_SYSTEM = 0x07,
	REC_EXIT = 0x08,
	REC_RENAME = 0x09,
};

/* Reader limits (FORMAT.md 6.5); the writer stays well inside them. */
#define LIMIT_CONTENT (64u << 20)
#define LIMIT_PROC_ID (1u << 24) /* PSR_LOG_MAX_PROCESSES + 1 */
#define LIMIT_STRING (1u << 20)
/* processes declared and not ended at once: Linux's PID_MAX_LIMIT on
 * 64-bit hosts, the most a host can run; beyond, not a recording */
#define LIMIT_LIVE_PROCS (1u << 22)
/* monotonic times (start + offset) and clock steps (epoch_skew): at most
 * 2^62 ns, 146 years, so that sums and differences of times never
 * overflow 64 bits */
#define LIMIT_MONO_NS (1ull << 62)
#define LIMIT_SKEW_US ((int64_t)(LIMIT_MONO_NS / 1000))
#define WRITER_BLOCK_TARGET (1u << 20)
#define CMDLINE_MAX (32u << 10)
#define COMM_MAX 64

/* Encode the header payload (without the skippable frame prefix). */
struct buf;
int header_encode(struct buf *out, const struct psr_header *h);

/* Decode a header payload into h (which owns command_line afterwards). */
int header_decode(struct psr_header *h, const uint8_t *p, size_t n,
		  char *err, size_t errlen);

#endif
