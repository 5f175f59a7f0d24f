/* test_hostile.c - hostile values in logs that pass every checksum: the
 * reader stays within bounded memory (no allocation from an unchecked
 * size: getrusage's max RSS is watched around each case), says what is
 * wrong and goes on, and hands back odd bytes exactly.
 *
 *   test_hostile                     run the cases
 *   test_hostile --write-odd LOG     write a log whose processes have
 *                                    commas, quotes, newlines and invalid
 *                                    UTF-8 in comm and cmdline
 *   test_hostile --write-sparse LOG  write a log whose process ids are
 *                                    1, 2^20 and 2^24-1
 *   test_hostile --write-long LOG SAMPLES PROCESSES
 *                                    a log of busy processes through the
 *                                    writer (tests/bench/reader-memory.sh)
 *   test_hostile --write-states LOG  write a log whose process's state
 *                                    is a comma, a quote, a newline, NUL,
 *                                    a backslash, 0xff and a large value
 *   test_hostile --check-csv CSV     check that CSV is RFC 4180: quoting
 *                                    well formed, every row as wide as
 *                                    the header; prints the row count */
#define _GNU_SOURCE
#include "check.h"

#include "../fuzz/logbuild.h"

#include <psr/log.h>

#include <fcntl.h>
#include <stdlib.h>
#include <string.h>
#include <sys/resource.h>
#include <unistd.h>

#define NMETRICS 19

/* A SAMPLE declaring count entries, holding entries (id_delta, mask=0). */
static void sample_rec(struct buf *out, uint64_t count, const uint64_t *ids,
		       size_t entries)
{
	struct buf p = {0};
	uint64_t head[] = {100000, 0, count};
	put_varints(&p, head, 3);
	uint64_t prev = 0;
	for (size_t i = 0; i < entries; i++) {
		uint64_t e[] = {ids[i] - prev, 0};
		put_varints(&p, e, 2);
		prev = ids[i];
	}
	rec(out, 0x03, &p);
	buf_release(&p);
}

static void close_rec(struct buf *out, uint64_t samples)
{
	struct buf p = {0};
	uint64_t v[] = {200000, samples, 0, 1, 1, 1, 0};
	put_varints(&p, v, 7);
	rec(out, 0x06, &p);
	buf_release(&p);
}

/* ---- reading ---- */

struct result {
	int open_rc, rc;
	uint64_t samples, processes;
	unsigned warnings;
	char warning[512];
	long rss_growth_kb; /* max RSS growth while reading */
};

static long maxrss_kb(void)
{
	struct rusage ru;
	getrusage(RUSAGE_SELF, &ru);
	return ru.ru_maxrss;
}

static struct result read_log(const struct buf *log)
{
	struct result res = {0};
	long before = maxrss_kb();
	struct psr_reader *r;
	res.open_rc = psr_reader_open_mem(&r, log->data, log->len);
	struct psr_record rec;
	while (res.open_rc == 0 && (res.rc = psr_reader_next(r, &rec)) > 0) {
		if (rec.type == PSR_REC_SAMPLE)
			res.samples++;
		if (rec.type == PSR_REC_PROCESS)
			res.processes++;
		if (rec.type == PSR_REC_WARNING && !res.warnings++)
			snprintf(res.warning, sizeof res.warning, "%s",
				 rec.u.warning);
	}
	psr_reader_free(r);
	res.rss_growth_kb = maxrss_kb() - before;
	return res;
}

static struct buf one_block_log(const struct buf *records);

static struct buf sparse_stream(void)
{
	struct buf s = {0};
	block_rec(&s, 0);
	uint64_t ids[] = {1, 1u << 20, (1u << 24) - 1};
	for (size_t i = 0; i < 3; i++)
		process_rec(&s, ids[i], "p", 1, "p\0", 2);
	sample_rec(&s, 3, ids, 3);
	sample_rec(&s, 3, ids, 3);
	close_rec(&s, 2);
	return s;
}

static struct buf one_block_log(const struct buf *records)
{
	struct logbuild b;
	if (logbuild_start(&b, NMETRICS) ||
	    logbuild_block(&b, records->data, records->len, NULL))
		abort();
	ZSTD_freeCCtx(b.z);
	return b.log;
}

/* The old reader grew an array indexed by id: 2^24 ids cost 128 MiB. */
#define RSS_BOUND_KB (24 * 1024)

static void test_sparse_ids(void)
{
	struct buf s = sparse_stream();
	struct buf log = one_block_log(&s);
	struct result r = read_log(&log);
	CHECK(r.open_rc == 0 && r.rc == 0 && r.samples == 2 &&
		      r.processes == 3 && r.warnings == 0,
	      "sparse ids: rc %d samples %llu processes %llu warnings %u",
	      r.rc, (unsigned long long)r.samples,
	      (unsigned long long)r.processes, r.warnings);
	CHECK(r.rss_growth_kb < RSS_BOUND_KB, "id 2^24-1 grew RSS by %ld KiB",
	      r.rss_growth_kb);
	/* beyond the limit: the block is corrupt, said once */
	buf_reset(&s);
	block_rec(&s, 0);
	process_rec(&s, 1u << 24, "p", 1, "", 0);
	close_rec(&s, 0);
	buf_release(&log);
	log = one_block_log(&s);
	r = read_log(&log);
	CHECK(r.rc == 0 && r.processes == 0 && strstr(r.warning, "corrupt"),
	      "id 2^24: '%s'", r.warning);
	buf_release(&log);
	buf_release(&s);
}

static void test_huge_count(void)
{
	struct buf s = {0};
	block_rec(&s, 0);
	process_rec(&s, 1, "p", 1, "", 0);
	uint64_t id = 1;
	sample_rec(&s, 3000000000ull, &id, 1);
	sample_rec(&s, 1, &id, 1);
	struct buf log = one_block_log(&s);
	struct result r = read_log(&log);
	CHECK(r.rc == 0 && r.samples == 0 && strstr(r.warning, "corrupt"),
	      "count in the billions: rc %d samples %llu '%s'", r.rc,
	      (unsigned long long)r.samples, r.warning);
	CHECK(r.rss_growth_kb < RSS_BOUND_KB, "count grew RSS by %ld KiB",
	      r.rss_growth_kb);
	buf_release(&log);
	buf_release(&s);
}

static void test_record_length(void)
{
	/* a record declaring 2^32 bytes in a small block, then a good block */
	struct buf s = {0}, t = {0};
	block_rec(&s, 0);
	process_rec(&s, 1, "p", 1, "", 0);
	static const uint8_t longrec[] = {0x03, 0x80, 0x80, 0x80, 0x80, 0x10, 0};
	if (buf_reserve(&s, sizeof longrec))
		abort();
	buf_mem(&s, longrec, sizeof longrec);
	block_rec(&t, 1);
	process_rec(&t, 1, "p", 1, "", 0);
	uint64_t id = 1;
	sample_rec(&t, 1, &id, 1);
	close_rec(&t, 1);
	struct logbuild b;
	if (logbuild_start(&b, NMETRICS) || logbuild_block(&b, s.data, s.len, NULL) ||
	    logbuild_block(&b, t.data, t.len, NULL))
		abort();
	struct result r = read_log(&b.log);
	CHECK(r.rc == 0 && r.samples == 1 && r.warnings == 1 &&
		      strstr(r.warning, "corrupt record"),
	      "record length beyond the block: samples %llu '%s'",
	      (unsigned long long)r.samples, r.warning);
	logbuild_release(&b);
	buf_release(&s);
	buf_release(&t);
}

static void test_marker_sizes(void)
{
	struct buf s = {0};
	block_rec(&s, 0);
	close_rec(&s, 0);
	/* content_size 64 MiB over a tiny frame: no 64 MiB buffer */
	struct logbuild b;
	size_t at;
	if (logbuild_start(&b, NMETRICS) || logbuild_block(&b, s.data, s.len, &at))
		abort();
	logbuild_patch_marker(&b, at, get_le32(b.log.data + at + 16), 64u << 20);
	struct result r = read_log(&b.log);
	CHECK(r.rc == 0 && strstr(r.warning, "damaged"),
	      "content size 64 MiB: '%s'", r.warning);
	CHECK(r.rss_growth_kb < RSS_BOUND_KB, "content size grew RSS by %ld KiB",
	      r.rss_growth_kb);
	/* a frame size of 48 MiB (possible for 64 MiB of content) in a
	 * 200-byte file: a cut log */
	logbuild_patch_marker(&b, at, 48u << 20, 64u << 20);
	r = read_log(&b.log);
	CHECK(r.rc == 0 && strstr(r.warning, "truncated"),
	      "frame size 48 MiB: '%s'", r.warning);
	CHECK(r.rss_growth_kb < RSS_BOUND_KB, "frame size grew RSS by %ld KiB",
	      r.rss_growth_kb);
	logbuild_release(&b);
	buf_release(&s);
}

/* Odd names: a 64 KiB comm, commas, quotes, newlines, invalid UTF-8. */
static const char odd_comm[] = "a,b\"c\nd\xff\xfe";
static const char odd_cmd[] = "/x/we\"ird,\r\n\xc3\x28\0--arg=\xed\xa0\x80\0";

static struct buf odd_stream(size_t long_comm)
{
	struct buf s = {0};
	char *big = malloc(long_comm);
	if (!big)
		abort();
	memset(big, 'n', long_comm);
	block_rec(&s, 0);
	process_rec(&s, 1, odd_comm, sizeof odd_comm - 1, odd_cmd,
		    sizeof odd_cmd - 1);
	process_rec(&s, 2, big, long_comm, "", 0);
	uint64_t ids[] = {1, 2};
	sample_rec(&s, 2, ids, 2);
	sample_rec(&s, 2, ids, 2);
	close_rec(&s, 2);
	free(big);
	return s;
}

static void test_odd_names(void)
{
	struct buf s = odd_stream(65536);
	struct buf log = one_block_log(&s);
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, log.data, log.len) == 0, "open");
	struct psr_record rec;
	int seen = 0;
	while (psr_reader_next(r, &rec) > 0) {
		if (rec.type != PSR_REC_PROCESS)
			continue;
		const struct psr_process *p = rec.u.process;
		if (p->id == 1)
			CHECK(!strcmp(p->comm, odd_comm) &&
				      p->cmdline_len == sizeof odd_cmd - 1 &&
				      !memcmp(p->cmdline, odd_cmd, p->cmdline_len),
			      "odd bytes come back exactly");
		if (p->id == 2)
			CHECK(strlen(p->comm) == 65536, "64 KiB comm: %zu",
			      strlen(p->comm));
		seen++;
	}
	CHECK(seen == 2, "two processes, got %d", seen);
	psr_reader_free(r);
	buf_release(&log);
	buf_release(&s);
}

static int write_log(const char *path, struct buf s)
{
	struct buf log = one_block_log(&s);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0 && write(fd, log.data, log.len) == (ssize_t)log.len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	buf_release(&log);
	buf_release(&s);
	if (!ok)
		perror(path);
	return !ok;
}

/* RFC 4180: fields separated by commas, rows by newlines; a field with a
 * comma, quote, CR or LF is quoted and its quotes doubled. */
static int check_csv(const char *path)
{
	FILE *f = fopen(path, "rb");
	if (!f) {
		perror(path);
		return 1;
	}
	long rows = 0, width = -1, fields = 1;
	int c, quoted = 0, at_start = 1, after_quote = 0, bad = 0;
	while (!bad && (c = getc(f)) != EOF) {
		if (quoted) {
			if (c == '"') {
				int d = getc(f);
				if (d != '"') {
					quoted = 0;
					after_quote = 1;
					if (d != EOF)
						ungetc(d, f);
				}
			}
			continue;
		}
		if (c == ',' || c == '\n') {
			at_start = 1;
			after_quote = 0;
			if (c == ',') {
				fields++;
				continue;
			}
			if (width < 0)
				width = fields;
			else if (fields != width) {
				fprintf(stderr, "row %ld: %ld fields, header %ld\n",
					rows + 1, fields, width);
				bad = 1;
			}
			rows++;
			fields = 1;
			continue;
		}
		if (after_quote || c == '\r' || (c == '"' && !at_start)) {
			fprintf(stderr, "row %ld: byte %d badly placed\n",
				rows + 1, c);
			bad = 1;
		}
		if (c == '"')
			quoted = 1;
		at_start = 0;
	}
	fclose(f);
	if (quoted || fields != 1 || bad) {
		fprintf(stderr, "%s: not valid CSV\n", path);
		return 1;
	}
	printf("%ld\n", rows);
	return 0;
}

/* SAMPLES samples of PROCESSES processes whose values all change. */
static int write_long(const char *path, unsigned long samples,
		      unsigned long procs)
{
	struct psr_header h;
	logbuild_header(&h, NMETRICS);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct psr_writer *w = NULL;
	struct psr_values *v = calloc(procs, sizeof *v);
	int rc = fd < 0 || !v ? -1 : psr_writer_open(&w, fd, &h, 1);
	for (unsigned long i = 0; i < procs && !rc; i++) {
		struct psr_process p = {.pid = (uint32_t)(1000 + i),
					.ppid = 1, .comm = "long"};
		rc = psr_writer_add_process(w, &p, &v[i].id);
	}
	uint64_t x = 88172645463325252ull; /* xorshift64: busy counters */
	for (unsigned long k = 0; k < samples && !rc; k++) {
		for (unsigned long i = 0; i < procs; i++) {
			v[i].present = (1ull << NMETRICS) - 1;
			for (unsigned m = 0; m < NMETRICS; m++) {
				x ^= x << 13, x ^= x >> 7, x ^= x << 17;
				v[i].v[m] += x % 100000;
			}
		}
		uint64_t t = h.start_mono_ns + k * 10000000ull;
		rc = psr_writer_add_sample(w, t, h.start_epoch_ns +
					   (int64_t)(k * 10000000ull), v, procs);
		if (!rc && k % 1000 == 999)
			rc = psr_writer_flush(w);
	}
	struct psr_close c = {.samples = samples};
	if (!rc)
		rc = psr_writer_close(w, &c);
	if (rc)
		fprintf(stderr, "%s: %s\n", path,
			w ? psr_writer_errmsg(w) : "cannot create");
	psr_writer_free(w);
	free(v);
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	return rc != 0;
}

/* One process whose state byte is everything but a letter (issue 21):
 * outputs must still be whole CSV and JSON. */
static int write_states(const char *path)
{
	static const uint64_t states[] = {'R', ',', '"', '\n', 0, '\\',
					  0xff, 1u << 20, 'S'};
	const size_t n = sizeof states / sizeof *states;
	struct psr_header h;
	logbuild_header(&h, NMETRICS);
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	struct psr_writer *w = NULL;
	struct psr_values v = {0};
	struct psr_process p = {.pid = 4242, .ppid = 1,
				.comm = "back\\slash"};
	int rc = fd < 0 ? -1 : psr_writer_open(&w, fd, &h, 1);
	if (!rc)
		rc = psr_writer_add_process(w, &p, &v.id);
	for (size_t k = 0; k < n && !rc; k++) {
		v.present = (1ull << NMETRICS) - 1;
		v.v[PSR_M_STATE] = states[k];
		v.v[PSR_M_UTIME] += 3;
		uint64_t t = h.start_mono_ns + k * 100000000ull;
		rc = psr_writer_add_sample(w, t, h.start_epoch_ns +
					   (int64_t)(k * 100000000ull), &v, 1);
	}
	struct psr_close c = {.samples = n};
	if (!rc)
		rc = psr_writer_close(w, &c);
	if (rc)
		fprintf(stderr, "%s: %s\n", path,
			w ? psr_writer_errmsg(w) : "cannot create");
	psr_writer_free(w);
	if (fd >= 0 && close(fd) != 0)
		rc = -1;
	return rc != 0;
}

int main(int argc, char **argv)
{
	if (argc == 3 && !strcmp(argv[1], "--write-states"))
		return write_states(argv[2]);
	if (argc == 5 && !strcmp(argv[1], "--write-long"))
		return write_long(argv[2], strtoul(argv[3], NULL, 10),
				  strtoul(argv[4], NULL, 10));
	if (argc == 3 && !strcmp(argv[1], "--write-odd"))
		return write_log(argv[2], odd_stream(300));
	if (argc == 3 && !strcmp(argv[1], "--write-sparse"))
		return write_log(argv[2], sparse_stream());
	if (argc == 3 && !strcmp(argv[1], "--check-csv"))
		return check_csv(argv[2]);
	test_sparse_ids();
	test_huge_count();
	test_record_length();
	test_marker_sizes();
	test_odd_names();
	return check_result();
}
