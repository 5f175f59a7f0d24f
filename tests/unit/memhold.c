/* memhold.c - a sleeping process whose memory changes from outside, for
 * tests/cli/memory_carry.sh (psrec carries the memory of processes that
 * did not run; these are the cases it must not get wrong).
 *
 * usage: memhold file <path> <MiB> <ready-file>
 *          map <path> (created), read every page, create <ready-file>,
 *          then sleep without waking: its resident pages can only go
 *          down by reclaim
 *        memhold vfork|clone <MiB> <seconds> <ready-file>
 *          a child sharing the memory (clone with CLONE_VM, and with
 *          CLONE_VFORK for vfork: the parent waits in state D) creates
 *          <ready-file>, waits 1 s, then touches <MiB> of new pages over
 *          <seconds> and exits; the parent, which never runs meanwhile,
 *          sees its resident size grow, then sleeps */
#define _GNU_SOURCE
#include <fcntl.h>
#include <sched.h>
#include <signal.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

static const char *ready;
static size_t bytes;
static double seconds;
static char *area;

static void say_ready(void)
{
	int fd = open(ready, O_WRONLY | O_CREAT | O_TRUNC, 0644);
	if (fd >= 0)
		close(fd);
}

static void sleep_s(double s)
{
	struct timespec ts = {(time_t)s, (long)((s - (double)(time_t)s) * 1e9)};
	while (nanosleep(&ts, &ts) != 0)
		;
}

static int grow(void *arg)
{
	(void)arg;
	say_ready();
	sleep_s(1);
	size_t page = (size_t)sysconf(_SC_PAGESIZE), steps = 20;
	for (size_t k = 0; k < steps; k++) {
		for (size_t off = k * bytes / steps; off < (k + 1) * bytes / steps;
		     off += page)
			area[off] = 1;
		sleep_s(seconds / (double)steps);
	}
	_exit(0);
}

int main(int argc, char **argv)
{
	if (argc == 5 && strcmp(argv[1], "file") == 0) {
		bytes = (size_t)atol(argv[3]) << 20;
		ready = argv[4];
		int fd = open(argv[2], O_RDWR | O_CREAT | O_TRUNC, 0644);
		if (fd < 0 || ftruncate(fd, (off_t)bytes) != 0)
			return 1;
		char *p = mmap(NULL, bytes, PROT_READ, MAP_SHARED, fd, 0);
		if (p == MAP_FAILED)
			return 1;
		volatile char sum = 0;
		for (size_t off = 0; off < bytes; off += 4096)
			sum += p[off];
		say_ready();
		for (;;)
			pause();
	}
	if (argc == 5 && (strcmp(argv[1], "vfork") == 0 ||
			  strcmp(argv[1], "clone") == 0)) {
		bytes = (size_t)atol(argv[2]) << 20;
		seconds = atof(argv[3]);
		ready = argv[4];
		area = mmap(NULL, bytes, PROT_READ | PROT_WRITE,
			    MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		size_t stack_size = 1 << 20;
		char *stack = mmap(NULL, stack_size, PROT_READ | PROT_WRITE,
				   MAP_PRIVATE | MAP_ANONYMOUS, -1, 0);
		if (area == MAP_FAILED || stack == MAP_FAILED)
			return 1;
		int flags = CLONE_VM | SIGCHLD;
		if (argv[1][0] == 'v')
			flags |= CLONE_VFORK;
		if (clone(grow, stack + stack_size, flags, NULL) < 0)
			return 1;
		for (;;)
			pause(); /* the child's exit (SIGCHLD, ignored) wakes nothing */
	}
	fputs("usage: memhold file <path> <MiB> <ready-file>\n"
	      "       memhold vfork|clone <MiB> <seconds> <ready-file>\n",
	      stderr);
	return 2;
}
