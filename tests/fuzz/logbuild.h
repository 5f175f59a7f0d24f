/* logbuild.h - build a log in memory from raw record streams, wrapping
 * each as psrec would (header frame; per block a marker with its CRC and
 * a zstd frame with content size and checksum), so that tests and fuzz
 * targets can hand the reader records that pass every checksum. Internal
 * to the tests: uses format/'s codec and header encoder. */
#ifndef PSR_TESTS_LOGBUILD_H
#define PSR_TESTS_LOGBUILD_H

#include "../../format/codec.h"
#include "../../format/layout.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

struct logbuild {
	struct buf log;
	ZSTD_CCtx *z;
	uint32_t seq;
};

/* A header as psrec writes it with n metrics (ids n-1 .. 0). */
static inline void logbuild_header(struct psr_header *h, unsigned n)
{
	memset(h, 0, sizeof *h);
	h->version = PSR_FORMAT_VERSION;
	h->min_reader = 1;
	h->start_epoch_ns = 1700000000000000000LL;
	h->start_mono_ns = 1000000000ull;
	h->boot_epoch_ns = 1690000000000000000LL;
	h->interval_ns = 100000000ull;
	h->clock_ticks = 100;
	h->page_size = 4096;
	h->cpu_count = 2;
	strcpy(h->hostname, "fuzz");
	strcpy(h->kernel, "6.1");
	strcpy(h->machine, "x86_64");
	strcpy(h->writer, "psrec test");
	h->command_line = (char *)"psrec\0";
	h->command_line_len = 6;
	for (unsigned i = 0; i < n; i++)
		h->metrics[i] = (uint8_t)(n - 1 - i);
	h->metric_count = n;
}

/* Start a log with header h. 0 or -1. */
static inline int logbuild_start_header(struct logbuild *b,
					const struct psr_header *h)
{
	struct buf hdr = {0};
	memset(b, 0, sizeof *b);
	b->z = ZSTD_createCCtx();
	if (!b->z || header_encode(&hdr, h) ||
	    buf_reserve(&b->log, FRAME_PREFIX + hdr.len)) {
		buf_release(&hdr);
		return -1;
	}
	put_le32(b->log.data, SKIPPABLE_HEADER_MAGIC);
	put_le32(b->log.data + 4, (uint32_t)hdr.len);
	b->log.len = FRAME_PREFIX;
	buf_mem(&b->log, hdr.data, hdr.len);
	buf_release(&hdr);
	ZSTD_CCtx_setParameter(b->z, ZSTD_c_compressionLevel, 1);
	ZSTD_CCtx_setParameter(b->z, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(b->z, ZSTD_c_contentSizeFlag, 1);
	return 0;
}

/* Start a log whose header has n metrics. 0 or -1. */
static inline int logbuild_start(struct logbuild *b, unsigned n)
{
	struct psr_header h;
	logbuild_header(&h, n);
	return logbuild_start_header(b, &h);
}

/* Rewrite the sizes of the marker at offset at, with a right CRC. */
static inline void logbuild_patch_marker(struct logbuild *b, size_t at,
					 uint32_t fsize, uint32_t csize)
{
	uint8_t *m = b->log.data + at;
	put_le32(m + 16, fsize);
	put_le32(m + 20, csize);
	put_le32(m + 28, psr_crc32(m + 8, 20));
}

/* Append one block holding content[0..n); its marker's offset in *at. */
static inline int logbuild_block(struct logbuild *b, const void *content,
				 size_t n, size_t *at)
{
	size_t bound = ZSTD_compressBound(n);
	if (buf_reserve(&b->log, MARKER_SIZE + bound))
		return -1;
	uint8_t *m = b->log.data + b->log.len;
	size_t fsize = ZSTD_compress2(b->z, m + MARKER_SIZE, bound, content, n);
	if (ZSTD_isError(fsize))
		return -1;
	put_le32(m, SKIPPABLE_MARKER_MAGIC);
	put_le32(m + 4, MARKER_PAYLOAD);
	memcpy(m + 8, MARKER_SYNC, 4);
	put_le32(m + 12, b->seq++);
	put_le32(m + 24, 0);
	if (at)
		*at = b->log.len;
	size_t here = b->log.len;
	b->log.len += MARKER_SIZE + fsize;
	logbuild_patch_marker(b, here, (uint32_t)fsize, (uint32_t)n);
	return 0;
}

/* ---- record streams: one record, varints, bytes ---- */

static inline void rec(struct buf *out, unsigned type, const struct buf *payload)
{
	if (buf_reserve(out, 1 + VARINT_MAX + payload->len))
		abort();
	out->data[out->len++] = (uint8_t)type;
	buf_varint(out, payload->len);
	buf_mem(out, payload->data, payload->len);
}

static inline void put_varints(struct buf *p, const uint64_t *v, size_t n)
{
	if (buf_reserve(p, n * VARINT_MAX))
		abort();
	for (size_t i = 0; i < n; i++)
		buf_varint(p, v[i]);
}

static inline void put_bytes(struct buf *p, const void *s, size_t n)
{
	if (buf_reserve(p, VARINT_MAX + n))
		abort();
	buf_varint(p, n);
	buf_mem(p, s, n);
}

static inline void block_rec(struct buf *out, uint64_t seq)
{
	struct buf p = {0};
	put_varints(&p, &seq, 1);
	rec(out, 0x01, &p);
	buf_release(&p);
}

static inline void process_rec(struct buf *out, uint64_t id, const void *comm,
			size_t comm_len, const void *cmd, size_t cmd_len)
{
	struct buf p = {0};
	uint64_t v[] = {id, 1000 + id, 1, 42, 0, 0};
	put_varints(&p, v, 6);
	put_bytes(&p, comm, comm_len);
	put_bytes(&p, cmd, cmd_len);
	rec(out, 0x02, &p);
	buf_release(&p);
}

static inline void logbuild_release(struct logbuild *b)
{
	ZSTD_freeCCtx(b->z);
	buf_release(&b->log);
}

#endif
