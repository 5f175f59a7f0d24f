/* fuzz_reader.c - the log reader on a whole file (psr_reader_open_mem):
 * open, walk every record to the end, touch every string and value it
 * hands out. Must never crash, hang, or allocate beyond what the input
 * can justify (libFuzzer's -rss_limit_mb catches the last). */
#include "fuzz.h"
#include "walk.h"

#include <psr/log.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
	fuzz_walk_log(data, size);
	return 0;
}
