/* test_procfs.c FIXTURE_ROOT - /proc parsing edge cases on a fixture tree
 * (a comm with ") (" and spaces, a kernel thread without io or memory
 * lines, a zombie) and on strings: truncated and odd text. The real
 * /proc is exercised by the cli tests. */
#define _GNU_SOURCE
#include "check.h"

#include "../../record/procfs.h"
#include "../../record/procparse.h"
#include "../../record/procwalk.h"
#include "../../record/system.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

static int has(const struct psr_values *v, unsigned m)
{
	return v->present >> m & 1;
}

static void test_full_process(const char *root)
{
	struct procfs fs;
	CHECK(procfs_open(&fs, root, PROCFS_EXTENDED | PROCFS_USS) == 0,
	      "open %s", root);
	struct proc_files f;
	struct proc_ident id;
	CHECK(proc_attach(&fs, 100, &f, &id) == 0, "attach 100");
	CHECK(!strcmp(id.comm, "a) (b c"), "comm '%s'", id.comm);
	CHECK(id.ppid == 1 && id.start_ticks == 4242 && id.uid == 1000,
	      "ident ppid %d start %llu uid %u", (int)id.ppid, id.start_ticks,
	      id.uid);
	CHECK(id.cmdline_len == 15 && !memcmp(id.cmdline, "a) (b c\0--flag", 15),
	      "cmdline len %zu", id.cmdline_len);
	struct psr_values v;
	char cpus[64];
	CHECK(proc_sample(&fs, &f, &v, cpus, sizeof cpus, NULL) == 0, "sample");
	CHECK(v.v[PSR_M_UTIME] == 250 && v.v[PSR_M_STIME] == 75, "cpu");
	CHECK(v.v[PSR_M_MINFLT] == 1234 && v.v[PSR_M_MAJFLT] == 5, "faults");
	CHECK(v.v[PSR_M_THREADS] == 3 && v.v[PSR_M_STATE] == 'S', "threads");
	CHECK(v.v[PSR_M_VSIZE] == 2560 && v.v[PSR_M_RSS] == 512 &&
		      v.v[PSR_M_SHARED] == 256 && v.v[PSR_M_TEXT] == 16 &&
		      v.v[PSR_M_DATA] == 300,
	      "statm");
	CHECK(v.v[PSR_M_RCHAR] == 1000 && v.v[PSR_M_WCHAR] == 2000 &&
		      v.v[PSR_M_SYSCR] == 30 && v.v[PSR_M_SYSCW] == 40 &&
		      v.v[PSR_M_READ_BYTES] == 4096 &&
		      v.v[PSR_M_WRITE_BYTES] == 8192 &&
		      has(&v, PSR_M_CANCELLED_WRITE_BYTES),
	      "io");
	CHECK(has(&v, PSR_M_FDS) && v.v[PSR_M_FDS] == 4, "fds %llu",
	      (unsigned long long)v.v[PSR_M_FDS]);
	CHECK(v.v[PSR_M_VCTXSW] == 17 && v.v[PSR_M_NVCTXSW] == 4 &&
		      v.v[PSR_M_VMSWAP] == 64 && v.v[PSR_M_VMHWM] == 3072 &&
		      v.v[PSR_M_RSS_ANON] == 1024 && v.v[PSR_M_RSS_FILE] == 768 &&
		      v.v[PSR_M_RSS_SHMEM] == 256,
	      "status");
	CHECK(!strcmp(cpus, "0-1"), "cpus '%s'", cpus);
	CHECK(v.v[PSR_M_USS] == 256 + 1280 && v.v[PSR_M_PSS] == 1500 &&
		      v.v[PSR_M_SWAP] == 64 && v.v[PSR_M_SWAP_PSS] == 32,
	      "smaps uss %llu", (unsigned long long)v.v[PSR_M_USS]);
	proc_detach(&f);
	proc_ident_release(&id);
	procfs_close(&fs);
}

static void test_kernel_thread_and_zombie(const char *root)
{
	struct procfs fs;
	CHECK(procfs_open(&fs, root, PROCFS_EXTENDED | PROCFS_USS) == 0, "open");
	struct proc_files f;
	struct proc_ident id;
	CHECK(proc_attach(&fs, 200, &f, &id) == 0, "attach 200");
	CHECK(id.cmdline_len == 0, "kernel thread cmdline");
	struct psr_values v;
	char cpus[64];
	CHECK(proc_sample(&fs, &f, &v, cpus, sizeof cpus, NULL) == 0, "sample 200");
	/* what cannot be read is missing, not zero */
	CHECK(!has(&v, PSR_M_RCHAR) && !has(&v, PSR_M_WRITE_BYTES), "io missing");
	CHECK(!has(&v, PSR_M_FDS), "fds missing");
	CHECK(!has(&v, PSR_M_VMSWAP) && !has(&v, PSR_M_RSS_ANON), "no VmSwap");
	CHECK(!has(&v, PSR_M_USS) && !has(&v, PSR_M_PSS), "no smaps");
	CHECK(has(&v, PSR_M_VCTXSW) && v.v[PSR_M_VCTXSW] == 9, "ctxsw");
	CHECK(has(&v, PSR_M_RSS) && v.v[PSR_M_RSS] == 0, "rss is a real 0");
	proc_detach(&f);
	proc_ident_release(&id);
	CHECK(proc_attach(&fs, 300, &f, &id) == -ESRCH, "zombie is gone");
	CHECK(proc_attach(&fs, 400, &f, &id) == -ESRCH, "no such pid");
	procfs_close(&fs);
}

static void test_strings(void)
{
	struct psr_values v = {0};
	struct stat_ident si;
	static const char cut[] = "1 (x) S 1 2 3";
	CHECK(procfs_parse_stat(cut, sizeof cut - 1, &v, &si) == -1,
	      "truncated stat accepted");
	CHECK(procfs_parse_stat("", 0, &v, &si) == -1, "empty stat");
	CHECK(procfs_parse_stat("1 (x", 4, &v, &si) == -1, "no ')'");
	static const char nl[] =
		"7 (we)ird\nname) R 1 7 7 0 -1 0 1 0 2 0 3 4 0 0 20 0 1 0 "
		"99 4096 1\n";
	CHECK(procfs_parse_stat(nl, sizeof nl - 1, &v, &si) == 0 &&
		      !strcmp(si.comm, "we)ird\nname") && si.start_ticks == 99 &&
		      v.v[PSR_M_UTIME] == 3,
	      "comm with newline and ')'");
	memset(&v, 0, sizeof v);
	procfs_parse_io("rchar: 5\nwch", 13, &v);
	CHECK(has(&v, PSR_M_RCHAR) && !has(&v, PSR_M_WCHAR), "cut io");
	memset(&v, 0, sizeof v);
	procfs_parse_statm("1 2", 3, &v);
	CHECK(has(&v, PSR_M_RSS) && !has(&v, PSR_M_SHARED), "cut statm");
}

static int on_child(pid_t pid, void *ctx)
{
	int *sum = ctx;
	*sum = *sum * 1000 + (int)pid / 100;
	return 0;
}

/* -c: the children of every thread (task/100 and task/101). */
static void test_children(const char *root)
{
	struct procfs fs;
	CHECK(procfs_open(&fs, root, 0) == 0, "open");
	struct proc_files f;
	struct proc_ident id;
	CHECK(proc_attach(&fs, 100, &f, &id) == 0, "attach 100");
	int seen = 0;
	CHECK(proc_children(&f, on_child, &seen) == 0, "children");
	/* readdir order of task/ is not fixed: 2,3 then 4, or 4 then 2,3 */
	CHECK(seen == 2003004 || seen == 4002003, "children 200 300 400: %d",
	      seen);
	proc_ident_release(&id);
	proc_detach(&f);
	CHECK(proc_attach(&fs, 200, &f, &id) == 0, "attach 200");
	CHECK(proc_children(&f, on_child, &seen) == -ENOENT,
	      "no task directory");
	proc_ident_release(&id);
	proc_detach(&f);
	procfs_close(&fs);
}

/* --system on fixture files, then odd text. */
static void test_system(const char *root)
{
	struct procfs fs;
	CHECK(procfs_open(&fs, root, 0) == 0, "open");
	struct system_files sf;
	CHECK(system_open(&sf, fs.root_fd) == 0, "system_open");
	uint64_t v[64] = {0}, present;
	system_read(&sf, &present, v);
	CHECK(present == (1ull << PSR_S_COUNT) - 1, "all present: %llx",
	      (unsigned long long)present);
	CHECK(v[PSR_S_MEM_TOTAL] == 24684096 && v[PSR_S_MEM_FREE] == 22961884 &&
		      v[PSR_S_MEM_AVAILABLE] == 23308576 &&
		      v[PSR_S_BUFFERS] == 8316 && v[PSR_S_CACHED] == 562028 &&
		      v[PSR_S_SRECLAIMABLE] == 71308 && v[PSR_S_SHMEM] == 50604 &&
		      v[PSR_S_SWAP_TOTAL] == 2097148 &&
		      v[PSR_S_SWAP_FREE] == 2000000,
	      "meminfo");
	CHECK(v[PSR_S_CPU_USER] == 15153 && v[PSR_S_CPU_NICE] == 64886 &&
		      v[PSR_S_CPU_SYSTEM] == 14345 &&
		      v[PSR_S_CPU_IDLE] == 106298 && v[PSR_S_CPU_IOWAIT] == 391 &&
		      v[PSR_S_CPU_IRQ] == 0 && v[PSR_S_CPU_SOFTIRQ] == 46 &&
		      v[PSR_S_CPU_STEAL] == 30 && v[PSR_S_CPU_GUEST] == 7 &&
		      v[PSR_S_CPU_GUEST_NICE] == 1,
	      "cpu line (not cpu0)");
	CHECK(v[PSR_S_CTXT] == 98765432 && v[PSR_S_FORKS] == 424242 &&
		      v[PSR_S_PROCS_RUNNING] == 3 && v[PSR_S_PROCS_BLOCKED] == 1,
	      "stat counters");
	CHECK(v[PSR_S_LOAD1] == 52 && v[PSR_S_LOAD5] == 105 &&
		      v[PSR_S_LOAD15] == 1290,
	      "load %llu %llu %llu", (unsigned long long)v[PSR_S_LOAD1],
	      (unsigned long long)v[PSR_S_LOAD5],
	      (unsigned long long)v[PSR_S_LOAD15]);
	system_close(&sf);
	procfs_close(&fs);
	/* an old kernel's short cpu line, junk, empty files */
	present = 0;
	const char *old = "cpu  1 2 3 4\nctxt 9\n";
	system_parse_stat(old, strlen(old), &present, v);
	CHECK(present == (1ull << PSR_S_CPU_USER | 1ull << PSR_S_CPU_NICE |
			  1ull << PSR_S_CPU_SYSTEM | 1ull << PSR_S_CPU_IDLE |
			  1ull << PSR_S_CTXT),
	      "short cpu line");
	present = 0;
	system_parse_meminfo("MemTotal: x kB\nMemFree", 22, &present, v);
	system_parse_loadavg("abc", 3, &present, v);
	system_parse_stat("", 0, &present, v);
	CHECK(present == 0, "junk sets nothing");
}

static void put(const char *dir, const char *name, const char *text)
{
	char path[512];
	snprintf(path, sizeof path, "%s/%s", dir, name);
	FILE *f = fopen(path, "w"); /* same inode: kept-open fds see it */
	CHECK(f != NULL, "create %s", path);
	if (f) {
		fputs(text, f);
		fclose(f);
	}
}

static void put_stat_state(const char *dir, unsigned utime, unsigned threads,
			   char state)
{
	char text[512];
	snprintf(text, sizeof text,
		 "500 (idle) %c 1 500 500 0 -1 4194560 10 0 0 0 %u 5 0 0 20 0 "
		 "%u 0 777 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 "
		 "0 17 1 0 0 0 0 0\n",
		 state, utime, threads);
	put(dir, "500/stat", text);
}

static void put_stat(const char *dir, unsigned utime, unsigned threads)
{
	put_stat_state(dir, utime, threads, 'S');
}

/* An idle process: once schedstat shows it has not run since a full
 * read, stat/io/fds are carried and only statm is read; a change of
 * schedstat, more than one thread, or a kernel printing "0 0 0" means a
 * full read. Proved by changing stat behind schedstat's back. */
static void test_idle_carry(void)
{
	char root[] = "/tmp/psr-procfs-XXXXXX", dir[600];
	CHECK(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(dir, sizeof dir, "%s/500", root);
	CHECK(mkdir(dir, 0755) == 0, "mkdir");
	snprintf(dir, sizeof dir, "%s/500/fd", root);
	CHECK(mkdir(dir, 0755) == 0, "mkdir fd");
	put_stat(root, 100, 1);
	put(root, "500/statm", "100 10 5 1 0 20 0\n");
	put(root, "500/io", "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\n"
			    "read_bytes: 5\nwrite_bytes: 6\n"
			    "cancelled_write_bytes: 7\n");
	put(root, "500/schedstat", "5000 100 42\n");
	struct procfs fs;
	CHECK(procfs_open(&fs, root, 0) == 0, "open");
	struct proc_files f;
	struct proc_ident id;
	CHECK(proc_attach(&fs, 500, &f, &id) == 0, "attach 500");
	struct psr_values v;
	/* the first sample reads schedstat before the rest: the second is
	 * carried when the process has not run (not after three full reads) */
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0, "first sample");
	put_stat(root, 150, 1); /* behind schedstat's back */
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0 &&
		      v.v[PSR_M_UTIME] == 100,
	      "second sample carried (utime %llu)",
	      (unsigned long long)v.v[PSR_M_UTIME]);
	put_stat(root, 100, 1);
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0, "warm-up");
	put_stat(root, 200, 1); /* behind schedstat's back */
	put(root, "500/statm", "100 11 5 1 0 20 0\n");
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0, "carried sample");
	CHECK(v.v[PSR_M_UTIME] == 100 && has(&v, PSR_M_UTIME) &&
		      v.v[PSR_M_RCHAR] == 1 && has(&v, PSR_M_CANCELLED_WRITE_BYTES),
	      "not run: stat and io carried (utime %llu)",
	      (unsigned long long)v.v[PSR_M_UTIME]);
	CHECK(v.v[PSR_M_RSS] == 11, "memory read even so");
	put(root, "500/schedstat", "6000 100 43\n");
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0, "after a run");
	CHECK(v.v[PSR_M_UTIME] == 200, "ran: read in full");
	/* two threads: schedstat covers one, never carried */
	put_stat(root, 300, 2);
	for (int i = 0; i < 3; i++)
		proc_sample(&fs, &f, &v, NULL, 0, NULL);
	put_stat(root, 400, 2);
	proc_sample(&fs, &f, &v, NULL, 0, NULL);
	CHECK(v.v[PSR_M_UTIME] == 400, "multi-threaded: read in full");
	/* a kernel without scheduler figures */
	put_stat(root, 500, 1);
	put(root, "500/schedstat", "0 0 0\n");
	for (int i = 0; i < 3; i++)
		proc_sample(&fs, &f, &v, NULL, 0, NULL);
	put_stat(root, 600, 1);
	proc_sample(&fs, &f, &v, NULL, 0, NULL);
	CHECK(v.v[PSR_M_UTIME] == 600, "schedstat 0 0 0: read in full");
	/* the pid now belongs to another process (a new start time): the
	 * old one is gone, never read as the new one */
	char text[512];
	snprintf(text, sizeof text,
		 "500 (other) S 1 500 500 0 -1 4194560 10 0 0 0 1 5 0 0 20 0 "
		 "1 0 999 1000 10 18446744073709551615 1 1 0 0 0 0 0 0 0 0 0 "
		 "0 17 1 0 0 0 0 0\n");
	put(root, "500/stat", text);
	put(root, "500/schedstat", "7000 100 44\n");
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == -ESRCH,
	      "a reused pid is not the process it was");
	proc_ident_release(&id);
	proc_detach(&f);
	procfs_close(&fs);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0, "cleanup");
}

/* The counters of events that change other processes' memory, on a
 * copy of a real /proc/vmstat: 21 of its lines, summing to 281 (and
 * pglazyfree, thp_split_pmd, pgscan_*, nr_* left out). */
static void test_vmstat(const char *root)
{
	char path[512], buf[16384];
	snprintf(path, sizeof path, "%s/vmstat", root);
	FILE *f = fopen(path, "r");
	CHECK(f != NULL, "open %s", path);
	size_t n = f ? fread(buf, 1, sizeof buf, f) : 0;
	if (f)
		fclose(f);
	uint64_t sum = 0;
	unsigned found = procfs_parse_vmstat(buf, n, &sum);
	CHECK(found == 21 && sum == 281, "vmstat: %u counters, sum %llu",
	      found, (unsigned long long)sum);
	CHECK(procfs_parse_vmstat("", 0, &sum) == 0 && sum == 0, "empty");
	const char *odd = "pgsteal_kswapd\noom_kill x\npswpout 4\npswpou";
	CHECK(procfs_parse_vmstat(odd, strlen(odd), &sum) == 1 && sum == 4,
	      "lines without a number");
}

/* rss of the last sample of 500 */
static uint64_t rss_of(struct procfs *fs, struct proc_files *f)
{
	struct psr_values v;
	procfs_begin_sample(fs, PROCFS_MEM_CANDIDATES);
	CHECK(proc_sample(fs, f, &v, NULL, 0, NULL) == 0, "sample");
	return v.v[PSR_M_RSS];
}

/* An idle process's memory is carried while the vmstat counters stay
 * the same, re-read at least every PROCFS_MEM_RECHECK samples, read at
 * once when a counter moves, and always read for a process in state D
 * (a vfork parent), with too few candidates, or with -x. */
static void test_memory_carry(void)
{
	char root[] = "/tmp/psr-procfs-XXXXXX", dir[600];
	CHECK(mkdtemp(root) != NULL, "mkdtemp");
	snprintf(dir, sizeof dir, "%s/500", root);
	CHECK(mkdir(dir, 0755) == 0, "mkdir");
	snprintf(dir, sizeof dir, "%s/500/fd", root);
	CHECK(mkdir(dir, 0755) == 0, "mkdir fd");
	put_stat(root, 100, 1);
	put(root, "500/statm", "100 10 5 1 0 20 0\n");
	put(root, "500/io", "rchar: 1\nwchar: 2\nsyscr: 3\nsyscw: 4\n"
			    "read_bytes: 5\nwrite_bytes: 6\n"
			    "cancelled_write_bytes: 7\n");
	put(root, "500/schedstat", "5000 100 42\n");
	put(root, "vmstat", "nr_free_pages 5\npgsteal_kswapd 7\n");
	struct procfs fs;
	CHECK(procfs_open(&fs, root, 0) == 0, "open");
	struct proc_files f;
	struct proc_ident id;
	CHECK(proc_attach(&fs, 500, &f, &id) == 0, "attach 500");
	for (int i = 0; i < 4; i++) /* a baseline, then a vmstat reading */
		rss_of(&fs, &f);
	CHECK(proc_may_carry(&f), "an idle process is a candidate");
	/* resident pages change behind its back (reclaim that no counter
	 * shows): carried, until the staggered re-read */
	put(root, "500/statm", "100 11 5 1 0 20 0\n");
	put(root, "vmstat", "nr_free_pages 9\npgsteal_kswapd 7\n");
	int stale = 0;
	while (rss_of(&fs, &f) == 10 && stale < 2 * PROCFS_MEM_RECHECK)
		stale++;
	CHECK(stale >= 1 && stale < PROCFS_MEM_RECHECK,
	      "carried for %d samples, then read again", stale);
	/* a reclaim counter moves: read at the very next sample */
	put(root, "500/statm", "100 12 5 1 0 20 0\n");
	put(root, "vmstat", "nr_free_pages 9\npgsteal_kswapd 8\n");
	CHECK(rss_of(&fs, &f) == 12, "read when pgsteal moved");
	put(root, "500/statm", "100 13 5 1 0 20 0\n");
	CHECK(rss_of(&fs, &f) == 12, "quiet again: carried");
	/* too few candidates: no vmstat reading, memory read every time */
	struct psr_values v;
	procfs_begin_sample(&fs, PROCFS_MEM_CANDIDATES - 1);
	CHECK(proc_sample(&fs, &f, &v, NULL, 0, NULL) == 0 && v.v[PSR_M_RSS] == 13,
	      "few candidates: read");
	/* read between two equal readings (the one before and this one):
	 * still what it holds, carried */
	put(root, "500/statm", "100 14 5 1 0 20 0\n");
	uint64_t r = rss_of(&fs, &f);
	CHECK(r == 13, "carried after a sample without a vmstat reading: %llu",
	      (unsigned long long)r);
	/* state D at the last full read (a vfork parent): never carried */
	put_stat_state(root, 200, 1, 'D');
	put(root, "500/schedstat", "6000 100 43\n"); /* it ran: full read */
	rss_of(&fs, &f);
	rss_of(&fs, &f);
	int read_each = 1;
	for (int i = 0; i < 4; i++) {
		char text[64];
		snprintf(text, sizeof text, "100 %d 5 1 0 20 0\n", 20 + i);
		put(root, "500/statm", text);
		read_each &= rss_of(&fs, &f) == (uint64_t)(20 + i);
	}
	CHECK(read_each && proc_may_carry(&f), "state D: memory read each time");
	proc_ident_release(&id);
	proc_detach(&f);
	procfs_close(&fs);
	/* -x: status is read anyway, and so is statm */
	CHECK(procfs_open(&fs, root, PROCFS_EXTENDED) == 0, "open -x");
	put_stat(root, 300, 1);
	put(root, "500/status", "Name:\tidle\nVmSwap:\t0 kB\n");
	CHECK(proc_attach(&fs, 500, &f, &id) == 0, "attach 500 -x");
	for (int i = 0; i < 4; i++)
		rss_of(&fs, &f);
	put(root, "500/statm", "100 30 5 1 0 20 0\n");
	CHECK(rss_of(&fs, &f) == 30, "-x: memory read each time");
	proc_ident_release(&id);
	proc_detach(&f);
	procfs_close(&fs);
	char cmd[700];
	snprintf(cmd, sizeof cmd, "rm -rf '%s'", root);
	CHECK(system(cmd) == 0, "cleanup");
}

int main(int argc, char **argv)
{
	if (argc != 2) {
		fprintf(stderr, "usage: test_procfs FIXTURE_ROOT\n");
		return 2;
	}
	test_full_process(argv[1]);
	test_kernel_thread_and_zombie(argv[1]);
	test_children(argv[1]);
	test_idle_carry();
	test_memory_carry();
	test_vmstat(argv[1]);
	test_system(argv[1]);
	test_strings();
	return check_result();
}
