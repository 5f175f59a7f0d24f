/* procwalk.c - finding processes: the proc root's pid directories, the
 * processes of a name, a process's children, the last pid given out. */
#define _GNU_SOURCE
#include "procwalk.h"
#include "procparse.h"

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* argv[0]'s basename from a cmdline file, into out. */
static void argv0_base(const struct proc_files *f, char *out, size_t cap)
{
	char buf[4096];
	out[0] = 0;
	ssize_t n = proc_read_file(f, FD_ON_DEMAND, "cmdline", buf, sizeof buf);
	if (n <= 0)
		return;
	const char *slash = strrchr(buf, '/'); /* buf's first string */
	snprintf(out, cap, "%s", slash ? slash + 1 : buf);
}

static int name_matches(int dir, const char *name)
{
	char buf[4096], base[4096];
	struct psr_values scratch = {0};
	struct stat_ident si;
	struct proc_files f = {.dir = dir};
	ssize_t n = proc_read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &scratch, &si) != 0 ||
	    si.state == 'Z')
		return 0;
	if (strcmp(si.comm, name) == 0)
		return 1;
	argv0_base(&f, base, sizeof base);
	return strcmp(base, name) == 0;
}

int procfs_each(const struct procfs *fs, int (*fn)(pid_t pid, void *ctx),
		void *ctx)
{
	int fd = openat(fs->root_fd, ".", O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	DIR *d = fd >= 0 ? fdopendir(fd) : NULL;
	if (!d) {
		int e = errno;
		if (fd >= 0)
			close(fd);
		return -e;
	}
	pid_t self = getpid();
	int rc = 0;
	struct dirent *e;
	while (!rc && (e = readdir(d))) {
		const char *s = e->d_name;
		if (*s < '1' || *s > '9')
			continue; /* not a pid: self, sys, meminfo... */
		long pid = 0;
		for (; *s >= '0' && *s <= '9' && pid < 1 << 30; s++)
			pid = pid * 10 + (*s - '0');
		if (!*s && pid != self)
			rc = fn((pid_t)pid, ctx);
	}
	closedir(d);
	return rc;
}

struct find_ctx {
	const struct procfs *fs;
	const char *name;
	int (*fn)(pid_t pid, void *ctx);
	void *ctx;
};

static int find_one(pid_t pid, void *vctx)
{
	struct find_ctx *c = vctx;
	char d[16];
	int rc = 0;

	snprintf(d, sizeof d, "%d", (int)pid);
	int dir = openat(c->fs->root_fd, d, O_RDONLY | O_DIRECTORY | O_CLOEXEC);
	if (dir < 0)
		return 0; /* gone meanwhile */
	if (name_matches(dir, c->name))
		rc = c->fn(pid, c->ctx);
	close(dir);
	return rc;
}

/* The processes named name: the pids of procfs_each() whose comm or
 * argv[0]'s basename is name. */
int procfs_find_name(const struct procfs *fs, const char *name,
		     int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	struct find_ctx c = {fs, name, fn, ctx};

	return procfs_each(fs, find_one, &c);
}

/* Pids in a children file: "123 456 " (a space after each). */
static int each_child(const char *buf, ssize_t n,
		      int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	const char *p = buf, *end = buf + n;
	while (p < end) {
		uint64_t pid;
		if (!procparse_num(&p, end, &pid))
			break;
		int rc = fn((pid_t)pid, ctx);
		if (rc)
			return rc;
	}
	return 0;
}

int proc_children(const struct proc_files *f,
		  int (*fn)(pid_t pid, void *ctx), void *ctx)
{
	int task = proc_open_file(f, "task", O_DIRECTORY);
	DIR *d = task >= 0 ? fdopendir(task) : NULL;
	if (!d) {
		int e = errno;
		if (task >= 0)
			close(task);
		return -e;
	}
	int rc = 0;
	struct dirent *e;
	static char buf[65536]; /* ~9,000 children of one thread */
	char path[300];
	while (!rc && (e = readdir(d))) {
		if (e->d_name[0] < '1' || e->d_name[0] > '9')
			continue;
		snprintf(path, sizeof path, "%.32s/children", e->d_name);
		int fd = openat(dirfd(d), path, O_RDONLY | O_CLOEXEC);
		if (fd < 0)
			continue; /* the thread ended meanwhile */
		ssize_t n = 0, k;
		while ((size_t)n < sizeof buf &&
		       ((k = read(fd, buf + n, sizeof buf - (size_t)n)) > 0 ||
			(k < 0 && errno == EINTR)))
			n += k > 0 ? k : 0;
		close(fd);
		if (n > 0)
			rc = each_child(buf, n, fn, ctx);
	}
	closedir(d);
	return rc;
}

long procfs_last_pid(struct procfs *fs)
{
	if (fs->loadavg < 0)
		fs->loadavg = openat(fs->root_fd, "loadavg", O_RDONLY | O_CLOEXEC);
	char buf[128];
	ssize_t n = fs->loadavg >= 0 ? pread(fs->loadavg, buf, sizeof buf - 1, 0)
				     : -1;
	if (n <= 0)
		return -1;
	/* "0.52 0.58 0.59 1/234 5678\n": the number after the last space */
	buf[n] = 0;
	char *sp = strrchr(buf, ' ');
	uint64_t pid;
	const char *q = sp ? sp + 1 : NULL;
	return q && procparse_num(&q, buf + n, &pid) ? (long)pid : -1;
}

int procfs_cpu_of(const struct procfs *fs, pid_t pid,
		  unsigned long long *ticks, unsigned long long *start)
{
	struct proc_files f = {.pid = pid, .dir = FD_ON_DEMAND, .fs = fs};
	char buf[4096];
	struct psr_values v = {0};
	struct stat_ident si;
	ssize_t n = proc_read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &v, &si) != 0 ||
	    si.state == 'Z')
		return -ESRCH;
	*ticks = v.v[PSR_M_UTIME] + v.v[PSR_M_STIME];
	*start = si.start_ticks;
	return 0;
}

int procfs_parent_of(const struct procfs *fs, pid_t pid, pid_t *ppid)
{
	struct proc_files f = {.pid = pid, .dir = FD_ON_DEMAND, .fs = fs};
	char buf[4096];
	struct psr_values v = {0};
	struct stat_ident si;
	ssize_t n = proc_read_file(&f, FD_ON_DEMAND, "stat", buf, sizeof buf);
	if (n <= 0 || procfs_parse_stat(buf, (size_t)n, &v, &si) != 0)
		return -ESRCH;
	*ppid = si.ppid;
	return 0;
}
