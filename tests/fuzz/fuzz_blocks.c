/* fuzz_blocks.c - the reader's record decoding, past the checksums.
 *
 * A mutated whole file almost never keeps its marker CRC and zstd
 * checksum right, so fuzz_reader rarely reaches the records. Here the
 * input is the record stream itself: byte 0 picks the header's metric
 * list, the rest is cut at each "#BLK" into blocks, and each block is
 * wrapped as psrec would (marker with its CRC, zstd frame with content
 * size and checksum) before the reader walks the whole log. */
#define _GNU_SOURCE
#include "fuzz.h"
#include "walk.h"

#include "logbuild.h"

#include <stdlib.h>
#include <string.h>

#define SEPARATOR "#BLK"
#define MAX_BLOCKS 64

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	if (size < 1)
		return 0;
	/* 0: default set (19), 1: extended (26), 2: all 30, else a count */
	unsigned n = data[0] == 0 ? 19 : data[0] == 1 ? 26 : data[0] == 2 ? 30
					: 1 + data[0] % 62;
	struct logbuild b;
	if (logbuild_start(&b, n))
		goto out;
	const uint8_t *p = data + 1, *end = data + size;
	for (unsigned k = 0; p <= end && k < MAX_BLOCKS; k++) {
		const uint8_t *cut = memmem(p, (size_t)(end - p), SEPARATOR,
					    sizeof SEPARATOR - 1);
		const uint8_t *stop = cut ? cut : end;
		if (logbuild_block(&b, p, (size_t)(stop - p), NULL))
			goto out;
		if (!cut)
			break;
		p = cut + sizeof SEPARATOR - 1;
	}
	/* an exact-size copy, so that any overrun is seen */
	uint8_t *copy = malloc(b.log.len);
	if (copy) {
		memcpy(copy, b.log.data, b.log.len);
		fuzz_walk_log(copy, b.log.len);
		free(copy);
	}
out:
	logbuild_release(&b);
	return 0;
}
