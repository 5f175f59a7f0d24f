/* psr/error.h - error codes shared by the psr libraries.
 *
 * Library functions return 0 (or a positive count) on success and a
 * negative code on failure: either -errno from the C library or one of the
 * PSR_E* codes below. Detail about the failure (which field, which offset)
 * is kept on the handle and read with the handle's errmsg function. */
#ifndef PSR_ERROR_H
#define PSR_ERROR_H

enum psr_error {
	PSR_E_NOTLOG = -1000,  /* not a psrec log (bad magic, no header frame) */
	PSR_E_VERSION = -1001, /* the log needs a newer reader */
	PSR_E_CORRUPT = -1002, /* a structure does not parse */
	PSR_E_ZSTD = -1003,    /* zstd failed to compress or decompress */
	PSR_E_USAGE = -1004,   /* the caller broke an API rule */
	PSR_E_LIMIT = -1005,   /* a declared size is beyond the reader's limits */
};

/* Text for a code returned by any psr_* function ("" for 0). */
const char *psr_strerror(int code);

#endif
