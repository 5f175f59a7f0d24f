/* iowriter.c - a target for the recorder comparison (compare.sh) whose
 * I/O counters move all the time: writes <bytes> a second to <file> in
 * ten paced writes, syncs once a second (so write_bytes moves as well as
 * wchar) and starts the file again at 8 MiB. psr-workload's write mode
 * writes its bytes at once and then waits, which is what the tests need,
 * not a steady stream. Runs until killed.
 *
 * usage: iowriter <file> <bytes per second> */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#define WRAP (8L << 20)

int main(int argc, char **argv)
{
	struct timespec t;
	long chunk, off = 0;
	char *buf;
	int fd;

	if (argc != 3 || (chunk = atol(argv[2]) / 10) < 1) {
		fputs("usage: iowriter <file> <bytes per second>\n", stderr);
		return 2;
	}
	fd = open(argv[1], O_WRONLY | O_CREAT | O_TRUNC, 0644);
	buf = malloc((size_t)chunk);
	if (fd < 0 || !buf) {
		perror(argv[1]);
		return 1;
	}
	memset(buf, 'w', (size_t)chunk);
	clock_gettime(CLOCK_MONOTONIC, &t);
	for (unsigned long i = 1;; i++) {
		t.tv_nsec += 100000000L;
		if (t.tv_nsec >= 1000000000L) {
			t.tv_nsec -= 1000000000L;
			t.tv_sec++;
		}
		clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &t, NULL);
		if (pwrite(fd, buf, (size_t)chunk, off) != chunk) {
			perror(argv[1]);
			return 1;
		}
		off = off + chunk > WRAP ? 0 : off + chunk;
		if (i % 10 == 0)
			fdatasync(fd);
	}
}
