/* leak.c - a program that leaks memory at a steady, realistic pace, for
 * the corpus of real recordings (tests/corpus/record-verdicts.sh) and the
 * sweep of the smallest leak psreport finds.
 *
 * usage: leak <KiB/s> <seconds> [<sawtooth MiB> <period s>]
 *
 * Every 100 ms it mallocs <KiB/s>/10 KiB, writes to it and keeps the
 * pointer (never freed), and, as a real program does, replaces one of 64
 * working buffers of 4-64 KiB (freed and malloced again: the noise a
 * leak hides in). With a sawtooth it also fills a cache of <sawtooth MiB>
 * over <period s> and drops it, the shape of a GC or a bounded cache,
 * under the leak. 0 KiB/s is the same program without the leak. */
#define _GNU_SOURCE
#include <malloc.h>
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#define POOL 64
#define CHUNK (256 * 1024)

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void *touched(size_t n)
{
	char *p = malloc(n ? n : 1);
	if (!p) {
		perror("leak: malloc");
		exit(1);
	}
	memset(p, 0x5a, n);
	return p;
}

int main(int argc, char **argv)
{
	if (argc != 3 && argc != 5) {
		fprintf(stderr, "usage: leak <KiB/s> <seconds> [<sawtooth MiB> <period s>]\n");
		return 2;
	}
	double rate = atof(argv[1]) * 1024, secs = atof(argv[2]);
	double saw = argc == 5 ? atof(argv[3]) * 1024 * 1024 : 0;
	double period = argc == 5 ? atof(argv[4]) : 1;
	/* the cache's chunks are mmapped and unmapped when dropped, as large
	 * allocations are; a fixed threshold stops glibc from raising it
	 * after the first free and keeping the freed chunks in the heap */
	mallopt(M_MMAP_THRESHOLD, CHUNK / 2);
	void *pool[POOL] = {0};
	size_t ncache = (size_t)(saw / CHUNK), filled = 0;
	void **cache = calloc(ncache ? ncache : 1, sizeof *cache);
	void **kept = NULL;
	size_t nkept = 0, cap = 0;
	double start = now(), leaked = 0;
	unsigned seed = 1;

	for (long tick = 0;; tick++) {
		double t = start + (double)tick * 0.1;
		if (t - start >= secs)
			break;
		/* the leak: what is due by now, kept forever */
		double due = rate * (t - start) - leaked;
		if (due >= 1) {
			if (nkept == cap) {
				cap = cap ? 2 * cap : 1024;
				kept = realloc(kept, cap * sizeof *kept);
				if (!kept)
					return 1;
			}
			kept[nkept++] = touched((size_t)due);
			leaked += (double)(size_t)due;
		}
		/* the working set: one buffer replaced */
		size_t i = (size_t)rand_r(&seed) % POOL;
		free(pool[i]);
		pool[i] = touched(4096 + (size_t)rand_r(&seed) % (60 * 1024));
		/* the cache: fills over a period, then dropped at once */
		if (ncache) {
			double phase = fmod(t - start, period) / period;
			size_t want = (size_t)(phase * (double)ncache) + 1;
			if (want > ncache)
				want = ncache;
			if (want < filled) { /* a new period: drop it all */
				while (filled)
					free(cache[--filled]);
			}
			while (filled < want)
				cache[filled++] = touched(CHUNK);
		}
		struct timespec ts;
		double wait = t + 0.1 - now();
		if (wait > 0) {
			ts.tv_sec = (time_t)wait;
			ts.tv_nsec = (long)((wait - (double)ts.tv_sec) * 1e9);
			nanosleep(&ts, NULL);
		}
	}
	return 0;
}
