/* utf8.h - text from /proc is bytes: a process name or command line need
 * not be valid UTF-8. PDF text, PLplot and SVG all want valid UTF-8. */
#ifndef PSREPORT_UTF8_H
#define PSREPORT_UTF8_H

#include <stddef.h>

/* Copy src into dst (dstlen > 0) with every invalid, overlong, surrogate
 * or truncated sequence replaced by U+FFFD and control characters by
 * spaces; always terminated, cut on a character boundary when dst is too
 * small. Returns the length written. */
size_t utf8_clean(char *dst, size_t dstlen, const char *src);

/* Length of the valid UTF-8 sequence at s, of the left bytes there; 0
 * when it is invalid, overlong, a surrogate or cut short. */
size_t utf8_seq_len(const char *s, size_t left);

#endif
