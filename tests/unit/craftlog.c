/* craftlog.c - crafted logs with extreme times, and real logs with their
 * blocks reordered, all passing every checksum (tests/cli/hostile_times.sh).
 *
 *   craftlog CASE LOG        write the crafted log CASE (list: craftlog -h)
 *   craftlog procs N LOG     N processes declared in one block, one sampled
 *   craftlog live N E LOG    N processes declared in blocks of 2^20, none
 *                            ended but the first E (END records)
 *   craftlog sampled N LOG   N processes declared in one block, all sampled
 *   craftlog stagger N LOG   N processes one after the other, each sampled
 *                            twice and ended
 *   craftlog cmdline N LOG   one process with a command line of N bytes
 *   craftlog reverse IN OUT  IN's blocks in the reverse order
 *   craftlog twice IN OUT    IN's blocks, then all of them again (one header)
 *
 * Records are written raw (tests/fuzz/logbuild.h): the writer would refuse
 * most of these values. */
#define _GNU_SOURCE
#include "../fuzz/logbuild.h"

#include <fcntl.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#define NMETRICS 19
#define SEC 1000000ull            /* µs */
#define YEAR (31557600ull * SEC)  /* Julian year, µs */

/* How one crafted case is built: its header's clocks, then samples at
 * dt[] with skew[], each with a SYSTEM record of its own, and END at
 * end_t. */
struct crafted {
	const char *name, *what;
	int64_t start_epoch_ns, boot_epoch_ns;
	uint64_t start_mono_ns, start_ticks;
	unsigned n;
	uint64_t dt[12];
	int64_t skew[12];
	uint64_t sys_delta; /* added to cpu_user at each SYSTEM record */
	uint64_t end_t;
};

static const struct crafted cases[] = {
	{"clockstep", "the wall clock stepped from 1970 to 2026 after 3 s",
	 5000000000LL, 1000000000LL, 2000000000ull, 10, 11,
	 {0, SEC, SEC, SEC, SEC, SEC, SEC, SEC, SEC, SEC, SEC},
	 {0, 0, 0, (int64_t)(56 * YEAR), (int64_t)(56 * YEAR),
	  (int64_t)(56 * YEAR), (int64_t)(56 * YEAR), (int64_t)(56 * YEAR),
	  (int64_t)(56 * YEAR), (int64_t)(56 * YEAR), (int64_t)(56 * YEAR)},
	 100, 10 * SEC},
	{"span", "two samples 100 years apart (a monotonic clock can hold it)",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 2,
	 {0, 100 * YEAR}, {0, 0}, 100, 100 * YEAR},
	{"t-max", "dt of 2^64-1 µs",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 3,
	 {0, SEC, UINT64_MAX}, {0, 0, 0}, 100, UINT64_MAX},
	{"t-wrap", "dt summing past 2^64 µs",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 3,
	 {0, UINT64_MAX / 2, UINT64_MAX / 2 + 10}, {0, 0, 0}, 100, 5},
	{"span-146k", "two samples 146,000 years (2^62 us) apart",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 2,
	 {0, 1ull << 62}, {0, 0}, 100, 1ull << 62},
	{"span-max", "two samples 146 years apart: the most a log may hold",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 2,
	 {0, (1ull << 62) / 1000 - 1000000}, {0, 0}, 100, SEC},
	{"skew-146k", "wall clock steps of +-146,000 years",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 3,
	 {0, SEC, SEC}, {0, 1ll << 62, -(1ll << 62)}, 100, SEC},
	{"t-int64", "dt of 2^63 µs",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 2,
	 {0, 1ull << 63}, {0, 0}, 100, 1ull << 63},
	{"skew-max", "epoch_skew of INT64_MAX and INT64_MIN",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 3,
	 {0, SEC, SEC}, {INT64_MAX, INT64_MIN, INT64_MAX}, 100, SEC},
	{"epoch-max", "start and boot times at the ends of int64",
	 INT64_MAX, INT64_MIN, 1000000000ull, UINT64_MAX, 3,
	 {0, SEC, SEC}, {0, (int64_t)YEAR, -(int64_t)YEAR}, 100, SEC},
	{"epoch-min", "start time INT64_MIN, boot INT64_MAX",
	 INT64_MIN, INT64_MAX, 1000000000ull, 1ull << 62, 3,
	 {0, SEC, SEC}, {0, -(int64_t)YEAR, INT64_MIN}, 100, SEC},
	{"mono-max", "start_mono_ns of 2^64-1",
	 1700000000000000000LL, 1690000000000000000LL, UINT64_MAX, 10, 3,
	 {0, SEC, SEC}, {0, 0, 0}, 100, SEC},
	{"sys-counters", "host CPU counters jumping by 2^63 each sample",
	 1700000000000000000LL, 1690000000000000000LL, 1000000000ull, 10, 4,
	 {0, SEC, SEC, SEC}, {0, 0, 0, 0}, 1ull << 63, 3 * SEC},
};

/* System metric ids as listed in a psrec --system header (FORMAT.md 5.1). */
static const uint8_t sys_ids[] = {0, 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12,
				  13, 14, 15, 16, 17, 18, 19, 20, 21, 22, 23,
				  24, 25};

static void sample(struct buf *s, uint64_t dt, int64_t skew, unsigned nids)
{
	struct buf p = {0};
	uint64_t head[] = {dt, zigzag_encode(skew), nids};
	put_varints(&p, head, 3);
	for (unsigned i = 0; i < nids; i++) {
		uint64_t e[] = {1, 0}; /* the next id, nothing changed */
		put_varints(&p, e, 2);
	}
	rec(s, 0x03, &p);
	buf_release(&p);
}

/* SYSTEM at t: every metric a value, cpu_user (position 9) by delta. */
static void system_rec(struct buf *s, uint64_t t, int64_t skew, int first,
		       uint64_t delta)
{
	struct buf p = {0};
	unsigned n = sizeof sys_ids;
	uint64_t head[] = {t, zigzag_encode(skew),
			   first ? ((1ull << n) - 1) << 1 : 1ull << 10};
	put_varints(&p, head, 3);
	for (unsigned i = 0; first && i < n; i++) {
		uint64_t v = zigzag_encode(i == 0 ? 4000000 : 1000 + i);
		put_varints(&p, &v, 1);
	}
	if (!first) {
		uint64_t v = zigzag_encode((int64_t)delta);
		put_varints(&p, &v, 1);
	}
	rec(s, 0x07, &p);
	buf_release(&p);
}

static void end_rec(struct buf *s, uint64_t id, uint64_t t)
{
	struct buf p = {0};
	uint64_t v[] = {id, t, 0};
	put_varints(&p, v, 3);
	rec(s, 0x04, &p);
	buf_release(&p);
}

static void close_rec(struct buf *s, uint64_t t, uint64_t samples)
{
	struct buf p = {0};
	uint64_t v[] = {t, samples, 1, 1, 1, 1, samples};
	put_varints(&p, v, 7);
	rec(s, 0x06, &p);
	buf_release(&p);
}

static void proc_rec(struct buf *s, uint64_t id, uint64_t start_ticks)
{
	struct buf p = {0};
	uint64_t v[] = {id, 1000 + id, 1, start_ticks, 0, 0};
	put_varints(&p, v, 6);
	put_bytes(&p, "crafted", 7);
	put_bytes(&p, "crafted\0", 8);
	rec(s, 0x02, &p);
	buf_release(&p);
}

static int save(const char *path, const struct buf *log)
{
	int fd = open(path, O_WRONLY | O_CREAT | O_TRUNC | O_CLOEXEC, 0644);
	int ok = fd >= 0 && write(fd, log->data, log->len) == (ssize_t)log->len;
	if (fd >= 0 && close(fd) != 0)
		ok = 0;
	if (!ok)
		perror(path);
	return !ok;
}

static int write_case(const struct crafted *c, const char *path)
{
	struct psr_header h;
	struct logbuild b;
	struct buf s = {0};
	uint64_t t = 0;

	logbuild_header(&h, NMETRICS);
	h.start_epoch_ns = c->start_epoch_ns;
	h.boot_epoch_ns = c->boot_epoch_ns;
	h.start_mono_ns = c->start_mono_ns;
	h.interval_ns = 1000000000ull;
	memcpy(h.system_metrics, sys_ids, sizeof sys_ids);
	h.system_count = sizeof sys_ids;
	if (logbuild_start_header(&b, &h))
		return 1;
	block_rec(&s, 0);
	proc_rec(&s, 1, c->start_ticks);
	for (unsigned k = 0; k < c->n; k++) {
		t += c->dt[k];
		sample(&s, c->dt[k], c->skew[k], 1);
		system_rec(&s, t, c->skew[k], k == 0, c->sys_delta);
	}
	end_rec(&s, 1, c->end_t);
	close_rec(&s, t, c->n);
	int rc = logbuild_block(&b, s.data, s.len, NULL) || save(path, &b.log);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

/* n processes declared in one block (ids 1..n), one of them sampled. */
static int write_procs(unsigned long n, const char *path)
{
	struct logbuild b;
	struct buf s = {0};

	if (n < 1 || n >= 1ul << 24 || logbuild_start(&b, NMETRICS))
		return 1;
	block_rec(&s, 0);
	for (unsigned long id = 1; id <= n; id++)
		proc_rec(&s, id, 10);
	sample(&s, 0, 0, 1);
	sample(&s, SEC, 0, 1);
	close_rec(&s, SEC, 2);
	int rc = logbuild_block(&b, s.data, s.len, NULL) || save(path, &b.log);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

/* n processes declared in blocks of 2^20 (a block's content is at most
 * 64 MiB), the first one sampled, the first `ended` ended, each in the
 * block declaring it: all the others alive at once at the end. */
static int write_live(unsigned long n, unsigned long ended, const char *path)
{
	struct logbuild b;
	struct buf s = {0};
	int rc = 0;

	if (n < 1 || n >= 1ul << 24 || ended > n || logbuild_start(&b, NMETRICS))
		return 1;
	for (unsigned long id = 1, seq = 0; id <= n && !rc; seq++) {
		unsigned long first = id;
		buf_reset(&s);
		block_rec(&s, seq);
		for (unsigned long k = 0; k < 1ul << 20 && id <= n; k++, id++)
			proc_rec(&s, id, 10);
		if (seq == 0) {
			sample(&s, 0, 0, 1);
			sample(&s, SEC, 0, 1);
		}
		for (unsigned long e = first; e < id && e <= ended; e++)
			end_rec(&s, e, SEC);
		if (id > n)
			close_rec(&s, SEC, 2);
		rc = logbuild_block(&b, s.data, s.len, NULL);
	}
	rc = rc || save(path, &b.log);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

/* n processes declared in one block, all of them sampled twice. */
/* One sample of process id alone (the entry's id as a delta from the
 * sample's last one: from 0). */
static void sample_one(struct buf *s, uint64_t dt, uint64_t id)
{
	struct buf p = {0};
	uint64_t head[] = {dt, 0, 1}, e[] = {id, 0};

	put_varints(&p, head, 3);
	put_varints(&p, e, 2);
	rec(s, 0x03, &p);
	buf_release(&p);
}

/* n processes one after the other, each declared, sampled twice 0.1 s
 * apart and ended: one alive at a time, n ended ones held. */
static int write_stagger(unsigned long n, const char *path)
{
	struct logbuild b;
	struct buf s = {0};
	uint64_t t = 0;

	if (n < 1 || n >= 1ul << 21 || logbuild_start(&b, NMETRICS))
		return 1;
	block_rec(&s, 0);
	for (unsigned long id = 1; id <= n; id++) {
		proc_rec(&s, id, 10);
		sample_one(&s, id == 1 ? 0 : SEC / 10, id);
		t += id == 1 ? 0 : SEC / 10;
		sample_one(&s, SEC / 10, id);
		t += SEC / 10;
		end_rec(&s, id, t + SEC / 20);
	}
	close_rec(&s, t, 2 * n);
	int rc = logbuild_block(&b, s.data, s.len, NULL) || save(path, &b.log);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

static int write_sampled(unsigned long n, const char *path)
{
	struct logbuild b;
	struct buf s = {0};

	if (n < 1 || n >= 1ul << 21 || logbuild_start(&b, NMETRICS))
		return 1;
	block_rec(&s, 0);
	for (unsigned long id = 1; id <= n; id++)
		proc_rec(&s, id, 10);
	sample(&s, 0, 0, (unsigned)n);
	sample(&s, SEC, 0, (unsigned)n);
	close_rec(&s, SEC, 2);
	int rc = logbuild_block(&b, s.data, s.len, NULL) || save(path, &b.log);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

/* One process whose command line is n bytes, sampled twice. */
static int write_cmdline(unsigned long n, const char *path)
{
	struct logbuild b;
	struct buf s = {0}, p = {0};
	char *cmd = malloc(n + 1);
	uint64_t v[] = {1, 1001, 1, 10, 0, 0};

	if (!cmd || n > 1ul << 20 || logbuild_start(&b, NMETRICS)) {
		free(cmd);
		return 1;
	}
	memset(cmd, 'x', n);
	block_rec(&s, 0);
	put_varints(&p, v, 6);
	put_bytes(&p, "crafted", 7);
	put_bytes(&p, cmd, n);
	rec(&s, 0x02, &p);
	sample(&s, 0, 0, 1);
	sample(&s, SEC, 0, 1);
	close_rec(&s, SEC, 2);
	int rc = logbuild_block(&b, s.data, s.len, NULL) || save(path, &b.log);
	free(cmd);
	buf_release(&p);
	buf_release(&s);
	logbuild_release(&b);
	return rc;
}

/* ---- reordering a real log's blocks ---- */

static int load(const char *path, struct buf *f)
{
	FILE *in = fopen(path, "rb");
	uint8_t chunk[65536];
	size_t k;

	if (!in) {
		perror(path);
		return 1;
	}
	while ((k = fread(chunk, 1, sizeof chunk, in)) > 0)
		if (buf_reserve(f, k) == 0)
			buf_mem(f, chunk, k);
	fclose(in);
	return 0;
}

/* Offsets of the blocks (marker and frame) of a sound log into at[]. */
static size_t split(const struct buf *f, size_t *at, size_t max, size_t *hdr)
{
	size_t off = FRAME_PREFIX + get_le32(f->data + 4), n = 0;

	*hdr = off;
	while (off + MARKER_SIZE <= f->len && n < max) {
		at[n++] = off;
		off += MARKER_SIZE + get_le32(f->data + off + 16);
	}
	at[n] = off < f->len ? off : f->len;
	return n;
}

static int reorder(const char *mode, const char *in, const char *out)
{
	static size_t at[1u << 16];
	struct buf f = {0}, o = {0};
	size_t hdr, n;
	int rc = 1;

	if (load(in, &f))
		return 1;
	n = split(&f, at, sizeof at / sizeof at[0] - 1, &hdr);
	if (buf_reserve(&o, 2 * f.len))
		goto out;
	buf_mem(&o, f.data, hdr);
	for (size_t k = 0; k < n; k++) {
		size_t i = !strcmp(mode, "reverse") ? n - 1 - k : k;
		buf_mem(&o, f.data + at[i], at[i + 1] - at[i]);
	}
	for (size_t k = 0; !strcmp(mode, "twice") && k < n; k++)
		buf_mem(&o, f.data + at[k], at[k + 1] - at[k]);
	fprintf(stderr, "craftlog: %zu blocks\n", n);
	rc = save(out, &o);
out:
	buf_release(&f);
	buf_release(&o);
	return rc;
}

int main(int argc, char **argv)
{
	if (argc == 4 && !strcmp(argv[1], "procs"))
		return write_procs(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && !strcmp(argv[1], "cmdline"))
		return write_cmdline(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && !strcmp(argv[1], "sampled"))
		return write_sampled(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 4 && !strcmp(argv[1], "stagger"))
		return write_stagger(strtoul(argv[2], NULL, 10), argv[3]);
	if (argc == 5 && !strcmp(argv[1], "live"))
		return write_live(strtoul(argv[2], NULL, 10),
				  strtoul(argv[3], NULL, 10), argv[4]);
	if (argc == 4 && (!strcmp(argv[1], "reverse") || !strcmp(argv[1], "twice")))
		return reorder(argv[1], argv[2], argv[3]);
	for (size_t i = 0; argc == 3 && i < sizeof cases / sizeof cases[0]; i++)
		if (!strcmp(argv[1], cases[i].name))
			return write_case(&cases[i], argv[2]);
	if (argc == 2 && !strcmp(argv[1], "--list")) {
		for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
			printf("%s\n", cases[i].name);
		return 0;
	}
	fputs("usage: craftlog CASE LOG | craftlog --list | craftlog procs N LOG"
	      " | craftlog live N E LOG | craftlog sampled N LOG"
	      " | craftlog cmdline N LOG"
	      " | craftlog (reverse|twice) IN OUT\ncases:\n", stderr);
	for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++)
		fprintf(stderr, "  %-13s %s\n", cases[i].name, cases[i].what);
	return 2;
}
