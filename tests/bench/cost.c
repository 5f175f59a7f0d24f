/* cost.c - psr-cost: run a command and say what it cost, for the
 * benchmarks that compare recorders (compare.sh).
 *
 * usage: cost <out> <command> [<arg>...]
 *
 * Writes "<cpu seconds> <max RSS KiB>" to <out>: user + system time of
 * the command and of every descendant it waited for (wait4's rusage), to
 * the microsecond, so that tools which fork helpers are charged for them
 * too. /usr/bin/time would do, but prints hundredths of a second, too
 * coarse for a recorder that spends 0.1 s in a minute. The command's
 * standard streams are left as they are; the exit status is the
 * command's (1 when it could not run). */
#define _GNU_SOURCE
#include <errno.h>
#include <stdio.h>
#include <string.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>

int main(int argc, char **argv)
{
	struct rusage ru;
	int status;
	pid_t pid, w;
	FILE *out;

	if (argc < 3) {
		fputs("usage: cost <out> <command> [<arg>...]\n", stderr);
		return 2;
	}
	pid = fork();
	if (pid < 0) {
		perror("cost: fork");
		return 1;
	}
	if (pid == 0) {
		execvp(argv[2], argv + 2);
		fprintf(stderr, "cost: cannot run '%s': %s\n", argv[2],
			strerror(errno));
		_exit(127);
	}
	do
		w = wait4(pid, &status, 0, &ru);
	while (w < 0 && errno == EINTR);
	if (w < 0) {
		perror("cost: wait4");
		return 1;
	}
	out = fopen(argv[1], "w");
	if (!out) {
		fprintf(stderr, "cost: cannot write '%s': %s\n", argv[1],
			strerror(errno));
		return 1;
	}
	fprintf(out, "%.6f %ld\n",
		(double)(ru.ru_utime.tv_sec + ru.ru_stime.tv_sec) +
			(double)(ru.ru_utime.tv_usec + ru.ru_stime.tv_usec) / 1e6,
		ru.ru_maxrss);
	if (fclose(out)) {
		fprintf(stderr, "cost: cannot write '%s'\n", argv[1]);
		return 1;
	}
	return WIFEXITED(status) ? WEXITSTATUS(status) : 1;
}
