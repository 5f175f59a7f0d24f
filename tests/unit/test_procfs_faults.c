/* test_procfs_faults.c FIXTURE_ROOT - /proc reads that fail or come back
 * short, on the fixture tree: pread is wrapped at link time
 * (-Wl,--wrap=pread64) so each case scripts what the next reads of a
 * file return: EINTR and EAGAIN (tried again), ESRCH mid-read (the
 * file's values are missing, never 0), a short read cutting a number
 * (continued, the value is whole), a stat that says the process is gone
 * or cannot be read this time, and a process that exits between files. */
#define _GNU_SOURCE
#include "check.h"

#include "../../record/procfs.h"

#include <errno.h>
#include <limits.h>
#include <stdio.h>
#include <string.h>
#include <sys/types.h>
#include <unistd.h>

enum fault_kind { FAULT_ERRNO, FAULT_SHORT, FAULT_EOF };

struct fault {
	const char *file; /* basename: "stat", "statm", "io", ... */
	enum fault_kind kind;
	int err;      /* FAULT_ERRNO */
	size_t len;   /* FAULT_SHORT: bytes returned */
	int times;    /* how many reads it hits; -1: all */
};

static struct fault script[8];
static unsigned nscript;
static unsigned reads[8]; /* preads seen per script line */

ssize_t __real_pread64(int fd, void *buf, size_t n, off_t off);
ssize_t __wrap_pread64(int fd, void *buf, size_t n, off_t off);

static const char *file_of(int fd, char *path, size_t cap)
{
	char link[64];
	snprintf(link, sizeof link, "/proc/self/fd/%d", fd);
	ssize_t k = readlink(link, path, cap - 1);
	if (k <= 0)
		return "";
	path[k] = 0;
	const char *slash = strrchr(path, '/');
	return slash ? slash + 1 : path;
}

ssize_t __wrap_pread64(int fd, void *buf, size_t n, off_t off)
{
	char path[PATH_MAX];
	const char *name = file_of(fd, path, sizeof path);
	for (unsigned i = 0; i < nscript; i++) {
		struct fault *f = &script[i];
		if (strcmp(f->file, name) != 0 || f->times == 0)
			continue;
		reads[i]++;
		if (f->times > 0)
			f->times--;
		switch (f->kind) {
		case FAULT_ERRNO:
			errno = f->err;
			return -1;
		case FAULT_EOF:
			return 0;
		case FAULT_SHORT:
			if (n > f->len)
				n = f->len;
			return __real_pread64(fd, buf, n, off);
		}
	}
	return __real_pread64(fd, buf, n, off);
}

static void faults(const struct fault *f, unsigned n)
{
	memcpy(script, f, n * sizeof *f);
	memset(reads, 0, sizeof reads);
	nscript = n;
}

static int has(const struct psr_values *v, unsigned m)
{
	return v->present >> m & 1;
}

static struct procfs fs;
static struct proc_files pf;

static void attach(const char *root)
{
	struct proc_ident id;
	nscript = 0;
	CHECK(procfs_open(&fs, root, PROCFS_EXTENDED | PROCFS_USS) == 0, "open");
	CHECK(proc_attach(&fs, 100, &pf, &id) == 0, "attach 100");
	proc_ident_release(&id);
}

static void detach(void)
{
	proc_detach(&pf);
	procfs_close(&fs);
}

static int sample(struct psr_values *v)
{
	char cpus[64];
	memset(v, 0, sizeof *v);
	return proc_sample(&fs, &pf, v, cpus, sizeof cpus, NULL);
}

/* The fixture's values (tests/fixtures/proc/100), all present. */
static int whole(const struct psr_values *v)
{
	return v->v[PSR_M_UTIME] == 250 && v->v[PSR_M_VSIZE] == 2560 &&
	       v->v[PSR_M_RSS] == 512 && v->v[PSR_M_DATA] == 300 &&
	       v->v[PSR_M_RCHAR] == 1000 && v->v[PSR_M_WRITE_BYTES] == 8192 &&
	       v->v[PSR_M_VCTXSW] == 17 && v->v[PSR_M_PSS] == 1500 &&
	       has(v, PSR_M_CANCELLED_WRITE_BYTES) && has(v, PSR_M_RSS_SHMEM);
}

static void test_retried(void)
{
	struct psr_values v;
	struct fault f[] = {
		{"stat", FAULT_ERRNO, EINTR, 0, 2},
		{"statm", FAULT_ERRNO, EAGAIN, 0, 1},
		{"io", FAULT_ERRNO, EINTR, 0, 1},
		{"status", FAULT_ERRNO, EAGAIN, 0, 2},
	};
	faults(f, 4);
	CHECK(sample(&v) == 0 && whole(&v), "EINTR/EAGAIN tried again");
	CHECK(reads[0] == 2 && reads[1] == 1, "faults hit: %u %u", reads[0],
	      reads[1]);
}

static void test_short_reads(void)
{
	struct psr_values v;
	/* "2560 512 256 16 0 300 0": 6 bytes cut 512 to "5" */
	struct fault f[] = {
		{"statm", FAULT_SHORT, 0, 6, 1},
		{"stat", FAULT_SHORT, 0, 10, 1},
		{"io", FAULT_SHORT, 0, 9, 2},
		{"smaps_rollup", FAULT_SHORT, 0, 1, 1},
	};
	faults(f, 4);
	CHECK(sample(&v) == 0 && whole(&v),
	      "short reads continued: rss %llu vsize %llu",
	      (unsigned long long)v.v[PSR_M_RSS],
	      (unsigned long long)v.v[PSR_M_VSIZE]);
}

static void test_failing_files(void)
{
	struct psr_values v;
	/* ESRCH mid-read (after a short first part) and at once */
	struct fault f[] = {
		{"statm", FAULT_SHORT, 0, 6, 1},
		{"statm", FAULT_ERRNO, ESRCH, 0, 1},
		{"io", FAULT_ERRNO, ESRCH, 0, 1},
		{"status", FAULT_ERRNO, EAGAIN, 0, -1},
		{"smaps_rollup", FAULT_ERRNO, EIO, 0, 1},
	};
	faults(f, 5);
	CHECK(sample(&v) == 0, "a sample with files failing");
	CHECK(!has(&v, PSR_M_VSIZE) && !has(&v, PSR_M_RSS) &&
		      !has(&v, PSR_M_DATA),
	      "statm cut then ESRCH: missing, not a cut number");
	CHECK(!has(&v, PSR_M_RCHAR) && !has(&v, PSR_M_CANCELLED_WRITE_BYTES),
	      "io ESRCH: missing");
	CHECK(!has(&v, PSR_M_VCTXSW) && !has(&v, PSR_M_RSS_ANON),
	      "status EAGAIN every time: missing");
	CHECK(!has(&v, PSR_M_PSS) && !has(&v, PSR_M_USS), "smaps EIO: missing");
	CHECK(has(&v, PSR_M_UTIME) && v.v[PSR_M_UTIME] == 250 &&
		      has(&v, PSR_M_FDS),
	      "stat and fds still read");
	CHECK(sample(&v) == 0 && has(&v, PSR_M_RSS) && has(&v, PSR_M_RCHAR) &&
		      !has(&v, PSR_M_VCTXSW),
	      "the next sample reads again what came back");
}

static void test_stat_failures(void)
{
	struct psr_values v;
	struct fault again[] = {{"stat", FAULT_ERRNO, EAGAIN, 0, -1}};
	faults(again, 1);
	CHECK(sample(&v) == -EAGAIN, "stat EAGAIN each time: not sampled");
	struct fault other[] = {{"stat", FAULT_ERRNO, ENOMEM, 0, 1}};
	faults(other, 1);
	CHECK(sample(&v) == -EAGAIN, "stat ENOMEM: not sampled, not gone");
	struct fault cut[] = {{"stat", FAULT_SHORT, 0, 12, 1},
			      {"stat", FAULT_EOF, 0, 0, 1}};
	faults(cut, 2);
	CHECK(sample(&v) == -EAGAIN, "stat cut short: not sampled");
	nscript = 0;
	CHECK(sample(&v) == 0 && whole(&v), "and read again after");
	struct fault gone[] = {{"stat", FAULT_ERRNO, ESRCH, 0, 1}};
	faults(gone, 1);
	CHECK(sample(&v) == -ESRCH, "stat ESRCH: gone");
	struct fault empty[] = {{"stat", FAULT_EOF, 0, 0, 1}};
	faults(empty, 1);
	CHECK(sample(&v) == -ESRCH, "stat empty: gone");
}

/* A process that exits between two files: everything after its exit
 * fails with ESRCH (the kernel's answer on a kept-open file of a reaped
 * process); before, values were read. It is gone, and no file read a 0. */
static void test_vanishing(void)
{
	struct psr_values v;
	struct fault f[] = {
		{"fd", FAULT_ERRNO, ESRCH, 0, -1},
		{"status", FAULT_ERRNO, ESRCH, 0, -1},
		{"smaps_rollup", FAULT_ERRNO, ESRCH, 0, -1},
		{"stat", FAULT_ERRNO, ESRCH, 0, -1},
	};
	faults(f, 4);
	CHECK(sample(&v) == -ESRCH, "exited between statm and status: gone");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_procfs_faults FIXTURE_ROOT\n");
		return 2;
	}
	attach(argv[1]);
	struct psr_values v;
	CHECK(sample(&v) == 0 && whole(&v), "no faults: the fixture's values");
	test_retried();
	test_short_reads();
	test_failing_files();
	test_stat_failures();
	test_vanishing();
	detach();
	return check_result();
}
