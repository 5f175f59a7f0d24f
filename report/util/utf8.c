/* utf8.c - UTF-8 validation by the table of RFC 3629, section 4. */
#include "utf8.h"

#include <string.h>

/* Length of the valid sequence at s (left bytes there), or 0 if invalid. */
static size_t valid_len(const unsigned char *s, size_t left)
{
	unsigned char c = s[0];
	if (c < 0x80)
		return 1;
	size_t n;
	unsigned char lo = 0x80, hi = 0xbf;
	if (c >= 0xc2 && c <= 0xdf)
		n = 2;
	else if (c >= 0xe0 && c <= 0xef) {
		n = 3;
		if (c == 0xe0)
			lo = 0xa0; /* overlong */
		if (c == 0xed)
			hi = 0x9f; /* surrogates */
	} else if (c >= 0xf0 && c <= 0xf4) {
		n = 4;
		if (c == 0xf0)
			lo = 0x90;
		if (c == 0xf4)
			hi = 0x8f; /* above U+10FFFF */
	} else
		return 0;
	if (left < n)
		return 0;
	if (s[1] < lo || s[1] > hi)
		return 0;
	for (size_t i = 2; i < n; i++)
		if (s[i] < 0x80 || s[i] > 0xbf)
			return 0;
	return n;
}

size_t utf8_clean(char *dst, size_t dstlen, const char *src)
{
	static const char repl[] = "\xef\xbf\xbd";
	const unsigned char *s = (const unsigned char *)(src ? src : "");
	size_t out = 0;
	while (*s) {
		size_t n = valid_len(s, (size_t)-1); /* NUL-terminated */
		const char *put = (const char *)s;
		size_t len = n;
		if (n == 0) {
			put = repl;
			len = 3;
			n = 1;
		} else if (n == 1 && (*s < 0x20 || *s == 0x7f)) {
			put = " ";
		}
		if (out + len >= dstlen)
			break;
		memcpy(dst + out, put, len);
		out += len;
		s += n;
	}
	dst[out] = 0;
	return out;
}

size_t utf8_seq_len(const char *s, size_t left)
{
	return left ? valid_len((const unsigned char *)s, left) : 0;
}
