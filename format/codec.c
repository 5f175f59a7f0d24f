/* codec.c - varint cursor, growable buffer and CRC-32 for the log format. */
#include "codec.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

uint64_t cursor_varint(struct cursor *c)
{
	uint64_t v = 0;
	for (unsigned shift = 0; shift < 70; shift += 7) {
		if (!c->ok || c->p >= c->end)
			break;
		uint8_t byte = *c->p++;
		/* the tenth byte may only hold bit 63 */
		if (shift == 63 && byte > 1)
			break;
		v |= (uint64_t)(byte & 0x7f) << shift;
		if (!(byte & 0x80))
			return v;
	}
	c->ok = 0;
	return 0;
}

const uint8_t *cursor_bytes(struct cursor *c, size_t *len, size_t max)
{
	uint64_t n = cursor_varint(c);
	if (!c->ok || n > max || n > cursor_left(c)) {
		c->ok = 0;
		*len = 0;
		return NULL;
	}
	const uint8_t *p = c->p;
	c->p += n;
	*len = (size_t)n;
	return p;
}

int buf_reserve(struct buf *b, size_t extra)
{
	if (b->cap - b->len >= extra)
		return 0;
	size_t want = b->cap ? b->cap : 4096;
	while (want - b->len < extra) {
		if (want > SIZE_MAX / 2)
			return -ENOMEM;
		want *= 2;
	}
	uint8_t *p = realloc(b->data, want);
	if (!p)
		return -ENOMEM;
	b->data = p;
	b->cap = want;
	return 0;
}

void buf_release(struct buf *b)
{
	free(b->data);
	b->data = NULL;
	b->len = b->cap = 0;
}

void buf_mem(struct buf *b, const void *p, size_t n)
{
	if (n)
		memcpy(b->data + b->len, p, n);
	b->len += n;
}

static uint32_t crc_table[256];

static void crc_init(void)
{
	for (uint32_t i = 0; i < 256; i++) {
		uint32_t c = i;
		for (int k = 0; k < 8; k++)
			c = (c & 1) ? 0xEDB88320u ^ (c >> 1) : c >> 1;
		crc_table[i] = c;
	}
}

uint32_t psr_crc32(const void *p, size_t n)
{
	/* The table is built on first use; a race would only build it twice
	 * with the same contents, but psr is single-threaded anyway. */
	if (!crc_table[1])
		crc_init();
	const uint8_t *s = p;
	uint32_t c = 0xFFFFFFFFu;
	while (n--)
		c = crc_table[(c ^ *s++) & 0xff] ^ (c >> 8);
	return c ^ 0xFFFFFFFFu;
}
