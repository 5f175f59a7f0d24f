/* bytes.c - where the bytes of a psrec log go (by hand; used by
 * tests/bench/scale.sh): per record type, the raw (decompressed) bytes
 * and what each type costs compressed, and the whole blocks compressed
 * again at other zstd levels with the CPU time that takes.
 *
 * usage: psr-bytes LOG [LEVEL...]
 *
 * A type's compressed share is its records of each block compressed
 * alone at the writer's default level (6), summed over the blocks: zstd
 * finds less to share across types than inside one, so the shares add up
 * to a little more than the blocks do. SAMPLE entries are split into idle
 * ones (mask 0: nothing changed) and the others. Reads the frames itself
 * (FORMAT.md 1-4), so it also works on logs of other versions. */
#define _GNU_SOURCE
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <zstd.h>

enum { TYPES = 16, SAMPLE = 3, IDLE = 14, BUSY = 15 };

static const char *const names[TYPES] = {
	[1] = "BLOCK",   [2] = "PROCESS", [3] = "SAMPLE",
	[4] = "END",     [5] = "CPUS",    [6] = "CLOSE",
	[7] = "SYSTEM",
	[IDLE] = "  SAMPLE idle entries", [BUSY] = "  SAMPLE other entries",
};

static uint32_t le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static int varint(const uint8_t **p, const uint8_t *end, uint64_t *out)
{
	uint64_t v = 0;
	for (unsigned shift = 0; *p < end && shift < 70; shift += 7) {
		uint8_t b = *(*p)++;
		v |= (uint64_t)(b & 0x7f) << shift;
		if (!(b & 0x80)) {
			*out = v;
			return 1;
		}
	}
	return 0;
}

struct stream {
	uint8_t *d;
	size_t n, cap;
};

static void add(struct stream *s, const uint8_t *p, size_t n)
{
	if (s->n + n > s->cap) {
		s->cap = (s->n + n) * 2;
		s->d = realloc(s->d, s->cap);
		if (!s->d)
			exit(1);
	}
	memcpy(s->d + s->n, p, n);
	s->n += n;
}

static double cpu_s(void)
{
	struct rusage r;
	getrusage(RUSAGE_SELF, &r);
	return (double)r.ru_utime.tv_sec + (double)r.ru_utime.tv_usec / 1e6 +
	       (double)r.ru_stime.tv_sec + (double)r.ru_stime.tv_usec / 1e6;
}

static size_t zsize(ZSTD_CCtx *c, const struct stream *s, int level)
{
	if (!s->n)
		return 0;
	size_t cap = ZSTD_compressBound(s->n);
	void *out = malloc(cap);
	ZSTD_CCtx_reset(c, ZSTD_reset_session_and_parameters);
	ZSTD_CCtx_setParameter(c, ZSTD_c_compressionLevel, level);
	ZSTD_CCtx_setParameter(c, ZSTD_c_checksumFlag, 1);
	ZSTD_CCtx_setParameter(c, ZSTD_c_contentSizeFlag, 1);
	size_t z = ZSTD_compress2(c, out, cap, s->d, s->n);
	free(out);
	return ZSTD_isError(z) ? 0 : z;
}

/* Split one SAMPLE payload's entries into idle and other ones. */
static void split_sample(const uint8_t *p, const uint8_t *end,
			 struct stream *idle, struct stream *busy,
			 uint64_t *counts)
{
	uint64_t x, count, mask;
	if (!varint(&p, end, &x) || !varint(&p, end, &x) ||
	    !varint(&p, end, &count))
		return;
	for (uint64_t k = 0; k < count && p < end; k++) {
		const uint8_t *e = p;
		if (!varint(&p, end, &x) || !varint(&p, end, &mask))
			return;
		if (mask & 1 && !varint(&p, end, &x))
			return;
		for (unsigned b = 1; b < 64; b++)
			if (mask >> b & 1 && !varint(&p, end, &x))
				return;
		add(mask ? busy : idle, e, (size_t)(p - e));
		counts[mask ? 1 : 0]++;
	}
}

int main(int argc, char **argv)
{
	if (argc < 2) {
		fputs("usage: psr-bytes LOG [LEVEL...]\n", stderr);
		return 2;
	}
	FILE *f = fopen(argv[1], "rb");
	if (!f) {
		perror(argv[1]);
		return 1;
	}
	struct stream file = {0};
	uint8_t chunk[65536];
	size_t k;
	while ((k = fread(chunk, 1, sizeof chunk, f)) > 0)
		add(&file, chunk, k);
	fclose(f);

	ZSTD_CCtx *c = ZSTD_createCCtx();
	uint64_t raw[TYPES] = {0}, z[TYPES] = {0}, records[TYPES] = {0};
	uint64_t blocks = 0, frames = 0, markers = 0, header = 0;
	int levels[16], nlevels = 0;
	for (int i = 2; i < argc && nlevels < 16; i++)
		levels[nlevels++] = atoi(argv[i]);
	uint64_t lz[16] = {0};
	double lcpu[16] = {0};

	size_t off = 0;
	while (off + 8 <= file.n) {
		uint32_t magic = le32(file.d + off);
		if ((magic & 0xFFFFFFF0u) == 0x184D2A50u) {
			uint32_t size = le32(file.d + off + 4);
			if (magic == 0x184D2A50u)
				header += 8 + size;
			else
				markers += 8 + size;
			off += 8 + (size_t)size;
			continue;
		}
		size_t fsz = ZSTD_findFrameCompressedSize(file.d + off,
							  file.n - off);
		if (ZSTD_isError(fsz))
			break;
		unsigned long long csz =
			ZSTD_getFrameContentSize(file.d + off, fsz);
		struct stream block = {0};
		block.cap = csz == ZSTD_CONTENTSIZE_UNKNOWN ||
				    csz == ZSTD_CONTENTSIZE_ERROR
			    ? 1
			    : (size_t)csz + 1;
		block.d = malloc(block.cap);
		size_t got = ZSTD_decompress(block.d, block.cap, file.d + off,
					     fsz);
		frames += fsz;
		off += fsz;
		if (ZSTD_isError(got)) {
			free(block.d);
			continue;
		}
		block.n = got;
		blocks++;
		struct stream per[TYPES] = {{0}};
		const uint8_t *p = block.d, *end = block.d + block.n;
		while (p < end) {
			const uint8_t *r = p;
			uint8_t type = *p++;
			uint64_t len;
			if (!varint(&p, end, &len) || len > (size_t)(end - p))
				break;
			unsigned t = type < IDLE ? type : 0;
			add(&per[t], r, (size_t)(p - r) + len);
			records[t]++;
			if (type == SAMPLE)
				split_sample(p, p + len, &per[IDLE], &per[BUSY],
					     &records[IDLE]);
			p += len;
		}
		for (unsigned t = 0; t < TYPES; t++) {
			raw[t] += per[t].n;
			z[t] += zsize(c, &per[t], 6);
			free(per[t].d);
		}
		for (int i = 0; i < nlevels; i++) {
			double t0 = cpu_s();
			lz[i] += zsize(c, &block, levels[i]);
			lcpu[i] += cpu_s() - t0;
		}
		free(block.d);
	}
	printf("%s: %zu bytes, %llu blocks; header %llu, markers %llu, "
	       "zstd frames %llu\n",
	       argv[1], file.n, (unsigned long long)blocks,
	       (unsigned long long)header, (unsigned long long)markers,
	       (unsigned long long)frames);
	printf("%-24s %10s %12s %14s\n", "record type", "count", "raw bytes",
	       "alone, zstd 6");
	for (unsigned t = 0; t < TYPES; t++)
		if (raw[t])
			printf("%-24s %10llu %12llu %14llu\n",
			       names[t] ? names[t] : "unknown",
			       (unsigned long long)records[t],
			       (unsigned long long)raw[t],
			       (unsigned long long)z[t]);
	for (int i = 0; i < nlevels; i++)
		printf("blocks at zstd %d: %llu bytes, %.1f ms CPU\n", levels[i],
		       (unsigned long long)lz[i], lcpu[i] * 1e3);
	ZSTD_freeCCtx(c);
	free(file.d);
	return 0;
}
