/* codec.h - byte-level helpers of the log format (internal to format/).
 *
 * Every field goes to disk through these: explicit little-endian
 * integers, LEB128 varints and zigzag, never a C struct. */
#ifndef PSR_FORMAT_CODEC_H
#define PSR_FORMAT_CODEC_H

#include <stddef.h>
#include <stdint.h>

#define VARINT_MAX 10

static inline void put_le16(uint8_t *p, uint16_t v)
{
	p[0] = (uint8_t)v;
	p[1] = (uint8_t)(v >> 8);
}

static inline void put_le32(uint8_t *p, uint32_t v)
{
	for (int i = 0; i < 4; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline void put_le64(uint8_t *p, uint64_t v)
{
	for (int i = 0; i < 8; i++)
		p[i] = (uint8_t)(v >> (8 * i));
}

static inline uint16_t get_le16(const uint8_t *p)
{
	return (uint16_t)(p[0] | (p[1] << 8));
}

static inline uint32_t get_le32(const uint8_t *p)
{
	return (uint32_t)p[0] | (uint32_t)p[1] << 8 | (uint32_t)p[2] << 16 |
	       (uint32_t)p[3] << 24;
}

static inline uint64_t get_le64(const uint8_t *p)
{
	return (uint64_t)get_le32(p) | (uint64_t)get_le32(p + 4) << 32;
}

/* Zigzag in unsigned arithmetic only: a right shift of a negative value
 * is implementation-defined in C, and so is the conversion of an
 * unsigned value above INT64_MAX to int64_t. */
static inline uint64_t zigzag_encode(int64_t v)
{
	uint64_t u = (uint64_t)v;

	return (u << 1) ^ (0 - (u >> 63));
}

static inline int64_t zigzag_decode(uint64_t v)
{
	uint64_t u = (v >> 1) ^ (0 - (v & 1));

	/* u is v's value in two's complement: above INT64_MAX, negative */
	return u <= INT64_MAX ? (int64_t)u : -(int64_t)(~u) - 1;
}

/* Write v as LEB128 at p (room for VARINT_MAX bytes); return its length. */
static inline size_t varint_put(uint8_t *p, uint64_t v)
{
	size_t n = 0;
	while (v >= 0x80) {
		p[n++] = (uint8_t)(v | 0x80);
		v >>= 7;
	}
	p[n++] = (uint8_t)v;
	return n;
}

/* A bounded read cursor: once a read fails, ok stays 0 and every later
 * read returns 0, so a parser checks once at the end of a structure. */
struct cursor {
	const uint8_t *p;
	const uint8_t *end;
	int ok;
};

static inline void cursor_init(struct cursor *c, const void *p, size_t n)
{
	c->p = p;
	c->end = c->p + n;
	c->ok = 1;
}

static inline size_t cursor_left(const struct cursor *c)
{
	return (size_t)(c->end - c->p);
}

uint64_t cursor_varint(struct cursor *c);

static inline int64_t cursor_zvarint(struct cursor *c)
{
	return zigzag_decode(cursor_varint(c));
}

/* Take a varint-prefixed byte string of at most max bytes. */
const uint8_t *cursor_bytes(struct cursor *c, size_t *len, size_t max);

/* A growable byte buffer; memory is kept between uses (buf_reset). */
struct buf {
	uint8_t *data;
	size_t len;
	size_t cap;
};

int buf_reserve(struct buf *b, size_t extra);
void buf_release(struct buf *b);

static inline void buf_reset(struct buf *b)
{
	b->len = 0;
}

/* Appenders assume buf_reserve made room; callers reserve per record. */
static inline void buf_varint(struct buf *b, uint64_t v)
{
	b->len += varint_put(b->data + b->len, v);
}

static inline void buf_zvarint(struct buf *b, int64_t v)
{
	buf_varint(b, zigzag_encode(v));
}

void buf_mem(struct buf *b, const void *p, size_t n);

/* CRC-32 (ISO-HDLC polynomial, zlib's crc32 of a single buffer). */
uint32_t psr_crc32(const void *p, size_t n);

#endif
