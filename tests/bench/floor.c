/* floor.c - the physical floor of psrec's default set: read stat, statm
 * and io of the given processes through kept-open descriptors with pread,
 * and count descriptors with fstat of the kept-open fd directory, on the
 * same schedule as psrec; no parsing, no encoding, no output. Prints the
 * CPU microseconds per process-sample from getrusage.
 *
 * With -x it also reads status, the floor of psrec's extended set.
 *
 * usage: floor [-x] INTERVAL_SEC DURATION_SEC PID... */
#define _GNU_SOURCE
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/resource.h>
#include <sys/stat.h>
#include <time.h>
#include <unistd.h>

static double now(void)
{
	struct timespec ts;
	clock_gettime(CLOCK_MONOTONIC, &ts);
	return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_until(double t)
{
	struct timespec ts = {(time_t)t, (long)((t - (double)(time_t)t) * 1e9)};
	clock_nanosleep(CLOCK_MONOTONIC, TIMER_ABSTIME, &ts, NULL);
}

int main(int argc, char **argv)
{
	int nfiles = 3;
	if (argc > 1 && argv[1][0] == '-' && argv[1][1] == 'x') {
		nfiles = 4;
		argv++;
		argc--;
	}
	if (argc < 4) {
		fprintf(stderr, "usage: floor [-x] INTERVAL DURATION PID...\n");
		return 2;
	}
	double interval = atof(argv[1]), duration = atof(argv[2]);
	int n = argc - 3;
	int(*fd)[5] = calloc((size_t)n, sizeof *fd);
	static const char *files[4] = {"stat", "statm", "io", "status"};
	for (int i = 0; i < n; i++) {
		char path[64];
		for (int k = 0; k < nfiles; k++) {
			snprintf(path, sizeof path, "/proc/%s/%s", argv[3 + i],
				 files[k]);
			fd[i][k] = open(path, O_RDONLY);
		}
		snprintf(path, sizeof path, "/proc/%s/fd", argv[3 + i]);
		fd[i][4] = open(path, O_RDONLY | O_DIRECTORY);
	}
	char buf[8192];
	long samples = 0;
	double t0 = now();
	for (double t = t0; t <= t0 + duration + 1e-9; t += interval) {
		sleep_until(t);
		for (int i = 0; i < n; i++) {
			for (int k = 0; k < nfiles; k++)
				if (pread(fd[i][k], buf, sizeof buf, 0) < 0)
					return 1;
			struct stat sb;
			fstat(fd[i][4], &sb);
		}
		samples += n;
	}
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	double us = (double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) * 1e6 +
		    (double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec);
	printf("%.3f\n", us / (double)samples);
	return 0;
}
