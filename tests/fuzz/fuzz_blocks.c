#define _GNU_SOURCE
/* fuzz_blocks.c - the reader's record decoding, past the checksums.
 *
 * A mutated whole file almost never keeps its marker CRC and zstd
 * checksum right, so fuzz_reader rarely reaches the records. Here the
 * input is the record stream itself: byte 0 picks the header's metric
 * list, the rest is cut at each "#BLK" into blocks, and each block is
 * wrapped as psrec would (marker with its CRC, zstd frame with content
 * size and checksum) before the reader walks the whole log. */
#include "fuzz.h"
#include "walk.h"

#include "../../format/codec.h"
#include "../../format/layout.h"

#include <stdlib.h>
#include <string.h>
#include <zstd.h>

#define SEPARATOR "#BLK"
#define MAX_BLOCKS 64

static void make_header(struct psr_header *h, uint8_t pick)
{
	memset(h, 0, sizeof *h);
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
	strcpy(h->writer, "psrec fuzz");
	h->command_line = (char *)"psrec\0";
	h->command_line_len = 6;
	/* 0: default set (19), 1: extended (26), 2: all 30, else a count */
	unsigned n = pick == 0 ? 19 : pick == 1 ? 26 : pick == 2 ? 30
						 : 1 + pick % 62;
	for (unsigned i = 0; i < n; i++)
		h->metrics[i] = (uint8_t)(n - 1 - i); /* reversed: mask order */
	h->metric_count = n;
}

static int add_block(struct buf *out, ZSTD_CCtx *z, uint32_t seq,
		     const uint8_t *p, size_t n)
{
	size_t bound = ZSTD_compressBound(n);
	if (buf_reserve(out, MARKER_SIZE + bound))
		return -1;
	uint8_t *m = out->data + out->len;
	size_t fsize = ZSTD_compress2(z, m + MARKER_SIZE, bound, p, n);
	if (ZSTD_isError(fsize))
		return -1;
	put_le32(m, SKIPPABLE_MARKER_MAGIC);
	put_le32(m + 4, MARKER_PAYLOAD);
	memcpy(m + 8, MARKER_SYNC, 4);
	put_le32(m + 12, seq);
	put_le32(m + 16, (uint32_t)fsize);
	put_le32(m + 20, (uint32_t)n);
	put_le32(m + 24, 0);
	put_le32(m + 28, psr_crc32(m + 8, 20));
	out->len += MARKER_SIZE + fsize;
	return 0;
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	struct psr_header h;
	make_header(&h, data[0]);
	struct buf log = {0}, hdr = {0};
	ZSTD_CCtx *z = ZSTD_createCCtx();
	if (!z || header_encode(&hdr, &h) || buf_reserve(&log, FRAME_PREFIX))
		goto out;
	put_le32(log.data, SKIPPABLE_HEADER_MAGIC);
	put_le32(log.data + 4, (uint32_t)hdr.len);
	log.len = FRAME_PREFIX;
	if (buf_reserve(&log, hdr.len))
		goto out;
	buf_mem(&log, hdr.data, hdr.len);
	ZSTD_CCtx_setParameter(z, ZSTD_c_compressionLevel, 1);
	ZSTD_CCtx_setParameter(z, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(z, ZSTD_c_contentSizeFlag, 1);
	const uint8_t *p = data + 1, *end = data + size;
	for (uint32_t seq = 0; p <= end && seq < MAX_BLOCKS; seq++) {
		const uint8_t *cut = memmem(p, (size_t)(end - p), SEPARATOR,
					    sizeof SEPARATOR - 1);
		const uint8_t *stop = cut ? cut : end;
		if (add_block(&log, z, seq, p, (size_t)(stop - p)))
			goto out;
		if (!cut)
			break;
		p = cut + sizeof SEPARATOR - 1;
	}
	/* an exact-size copy, so that any overrun is seen */
	uint8_t *copy = malloc(log.len);
	if (copy) {
		memcpy(copy, log.data, log.len);
		fuzz_walk_log(copy, log.len);
		free(copy);
	}
out:
	ZSTD_freeCCtx(z);
	buf_release(&hdr);
	buf_release(&log);
	return 0;
}
