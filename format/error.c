/* error.c - text of the error codes of psr/error.h. */
#include <psr/error.h>

#include <string.h>

const char *psr_strerror(int code)
{
	switch (code) {
	case 0:
		return "";
	case PSR_E_NOTLOG:
		return "not a psrec log";
	case PSR_E_VERSION:
		return "the log needs a newer reader";
	case PSR_E_CORRUPT:
		return "corrupt log";
	case PSR_E_ZSTD:
		return "compression failed";
	case PSR_E_USAGE:
		return "invalid use of the log API";
	case PSR_E_LIMIT:
		return "a declared size is beyond the reader's limits";
	default:
		return code < 0 && code > -4096 ? strerror(-code)
						: "unknown error";
	}
}
