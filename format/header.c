/* header.c - the file header (FORMAT.md section 2). */
#include "codec.h"
#include "layout.h"

#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static void put_tag(struct buf *b, uint8_t tag, const void *p, size_t n)
{
	uint8_t t[3] = {tag};
	put_le16(t + 1, (uint16_t)n);
	buf_mem(b, t, 3);
	buf_mem(b, p, n);
}

static size_t clamp16(size_t n)
{
	return n > 0xFFFF ? 0xFFFF : n;
}

int header_encode(struct buf *b, const struct psr_header *h)
{
	size_t cmd = clamp16(h->command_line_len);
	size_t need = HEADER_PREFIX + HEADER_FIXED_V1 + 6 * 3 +
		      strlen(h->hostname) + strlen(h->kernel) +
		      strlen(h->writer) + strlen(h->machine) + cmd +
		      h->metric_count + 4 * 3 + 16 + 16 + 4 + h->system_count;
	int rc = buf_reserve(b, need);
	if (rc)
		return rc;
	uint8_t *p = b->data + b->len;
	memcpy(p, HEADER_MAGIC, 8);
	put_le16(p + 8, PSR_FORMAT_VERSION);
	/* format 2 only adds tags and records an older reader skips */
	put_le16(p + 10, 1);
	put_le16(p + 12, HEADER_FIXED_V1);
	put_le16(p + 14, 0);
	uint8_t *f = p + HEADER_PREFIX;
	put_le64(f + 0, (uint64_t)h->start_epoch_ns);
	put_le64(f + 8, h->start_mono_ns);
	put_le64(f + 16, (uint64_t)h->boot_epoch_ns);
	put_le64(f + 24, h->interval_ns);
	put_le32(f + 32, h->clock_ticks);
	put_le32(f + 36, h->page_size);
	put_le32(f + 40, h->cpu_count);
	put_le32(f + 44, h->writer_pid);
	b->len += HEADER_PREFIX + HEADER_FIXED_V1;
	put_tag(b, TAG_HOSTNAME, h->hostname, strlen(h->hostname));
	put_tag(b, TAG_KERNEL, h->kernel, strlen(h->kernel));
	put_tag(b, TAG_MACHINE, h->machine, strlen(h->machine));
	put_tag(b, TAG_WRITER, h->writer, strlen(h->writer));
	put_tag(b, TAG_COMMAND_LINE, h->command_line, cmd);
	put_tag(b, TAG_METRICS, h->metrics, h->metric_count);
	if (h->has_ids) {
		uint8_t part[4];
		put_le32(part, h->part);
		put_tag(b, TAG_LOG_ID, h->log_id, sizeof h->log_id);
		put_tag(b, TAG_RUN_ID, h->run_id, sizeof h->run_id);
		put_tag(b, TAG_PART, part, sizeof part);
	}
	if (h->system_count)
		put_tag(b, TAG_SYSTEM_METRICS, h->system_metrics,
			h->system_count);
	return 0;
}

static void copy_str(char *dst, size_t cap, const uint8_t *p, size_t n)
{
	if (n >= cap)
		n = cap - 1;
	memcpy(dst, p, n);
	dst[n] = 0;
}

static int decode_fixed(struct psr_header *h, const uint8_t *f, size_t n)
{
	if (n < HEADER_FIXED_V1)
		return PSR_E_CORRUPT;
	h->start_epoch_ns = (int64_t)get_le64(f + 0);
	h->start_mono_ns = get_le64(f + 8);
	h->boot_epoch_ns = (int64_t)get_le64(f + 16);
	h->interval_ns = get_le64(f + 24);
	h->clock_ticks = get_le32(f + 32);
	h->page_size = get_le32(f + 36);
	h->cpu_count = get_le32(f + 40);
	h->writer_pid = get_le32(f + 44);
	return 0;
}

static int decode_tag(struct psr_header *h, unsigned tag, const uint8_t *v,
		      size_t n, unsigned *seen)
{
	switch (tag) {
	case TAG_HOSTNAME:
		copy_str(h->hostname, sizeof h->hostname, v, n);
		break;
	case TAG_KERNEL:
		copy_str(h->kernel, sizeof h->kernel, v, n);
		break;
	case TAG_MACHINE:
		copy_str(h->machine, sizeof h->machine, v, n);
		break;
	case TAG_WRITER:
		copy_str(h->writer, sizeof h->writer, v, n);
		break;
	case TAG_COMMAND_LINE:
		free(h->command_line);
		h->command_line = malloc(n + 1);
		if (!h->command_line)
			return -ENOMEM;
		memcpy(h->command_line, v, n);
		h->command_line[n] = 0;
		h->command_line_len = n;
		break;
	case TAG_METRICS:
		if (n > PSR_METRIC_MAX)
			return PSR_E_LIMIT;
		memcpy(h->metrics, v, n);
		h->metric_count = (unsigned)n;
		break;
	case TAG_LOG_ID:
	case TAG_RUN_ID:
		if (n != 16)
			return PSR_E_CORRUPT;
		memcpy(tag == TAG_LOG_ID ? h->log_id : h->run_id, v, 16);
		break;
	case TAG_PART:
		if (n != 4)
			return PSR_E_CORRUPT;
		h->part = get_le32(v);
		break;
	case TAG_SYSTEM_METRICS:
		if (n >= PSR_METRIC_MAX)
			return PSR_E_LIMIT;
		memcpy(h->system_metrics, v, n);
		h->system_count = (unsigned)n;
		break;
	default:
		return 0; /* a later version's field: skip it */
	}
	*seen |= 1u << tag;
	return 0;
}

int psr_log_magic(const void *head, size_t len)
{
	const uint8_t *p = head;

	return len >= PSR_LOG_MAGIC_LEN &&
	       get_le32(p) == SKIPPABLE_HEADER_MAGIC &&
	       memcmp(p + FRAME_PREFIX, HEADER_MAGIC, 8) == 0;
}

int header_decode(struct psr_header *h, const uint8_t *p, size_t n, char *err,
		  size_t errlen)
{
	memset(h, 0, sizeof *h);
	if (n < HEADER_PREFIX || memcmp(p, HEADER_MAGIC, 8) != 0) {
		snprintf(err, errlen, "not a psrec log (bad header magic)");
		return PSR_E_NOTLOG;
	}
	h->version = get_le16(p + 8);
	h->min_reader = get_le16(p + 10);
	if (h->min_reader > PSR_FORMAT_VERSION) {
		snprintf(err, errlen,
			 "log needs a newer psreport: its min_reader is "
			 "format %u, this one reads format %d",
			 h->min_reader, PSR_FORMAT_VERSION);
		return PSR_E_VERSION;
	}
	size_t fixed = get_le16(p + 12);
	if (HEADER_PREFIX + fixed > n ||
	    decode_fixed(h, p + HEADER_PREFIX, fixed) != 0) {
		snprintf(err, errlen, "corrupt header (fixed area)");
		return PSR_E_CORRUPT;
	}
	unsigned seen = 0;
	size_t off = HEADER_PREFIX + fixed;
	while (off < n) {
		if (n - off < 3)
			goto corrupt;
		unsigned tag = p[off];
		size_t len = get_le16(p + off + 1);
		off += 3;
		if (len > n - off)
			goto corrupt;
		int rc = decode_tag(h, tag, p + off, len, &seen);
		if (rc == PSR_E_CORRUPT)
			goto corrupt;
		if (rc == PSR_E_LIMIT)
			snprintf(err, errlen, "header lists more than 63 metrics");
		if (rc)
			return rc;
		off += len;
	}
	unsigned required = 1u << TAG_HOSTNAME | 1u << TAG_KERNEL |
			    1u << TAG_WRITER | 1u << TAG_COMMAND_LINE |
			    1u << TAG_METRICS;
	if ((seen & required) != required || !h->clock_ticks || !h->page_size)
		goto corrupt;
	unsigned ids = 1u << TAG_LOG_ID | 1u << TAG_RUN_ID | 1u << TAG_PART;
	h->has_ids = (seen & ids) == ids;
	if (!h->has_ids) {
		/* all three or none: a half set says nothing reliable */
		memset(h->log_id, 0, sizeof h->log_id);
		memset(h->run_id, 0, sizeof h->run_id);
		h->part = 0;
	}
	return 0;
corrupt:
	snprintf(err, errlen, "corrupt header (fields)");
	return PSR_E_CORRUPT;
}
