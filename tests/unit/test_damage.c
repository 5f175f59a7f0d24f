/* test_damage.c LOG - damage a real log every way a crash or a bad disk
 * would, and check the reader keeps all it can and never fails badly:
 * - cut at every byte offset of the last block: all earlier samples read,
 *   "truncated after N samples";
 * - a flipped byte in each block's frame and in each block's marker:
 *   exactly that block's samples lost, reading goes on;
 * - random flips anywhere: no crash, no error past the header. */
#define _GNU_SOURCE
#include "check.h"

#include "../../format/codec.h"
#include "../../format/layout.h"

#include <psr/log.h>

#include <stdlib.h>
#include <string.h>

struct block {
	size_t at;   /* marker offset */
	size_t size; /* marker + frame */
	uint32_t samples;
};

struct result {
	int rc;
	uint64_t samples;
	unsigned warnings;
	int truncated_warning;
};

static struct result read_all(const uint8_t *p, size_t n)
{
	struct result res = {0};
	struct psr_reader *r;
	res.rc = psr_reader_open_mem(&r, p, n);
	struct psr_record rec;
	while (res.rc == 0 && (res.rc = psr_reader_next(r, &rec)) > 0) {
		res.rc = 0;
		if (rec.type == PSR_REC_SAMPLE)
			res.samples++;
		if (rec.type == PSR_REC_WARNING) {
			res.warnings++;
			if (strstr(rec.u.warning, "truncated after"))
				res.truncated_warning = 1;
		}
	}
	psr_reader_free(r);
	return res;
}

static size_t find_blocks(const uint8_t *p, size_t n, struct block *b,
			  size_t max, uint64_t *total)
{
	size_t off = FRAME_PREFIX + get_le32(p + 4), k = 0;
	*total = 0;
	while (off + MARKER_SIZE <= n && k < max) {
		b[k].at = off;
		b[k].size = MARKER_SIZE + get_le32(p + off + 16);
		b[k].samples = get_le32(p + off + 24);
		*total += b[k].samples;
		off += b[k++].size;
	}
	CHECK(off == n, "blocks do not tile the file");
	return k;
}

static void cut_last_block(const uint8_t *p, const struct block *last,
			   uint64_t total)
{
	uint64_t want = total - last->samples;
	for (size_t cut = last->at; cut < last->at + last->size; cut++) {
		struct result r = read_all(p, cut);
		CHECK(r.rc == 0 && r.samples == want && r.truncated_warning,
		      "cut at %zu: rc %d, %llu samples (want %llu)", cut, r.rc,
		      (unsigned long long)r.samples, (unsigned long long)want);
	}
}

static void flip_each_block(uint8_t *p, size_t n, const struct block *b,
			    size_t nb, uint64_t total)
{
	for (size_t i = 0; i < nb; i++) {
		size_t where[2] = {b[i].at + MARKER_SIZE +
					   (b[i].size - MARKER_SIZE) / 2,
				   b[i].at + 13 /* marker: sequence */};
		for (int w = 0; w < 2; w++) {
			p[where[w]] ^= 0x5a;
			struct result r = read_all(p, n);
			p[where[w]] ^= 0x5a;
			/* the last block holds CLOSE: losing it also says
			 * "truncated" */
			CHECK(r.rc == 0 && r.samples == total - b[i].samples &&
				      r.warnings >= 1,
			      "flip in block %zu (%s): rc %d, %llu samples, "
			      "want %llu",
			      i, w ? "marker" : "frame", r.rc,
			      (unsigned long long)r.samples,
			      (unsigned long long)(total - b[i].samples));
		}
	}
}

static void random_flips(uint8_t *p, size_t n, size_t header_end)
{
	srand(12345);
	for (int i = 0; i < 300; i++) {
		size_t at = header_end + (size_t)rand() % (n - header_end);
		uint8_t x = (uint8_t)(1 + rand() % 255);
		p[at] ^= x;
		struct result r = read_all(p, n);
		p[at] ^= x;
		CHECK(r.rc == 0, "flip at %zu: rc %d", at, r.rc);
	}
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_damage LOG\n");
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	static uint8_t data[16 << 20];
	size_t n = fread(data, 1, sizeof data, f);
	fclose(f);
	struct block b[4096];
	uint64_t total;
	size_t nb = find_blocks(data, n, b, 4096, &total);
	CHECK(nb >= 3, "the log needs at least 3 blocks, has %zu", nb);
	struct result whole = read_all(data, n);
	CHECK(whole.rc == 0 && whole.samples == total && whole.warnings == 0,
	      "intact log: rc %d, %llu samples, %u warnings", whole.rc,
	      (unsigned long long)whole.samples, whole.warnings);
	if (nb >= 3) {
		cut_last_block(data, &b[nb - 1], total);
		flip_each_block(data, n, b, nb, total);
		random_flips(data, n, b[0].at);
	}
	printf("%zu blocks, %llu samples, %zu bytes\n", nb,
	       (unsigned long long)total, n);
	return check_result();
}
