/* test_textfile.c - psrec --textfile's text: label escaping, one series
 * per process, sums per target that keep ended processes' counters, and
 * the file replaced whole. The values are set by hand so that every line
 * is known; tests/cli/textfile.sh checks the real thing through
 * node_exporter. */
#define _GNU_SOURCE
#include "../../record/textfile.h"
#include "check.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

static void test_escape(void)
{
	char out[64];
	textfile_escape(out, "plain");
	CHECK(strcmp(out, "plain") == 0, "%s", out);
	textfile_escape(out, "a\"b\\c\nd");
	CHECK(strcmp(out, "a\\\"b\\\\c\\nd") == 0, "%s", out);
	/* a lone continuation byte, a truncated sequence, an overlong NUL
	 * and a surrogate are replaced; valid 2-, 3- and 4-byte ones kept */
	textfile_escape(out, "x\x80y\xe2\x82z\xc0\x80\xed\xa0\x80");
	CHECK(strcmp(out, "x\xef\xbf\xbdy\xef\xbf\xbd\xef\xbf\xbdz"
			  "\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd\xef\xbf\xbd"
			  "\xef\xbf\xbd") == 0,
	      "%s", out);
	textfile_escape(out, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\t");
	CHECK(strcmp(out, "\xc3\xa9\xe2\x82\xac\xf0\x9f\x98\x80\t") == 0, "%s",
	      out);
}

static char *slurp(const char *path)
{
	FILE *f = fopen(path, "r");
	static char buf[65536];
	size_t n = f ? fread(buf, 1, sizeof buf - 1, f) : 0;
	buf[n] = 0;
	if (f)
		fclose(f);
	return buf;
}

/* textfile="FILE", the label of every series (FILE absolute) */
static char lab[4200];

/* Whether s holds before, the label, after. */
static int has(const char *s, const char *before, const char *after)
{
	char want[8192];
	snprintf(want, sizeof want, "%s%s%s", before, lab, after);
	return strstr(s, want) != NULL;
}

static const uint8_t metrics[] = {PSR_M_UTIME, PSR_M_STIME, PSR_M_RSS,
				  PSR_M_FDS, PSR_M_WCHAR};

static void set(struct target *t, pid_t pid, const char *comm,
		unsigned origin, uint64_t utime, uint64_t rss, uint64_t fds,
		uint64_t wchar)
{
	memset(t, 0, sizeof *t);
	t->pid = pid;
	t->origin = origin;
	t->ident.start_ticks = 250; /* 2.50 s after boot */
	snprintf(t->ident.comm, sizeof t->ident.comm, "%s", comm);
	t->last = calloc(1, sizeof *t->last);
	t->last->v[PSR_M_UTIME] = utime;
	t->last->v[PSR_M_STIME] = 0;
	t->last->v[PSR_M_RSS] = rss;
	t->last->v[PSR_M_FDS] = fds;
	t->last->v[PSR_M_WCHAR] = wchar;
	t->last->present = 1ull << PSR_M_UTIME | 1ull << PSR_M_STIME |
			   1ull << PSR_M_RSS | 1ull << PSR_M_FDS |
			   1ull << PSR_M_WCHAR;
}

static void test_files(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/t.prom", dir);
	snprintf(lab, sizeof lab, "textfile=\"%s\"", path);
	char *origins[] = {"web", "db"};
	struct target t[3];
	set(&t[0], 10, "nginx", 1, 150, 100, 7, 1000);
	set(&t[1], 11, "nginx", 1, 50, 300, 5, 3000);
	set(&t[2], 12, "pg\"sql", 2, 1, 10, 3, 0);
	t[2].last->present &= ~(1ull << PSR_M_FDS); /* unreadable: no line */
	struct targets ts = {.t = t, .n = 3, .alive = 3, .origins = origins,
			     .norigins = 2};
	struct textfile_opts o = {path, 0, 100, 4096, 1700000000, metrics, 5};
	struct textfile *tf;
	CHECK(textfile_open(&tf, &o) == 0, "open");
	struct textfile_self self = {1, 42, 1700000100500000000ll, 0.25};
	CHECK(textfile_write(tf, &ts, &self) == 0, "write");
	const char *s = slurp(path);
	CHECK(has(s, "# TYPE psrec_cpu_seconds_total counter\n"
		     "psrec_cpu_seconds_total{pid=\"10\",comm=\"nginx\","
		     "start=\"1700000002.50\",target=\"web\",",
		  ",mode=\"user\"} 1.500\n"),
	      "%s", s);
	CHECK(has(s, "psrec_resident_memory_bytes{pid=\"11\",comm=\"nginx\","
		     "start=\"1700000002.50\",target=\"web\",", "} 1228800\n"),
	      "%s", s);
	CHECK(strstr(s, "comm=\"pg\\\"sql\""), "%s", s);
	CHECK(!strstr(s, "psrec_open_fds{pid=\"12\""), "no value, no line");
	/* psrec's own families: the textfile label alone */
	CHECK(has(s, "psrec_up{", "} 1\n") &&
		      has(s, "psrec_samples_total{", "} 42\n") &&
		      has(s, "psrec_last_sample_timestamp_seconds{",
			  "} 1700000100.500\n") &&
		      has(s, "psrec_processes{", "} 3\n"),
	      "%s", s);
	/* the same HELP with either --textfile-by (node_exporter fails a
	 * scrape of two files that disagree) */
	const char *help = strstr(s, "# HELP psrec_resident_memory_bytes ");
	char help_pid[512] = "";
	if (help)
		snprintf(help_pid, sizeof help_pid, "%.*s",
			 (int)(strchr(help, '\n') - help), help);
	CHECK(strstr(help_pid, "shared pages count once per process"), "%s",
	      help_pid);
	/* families the log does not record have no lines at all */
	CHECK(!strstr(s, "psrec_threads") && !strstr(s, "psrec_read_bytes"),
	      "%s", s);
	struct stat sb;
	CHECK(stat(path, &sb) == 0 && (sb.st_mode & 0777) == 0644, "mode");
	textfile_free(tf);

	/* by target: sums; an ended process's counters stay in its target */
	o.by_target = 1;
	CHECK(textfile_open(&tf, &o) == 0, "open");
	textfile_gone(tf, &t[1]);
	t[1].gone = 1;
	ts.alive = 2;
	CHECK(textfile_write(tf, &ts, &self) == 0, "write");
	s = slurp(path);
	CHECK(has(s, "psrec_target_processes{target=\"web\",", "} 1\n"), "%s", s);
	CHECK(has(s, "psrec_cpu_seconds_total{target=\"web\",",
		  ",mode=\"user\"} 2.000\n"),
	      "CPU of the ended one kept: %s", s);
	CHECK(has(s, "psrec_syscall_written_bytes_total{target=\"web\",",
		  "} 4000\n"),
	      "%s", s);
	CHECK(has(s, "psrec_resident_memory_bytes{target=\"web\",", "} 409600\n"),
	      "gauges: the live ones only: %s", s);
	CHECK(has(s, "psrec_open_fds{target=\"web\",", "} 7\n"), "%s", s);
	CHECK(strstr(s, help_pid), "the same HELP by target: %s", s);
	CHECK(!strstr(s, "pid=\""), "no pid label: %s", s);
	textfile_free(tf);
	for (int i = 0; i < 3; i++)
		free(t[i].last);
}

/* Origins that differ only in bytes that are not UTF-8 share a label
 * once escaped: one series, summed; a target whose only process ended
 * with a counter at 0 keeps that counter (at 0), it does not vanish. */
static void test_same_label(const char *dir)
{
	char path[4096];
	snprintf(path, sizeof path, "%s/u.prom", dir);
	snprintf(lab, sizeof lab, "textfile=\"%s\"", path);
	char *origins[] = {"x\xff", "x\xfe", "quiet"};
	struct target t[3];
	set(&t[0], 20, "x", 1, 100, 10, 3, 5);
	set(&t[1], 21, "x", 2, 200, 20, 4, 6);
	set(&t[2], 22, "quiet", 3, 0, 1, 1, 0);
	struct targets ts = {.t = t, .n = 3, .alive = 3, .origins = origins,
			     .norigins = 3};
	struct textfile_opts o = {path, 1, 100, 4096, 0, metrics, 5};
	struct textfile *tf;
	struct textfile_self self = {1, 1, 0, 0};
	CHECK(textfile_open(&tf, &o) == 0, "open");
	textfile_gone(tf, &t[2]);
	t[2].gone = 1;
	ts.alive = 2;
	CHECK(textfile_write(tf, &ts, &self) == 0, "write");
	const char *s = slurp(path);
	const char *one = strstr(s, "psrec_target_processes{target=\"x\xef\xbf\xbd\",");
	CHECK(one && has(s, "psrec_target_processes{target=\"x\xef\xbf\xbd\",", "} 2\n") &&
		      !strstr(strchr(one, '\n'), "psrec_target_processes{target=\"x"),
	      "one series for both: %s", s);
	CHECK(has(s, "psrec_open_fds{target=\"x\xef\xbf\xbd\",", "} 7\n"), "%s", s);
	CHECK(has(s, "psrec_syscall_written_bytes_total{target=\"quiet\",", "} 0\n"),
	      "an ended target's zero counter stays: %s", s);
	CHECK(has(s, "psrec_target_processes{target=\"quiet\",", "} 0\n"), "%s", s);
	textfile_free(tf);
	unlink(path);
	for (int i = 0; i < 3; i++)
		free(t[i].last);
}

int main(void)
{
	test_escape();
	char dir[4096] = "/tmp/psr-textfile-XXXXXX";
	CHECK(mkdtemp(dir) != NULL, "mkdtemp");
	char *real = realpath(dir, NULL);
	CHECK(real && strlen(real) < sizeof dir, "realpath");
	if (real)
		memcpy(dir, real, strlen(real) + 1);
	free(real);
	test_files(dir);
	test_same_label(dir);
	char path[4096];
	snprintf(path, sizeof path, "%s/t.prom", dir);
	CHECK(textfile_check(path) == 0, "check where it can write");
	unlink(path);
	rmdir(dir);

	/* a directory that does not exist: said before anything starts */
	CHECK(textfile_check("/nonexistent-dir/x.prom") == -ENOENT,
	      "check in a missing dir");
	return check_result();
}
