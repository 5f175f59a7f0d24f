/* fuzz.h - the one entry point every fuzz target defines. It is linked
 * either with libFuzzer (clang -fsanitize=fuzzer, tests/fuzz/run-fuzz.sh)
 * or with replay.c, a plain main() that feeds it a committed corpus in
 * the test suite. */
#ifndef PSR_FUZZ_H
#define PSR_FUZZ_H

#include <stddef.h>
#include <stdint.h>

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size);

#endif
