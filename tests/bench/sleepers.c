/* sleepers.c - N idle processes for the scale benchmarks (bighost.sh).
 *
 * usage: sleepers N PIDFILE
 * Forks N children that sleep in pause() until killed, writes their pids
 * to PIDFILE (one a line, through a temporary file and a rename: the file
 * appears whole), then sleeps itself. The children die with it
 * (PR_SET_PDEATHSIG), so killing this one process ends them all. Forked,
 * not exec'ed: each costs its kernel stack and page tables (about 40 KB),
 * where N sleep(1) processes would cost ~200 KB each and N execs. */
#define _GNU_SOURCE
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	if (argc != 3) {
		fprintf(stderr, "usage: sleepers N PIDFILE\n");
		return 2;
	}
	long n = atol(argv[1]);
	char tmp[4096];
	snprintf(tmp, sizeof tmp, "%s.tmp", argv[2]);
	FILE *out = fopen(tmp, "w");
	if (!out || n <= 0) {
		fprintf(stderr, "sleepers: cannot write '%s'\n", tmp);
		return 1;
	}
	pid_t self = getpid();
	for (long i = 0; i < n; i++) {
		pid_t pid = fork();
		if (pid < 0) {
			perror("sleepers: fork");
			return 1;
		}
		if (pid == 0) {
			prctl(PR_SET_PDEATHSIG, SIGKILL);
			if (getppid() != self)
				_exit(0);
			for (;;)
				pause();
		}
		fprintf(out, "%d\n", (int)pid);
	}
	if (fclose(out) != 0 || rename(tmp, argv[2]) != 0) {
		fprintf(stderr, "sleepers: cannot write '%s'\n", argv[2]);
		return 1;
	}
	for (;;)
		pause();
}
