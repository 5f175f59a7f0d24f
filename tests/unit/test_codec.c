/* test_codec.c - the format's codec: varints, zigzag, CRC, and a writer to
 * reader round trip with extreme values, counter resets, missing metrics,
 * several blocks, unknown record types and version rules. */
#define _GNU_SOURCE
#include "check.h"

#include "../../format/codec.h"
#include "../../format/layout.h"

#include <psr/log.h>

#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <zstd.h>

static void test_varint(void)
{
	static const uint64_t v[] = {0, 1, 127, 128, 300, 16383, 16384,
				     UINT32_MAX, (uint64_t)1 << 63, UINT64_MAX};
	for (size_t i = 0; i < sizeof v / sizeof v[0]; i++) {
		uint8_t b[VARINT_MAX];
		size_t n = varint_put(b, v[i]);
		struct cursor c;
		cursor_init(&c, b, n);
		CHECK(cursor_varint(&c) == v[i] && c.ok && !cursor_left(&c),
		      "varint %llu", (unsigned long long)v[i]);
		cursor_init(&c, b, n - 1); /* cut: must fail, not overrun */
		cursor_varint(&c);
		CHECK(!c.ok, "cut varint %llu accepted",
		      (unsigned long long)v[i]);
	}
	uint8_t eleven[11];
	memset(eleven, 0xff, sizeof eleven);
	struct cursor c;
	cursor_init(&c, eleven, sizeof eleven);
	cursor_varint(&c);
	CHECK(!c.ok, "an 11-byte varint was accepted");
	static const int64_t z[] = {0, -1, 1, INT64_MIN, INT64_MAX, -300};
	for (size_t i = 0; i < sizeof z / sizeof z[0]; i++)
		CHECK(zigzag_decode(zigzag_encode(z[i])) == z[i], "zigzag %lld",
		      (long long)z[i]);
	CHECK(zigzag_encode(-1) == 1 && zigzag_encode(1) == 2, "zigzag map");
	CHECK(zigzag_encode(INT64_MIN) == UINT64_MAX &&
	      zigzag_encode(INT64_MAX) == UINT64_MAX - 1 &&
	      zigzag_decode(3) == -2, "zigzag at the ends");
	CHECK(psr_crc32("123456789", 9) == 0xCBF43926u, "crc32 check value");
}

/* A log in a memfd, written through the public writer API. */
struct memlog {
	int fd;
	uint8_t *data;
	size_t len;
};

static struct psr_header test_header(void)
{
	struct psr_header h = {0};
	h.start_epoch_ns = 1700000000123456789LL;
	h.start_mono_ns = 5000000000ull;
	h.boot_epoch_ns = 1690000000000000000LL;
	h.interval_ns = 100000000;
	h.clock_ticks = 100;
	h.page_size = 4096;
	h.cpu_count = 2;
	strcpy(h.hostname, "testhost");
	strcpy(h.kernel, "6.1.0-test");
	strcpy(h.writer, "test");
	static char cmd[] = "psrec\0-p\0001\0";
	h.command_line = cmd;
	h.command_line_len = sizeof cmd - 1;
	h.metric_count = psr_metric_set_default(h.metrics);
	h.metric_count += psr_metric_set_extended(h.metrics + h.metric_count);
	return h;
}

static void slurp(struct memlog *m)
{
	m->len = (size_t)lseek(m->fd, 0, SEEK_END);
	m->data = malloc(m->len);
	CHECK(pread(m->fd, m->data, m->len, 0) == (ssize_t)m->len, "pread");
}

#define NSAMPLES 50
#define NPROC 3

/* The value every test process has for metric m at sample s: extremes,
 * resets (values going down) and missing values at known places. */
static int expect(unsigned p, unsigned s, unsigned m, uint64_t *v)
{
	if (p == 1 && m == PSR_M_RCHAR && s % 7 == 3)
		return 0; /* missing now and then */
	if (p == 2 && m == PSR_M_FDS && s >= 10 && s < 30)
		return 0; /* missing for a stretch */
	switch (m) {
	case PSR_M_UTIME:
		*v = p == 0 ? (uint64_t)s * 1000 : UINT64_MAX - s;
		break;
	case PSR_M_WCHAR:
		*v = s == 25 ? 5 : (uint64_t)s << 40; /* a reset at 25 */
		break;
	case PSR_M_STATE:
		*v = 'S';
		break;
	default:
		*v = p == 2 ? (uint64_t)1 << 63 : m * 31u + (p ? s / 10 : 0);
	}
	return 1;
}

static void fill(struct psr_values *v, uint32_t id, unsigned p, unsigned s,
		 const struct psr_header *h)
{
	memset(v, 0, sizeof *v);
	v->id = id;
	for (unsigned i = 0; i < h->metric_count; i++) {
		unsigned m = h->metrics[i];
		if (expect(p, s, m, &v->v[m]))
			v->present |= 1ull << m;
	}
}

static void write_log(struct memlog *m, const struct psr_header *h)
{
	m->fd = memfd_create("log", 0);
	struct psr_writer *w;
	CHECK(psr_writer_open(&w, m->fd, h, 3) == 0, "open");
	uint32_t ids[NPROC];
	for (unsigned p = 0; p < NPROC; p++) {
		struct psr_process pr = {.pid = 100 + p, .ppid = 1,
					 .start_ticks = 12345 + p, .uid = p,
					 .comm = "proc", .cmdline = "a\0b\0",
					 .cmdline_len = 4};
		CHECK(psr_writer_add_process(w, &pr, &ids[p]) == 0, "add");
	}
	struct psr_values v[NPROC];
	for (unsigned s = 0; s < NSAMPLES; s++) {
		for (unsigned p = 0; p < NPROC; p++)
			fill(&v[p], ids[p], p, s, h);
		uint64_t mono = h->start_mono_ns + s * 100000000ull;
		int64_t epoch = h->start_epoch_ns + (int64_t)s * 100000000 +
				(s == 40 ? 7000000 : 0); /* a clock step */
		CHECK(psr_writer_add_sample(w, mono, epoch, v, NPROC) == 0,
		      "sample %u", s);
		if (s == 5)
			psr_writer_set_cpus(w, ids[0], mono, "0-1");
		if (s % 12 == 11)
			CHECK(psr_writer_flush(w) == 0, "flush");
	}
	CHECK(psr_writer_end_process(w, ids[1], h->start_mono_ns, 256) == 0,
	      "end");
	/* one exit of a process never sampled, one completing ids[1] */
	struct psr_exit ex = {.pid = 4242, .ppid = 1, .uid = 7,
			      .btime_s = 1700000000, .etime_us = 1234,
			      .user_us = 500, .sys_us = 70000000000ull,
			      .maxrss_kb = 1536, .read_bytes = 1u << 20,
			      .exit_code = 256, .threads = 1, .comm = "true"};
	CHECK(psr_writer_add_exit(w, h->start_mono_ns, &ex) == 0, "exit");
	ex.id = ids[1];
	CHECK(psr_writer_add_exit(w, h->start_mono_ns, &ex) == 0, "exit 2");
	ex.id = 999;
	CHECK(psr_writer_add_exit(w, h->start_mono_ns, &ex) == PSR_E_USAGE,
	      "exit of an unknown id refused");
	/* process 1 exec'd (format 5): a new comm and a command line with
	 * bytes a string would stop at */
	struct psr_rename rn = {.comm = "newcomm", .cmdline = "new\0-x\0",
				.cmdline_len = 7};
	CHECK(psr_writer_rename(w, ids[0], h->start_mono_ns + 1000, &rn) == 0,
	      "rename");
	CHECK(psr_writer_rename(w, 999, h->start_mono_ns, &rn) == PSR_E_USAGE,
	      "rename of an unknown id refused");
	struct psr_close c = {.reason = PSR_CLOSE_DONE, .self_user_us = 9};
	CHECK(psr_writer_close(w, &c) == 0, "close");
	psr_writer_free(w);
	slurp(m);
}

/* The values of each process in the sample before (for the hints). */
static struct psr_values prev_vals[NPROC];

static void check_sample(const struct psr_header *h,
			 const struct psr_sample *s, unsigned n)
{
	CHECK(s->t_us == n * 100000ull, "t of sample %u: %llu", n,
	      (unsigned long long)s->t_us);
	int64_t want = h->start_epoch_ns / 1000 + (int64_t)n * 100000 +
		       (n == 40 ? 7000 : 0);
	CHECK(s->epoch_us == want, "epoch of sample %u", n);
	CHECK(s->count == NPROC, "count");
	for (unsigned p = 0; p < NPROC && p < s->count; p++) {
		const struct psr_values *v = &s->values[p];
		for (unsigned i = 0; i < h->metric_count; i++) {
			unsigned m = h->metrics[i];
			uint64_t e;
			int present = expect(p, n, m, &e);
			CHECK(!!(v->present >> m & 1) == present,
			      "presence p%u s%u m%u", p, n, m);
			if (present)
				CHECK(v->v[m] == e, "value p%u s%u m%u: %llu",
				      p, n, m, (unsigned long long)v->v[m]);
			/* a hint leaves out only what did not change */
			const struct psr_values *o = &prev_vals[p];
			int same = n && (o->present >> m & 1) == (unsigned)present &&
				   (!present || o->v[m] == v->v[m]);
			if (s->changed && !same)
				CHECK(s->changed[p] >> m & 1,
				      "changed hint p%u s%u m%u", p, n, m);
		}
		prev_vals[p] = *v;
	}
}

/* A header's metrics as psrec lists them: the sets asked for, then
 * cutime and cstime (format 3), so ids and mask positions differ. */
static struct psr_header psrec_header(int extended)
{
	struct psr_header h = test_header();
	h.metric_count = psr_metric_set_default(h.metrics);
	if (extended)
		h.metric_count +=
			psr_metric_set_extended(h.metrics + h.metric_count);
	h.metric_count += psr_metric_set_reaped(h.metrics + h.metric_count);
	return h;
}

static void test_roundtrip(struct psr_header h)
{
	struct memlog m;
	write_log(&m, &h);
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == 0, "open: %s",
	      psr_reader_errmsg(r));
	const struct psr_header *rh = psr_reader_header(r);
	CHECK(rh->start_epoch_ns == h.start_epoch_ns && rh->page_size == 4096 &&
		      !strcmp(rh->hostname, "testhost") &&
		      rh->command_line_len == h.command_line_len &&
		      rh->metric_count == h.metric_count,
	      "header fields");
	struct psr_record rec;
	unsigned samples = 0, procs = 0, ends = 0, cpus = 0, closes = 0,
		 warnings = 0, exits = 0, renames = 0;
	int rc;
	while ((rc = psr_reader_next(r, &rec)) > 0) {
		switch (rec.type) {
		case PSR_REC_SAMPLE:
			check_sample(rh, &rec.u.sample, samples++);
			break;
		case PSR_REC_PROCESS:
			procs++;
			CHECK(rec.u.process->cmdline_len == 4 &&
				      !strcmp(rec.u.process->comm, "proc"),
			      "process strings");
			break;
		case PSR_REC_END:
			ends++;
			CHECK(rec.u.end.status == 256, "end status");
			break;
		case PSR_REC_CPUS:
			cpus++;
			CHECK(!strcmp(rec.u.cpus.list, "0-1"), "cpus");
			break;
		case PSR_REC_CLOSE:
			closes++;
			CHECK(rec.u.close.samples == NSAMPLES &&
				      rec.u.close.self_user_us == 9,
			      "close fields");
			break;
		case PSR_REC_WARNING:
			warnings++;
			break;
		case PSR_REC_SYSTEM:
			CHECK(0, "a SYSTEM record in a log without them");
			break;
		case PSR_REC_EXIT:
			CHECK(rec.u.exit->id == (exits ? 2u : 0u) &&
				      rec.u.exit->pid == 4242 &&
				      rec.u.exit->sys_us == 70000000000ull &&
				      rec.u.exit->read_bytes == 1u << 20 &&
				      rec.u.exit->exit_code == 256 &&
				      !strcmp(rec.u.exit->comm, "true"),
			      "exit fields");
			exits++;
			break;
		case PSR_REC_RENAME:
			CHECK(rec.u.rename->id == 1 && rec.u.rename->t_us == 1 &&
				      !strcmp(rec.u.rename->comm, "newcomm") &&
				      rec.u.rename->cmdline_len == 7 &&
				      !memcmp(rec.u.rename->cmdline, "new\0-x\0", 8),
			      "rename fields");
			renames++;
			break;
		}
	}
	CHECK(rc == 0, "end: %d", rc);
	CHECK(exits == 2, "exits %u", exits);
	CHECK(renames == 1, "renames %u", renames);
	CHECK(!rh->has_ids && !rh->part && !rh->system_count,
	      "no ids, no system metrics");
	CHECK(samples == NSAMPLES, "samples %u", samples);
	CHECK(procs == NPROC, "processes reported once each: %u", procs);
	CHECK(ends == 1 && closes == 1 && warnings == 0,
	      "ends %u closes %u warnings %u", ends, closes, warnings);
	CHECK(cpus >= 1, "cpus %u", cpus);
	struct psr_reader_stats st;
	psr_reader_stats(r, &st);
	CHECK(st.blocks == 5 && st.closed && !st.truncated, "blocks %llu",
	      (unsigned long long)st.blocks);
	psr_reader_free(r);
	free(m.data);
	close(m.fd);
}

/* The first block marker of a log in memory. */
static uint8_t *first_marker(const struct memlog *m, size_t *hdr)
{
	*hdr = FRAME_PREFIX + get_le32(m->data + 4);
	return m->data + *hdr;
}

/* Rebuild the first block with an unknown record type after its BLOCK
 * record: an older reader must skip it and read everything else. */
static void test_unknown_record(void)
{
	struct psr_header h = test_header();
	struct memlog m;
	write_log(&m, &h);
	size_t hdr;
	uint8_t *mk = first_marker(&m, &hdr);
	uint32_t fsize = get_le32(mk + 16), csize = get_le32(mk + 20);
	uint8_t *content = malloc(csize + 16);
	CHECK(ZSTD_decompress(content, csize, mk + MARKER_SIZE, fsize) == csize,
	      "decompress");
	size_t first = 1 + 1 + 1; /* BLOCK: type, length 1, sequence 0 */
	static const uint8_t unknown[] = {0x7e, 4, 1, 2, 3, 4};
	memmove(content + first + sizeof unknown, content + first,
		csize - first);
	memcpy(content + first, unknown, sizeof unknown);
	size_t ncsize = csize + sizeof unknown;
	size_t bound = ZSTD_compressBound(ncsize);
	size_t rest = m.len - (hdr + MARKER_SIZE + fsize);
	uint8_t *out = malloc(hdr + MARKER_SIZE + bound + rest);
	memcpy(out, m.data, hdr + MARKER_SIZE);
	ZSTD_CCtx *cc = ZSTD_createCCtx();
	ZSTD_CCtx_setParameter(cc, ZSTD_c_checksumFlag, 1);
	size_t nf = ZSTD_compress2(cc, out + hdr + MARKER_SIZE, bound, content,
				   ncsize);
	ZSTD_freeCCtx(cc);
	uint8_t *nm = out + hdr;
	put_le32(nm + 16, (uint32_t)nf);
	put_le32(nm + 20, (uint32_t)ncsize);
	put_le32(nm + 28, psr_crc32(nm + 8, 20));
	memcpy(out + hdr + MARKER_SIZE + nf, mk + MARKER_SIZE + fsize, rest);
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, out, hdr + MARKER_SIZE + nf + rest) == 0,
	      "open");
	struct psr_record rec;
	unsigned samples = 0, warnings = 0;
	while (psr_reader_next(r, &rec) > 0) {
		samples += rec.type == PSR_REC_SAMPLE;
		warnings += rec.type == PSR_REC_WARNING;
	}
	CHECK(samples == NSAMPLES && warnings == 0,
	      "unknown record: %u samples, %u warnings", samples, warnings);
	psr_reader_free(r);
	free(out);
	free(content);
	free(m.data);
	close(m.fd);
}

/* Without its first block, a process is known from the repeat in the
 * next block: identity and comm, no command line. */
static void test_lost_first_block(void)
{
	struct psr_header h = test_header();
	struct memlog m;
	write_log(&m, &h);
	size_t hdr;
	uint8_t *mk = first_marker(&m, &hdr);
	uint32_t first_samples = get_le32(mk + 24);
	mk[MARKER_SIZE + 5] ^= 0xff; /* damage block 0's frame */
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == 0, "open");
	struct psr_record rec;
	unsigned samples = 0, procs = 0, warnings = 0;
	while (psr_reader_next(r, &rec) > 0) {
		samples += rec.type == PSR_REC_SAMPLE;
		warnings += rec.type == PSR_REC_WARNING;
		if (rec.type == PSR_REC_PROCESS) {
			const struct psr_process *p = rec.u.process;
			procs++;
			CHECK(p->pid == 100 + procs - 1 && !strcmp(p->comm, "proc") &&
				      p->cmdline_len == 0 &&
				      (p->flags & PSR_PROC_REPEAT),
			      "repeat of process %u", p->id);
		}
	}
	CHECK(procs == NPROC && warnings == 1 &&
		      samples == NSAMPLES - first_samples,
	      "lost first block: %u processes, %u samples, %u warnings", procs,
	      samples, warnings);
	psr_reader_free(r);
	free(m.data);
	close(m.fd);
}

/* System value s of metric m: extremes, a reset, a missing stretch. */
static int sys_expect(unsigned s, unsigned m, uint64_t *v)
{
	if (m == PSR_S_SWAP_FREE && s >= 7 && s < 19)
		return 0;
	switch (m) {
	case PSR_S_MEM_TOTAL:
		*v = 24000000;
		break;
	case PSR_S_CPU_IDLE:
		*v = s == 20 ? 3 : UINT64_MAX - 1000 + s; /* reset at 20 */
		break;
	case PSR_S_LOAD1:
		*v = s % 3 * 125;
		break;
	default:
		*v = (uint64_t)m << (s % 60);
	}
	return 1;
}

/* Format 2: log and run ids, a part number, SYSTEM records across
 * several blocks, delivered with exact values and missing bits. */
static void test_system(void)
{
	struct psr_header h = test_header();
	h.has_ids = 1;
	for (unsigned i = 0; i < 16; i++) {
		h.log_id[i] = (uint8_t)(i + 1);
		h.run_id[i] = (uint8_t)(0xf0 - i);
	}
	h.part = 7;
	h.system_count = psr_sysmetric_set(h.system_metrics);
	CHECK(h.system_count == PSR_S_COUNT, "system set");
	struct memlog m = {.fd = memfd_create("log", 0)};
	struct psr_writer *w;
	CHECK(psr_writer_open(&w, m.fd, &h, 3) == 0, "open");
	uint32_t id;
	struct psr_process pr = {.pid = 1, .comm = "p"};
	CHECK(psr_writer_add_process(w, &pr, &id) == 0, "add");
	for (unsigned s = 0; s < NSAMPLES; s++) {
		struct psr_values v;
		fill(&v, id, 0, s, &h);
		uint64_t mono = h.start_mono_ns + s * 100000000ull;
		int64_t epoch = h.start_epoch_ns + (int64_t)s * 100000000;
		CHECK(psr_writer_add_sample(w, mono, epoch, &v, 1) == 0, "smp");
		uint64_t sv[PSR_METRIC_MAX] = {0}, present = 0;
		for (unsigned k = 0; k < PSR_S_COUNT; k++)
			if (sys_expect(s, k, &sv[k]))
				present |= 1ull << k;
		CHECK(psr_writer_add_system(w, mono, epoch, present, sv) == 0,
		      "system %u: %s", s, psr_writer_errmsg(w));
		if (s % 9 == 8)
			CHECK(psr_writer_flush(w) == 0, "flush");
	}
	struct psr_close c = {0};
	CHECK(psr_writer_close(w, &c) == 0, "close");
	psr_writer_free(w);
	slurp(&m);
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == 0, "open");
	const struct psr_header *rh = psr_reader_header(r);
	CHECK(rh->version == PSR_FORMAT_VERSION && rh->min_reader == 1,
	      "versions %u %u",
	      rh->version, rh->min_reader);
	CHECK(rh->has_ids && rh->part == 7 &&
		      !memcmp(rh->log_id, h.log_id, 16) &&
		      !memcmp(rh->run_id, h.run_id, 16),
	      "ids");
	CHECK(rh->system_count == PSR_S_COUNT &&
		      !memcmp(rh->system_metrics, h.system_metrics,
			      PSR_S_COUNT),
	      "system list");
	struct psr_record rec;
	unsigned n = 0, samples = 0;
	while (psr_reader_next(r, &rec) > 0) {
		samples += rec.type == PSR_REC_SAMPLE;
		CHECK(rec.type != PSR_REC_WARNING, "%s", rec.u.warning);
		if (rec.type != PSR_REC_SYSTEM)
			continue;
		const struct psr_system *sy = rec.u.system;
		CHECK(samples == n + 1, "SYSTEM after its SAMPLE");
		CHECK(sy->t_us == n * 100000ull &&
			      sy->epoch_us ==
				      h.start_epoch_ns / 1000 + n * 100000ll,
		      "system time %u", n);
		for (unsigned k = 0; k < PSR_S_COUNT; k++) {
			uint64_t e;
			int present = sys_expect(n, k, &e);
			CHECK(!!(sy->present >> k & 1) == present,
			      "system presence s%u m%u", n, k);
			if (present)
				CHECK(sy->v[k] == e, "system value s%u m%u", n,
				      k);
		}
		n++;
	}
	CHECK(n == NSAMPLES, "system records %u", n);
	psr_reader_free(r);
	free(m.data);
	close(m.fd);
}

/* END of a process psrec waited for, and CLOSE with the job's totals
 * (format 3): every field back as written; a plain END and a CLOSE
 * without a job read as before. */
static void test_reaped(void)
{
	struct psr_header h = psrec_header(0);
	struct memlog m = {.fd = memfd_create("log", 0)};
	struct psr_writer *w;
	CHECK(psr_writer_open(&w, m.fd, &h, 3) == 0, "open");
	uint32_t id[3];
	for (unsigned p = 0; p < 3; p++) {
		struct psr_process pr = {.pid = 200 + p, .ppid = 1,
					 .start_ticks = 7, .comm = "job",
					 .cmdline = "", .cmdline_len = 0};
		CHECK(psr_writer_add_process(w, &pr, &id[p]) == 0, "add");
	}
	struct psr_values v[3];
	for (unsigned p = 0; p < 3; p++)
		fill(&v[p], id[p], 0, 1, &h);
	CHECK(psr_writer_add_sample(w, h.start_mono_ns, h.start_epoch_ns, v,
				    3) == 0, "sample");
	struct psr_reaped full = {
		.rusage = {.user_us = 1234567, .sys_us = (uint64_t)1 << 40,
			   .maxrss_kb = 65536, .minflt = 1, .majflt = 2,
			   .inblock = 3, .oublock = 4, .nvcsw = 5,
			   .nivcsw = UINT64_MAX},
		.has_children = 1, .cutime = 99, .cstime = 11};
	struct psr_reaped bare = full;
	bare.has_children = 0;
	CHECK(psr_writer_end_reaped(w, id[0], h.start_mono_ns, 9, &full) == 0,
	      "end reaped");
	CHECK(psr_writer_end_reaped(w, id[1], h.start_mono_ns, -1, &bare) == 0,
	      "end reaped, no status, no children");
	CHECK(psr_writer_end_process(w, id[2], h.start_mono_ns, 0) == 0, "end");
	struct psr_close c = {.reason = PSR_CLOSE_EXITED,
			      .job = {.flags = PSR_JOB_ENDED, .status = 256,
				      .rusage = full.rusage, .orphans = 3,
				      .running = 1}};
	CHECK(psr_writer_close(w, &c) == 0, "close");
	psr_writer_free(w);
	slurp(&m);
	struct psr_reader *r;
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == 0, "open");
	struct psr_record rec;
	unsigned ends = 0, closes = 0;
	while (psr_reader_next(r, &rec) > 0) {
		if (rec.type == PSR_REC_END) {
			const struct psr_reaped *x = &rec.u.end.reaped;
			ends++;
			if (ends == 1)
				CHECK(rec.u.end.status == 9 &&
					      rec.u.end.has_rusage &&
					      !memcmp(&x->rusage, &full.rusage,
						      sizeof x->rusage) &&
					      x->has_children && x->cutime == 99 &&
					      x->cstime == 11,
				      "END with everything");
			if (ends == 2)
				CHECK(rec.u.end.status == -1 &&
					      rec.u.end.has_rusage &&
					      x->rusage.nivcsw == UINT64_MAX &&
					      !x->has_children,
				      "END with rusage only");
			if (ends == 3)
				CHECK(rec.u.end.status == 0 &&
					      !rec.u.end.has_rusage,
				      "plain END");
		}
		if (rec.type == PSR_REC_CLOSE) {
			const struct psr_job *j = &rec.u.close.job;
			closes++;
			CHECK(j->flags == PSR_JOB_ENDED && j->status == 256 &&
				      !memcmp(&j->rusage, &full.rusage,
					      sizeof j->rusage) &&
				      j->orphans == 3 && j->running == 1 &&
				      rec.u.close.reason == PSR_CLOSE_EXITED,
			      "CLOSE with the job");
		}
	}
	CHECK(ends == 3 && closes == 1, "ends %u closes %u", ends, closes);
	psr_reader_free(r);
	free(m.data);
	close(m.fd);
}

static void test_versions(void)
{
	struct psr_header h = test_header();
	struct memlog m;
	write_log(&m, &h);
	struct psr_reader *r;
	/* a newer writer whose logs this reader may still read */
	put_le16(m.data + FRAME_PREFIX + 8, PSR_FORMAT_VERSION + 1);
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == 0, "newer version");
	psr_reader_free(r);
	/* a log that needs a newer reader */
	put_le16(m.data + FRAME_PREFIX + 10, PSR_FORMAT_VERSION + 1);
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == PSR_E_VERSION,
	      "min reader");
	CHECK(strstr(psr_reader_errmsg(r), "needs a newer psreport"), "msg %s",
	      psr_reader_errmsg(r));
	psr_reader_free(r);
	m.data[FRAME_PREFIX] = 'X';
	CHECK(psr_reader_open_mem(&r, m.data, m.len) == PSR_E_NOTLOG, "magic");
	psr_reader_free(r);
	CHECK(psr_reader_open_mem(&r, "abc", 3) == PSR_E_NOTLOG, "tiny");
	psr_reader_free(r);
	free(m.data);
	close(m.fd);
}

int main(void)
{
	test_varint();
	test_roundtrip(test_header());
	test_roundtrip(psrec_header(0));
	test_roundtrip(psrec_header(1));
	test_reaped();
	test_unknown_record();
	test_lost_first_block();
	test_system();
	test_versions();
	return check_result();
}
