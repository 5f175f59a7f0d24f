/* textfile.c - psrec --textfile: Prometheus text exposition (see
 * textfile.h). Families follow Prometheus naming: base units (seconds,
 * bytes), _total for counters, HELP and TYPE before each family's lines. */
#define _GNU_SOURCE
#include "textfile.h"

#include <errno.h>
#include <fcntl.h>
#include <inttypes.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/file.h>
#include <sys/stat.h>
#include <unistd.h>

enum scale { AS_IS, TICKS, PAGES, KIB };

struct family {
	const char *name;
	const char *type; /* "counter" or "gauge" */
	const char *help;
	uint8_t metric;   /* psr/metric.h id */
	uint8_t scale;
	const char *mode; /* the mode label, or NULL */
};

/* One row per metric; rows of one family are adjacent (user, system). */
static const struct family families[] = {
	{"psrec_cpu_seconds_total", "counter",
	 "CPU time the process used since it started, by mode.", PSR_M_UTIME,
	 TICKS, "user"},
	{"psrec_cpu_seconds_total", "counter", NULL, PSR_M_STIME, TICKS,
	 "system"},
	{"psrec_resident_memory_bytes", "gauge",
	 "Resident set size (statm resident).", PSR_M_RSS, PAGES, NULL},
	{"psrec_virtual_memory_bytes", "gauge",
	 "Virtual memory size (statm size).", PSR_M_VSIZE, PAGES, NULL},
	{"psrec_shared_memory_bytes", "gauge",
	 "Resident file-backed and shared memory (statm shared).",
	 PSR_M_SHARED, PAGES, NULL},
	{"psrec_text_memory_bytes", "gauge", "Program code (statm text).",
	 PSR_M_TEXT, PAGES, NULL},
	{"psrec_data_memory_bytes", "gauge",
	 "Data and stack, virtual (statm data).", PSR_M_DATA, PAGES, NULL},
	{"psrec_minor_faults_total", "counter",
	 "Page faults served without I/O.", PSR_M_MINFLT, AS_IS, NULL},
	{"psrec_major_faults_total", "counter",
	 "Page faults that needed I/O.", PSR_M_MAJFLT, AS_IS, NULL},
	{"psrec_threads", "gauge", "Threads.", PSR_M_THREADS, AS_IS, NULL},
	{"psrec_open_fds", "gauge", "Open file descriptors.", PSR_M_FDS, AS_IS,
	 NULL},
	{"psrec_syscall_read_bytes_total", "counter",
	 "Bytes read by read(2) and similar calls, cache hits included "
	 "(io rchar).", PSR_M_RCHAR, AS_IS, NULL},
	{"psrec_syscall_written_bytes_total", "counter",
	 "Bytes written by write(2) and similar calls (io wchar).",
	 PSR_M_WCHAR, AS_IS, NULL},
	{"psrec_read_syscalls_total", "counter", "Read system calls (io syscr).",
	 PSR_M_SYSCR, AS_IS, NULL},
	{"psrec_write_syscalls_total", "counter",
	 "Write system calls (io syscw).", PSR_M_SYSCW, AS_IS, NULL},
	{"psrec_read_bytes_total", "counter",
	 "Bytes the process caused to be fetched from storage (io read_bytes).",
	 PSR_M_READ_BYTES, AS_IS, NULL},
	{"psrec_written_bytes_total", "counter",
	 "Bytes the process caused to be sent to storage (io write_bytes).",
	 PSR_M_WRITE_BYTES, AS_IS, NULL},
	{"psrec_cancelled_write_bytes_total", "counter",
	 "Written bytes that never reached storage (io "
	 "cancelled_write_bytes).", PSR_M_CANCELLED_WRITE_BYTES, AS_IS, NULL},
	{"psrec_voluntary_context_switches_total", "counter",
	 "Context switches by waiting.", PSR_M_VCTXSW, AS_IS, NULL},
	{"psrec_involuntary_context_switches_total", "counter",
	 "Context switches by preemption.", PSR_M_NVCTXSW, AS_IS, NULL},
	{"psrec_swap_bytes", "gauge", "Swapped-out memory (status VmSwap).",
	 PSR_M_VMSWAP, KIB, NULL},
	{"psrec_resident_memory_peak_bytes", "gauge",
	 "Largest resident set size so far (status VmHWM).", PSR_M_VMHWM, KIB,
	 NULL},
	{"psrec_resident_anon_memory_bytes", "gauge",
	 "Resident anonymous memory (status RssAnon).", PSR_M_RSS_ANON, KIB,
	 NULL},
	{"psrec_resident_file_memory_bytes", "gauge",
	 "Resident file mappings (status RssFile).", PSR_M_RSS_FILE, KIB, NULL},
	{"psrec_resident_shmem_memory_bytes", "gauge",
	 "Resident shared memory (status RssShmem).", PSR_M_RSS_SHMEM, KIB,
	 NULL},
	{"psrec_unique_memory_bytes", "gauge",
	 "Memory only this process maps: what exiting would free (USS).",
	 PSR_M_USS, KIB, NULL},
	{"psrec_proportional_memory_bytes", "gauge",
	 "Resident memory with shared pages divided among their users (PSS).",
	 PSR_M_PSS, KIB, NULL},
	{"psrec_smaps_swap_bytes", "gauge", "Swapped-out memory (smaps Swap).",
	 PSR_M_SWAP, KIB, NULL},
	{"psrec_proportional_swap_bytes", "gauge",
	 "Swap with shared pages divided among their users (SwapPss).",
	 PSR_M_SWAP_PSS, KIB, NULL},
};
enum { NFAMILIES = sizeof families / sizeof families[0] };

/* Memory summed over processes counts every shared page once per
 * process mapping it: said in the HELP line. The same line with either
 * --textfile-by: node_exporter fails a scrape whose files give one family
 * two HELP texts. */
static const char summed_note[] =
	" With --textfile-by target, summed over the target's processes: "
	"shared pages count once per process.";

struct sums {
	uint64_t v[PSR_METRIC_MAX]; /* alive processes' last values */
	uint64_t gone[PSR_METRIC_MAX]; /* counters of ended processes */
	uint64_t present;
	uint64_t gone_present; /* counters some ended process had */
	unsigned processes;
	int merged; /* this write: folded into an earlier target's */
};

struct textfile {
	struct textfile_opts o;
	char *tmp; /* DIR/.NAME.tmp.XXXXXX, the last one's name */
	char *self; /* textfile="PATH": the label of every series */
	uint64_t recorded; /* bit m: metric m is recorded */
	struct sums *sums; /* by_target: one per origin */
	size_t nsums;
	char *buf; /* the file's text, reused */
	size_t len, cap;
	char **labels; /* per process or target, rebuilt each write */
	size_t nlabels, labels_cap;
	int failed; /* out of memory while building */
};

/* ---- label values ---- */

/* Length of the valid UTF-8 sequence at p (at most n bytes), 0 if none. */
static size_t utf8_len(const unsigned char *p, size_t n)
{
	unsigned c = p[0];
	size_t len;
	unsigned lo = 0x80, hi = 0xbf;
	if (c < 0x80)
		return 1;
	if (c >= 0xc2 && c <= 0xdf)
		len = 2;
	else if (c >= 0xe0 && c <= 0xef)
		len = 3, lo = c == 0xe0 ? 0xa0 : 0x80, hi = c == 0xed ? 0x9f : 0xbf;
	else if (c >= 0xf0 && c <= 0xf4)
		len = 4, lo = c == 0xf0 ? 0x90 : 0x80, hi = c == 0xf4 ? 0x8f : 0xbf;
	else
		return 0;
	if (n < len || p[1] < lo || p[1] > hi)
		return 0;
	for (size_t i = 2; i < len; i++)
		if ((p[i] & 0xc0) != 0x80)
			return 0;
	return len;
}

size_t textfile_escape(char *out, const char *s)
{
	const unsigned char *p = (const unsigned char *)s;
	size_t n = strlen(s), k = 0;
	for (size_t i = 0; i < n;) {
		size_t len = utf8_len(p + i, n - i);
		if (len == 0) {
			memcpy(out + k, "\xef\xbf\xbd", 3); /* U+FFFD */
			k += 3;
			i++;
			continue;
		}
		if (p[i] == '\\' || p[i] == '"' || p[i] == '\n') {
			out[k++] = '\\';
			out[k++] = p[i] == '\n' ? 'n' : (char)p[i];
			i++;
			continue;
		}
		memcpy(out + k, p + i, len);
		k += len;
		i += len;
	}
	out[k] = 0;
	return k;
}

/* ---- the text buffer ---- */

static void put(struct textfile *tf, const char *fmt, ...)
	__attribute__((format(printf, 2, 3)));

static void put(struct textfile *tf, const char *fmt, ...)
{
	for (;;) {
		va_list ap;
		va_start(ap, fmt);
		int n = vsnprintf(tf->buf + tf->len, tf->cap - tf->len, fmt, ap);
		va_end(ap);
		if (n < 0) {
			tf->failed = 1;
			return;
		}
		if ((size_t)n < tf->cap - tf->len) {
			tf->len += (size_t)n;
			return;
		}
		size_t cap = tf->cap * 2 + (size_t)n + 1;
		char *b = realloc(tf->buf, cap);
		if (!b) {
			tf->failed = 1;
			return;
		}
		tf->buf = b;
		tf->cap = cap;
	}
}

/* A value in the family's base unit. */
static void put_value(struct textfile *tf, const struct family *f,
		      uint64_t v)
{
	switch (f->scale) {
	case TICKS:
		put(tf, "%.3f\n", (double)v / tf->o.clock_ticks);
		break;
	case PAGES:
		put(tf, "%" PRIu64 "\n", v * tf->o.page_size);
		break;
	case KIB:
		put(tf, "%" PRIu64 "\n", v * 1024);
		break;
	default:
		put(tf, "%" PRIu64 "\n", v);
	}
}

static void put_header(struct textfile *tf, const struct family *f)
{
	if (!f->help)
		return; /* the second row of a family */
	int summed = f->scale != TICKS &&
		     strcmp(f->type, "gauge") == 0 && strstr(f->name, "bytes");
	put(tf, "# HELP %s %s%s\n# TYPE %s %s\n", f->name, f->help,
	    summed ? summed_note : "", f->name, f->type);
}

static void put_line(struct textfile *tf, const struct family *f,
		     const char *labels, uint64_t v)
{
	if (f->mode)
		put(tf, "%s{%s,mode=\"%s\"} ", f->name, labels, f->mode);
	else
		put(tf, "%s{%s} ", f->name, labels);
	put_value(tf, f, v);
}

/* ---- set-up ---- */

/* The temporary files are DIR/.NAME.tmp.XXXXXX: a new random name for
 * each write, created with O_EXCL (mkostemp). A fixed name opened with
 * O_TRUNC would let anyone who can write DIR plant a FIFO there (psrec
 * hangs in open) or a hard link (root truncates, then chmods, the linked
 * file). A psrec killed between create and rename leaves one behind:
 * node_exporter reads only *.prom. */
static const char temp_suffix[] = ".tmp.XXXXXX";

int textfile_is_temp(const char *name, const char *other)
{
	size_t n = strlen(name);
	return other[0] == '.' && strncmp(other + 1, name, n) == 0 &&
	       strncmp(other + 1 + n, temp_suffix, 5) == 0;
}

static char *temp_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *t = malloc(strlen(path) + sizeof temp_suffix + 1);
	if (t)
		sprintf(t, "%.*s.%s%s", (int)dir, path, path + dir, temp_suffix);
	return t;
}

/* A new temporary file from the template tmpl (rewritten with its
 * name), checked to be a regular file of one link. fd or -errno. */
static int create_temp(char *tmpl)
{
	memcpy(tmpl + strlen(tmpl) - 6, "XXXXXX", 6);
	int fd = mkostemp(tmpl, O_CLOEXEC | O_NONBLOCK);
	if (fd < 0)
		return -errno;
	struct stat sb;
	if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode) || sb.st_nlink != 1) {
		close(fd);
		unlink(tmpl);
		return -EEXIST;
	}
	return fd;
}

int textfile_check(const char *path)
{
	char *tmp = temp_path(path);
	if (!tmp)
		return -ENOMEM;
	int fd = create_temp(tmp);
	if (fd >= 0) {
		close(fd);
		unlink(tmp);
	}
	free(tmp);
	return fd < 0 ? fd : 0;
}

/* ".NAME.tmp.lock" beside the textfile: a name of its temporary files,
 * so that the log is never given it (textfile_is_temp). */
static char *lock_path(const char *path)
{
	const char *slash = strrchr(path, '/');
	size_t dir = slash ? (size_t)(slash - path) + 1 : 0;
	char *t = malloc(strlen(path) + sizeof ".tmp.lock" + 1);
	if (t)
		sprintf(t, "%.*s.%s.tmp.lock", (int)dir, path, path + dir);
	return t;
}

/* The textfile itself is renamed over at every write, so its lock is a
 * file of its own. After the lock is taken, the path must still name the
 * locked file: an exiting psrec unlinks it while holding it, and a psrec
 * that opened it just before would otherwise hold a lock nobody sees. */
int textfile_lock(const char *path)
{
	char *lp = lock_path(path);
	if (!lp)
		return -ENOMEM;
	int rc;
	for (int tries = 0;; tries++) {
		int fd = open(lp, O_RDONLY | O_CREAT | O_NOFOLLOW | O_CLOEXEC |
				      O_NONBLOCK, 0600);
		struct stat sb, at;
		if (fd < 0) {
			rc = -errno;
			break;
		}
		if (fstat(fd, &sb) != 0 || !S_ISREG(sb.st_mode)) {
			close(fd);
			rc = -EINVAL; /* something planted at its name */
			break;
		}
		/* EWOULDBLOCK only: a file system without flock goes on */
		if (flock(fd, LOCK_EX | LOCK_NB) != 0 && errno == EWOULDBLOCK) {
			close(fd);
			rc = -EBUSY;
			break;
		}
		if ((stat(lp, &at) == 0 && at.st_dev == sb.st_dev &&
		     at.st_ino == sb.st_ino) || tries == 8) {
			rc = fd;
			break;
		}
		close(fd); /* unlinked meanwhile: take the new one */
	}
	free(lp);
	return rc;
}

void textfile_unlock(const char *path, int fd)
{
	if (fd < 0)
		return;
	char *lp = lock_path(path);
	if (lp)
		unlink(lp); /* while it is held: see textfile_lock */
	free(lp);
	close(fd);
}

/* textfile="ABSOLUTE PATH": two psrec textfiles in one node_exporter
 * directory have different names, so their series (psrec_up first,
 * and those of a process both record) never collide. Not "instance":
 * Prometheus sets that label on every scrape. */
static char *self_label(const char *path)
{
	const char *slash = strrchr(path, '/');
	char *dir = slash ? strndup(path, (size_t)(slash - path) + (slash == path))
			  : strdup(".");
	char *real = dir ? realpath(dir, NULL) : NULL;
	char *abs = NULL, *out = NULL;
	const char *name = slash ? slash + 1 : path;
	if (real && asprintf(&abs, "%s%s%s", real,
			     strcmp(real, "/") ? "/" : "", name) < 0)
		abs = NULL;
	const char *p = abs ? abs : path; /* unresolved: as given */
	char *esc = malloc(3 * strlen(p) + 1);
	if (esc) {
		textfile_escape(esc, p);
		if (asprintf(&out, "textfile=\"%s\"", esc) < 0)
			out = NULL;
	}
	free(esc);
	free(abs);
	free(real);
	free(dir);
	return out;
}

int textfile_open(struct textfile **out, const struct textfile_opts *o)
{
	struct textfile *tf = calloc(1, sizeof *tf);
	if (!tf || !(tf->tmp = temp_path(o->path)) ||
	    !(tf->self = self_label(o->path)) ||
	    !(tf->buf = malloc(tf->cap = 16384))) {
		textfile_free(tf);
		return -ENOMEM;
	}
	tf->o = *o;
	for (unsigned i = 0; i < o->metric_count; i++)
		tf->recorded |= 1ull << o->metrics[i];
	*out = tf;
	return 0;
}

void textfile_free(struct textfile *tf)
{
	if (!tf)
		return;
	for (size_t i = 0; i < tf->nlabels; i++)
		free(tf->labels[i]);
	free(tf->labels);
	free(tf->sums);
	free(tf->buf);
	free(tf->tmp);
	free(tf->self);
	free(tf);
}

/* ---- per target sums ---- */

static int is_counter(unsigned m)
{
	const struct psr_metric_info *mi = psr_metric_info(m);
	return mi && mi->kind == PSR_KIND_COUNTER;
}

/* The sums of origin index + 1 o, grown to hold it. */
static struct sums *sums_of(struct textfile *tf, unsigned origin)
{
	if (origin == 0)
		return NULL;
	if (origin > tf->nsums) {
		struct sums *s = realloc(tf->sums, origin * sizeof *s);
		if (!s)
			return NULL;
		memset(s + tf->nsums, 0, (origin - tf->nsums) * sizeof *s);
		tf->sums = s;
		tf->nsums = origin;
	}
	return &tf->sums[origin - 1];
}

void textfile_gone(struct textfile *tf, const struct target *t)
{
	struct sums *s = tf->o.by_target && t->last ? sums_of(tf, t->origin)
						    : NULL;
	if (!s)
		return;
	for (unsigned m = 0; m < PSR_M_COUNT; m++)
		if (is_counter(m) && t->last->present >> m & 1) {
			s->gone[m] += t->last->v[m];
			s->gone_present |= 1ull << m;
		}
}

static void sum_targets(struct textfile *tf, const struct targets *ts)
{
	for (size_t i = 0; i < tf->nsums; i++) {
		memset(tf->sums[i].v, 0, sizeof tf->sums[i].v);
		tf->sums[i].present = 0;
		tf->sums[i].processes = 0;
		tf->sums[i].merged = 0;
	}
	for (size_t i = 0; i < ts->n; i++) {
		const struct target *t = &ts->t[i];
		struct sums *s = t->gone || !t->last ? NULL
						     : sums_of(tf, t->origin);
		if (!s)
			continue;
		for (unsigned m = 0; m < PSR_M_COUNT; m++)
			if (t->last->present >> m & 1)
				s->v[m] += t->last->v[m];
		s->present |= t->last->present;
		s->processes++;
	}
	/* the ended processes' counters stay: a target's never go down */
	for (size_t i = 0; i < tf->nsums; i++) {
		struct sums *s = &tf->sums[i];
		for (unsigned m = 0; m < PSR_M_COUNT; m++)
			s->v[m] += s->gone[m];
		s->present |= s->gone_present;
	}
}

/* Two origins that differ only in bytes that are not UTF-8 get the
 * same label once escaped: one series, the sum of both (a duplicate
 * would fail the whole scrape). Labels are set for every origin. */
static void merge_same_labels(struct textfile *tf)
{
	for (size_t i = 1; i < tf->nsums; i++)
		for (size_t j = 0; j < i; j++) {
			struct sums *a = &tf->sums[j], *b = &tf->sums[i];
			if (a->merged || strcmp(tf->labels[i], tf->labels[j]))
				continue;
			for (unsigned m = 0; m < PSR_M_COUNT; m++)
				a->v[m] += b->v[m];
			a->present |= b->present;
			a->processes += b->processes;
			b->merged = 1;
			break;
		}
}

/* ---- labels ---- */

static int set_label(struct textfile *tf, size_t k, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

static int set_label(struct textfile *tf, size_t k, const char *fmt, ...)
{
	if (k >= tf->labels_cap) {
		size_t cap = tf->labels_cap ? tf->labels_cap * 2 : 64;
		char **l = realloc(tf->labels, cap * sizeof *l);
		if (!l)
			return -1;
		memset(l + tf->labels_cap, 0,
		       (cap - tf->labels_cap) * sizeof *l);
		tf->labels = l;
		tf->labels_cap = cap;
	}
	free(tf->labels[k]);
	va_list ap;
	va_start(ap, fmt);
	int n = vasprintf(&tf->labels[k], fmt, ap);
	va_end(ap);
	if (n < 0) {
		tf->labels[k] = NULL;
		return -1;
	}
	if (k >= tf->nlabels)
		tf->nlabels = k + 1;
	return 0;
}

/* pid, comm, start (Unix seconds, from boot time and start ticks: the
 * same for a process across psrec restarts) and target. */
static int process_labels(struct textfile *tf, size_t k,
			  const struct targets *ts, const struct target *t)
{
	const char *origin = targets_origin(ts, t);
	char comm[3 * sizeof t->ident.comm + 1];
	char *target = malloc(3 * strlen(origin) + 1);
	if (!target)
		return -1;
	textfile_escape(comm, t->ident.comm);
	textfile_escape(target, origin);
	unsigned long long ticks = t->ident.start_ticks;
	int rc = set_label(tf, k,
			   "pid=\"%d\",comm=\"%s\",start=\"%llu.%02llu\","
			   "target=\"%s\",%s",
			   (int)t->pid, comm,
			   (unsigned long long)tf->o.boot_time +
				   ticks / tf->o.clock_ticks,
			   ticks % tf->o.clock_ticks * 100 / tf->o.clock_ticks,
			   target, tf->self);
	free(target);
	return rc;
}

/* ---- writing ---- */

static void put_processes(struct textfile *tf, const struct targets *ts)
{
	size_t k = 0;
	const struct target **live = malloc((ts->n + 1) * sizeof *live);
	if (!live) {
		tf->failed = 1;
		return;
	}
	for (size_t i = 0; i < ts->n; i++) {
		const struct target *t = &ts->t[i];
		if (t->gone || !t->last)
			continue;
		if (process_labels(tf, k, ts, t) != 0) {
			tf->failed = 1;
			break;
		}
		live[k++] = t;
	}
	for (unsigned f = 0; f < NFAMILIES; f++) {
		const struct family *fa = &families[f];
		if (!(tf->recorded >> fa->metric & 1))
			continue;
		put_header(tf, fa);
		for (size_t i = 0; i < k; i++)
			if (live[i]->last->present >> fa->metric & 1)
				put_line(tf, fa, tf->labels[i],
					 live[i]->last->v[fa->metric]);
	}
	free(live);
}

static void put_targets(struct textfile *tf, const struct targets *ts)
{
	sum_targets(tf, ts);
	for (size_t i = 0; i < tf->nsums; i++) {
		char *name = malloc(3 * strlen(ts->origins[i]) + 1);
		if (!name || (textfile_escape(name, ts->origins[i]),
			      set_label(tf, i, "target=\"%s\",%s", name,
					tf->self))) {
			free(name);
			tf->failed = 1;
			return;
		}
		free(name);
	}
	merge_same_labels(tf);
	put(tf, "# HELP psrec_target_processes Processes of the target "
		"recorded now.\n# TYPE psrec_target_processes gauge\n");
	for (size_t i = 0; i < tf->nsums; i++)
		if (!tf->sums[i].merged)
			put(tf, "psrec_target_processes{%s} %u\n",
			    tf->labels[i], tf->sums[i].processes);
	for (unsigned f = 0; f < NFAMILIES; f++) {
		const struct family *fa = &families[f];
		if (!(tf->recorded >> fa->metric & 1))
			continue;
		put_header(tf, fa);
		for (size_t i = 0; i < tf->nsums; i++)
			if (!tf->sums[i].merged &&
			    tf->sums[i].present >> fa->metric & 1)
				put_line(tf, fa, tf->labels[i],
					 tf->sums[i].v[fa->metric]);
	}
}

static void put_self(struct textfile *tf, const struct targets *ts,
		     const struct textfile_self *self)
{
	const char *l = tf->self;
	put(tf, "# HELP psrec_up 1 while psrec records; 0 in the file it "
		"leaves when it stops.\n# TYPE psrec_up gauge\n"
		"psrec_up{%s} %d\n", l, self->up);
	put(tf, "# HELP psrec_samples_total Samples psrec took.\n"
		"# TYPE psrec_samples_total counter\n"
		"psrec_samples_total{%s} %" PRIu64 "\n", l, self->samples);
	put(tf, "# HELP psrec_last_sample_timestamp_seconds When the values "
		"above were read (Unix time).\n"
		"# TYPE psrec_last_sample_timestamp_seconds gauge\n"
		"psrec_last_sample_timestamp_seconds{%s} %.3f\n", l,
	    (double)self->last_sample_epoch_ns / 1e9);
	put(tf, "# HELP psrec_processes Processes psrec records now.\n"
		"# TYPE psrec_processes gauge\npsrec_processes{%s} %zu\n", l,
	    ts->alive);
	put(tf, "# HELP psrec_self_cpu_seconds_total CPU time psrec itself "
		"used.\n# TYPE psrec_self_cpu_seconds_total counter\n"
		"psrec_self_cpu_seconds_total{%s} %.3f\n", l, self->cpu_seconds);
}

static int write_all(int fd, const char *p, size_t n)
{
	while (n) {
		ssize_t w = write(fd, p, n);
		if (w < 0 && errno == EINTR)
			continue;
		if (w < 0)
			return -errno;
		p += w;
		n -= (size_t)w;
	}
	return 0;
}

/* The text to the temporary file, then renamed over the path: a scrape
 * reads the old file or the new one, never a part. No fsync: the values
 * are a few seconds old anyway, and the next write replaces them. */
static int publish(struct textfile *tf)
{
	int fd = create_temp(tf->tmp);
	if (fd < 0)
		return fd;
	int rc = write_all(fd, tf->buf, tf->len);
	/* 0644 whatever the umask: node_exporter runs as its own user */
	if (!rc && fchmod(fd, 0644) != 0)
		rc = -errno;
	if (close(fd) != 0 && !rc)
		rc = -errno;
	if (!rc && rename(tf->tmp, tf->o.path) != 0)
		rc = -errno;
	if (rc)
		unlink(tf->tmp);
	return rc;
}

int textfile_write(struct textfile *tf, const struct targets *ts,
		   const struct textfile_self *self)
{
	tf->len = 0;
	tf->failed = 0;
	if (tf->o.by_target)
		put_targets(tf, ts);
	else
		put_processes(tf, ts);
	put_self(tf, ts, self);
	if (tf->failed)
		return -ENOMEM;
	return publish(tf);
}
