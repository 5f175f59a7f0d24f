/* writer.c - writing a log: header, blocks of records, close.
 *
 * Records accumulate in `raw` until a flush turns them into one block
 * (marker + zstd frame, written with one write and fdatasync'd), so a
 * kill -9 loses at most what was buffered. Delta state restarts at every
 * block, so each block decodes on its own (FORMAT.md 4). */
#define _GNU_SOURCE
#include "codec.h"
#include "layout.h"

#include <errno.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <zstd.h>

struct wproc {
	struct psr_process info;
	char *comm;
	char *cmdline;
	char *cpus;           /* last allowed-CPU list, or NULL */
	int declared;         /* PROCESS record written in the current block */
	int described;        /* a full PROCESS record (with cmdline) written */
	int cpus_declared;    /* CPUS record written in the current block */
	uint64_t missing;     /* missing-set in the current block */
	uint64_t prev[PSR_METRIC_MAX]; /* by mask position */
};

struct psr_writer {
	int fd;
	int64_t start_epoch_us;
	uint64_t start_mono_ns;
	unsigned metric_count;
	uint8_t metrics[PSR_METRIC_MAX];
	unsigned system_count;
	uint8_t system_metrics[PSR_METRIC_MAX];
	uint64_t sys_missing;             /* SYSTEM delta state, per block */
	uint64_t sys_prev[PSR_METRIC_MAX];
	ZSTD_CCtx *cctx;
	struct buf raw;  /* records of the open block */
	struct buf rec;  /* one record's payload while it is built */
	struct buf out;  /* marker + compressed frame */
	int block_open;
	uint32_t seq;
	uint32_t block_samples;
	uint64_t prev_t_us;
	struct wproc **procs; /* by id - 1; NULL once ended */
	uint32_t nprocs, cap;
	uint64_t written;
	uint64_t samples, process_samples;
	char err[256];
};

__attribute__((format(printf, 3, 4)))
static int fail(struct psr_writer *w, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(w->err, sizeof w->err, fmt, ap);
	va_end(ap);
	return rc;
}

static int reserve(struct psr_writer *w, struct buf *b, size_t n)
{
	int rc = buf_reserve(b, n);
	return rc ? fail(w, rc, "out of memory") : 0;
}

static int write_all(struct psr_writer *w, const uint8_t *p, size_t n)
{
	uint64_t before = w->written;
	while (n) {
		ssize_t k = write(w->fd, p, n);
		if (k < 0 && errno == EINTR)
			continue;
		if (k <= 0) {
			int e = k < 0 ? errno : EIO;
			/* Cut the partial block off so the file stays a
			 * sequence of whole frames (e.g. after ENOSPC). */
			if (ftruncate(w->fd, (off_t)before) == 0)
				lseek(w->fd, (off_t)before, SEEK_SET);
			w->written = before;
			return fail(w, -e, "write: %s", strerror(e));
		}
		p += k;
		n -= (size_t)k;
		w->written += (uint64_t)k;
	}
	return 0;
}

static void sync_file(int fd)
{
	/* EINVAL: a pipe or a device that cannot sync; nothing to do. */
	(void)fdatasync(fd);
}

static int write_header(struct psr_writer *w, const struct psr_header *h)
{
	struct buf b = {0};
	int rc = buf_reserve(&b, FRAME_PREFIX);
	if (rc)
		return fail(w, rc, "out of memory");
	b.len = FRAME_PREFIX;
	rc = header_encode(&b, h);
	if (rc) {
		buf_release(&b);
		return fail(w, rc, "out of memory");
	}
	put_le32(b.data, SKIPPABLE_HEADER_MAGIC);
	put_le32(b.data + 4, (uint32_t)(b.len - FRAME_PREFIX));
	rc = write_all(w, b.data, b.len);
	buf_release(&b);
	if (rc == 0)
		sync_file(w->fd);
	return rc;
}

static int setup_zstd(struct psr_writer *w, int level)
{
	w->cctx = ZSTD_createCCtx();
	if (!w->cctx)
		return fail(w, -ENOMEM, "out of memory");
	size_t r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_compressionLevel,
					  level ? level : 6);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_checksumFlag, 1);
	if (!ZSTD_isError(r))
		r = ZSTD_CCtx_setParameter(w->cctx, ZSTD_c_contentSizeFlag, 1);
	if (ZSTD_isError(r))
		return fail(w, PSR_E_ZSTD, "zstd: %s", ZSTD_getErrorName(r));
	return 0;
}

int psr_writer_open(struct psr_writer **out, int fd, const struct psr_header *h,
		    int level)
{
	*out = NULL;
	struct psr_writer *w = calloc(1, sizeof *w);
	if (!w)
		return -ENOMEM;
	*out = w;
	w->fd = fd;
	/* mask bit metric_count must fit in 64 bits: at most 63 metrics */
	if (h->metric_count == 0 || h->metric_count >= PSR_METRIC_MAX)
		return fail(w, PSR_E_USAGE, "between 1 and 63 metrics");
	for (unsigned i = 0; i < h->metric_count; i++)
		if (h->metrics[i] >= PSR_METRIC_MAX)
			return fail(w, PSR_E_USAGE, "metric id %u too large",
				    h->metrics[i]);
	if (h->system_count >= PSR_METRIC_MAX)
		return fail(w, PSR_E_USAGE, "at most 63 system metrics");
	for (unsigned i = 0; i < h->system_count; i++)
		if (h->system_metrics[i] >= PSR_METRIC_MAX)
			return fail(w, PSR_E_USAGE,
				    "system metric id %u too large",
				    h->system_metrics[i]);
	w->system_count = h->system_count;
	memcpy(w->system_metrics, h->system_metrics, h->system_count);
	w->start_epoch_us = h->start_epoch_ns / 1000;
	w->start_mono_ns = h->start_mono_ns;
	w->metric_count = h->metric_count;
	memcpy(w->metrics, h->metrics, h->metric_count);
	int rc = setup_zstd(w, level);
	if (rc)
		return rc;
	return write_header(w, h);
}

static char *dup_mem(const char *s, size_t n)
{
	char *p = malloc(n + 1);
	if (p) {
		if (n)
			memcpy(p, s, n);
		p[n] = 0;
	}
	return p;
}

static void wproc_free(struct wproc *p)
{
	if (!p)
		return;
	free(p->comm);
	free(p->cmdline);
	free(p->cpus);
	free(p);
}

int psr_writer_add_process(struct psr_writer *w, const struct psr_process *in,
			   uint32_t *id)
{
	if (w->nprocs >= PSR_LOG_MAX_PROCESSES)
		return fail(w, PSR_E_LIMIT, "too many processes in one log");
	if (w->nprocs == w->cap) {
		uint32_t cap = w->cap ? w->cap * 2 : 64;
		struct wproc **p = realloc(w->procs, cap * sizeof *p);
		if (!p)
			return fail(w, -ENOMEM, "out of memory");
		w->procs = p;
		w->cap = cap;
	}
	struct wproc *p = calloc(1, sizeof *p);
	if (!p)
		return fail(w, -ENOMEM, "out of memory");
	size_t comm_len = strnlen(in->comm ? in->comm : "", COMM_MAX);
	size_t cmd_len = in->cmdline_len > CMDLINE_MAX ? CMDLINE_MAX
						       : in->cmdline_len;
	p->comm = dup_mem(in->comm ? in->comm : "", comm_len);
	p->cmdline = dup_mem(in->cmdline, cmd_len);
	if (!p->comm || !p->cmdline) {
		wproc_free(p);
		return fail(w, -ENOMEM, "out of memory");
	}
	p->info = *in;
	p->info.id = ++w->nprocs;
	p->info.comm = p->comm;
	p->info.cmdline = p->cmdline;
	p->info.cmdline_len = cmd_len;
	if (cmd_len < in->cmdline_len)
		p->info.flags |= PSR_PROC_CMDLINE_TRUNCATED;
	w->procs[p->info.id - 1] = p;
	*id = p->info.id;
	return 0;
}

uint32_t psr_writer_processes(const struct psr_writer *w)
{
	return w->nprocs;
}

static struct wproc *find(struct psr_writer *w, uint32_t id)
{
	return id >= 1 && id <= w->nprocs ? w->procs[id - 1] : NULL;
}

/* Append one record: type, length, and the payload built in w->rec. */
static int emit(struct psr_writer *w, uint8_t type)
{
	int rc = buf_reserve(&w->raw, 1 + VARINT_MAX + w->rec.len);
	if (rc)
		return fail(w, rc, "out of memory");
	w->raw.data[w->raw.len++] = type;
	buf_varint(&w->raw, w->rec.len);
	buf_mem(&w->raw, w->rec.data, w->rec.len);
	buf_reset(&w->rec);
	return 0;
}

static int begin_block(struct psr_writer *w)
{
	if (w->block_open)
		return 0;
	for (uint32_t i = 0; i < w->nprocs; i++) {
		struct wproc *p = w->procs[i];
		if (!p)
			continue;
		p->declared = p->cpus_declared = 0;
		p->missing = 0;
		memset(p->prev, 0, sizeof p->prev);
	}
	w->sys_missing = 0;
	memset(w->sys_prev, 0, sizeof w->sys_prev);
	w->block_open = 1;
	w->block_samples = 0;
	w->prev_t_us = 0;
	int rc = buf_reserve(&w->rec, VARINT_MAX);
	if (rc)
		return fail(w, rc, "out of memory");
	buf_varint(&w->rec, w->seq);
	return emit(w, REC_BLOCK);
}

/* PROCESS record: in full the first time, then in each later block
 * without the command line (flag PSR_PROC_REPEAT), which keeps a block
 * decodable on its own without paying for long command lines again. */
static int declare(struct psr_writer *w, struct wproc *p)
{
	if (p->declared)
		return 0;
	const struct psr_process *i = &p->info;
	size_t comm_len = strlen(p->comm);
	size_t cmd_len = p->described ? 0 : i->cmdline_len;
	uint32_t flags = p->described ? i->flags | PSR_PROC_REPEAT : i->flags;
	int rc = reserve(w, &w->rec, 8 * VARINT_MAX + comm_len + cmd_len);
	if (rc)
		return rc;
	buf_varint(&w->rec, i->id);
	buf_varint(&w->rec, i->pid);
	buf_varint(&w->rec, i->ppid);
	buf_varint(&w->rec, i->start_ticks);
	buf_varint(&w->rec, i->uid);
	buf_varint(&w->rec, flags);
	buf_varint(&w->rec, comm_len);
	buf_mem(&w->rec, p->comm, comm_len);
	buf_varint(&w->rec, cmd_len);
	buf_mem(&w->rec, p->cmdline, cmd_len);
	p->declared = 1;
	if (!p->described) {
		/* never written again: give the memory back */
		p->described = 1;
		free(p->cmdline);
		p->cmdline = NULL;
		p->info.cmdline = NULL;
	}
	return emit(w, REC_PROCESS);
}

static uint64_t offset_us(const struct psr_writer *w, uint64_t mono_ns)
{
	return mono_ns > w->start_mono_ns ? (mono_ns - w->start_mono_ns) / 1000
					  : 0;
}

/* One entry of a SAMPLE record (FORMAT.md 4.3), appended to w->rec. */
static void encode_entry(struct psr_writer *w, struct wproc *p,
			 const struct psr_values *v, uint32_t prev_id)
{
	uint64_t mask = 0, missing = 0;
	int64_t delta[PSR_METRIC_MAX];
	unsigned nd = 0;
	for (unsigned i = 0; i < w->metric_count; i++) {
		unsigned m = w->metrics[i];
		if (!(v->present >> m & 1)) {
			missing |= 1ull << i;
			continue;
		}
		if (v->v[m] == p->prev[i])
			continue;
		mask |= 1ull << (i + 1);
		delta[nd++] = (int64_t)(v->v[m] - p->prev[i]);
		p->prev[i] = v->v[m];
	}
	if (missing != p->missing)
		mask |= 1;
	buf_varint(&w->rec, v->id - prev_id);
	buf_varint(&w->rec, mask);
	if (mask & 1)
		buf_varint(&w->rec, missing);
	p->missing = missing;
	for (unsigned k = 0; k < nd; k++)
		buf_zvarint(&w->rec, delta[k]);
}

static int check_ids(struct psr_writer *w, const struct psr_values *vals,
		     size_t n)
{
	uint32_t prev = 0;
	for (size_t k = 0; k < n; k++) {
		if (vals[k].id <= prev || !find(w, vals[k].id))
			return fail(w, PSR_E_USAGE,
				    "sample entry %zu: bad or unordered id %u",
				    k, vals[k].id);
		prev = vals[k].id;
	}
	return 0;
}

int psr_writer_add_sample(struct psr_writer *w, uint64_t mono_ns,
			  int64_t epoch_ns, const struct psr_values *vals,
			  size_t n)
{
	int rc = check_ids(w, vals, n);
	if (!rc)
		rc = begin_block(w);
	for (size_t k = 0; k < n && !rc; k++)
		rc = declare(w, find(w, vals[k].id));
	if (rc)
		return rc;
	uint64_t t = offset_us(w, mono_ns);
	if (t < w->prev_t_us)
		return fail(w, PSR_E_USAGE, "sample time goes backwards");
	int64_t skew = epoch_ns / 1000 - (w->start_epoch_us + (int64_t)t);
	size_t entry_max = 3 * VARINT_MAX + w->metric_count * VARINT_MAX;
	rc = buf_reserve(&w->rec, 3 * VARINT_MAX + n * entry_max);
	if (rc)
		return fail(w, rc, "out of memory");
	buf_varint(&w->rec, t - w->prev_t_us);
	buf_zvarint(&w->rec, skew);
	buf_varint(&w->rec, n);
	uint32_t prev_id = 0;
	for (size_t k = 0; k < n; k++) {
		encode_entry(w, find(w, vals[k].id), &vals[k], prev_id);
		prev_id = vals[k].id;
	}
	w->prev_t_us = t;
	w->block_samples++;
	w->samples++;
	w->process_samples += n;
	rc = emit(w, REC_SAMPLE);
	if (!rc && w->raw.len >= WRITER_BLOCK_TARGET)
		rc = psr_writer_flush(w);
	return rc;
}

/* SYSTEM record (FORMAT.md 4.7): values by the header's system list,
 * delta-encoded against the previous SYSTEM record of the block. */
int psr_writer_add_system(struct psr_writer *w, uint64_t mono_ns,
			  int64_t epoch_ns, uint64_t present, const uint64_t *v)
{
	if (!w->system_count)
		return fail(w, PSR_E_USAGE, "no system metrics in the header");
	int rc = begin_block(w);
	if (!rc)
		rc = reserve(w, &w->rec, (4 + w->system_count) * VARINT_MAX);
	if (rc)
		return rc;
	uint64_t t = offset_us(w, mono_ns);
	int64_t skew = epoch_ns / 1000 - (w->start_epoch_us + (int64_t)t);
	uint64_t mask = 0, missing = 0;
	int64_t delta[PSR_METRIC_MAX];
	unsigned nd = 0;
	for (unsigned i = 0; i < w->system_count; i++) {
		unsigned m = w->system_metrics[i];
		if (!(present >> m & 1)) {
			missing |= 1ull << i;
			continue;
		}
		if (v[m] == w->sys_prev[i])
			continue;
		mask |= 1ull << (i + 1);
		delta[nd++] = (int64_t)(v[m] - w->sys_prev[i]);
		w->sys_prev[i] = v[m];
	}
	if (missing != w->sys_missing)
		mask |= 1;
	buf_varint(&w->rec, t);
	buf_zvarint(&w->rec, skew);
	buf_varint(&w->rec, mask);
	if (mask & 1)
		buf_varint(&w->rec, missing);
	w->sys_missing = missing;
	for (unsigned k = 0; k < nd; k++)
		buf_zvarint(&w->rec, delta[k]);
	return emit(w, REC_SYSTEM);
}

#define RUSAGE_FIELDS 9

/* The rusage fields of END and CLOSE, in FORMAT.md's order. */
static void put_rusage(struct buf *b, const struct psr_rusage *ru)
{
	buf_varint(b, ru->user_us);
	buf_varint(b, ru->sys_us);
	buf_varint(b, ru->maxrss_kb);
	buf_varint(b, ru->minflt);
	buf_varint(b, ru->majflt);
	buf_varint(b, ru->inblock);
	buf_varint(b, ru->oublock);
	buf_varint(b, ru->nvcsw);
	buf_varint(b, ru->nivcsw);
}

int psr_writer_end_reaped(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			  int status, const struct psr_reaped *r)
{
	struct wproc *p = find(w, id);
	if (!p)
		return fail(w, PSR_E_USAGE, "end of unknown process %u", id);
	int rc = begin_block(w);
	if (!rc)
		rc = declare(w, p);
	if (!rc)
		rc = reserve(w, &w->rec, (6 + RUSAGE_FIELDS) * VARINT_MAX);
	if (rc)
		return rc;
	/* appended after the status: a format-2 reader stops there */
	uint64_t flags = (status >= 0 ? 1 : 0) | (r ? 2 : 0) |
			 (r && r->has_children ? 4 : 0);
	buf_varint(&w->rec, id);
	buf_varint(&w->rec, offset_us(w, mono_ns));
	buf_varint(&w->rec, flags);
	if (status >= 0)
		buf_varint(&w->rec, (uint64_t)status);
	if (r)
		put_rusage(&w->rec, &r->rusage);
	if (r && r->has_children) {
		buf_varint(&w->rec, r->cutime);
		buf_varint(&w->rec, r->cstime);
	}
	rc = emit(w, REC_END);
	wproc_free(p);
	w->procs[id - 1] = NULL;
	return rc;
}

int psr_writer_end_process(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			   int status)
{
	return psr_writer_end_reaped(w, id, mono_ns, status, NULL);
}

/* EXIT (format 4): standalone, with its own identity, so that a process
 * that was never sampled needs no PROCESS record and no id. */
int psr_writer_add_exit(struct psr_writer *w, uint64_t mono_ns,
			const struct psr_exit *e)
{
	if (e->id > w->nprocs)
		return fail(w, PSR_E_USAGE, "exit of unknown process %u", e->id);
	const char *comm = e->comm ? e->comm : "";
	size_t comm_len = strnlen(comm, COMM_MAX);
	int rc = begin_block(w);
	if (!rc)
		rc = reserve(w, &w->rec, 17 * VARINT_MAX + comm_len);
	if (rc)
		return rc;
	buf_varint(&w->rec, e->id);
	buf_varint(&w->rec, offset_us(w, mono_ns));
	buf_varint(&w->rec, e->pid);
	buf_varint(&w->rec, e->ppid);
	buf_varint(&w->rec, e->uid);
	buf_varint(&w->rec, e->btime_s);
	buf_varint(&w->rec, e->etime_us);
	buf_varint(&w->rec, e->user_us);
	buf_varint(&w->rec, e->sys_us);
	buf_varint(&w->rec, e->maxrss_kb);
	buf_varint(&w->rec, e->minflt);
	buf_varint(&w->rec, e->majflt);
	buf_varint(&w->rec, e->read_bytes);
	buf_varint(&w->rec, e->write_bytes);
	buf_varint(&w->rec, e->exit_code);
	buf_varint(&w->rec, e->threads);
	buf_varint(&w->rec, comm_len);
	buf_mem(&w->rec, comm, comm_len);
	return emit(w, REC_EXIT);
}

/* RENAME (format 5): the new comm also replaces the one kept for the
 * PROCESS repeats of later blocks, so that a block read alone names the
 * process as it is then. */
int psr_writer_rename(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
		      const struct psr_rename *r)
{
	struct wproc *p = find(w, id);
	if (!p)
		return fail(w, PSR_E_USAGE, "rename of unknown process %u", id);
	const char *comm = r->comm ? r->comm : "";
	size_t comm_len = strnlen(comm, COMM_MAX);
	size_t cmd_len = r->cmdline_len > CMDLINE_MAX ? CMDLINE_MAX
						      : r->cmdline_len;
	uint32_t flags = r->flags & (PSR_PROC_CMDLINE_TRUNCATED |
				     PSR_PROC_CMDLINE_UNREADABLE);
	if (cmd_len < r->cmdline_len)
		flags |= PSR_PROC_CMDLINE_TRUNCATED;
	char *copy = dup_mem(comm, comm_len);
	if (!copy)
		return fail(w, -ENOMEM, "out of memory");
	/* declared under its old name first: the rename follows it */
	int rc = begin_block(w);
	if (!rc)
		rc = declare(w, p);
	if (!rc)
		rc = reserve(w, &w->rec, 5 * VARINT_MAX + comm_len + cmd_len);
	if (rc) {
		free(copy);
		return rc;
	}
	free(p->comm);
	p->info.comm = p->comm = copy;
	buf_varint(&w->rec, id);
	buf_varint(&w->rec, offset_us(w, mono_ns));
	buf_varint(&w->rec, flags);
	buf_varint(&w->rec, comm_len);
	buf_mem(&w->rec, comm, comm_len);
	buf_varint(&w->rec, cmd_len);
	if (cmd_len)
		buf_mem(&w->rec, r->cmdline, cmd_len);
	return emit(w, REC_RENAME);
}

int psr_writer_set_cpus(struct psr_writer *w, uint32_t id, uint64_t mono_ns,
			const char *list)
{
	struct wproc *p = find(w, id);
	if (!p)
		return fail(w, PSR_E_USAGE, "cpus of unknown process %u", id);
	int same = p->cpus && strcmp(p->cpus, list) == 0;
	if (same && p->cpus_declared && w->block_open)
		return 0;
	if (!same) {
		char *copy = strdup(list);
		if (!copy)
			return fail(w, -ENOMEM, "out of memory");
		free(p->cpus);
		p->cpus = copy;
	}
	int rc = begin_block(w);
	if (!rc)
		rc = declare(w, p);
	size_t len = strlen(list);
	if (!rc)
		rc = reserve(w, &w->rec, 3 * VARINT_MAX + len);
	if (rc)
		return rc;
	buf_varint(&w->rec, id);
	buf_varint(&w->rec, offset_us(w, mono_ns));
	buf_varint(&w->rec, len);
	buf_mem(&w->rec, list, len);
	p->cpus_declared = 1;
	return emit(w, REC_CPUS);
}

static int compress_block(struct psr_writer *w)
{
	size_t bound = ZSTD_compressBound(w->raw.len);
	buf_reset(&w->out);
	int rc = buf_reserve(&w->out, MARKER_SIZE + bound);
	if (rc)
		return fail(w, rc, "out of memory");
	size_t z = ZSTD_compress2(w->cctx, w->out.data + MARKER_SIZE, bound,
				  w->raw.data, w->raw.len);
	if (ZSTD_isError(z))
		return fail(w, PSR_E_ZSTD, "zstd: %s", ZSTD_getErrorName(z));
	uint8_t *m = w->out.data;
	put_le32(m, SKIPPABLE_MARKER_MAGIC);
	put_le32(m + 4, MARKER_PAYLOAD);
	memcpy(m + 8, MARKER_SYNC, 4);
	put_le32(m + 12, w->seq);
	put_le32(m + 16, (uint32_t)z);
	put_le32(m + 20, (uint32_t)w->raw.len);
	put_le32(m + 24, w->block_samples);
	put_le32(m + 28, psr_crc32(m + 8, 20));
	w->out.len = MARKER_SIZE + z;
	return 0;
}

int psr_writer_flush(struct psr_writer *w)
{
	if (!w->block_open)
		return 0;
	int rc = compress_block(w);
	/* The block is dropped even when the write fails (full disk): the
	 * file stays valid and the next block stands on its own. */
	if (!rc)
		rc = write_all(w, w->out.data, w->out.len);
	if (!rc)
		sync_file(w->fd);
	buf_reset(&w->raw);
	w->block_open = 0;
	w->seq++;
	return rc;
}

uint64_t psr_writer_bytes_written(const struct psr_writer *w)
{
	return w->written;
}

size_t psr_writer_bytes_pending(const struct psr_writer *w)
{
	return w->raw.len;
}

int psr_writer_close(struct psr_writer *w, const struct psr_close *c)
{
	const struct psr_job *j = &c->job;
	int rc = begin_block(w);
	if (!rc)
		rc = reserve(w, &w->rec, (11 + RUSAGE_FIELDS) * VARINT_MAX);
	if (rc)
		return rc;
	buf_varint(&w->rec, c->t_us);
	buf_varint(&w->rec, w->samples);
	buf_varint(&w->rec, c->reason);
	buf_varint(&w->rec, c->self_user_us);
	buf_varint(&w->rec, c->self_sys_us);
	buf_varint(&w->rec, c->self_maxrss_kb);
	buf_varint(&w->rec, w->process_samples);
	/* format 3, appended: older readers ignore what follows */
	buf_varint(&w->rec, j->flags & (PSR_JOB_ENDED | PSR_JOB_RUNNING));
	if (j->flags & PSR_JOB_ENDED) {
		buf_varint(&w->rec, (uint64_t)(j->status >= 0 ? j->status : 0));
		put_rusage(&w->rec, &j->rusage);
		buf_varint(&w->rec, j->orphans);
		buf_varint(&w->rec, j->running);
	}
	rc = emit(w, REC_CLOSE);
	if (!rc)
		rc = psr_writer_flush(w);
	return rc;
}

const char *psr_writer_errmsg(const struct psr_writer *w)
{
	return w ? w->err : "out of memory";
}

void psr_writer_free(struct psr_writer *w)
{
	if (!w)
		return;
	for (uint32_t i = 0; i < w->nprocs; i++)
		wproc_free(w->procs[i]);
	free(w->procs);
	ZSTD_freeCCtx(w->cctx);
	buf_release(&w->raw);
	buf_release(&w->rec);
	buf_release(&w->out);
	free(w);
}
