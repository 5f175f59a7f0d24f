/* reader.c - reading a log record by record (FORMAT.md section 6).
 *
 * The reader streams: it holds one block (compressed and decompressed) and
 * per-process state, never the whole file, so memory does not grow with
 * the number of samples. Damage becomes PSR_REC_WARNING records. */
#define _GNU_SOURCE
#include "codec.h"
#include "layout.h"

#include <errno.h>
#include <fcntl.h>
#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <zstd.h>

/* The delta state of a process (FORMAT.md 4.3), made at its first
 * entry: a declared process that has none costs only its identity. */
struct rdelta {
	uint64_t gen;     /* block generation its delta state belongs to */
	uint64_t missing; /* missing-set, by mask position */
	uint64_t present; /* the same as present bits, by metric id */
	uint32_t slot;    /* the vals[] entry it was last written to */
	int fresh;        /* its delta state restarted: every metric may
			     differ from its last entry */
	uint64_t prev[]; /* by mask position: metric_count values */
};

/* A declared process: one allocation with its command line (its comm is
 * the reader's, shared with the others of that name), about 100 bytes
 * with its table slots: a log may declare millions that are never
 * sampled. */
struct rproc {
	struct psr_process info; /* info.id: the id handed out, see dense */
	uint32_t log_id;  /* the id in the file */
	uint32_t ended;   /* an END record was read */
	struct rdelta *d; /* NULL until its first entry */
	char cmd[];       /* info.cmdline, NUL-terminated */
};

/* The comms met, each once (open addressing, at most half full). */
struct names {
	char **slot;
	uint32_t cap, n;
};

struct seq_range {
	uint32_t lo, hi;
};

struct psr_reader {
	int fd; /* -1 when reading memory */
	const uint8_t *mem;
	uint64_t size;
	uint64_t off; /* next marker */
	struct psr_header h;
	ZSTD_DCtx *dctx;
	struct buf comp;
	struct buf content;
	struct cursor cur;
	int in_block;
	int metrics_identity; /* metric id == mask position for every metric */
	/* mask positions 0 .. ident-1 hold ids 0 .. ident-1 (psrec's sets;
	 * cutime and cstime come after them since format 3): those map to
	 * themselves, only the rest goes through the header's list */
	unsigned ident;
	uint64_t ident_mask;  /* those positions' bits */
	uint64_t listed;      /* bit per metric id of the header's list */
	uint64_t gen;
	uint64_t t_us;
	uint64_t t_max; /* the largest monotonic offset a record may hold */
	/* the block sequence numbers read, as sorted disjoint ranges: a
	 * block read before is a copy (a log concatenated to itself) */
	struct seq_range *seqs;
	size_t nseqs, capseqs;
	uint32_t seq_max;
	int in_copy, order_warned;
	/* samples at or before the latest one delivered (blocks out of
	 * order): said at the end, so that none goes unexplained */
	uint64_t t_latest, late, late_warned;
	/* by the file's id, in a hash table of dense indexes + 1 (open
	 * addressing, cap a power of two, at most half full, 0: empty): a
	 * file's ids may be sparse up to 2^24, memory must follow the
	 * processes actually defined */
	uint32_t *procs;
	uint32_t block_declared; /* PROCESS records in the current block */
	uint32_t nprocs;      /* processes in the table */
	uint32_t cap;
	uint32_t nended;      /* of them, those with an END record */
	struct names names;
	/* by the id handed out, minus 1: 1, 2, ... in the order the first
	 * PROCESS records were met (usually the file's ids, not where a lost
	 * block hid some), so callers may index arrays by id whatever ids a
	 * file declares */
	struct rproc **dense;
	uint32_t dense_cap;
	struct psr_values *vals;
	/* owner[k]: the process whose current values vals[k].v holds, so
	 * that an entry without changes is not copied again (NULL: none) */
	struct rdelta **owner;
	uint64_t *changed; /* the sample's changed masks, by entry */
	size_t vals_cap;
	struct psr_system sys;   /* the last SYSTEM record delivered */
	uint64_t sys_missing;    /* its delta state, by mask position */
	uint64_t sys_prev[PSR_METRIC_MAX];
	char cpus[4096];
	struct psr_exit exit;     /* the last EXIT record delivered */
	char exit_comm[COMM_MAX + 1];
	struct psr_rename rename; /* the last RENAME record delivered */
	char rename_comm[COMM_MAX + 1];
	char *rename_cmd;         /* its command line, NUL-terminated */
	size_t rename_cap;
	char warn[512];
	int warn_pending;
	int end_warned;
	struct psr_reader_stats st;
	char err[512];
};

__attribute__((format(printf, 3, 4)))
static int fail(struct psr_reader *r, int rc, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->err, sizeof r->err, fmt, ap);
	va_end(ap);
	return rc;
}

__attribute__((format(printf, 2, 3)))
static void warn(struct psr_reader *r, const char *fmt, ...)
{
	va_list ap;
	va_start(ap, fmt);
	vsnprintf(r->warn, sizeof r->warn, fmt, ap);
	va_end(ap);
	r->warn_pending = 1;
}

/* Read up to n bytes at off; returns the count (short at end of file). */
static ssize_t src_read(struct psr_reader *r, uint64_t off, void *dst, size_t n)
{
	if (off >= r->size || n == 0)
		return 0; /* dst may be an empty buffer's NULL */
	if (n > r->size - off)
		n = (size_t)(r->size - off);
	if (r->fd < 0) {
		memcpy(dst, r->mem + off, n);
		return (ssize_t)n;
	}
	size_t got = 0;
	while (got < n) {
		ssize_t k = pread(r->fd, (uint8_t *)dst + got, n - got,
				  (off_t)(off + got));
		if (k < 0 && errno == EINTR)
			continue;
		if (k < 0)
			return -errno;
		if (k == 0)
			break;
		got += (size_t)k;
	}
	return (ssize_t)got;
}

static int read_exact(struct psr_reader *r, uint64_t off, void *dst, size_t n)
{
	ssize_t k = src_read(r, off, dst, n);
	if (k < 0)
		return fail(r, (int)k, "read: %s", strerror((int)-k));
	return (size_t)k == n ? 0 : 1; /* 1: the file ends first */
}

/* The metric ids of the first n mask positions that are not in missing,
 * as a mask by id. */
static uint64_t seen_ids(const uint8_t *ids, unsigned n, uint64_t missing)
{
	uint64_t m = 0;
	for (unsigned i = 0; i < n; i++)
		if (!(missing >> i & 1))
			m |= 1ull << ids[i];
	return m;
}

static int check_metrics(struct psr_reader *r)
{
	uint64_t seen = 0;
	if (r->h.metric_count == 0 || r->h.metric_count >= PSR_METRIC_MAX)
		return fail(r, PSR_E_CORRUPT, "corrupt header (metric list)");
	for (unsigned i = 0; i < r->h.metric_count; i++) {
		unsigned m = r->h.metrics[i];
		if (m >= PSR_METRIC_MAX || (seen >> m & 1))
			return fail(r, PSR_E_CORRUPT,
				    "corrupt header (metric list)");
		seen |= 1ull << m;
	}
	seen = 0;
	for (unsigned i = 0; i < r->h.system_count; i++) {
		unsigned m = r->h.system_metrics[i];
		if (m >= PSR_METRIC_MAX || (seen >> m & 1))
			return fail(r, PSR_E_CORRUPT,
				    "corrupt header (system metric list)");
		seen |= 1ull << m;
	}
	unsigned k = 0;
	while (k < r->h.metric_count && r->h.metrics[k] == k)
		k++;
	r->ident = k;
	r->ident_mask = k >= 64 ? ~0ull : (1ull << k) - 1;
	r->metrics_identity = k == r->h.metric_count;
	r->listed = seen_ids(r->h.metrics, r->h.metric_count, 0);
	return 0;
}

static int read_header(struct psr_reader *r)
{
	uint8_t pre[FRAME_PREFIX];
	int rc = read_exact(r, 0, pre, sizeof pre);
	if (rc < 0)
		return rc;
	if (rc > 0 || get_le32(pre) != SKIPPABLE_HEADER_MAGIC)
		return fail(r, PSR_E_NOTLOG, "not a psrec log");
	uint32_t n = get_le32(pre + 4);
	if (n > LIMIT_STRING)
		return fail(r, PSR_E_CORRUPT, "corrupt header (size %u)", n);
	rc = buf_reserve(&r->comp, n);
	if (rc)
		return fail(r, rc, "out of memory");
	rc = read_exact(r, FRAME_PREFIX, r->comp.data, n);
	if (rc < 0)
		return rc;
	if (rc > 0)
		return fail(r, PSR_E_CORRUPT, "truncated header");
	rc = header_decode(&r->h, r->comp.data, n, r->err, sizeof r->err);
	if (rc)
		return rc;
	r->off = FRAME_PREFIX + (uint64_t)n;
	/* a monotonic clock counts from boot: 2^62 ns is 146 years, so
	 * every time sum below fits in 64 bits (FORMAT.md 6.5) */
	if (r->h.start_mono_ns > LIMIT_MONO_NS)
		return fail(r, PSR_E_CORRUPT,
			    "corrupt header (monotonic start of %llu ns)",
			    (unsigned long long)r->h.start_mono_ns);
	r->t_max = (LIMIT_MONO_NS - r->h.start_mono_ns) / 1000;
	return check_metrics(r);
}

static int setup(struct psr_reader *r)
{
	r->dctx = ZSTD_createDCtx();
	if (!r->dctx)
		return fail(r, -ENOMEM, "out of memory");
	r->st.file_size = r->size;
	return read_header(r);
}

int psr_reader_open(struct psr_reader **out, const char *path)
{
	struct psr_reader *r = calloc(1, sizeof *r);
	*out = r;
	if (!r)
		return -ENOMEM;
	r->fd = open(path, O_RDONLY | O_CLOEXEC);
	if (r->fd < 0)
		return fail(r, -errno, "%s", strerror(errno));
	struct stat sb;
	if (fstat(r->fd, &sb) != 0)
		return fail(r, -errno, "%s", strerror(errno));
	if (S_ISDIR(sb.st_mode))
		return fail(r, -EISDIR, "is a directory");
	if (!S_ISREG(sb.st_mode))
		return fail(r, -EINVAL, "not a regular file");
	r->size = (uint64_t)sb.st_size;
	return setup(r);
}

int psr_reader_open_mem(struct psr_reader **out, const void *buf, size_t len)
{
	struct psr_reader *r = calloc(1, sizeof *r);
	*out = r;
	if (!r)
		return -ENOMEM;
	r->fd = -1;
	r->mem = buf;
	r->size = len;
	return setup(r);
}

const struct psr_header *psr_reader_header(const struct psr_reader *r)
{
	return &r->h;
}

static size_t proc_slot(const struct psr_reader *r, const uint32_t *tab,
			uint32_t cap, uint32_t id)
{
	size_t mask = cap - 1, i = (id * 2654435761u) & mask;
	while (tab[i] && r->dense[tab[i] - 1]->log_id != id)
		i = (i + 1) & mask;
	return i;
}

static struct rproc *find_proc(const struct psr_reader *r, uint64_t id)
{
	if (!r->cap || id == 0 || id > UINT32_MAX)
		return NULL;
	uint32_t k = r->procs[proc_slot(r, r->procs, r->cap, (uint32_t)id)];
	return k ? r->dense[k - 1] : NULL;
}

const struct psr_process *psr_reader_process(const struct psr_reader *r,
					     uint32_t id)
{
	return id >= 1 && id <= r->nprocs ? &r->dense[id - 1]->info : NULL;
}

/* ---- blocks ---- */

static const uint8_t marker_pattern[12] = {0x51, 0x2A, 0x4D, 0x18, 0x18, 0,
					   0,    0,    'P',  'S',  'R',  'B'};

/* Find the next marker at or after from; the file size if there is none. */
static uint64_t scan_marker(struct psr_reader *r, uint64_t from)
{
	uint8_t chunk[65536];
	while (from < r->size) {
		ssize_t k = src_read(r, from, chunk, sizeof chunk);
		if (k < (ssize_t)sizeof marker_pattern)
			break;
		uint8_t *hit = memmem(chunk, (size_t)k, marker_pattern,
				      sizeof marker_pattern);
		if (hit)
			return from + (uint64_t)(hit - chunk);
		from += (uint64_t)k - (sizeof marker_pattern - 1);
	}
	return r->size;
}

static void note_truncated(struct psr_reader *r)
{
	r->st.truncated = 1;
	r->off = r->size;
}

/* Marker at r->off: 0 ok, 1 end of file or cut, 2 damaged (r->off moved). */
static int read_marker(struct psr_reader *r, uint32_t *seq, uint32_t *fsize,
		       uint32_t *csize)
{
	uint8_t m[MARKER_SIZE] = {0}; /* a short read leaves zeros, not junk */
	int rc = read_exact(r, r->off, m, sizeof m);
	if (rc < 0)
		return rc;
	uint32_t magic = rc == 0 ? get_le32(m) : 0;
	if (rc == 0 && magic != SKIPPABLE_MARKER_MAGIC &&
	    (magic & SKIPPABLE_MAGIC_MASK) == SKIPPABLE_HEADER_MAGIC) {
		/* another skippable frame: reserved for later versions */
		r->off += FRAME_PREFIX + (uint64_t)get_le32(m + 4);
		return 2;
	}
	if (rc > 0 && memcmp(m, marker_pattern, 4) == 0 &&
	    scan_marker(r, r->off + 1) == r->size) {
		note_truncated(r); /* cut inside the last marker */
		return 1;
	}
	if (rc > 0 || memcmp(m, marker_pattern, sizeof marker_pattern) != 0 ||
	    get_le32(m + 28) != psr_crc32(m + 8, 20)) {
		uint64_t next = scan_marker(r, r->off + 1);
		if (next == r->size && rc > 0) {
			note_truncated(r);
			return 1;
		}
		warn(r, "damaged data at offset %llu: skipped %llu bytes to "
			"the next block",
		     (unsigned long long)r->off,
		     (unsigned long long)(next - r->off));
		r->st.blocks_skipped++;
		r->off = next;
		return 2;
	}
	*seq = get_le32(m + 12);
	*fsize = get_le32(m + 16);
	*csize = get_le32(m + 20);
	return 0;
}

static int decompress_block(struct psr_reader *r, uint64_t at, uint32_t fsize,
			    uint32_t csize, const char **why)
{
	*why = NULL;
	if (csize > LIMIT_CONTENT || fsize > ZSTD_compressBound(csize) + 64) {
		*why = "declared sizes beyond the limits";
		return 0;
	}
	/* allocate only for what the file holds and the frame declares,
	 * never from the marker's word alone */
	if (fsize > r->size - at)
		return 1; /* cut inside the frame */
	int rc = buf_reserve(&r->comp, fsize);
	if (rc)
		return fail(r, rc, "out of memory");
	rc = read_exact(r, at, r->comp.data, fsize);
	if (rc != 0)
		return rc; /* 1: cut inside the frame */
	if (ZSTD_getFrameContentSize(r->comp.data, fsize) != csize) {
		*why = "sizes do not match the marker";
		return 0;
	}
	rc = buf_reserve(&r->content, csize ? csize : 1);
	if (rc)
		return fail(r, rc, "out of memory");
	size_t n = ZSTD_decompressDCtx(r->dctx, r->content.data, csize,
				       r->comp.data, fsize);
	if (ZSTD_isError(n))
		*why = ZSTD_getErrorName(n);
	else if (n != csize ||
		 ZSTD_findFrameCompressedSize(r->comp.data, fsize) != fsize)
		*why = "sizes do not match the marker";
	r->content.len = n;
	return 0;
}

/* Whether block seq was read before; if not, it is now. 1, 0, or <0. */
static int seq_repeats(struct psr_reader *r, uint32_t seq)
{
	size_t lo = 0, hi = r->nseqs;
	/* the first range whose end is at or after seq */
	while (lo < hi) {
		size_t mid = lo + (hi - lo) / 2;
		if (r->seqs[mid].hi < seq)
			lo = mid + 1;
		else
			hi = mid;
	}
	if (lo < r->nseqs && r->seqs[lo].lo <= seq)
		return 1;
	if (seq > r->seq_max || !r->nseqs)
		r->seq_max = seq;
	/* in order, it extends the last range: no memory, no move */
	if (lo > 0 && r->seqs[lo - 1].hi == seq - 1) {
		r->seqs[lo - 1].hi = seq;
		if (lo < r->nseqs && r->seqs[lo].lo == seq + 1) {
			r->seqs[lo - 1].hi = r->seqs[lo].hi;
			memmove(r->seqs + lo, r->seqs + lo + 1,
				(r->nseqs - lo - 1) * sizeof *r->seqs);
			r->nseqs--;
		}
		return 0;
	}
	if (lo < r->nseqs && r->seqs[lo].lo == seq + 1) {
		r->seqs[lo].lo = seq;
		return 0;
	}
	if (r->nseqs == r->capseqs) {
		size_t cap = r->capseqs ? 2 * r->capseqs : 4;
		struct seq_range *v = realloc(r->seqs, cap * sizeof *v);
		if (!v)
			return fail(r, -ENOMEM, "out of memory");
		r->seqs = v;
		r->capseqs = cap;
	}
	memmove(r->seqs + lo + 1, r->seqs + lo,
		(r->nseqs - lo) * sizeof *r->seqs);
	r->seqs[lo].lo = r->seqs[lo].hi = seq;
	r->nseqs++;
	return 0;
}

/* A block's sequence number against those read: a copy is skipped (1),
 * a block after a later one is read with a warning (0). <0 error. */
static int check_seq(struct psr_reader *r, uint32_t seq, uint64_t at)
{
	uint32_t max = r->seq_max;
	int had = r->nseqs > 0, was_copy = r->in_copy;
	int rc = seq_repeats(r, seq);
	if (rc < 0)
		return rc;
	r->in_copy = rc;
	if (rc) {
		/* once for a run of copies: a whole log appended to itself
		 * is one warning */
		if (!was_copy)
			warn(r, "block %u at offset %llu repeats a block read "
				"before (a copy of the log in itself?): "
				"skipped, and the copies right after it",
			     seq, (unsigned long long)at);
		r->st.blocks_skipped++;
		return 1;
	}
	if (had && seq < max && !r->order_warned) {
		r->order_warned = 1;
		warn(r, "block %u at offset %llu comes after block %u: blocks "
			"out of order",
		     seq, (unsigned long long)at, max);
	}
	return 0;
}

/* Load the next block into r->cur. 1: loaded, 0: end of file, <0 error. */
static int next_block(struct psr_reader *r)
{
	while (r->off < r->size && !r->warn_pending) {
		uint32_t seq, fsize, csize;
		int rc = read_marker(r, &seq, &fsize, &csize);
		if (rc < 0 || rc == 1)
			return rc < 0 ? rc : 0;
		if (rc == 2)
			continue;
		const char *why;
		uint64_t at = r->off + MARKER_SIZE;
		rc = decompress_block(r, at, fsize, csize, &why);
		if (rc < 0)
			return rc;
		if (rc == 1) {
			note_truncated(r);
			return 0;
		}
		r->off = at + fsize;
		if (why) {
			warn(r, "block %u at offset %llu is damaged (%s): "
				"skipped",
			     seq, (unsigned long long)(at - MARKER_SIZE), why);
			r->st.blocks_skipped++;
			continue;
		}
		rc = check_seq(r, seq, at - MARKER_SIZE);
		if (rc < 0)
			return rc;
		if (rc)
			continue;
		cursor_init(&r->cur, r->content.data, r->content.len);
		r->in_block = 1;
		r->st.blocks++;
		return 1;
	}
	return 0;
}

/* ---- records ---- */

/* Add p (its log_id set) to the tables, doubling them when needed. */
static int insert_proc(struct psr_reader *r, struct rproc *p)
{
	if (r->nprocs == r->dense_cap) {
		uint32_t cap = r->dense_cap ? r->dense_cap * 2 : 64;
		struct rproc **d = realloc(r->dense, cap * sizeof *d);
		if (!d)
			return fail(r, -ENOMEM, "out of memory");
		r->dense = d;
		r->dense_cap = cap;
	}
	if ((r->nprocs + 1) * 2 > r->cap) {
		uint32_t cap = r->cap ? r->cap * 2 : 64;
		uint32_t *tab = calloc(cap, sizeof *tab);
		if (!tab)
			return fail(r, -ENOMEM, "out of memory");
		for (uint32_t i = 0; i < r->cap; i++)
			if (r->procs[i])
				tab[proc_slot(r, tab, cap,
					      r->dense[r->procs[i] - 1]->log_id)] =
					r->procs[i];
		free(r->procs);
		r->procs = tab;
		r->cap = cap;
	}
	size_t at = proc_slot(r, r->procs, r->cap, p->log_id);
	p->info.id = ++r->nprocs;
	r->dense[p->info.id - 1] = p;
	r->procs[at] = p->info.id;
	return 0;
}

static uint32_t name_hash(const char *s, size_t n)
{
	uint32_t h = 2166136261u;
	for (size_t i = 0; i < n; i++)
		h = (h ^ (uint8_t)s[i]) * 16777619u;
	return h;
}

/* Room for one more name (the table at most half full). */
static int names_grow(struct names *t)
{
	if ((t->n + 1) * 2 <= t->cap)
		return 0;
	uint32_t cap = t->cap ? t->cap * 2 : 64;
	char **v = calloc(cap, sizeof *v);
	if (!v)
		return -ENOMEM;
	for (uint32_t i = 0; i < t->cap; i++) {
		if (!t->slot[i])
			continue;
		uint32_t j = name_hash(t->slot[i], strlen(t->slot[i])) &
			     (cap - 1);
		while (v[j])
			j = (j + 1) & (cap - 1);
		v[j] = t->slot[i];
	}
	free(t->slot);
	t->slot = v;
	t->cap = cap;
	return 0;
}

/* The comm s (n bytes, up to a NUL: what a C string of it shows) as the
 * reader's own copy, one per distinct name; NULL: out of memory. */
static const char *intern(struct names *t, const uint8_t *s, size_t n)
{
	const uint8_t *nul = n ? memchr(s, 0, n) : NULL;
	if (nul)
		n = (size_t)(nul - s);
	if (names_grow(t))
		return NULL;
	uint32_t i = name_hash((const char *)s, n) & (t->cap - 1);
	for (; t->slot[i]; i = (i + 1) & (t->cap - 1))
		if (strncmp(t->slot[i], (const char *)s, n) == 0 &&
		    t->slot[i][n] == 0)
			return t->slot[i];
	char *c = malloc(n + 1);
	if (!c)
		return NULL;
	if (n)
		memcpy(c, s, n);
	c[n] = 0;
	t->slot[i] = c;
	t->n++;
	return c;
}

/* d's values are no longer in the vals[] slot it last had. */
static void disown(const struct psr_reader *r, const struct rdelta *d)
{
	if (d->slot < r->vals_cap && r->owner[d->slot] == d)
		r->owner[d->slot] = NULL;
}

static void reset_delta(const struct psr_reader *r, struct rdelta *d)
{
	disown(r, d);
	d->fresh = 1;
	d->gen = r->gen;
	d->missing = 0;
	d->present = r->listed;
	memset(d->prev, 0, r->h.metric_count * sizeof d->prev[0]);
}

/* PROCESS: 1 with a new process in rec, 0 for a repeat, <0 error,
 * PSR_E_CORRUPT for a bad record. */
static int rec_process(struct psr_reader *r, struct cursor *c,
		       struct psr_record *rec)
{
	struct psr_process i = {0};
	uint64_t id = cursor_varint(c);
	i.pid = (uint32_t)cursor_varint(c);
	i.ppid = (uint32_t)cursor_varint(c);
	i.start_ticks = cursor_varint(c);
	i.uid = (uint32_t)cursor_varint(c);
	i.flags = (uint32_t)cursor_varint(c);
	size_t comm_len, cmd_len;
	/* a command line no longer than a writer keeps (FORMAT.md 6.5): a
	 * crafted log's long ones would be held for each of its processes
	 * (a comm is held once per name) */
	const uint8_t *comm = cursor_bytes(c, &comm_len, LIMIT_STRING);
	const uint8_t *cmd = cursor_bytes(c, &cmd_len, CMDLINE_MAX);
	if (!c->ok || id == 0 || id >= LIMIT_PROC_ID)
		return PSR_E_CORRUPT;
	struct rproc *p = find_proc(r, id);
	r->block_declared++;
	if (p) {
		/* repeated in this block: state restarts */
		if (p->d)
			reset_delta(r, p->d);
		return 0;
	}
	/* more processes alive than Linux can run (FORMAT.md 6.5): a
	 * crafted log, which would hold its reader's memory */
	if (r->nprocs - r->nended >= LIMIT_LIVE_PROCS)
		return fail(r, PSR_E_LIMIT,
			    "more than %u processes declared and not ended "
			    "at once (Linux runs at most %u): not a recording",
			    LIMIT_LIVE_PROCS, LIMIT_LIVE_PROCS);
	p = malloc(sizeof *p + cmd_len + 1);
	if (!p || !(i.comm = intern(&r->names, comm, comm_len))) {
		free(p);
		return fail(r, -ENOMEM, "out of memory");
	}
	if (cmd_len)
		memcpy(p->cmd, cmd, cmd_len);
	p->cmd[cmd_len] = 0;
	p->log_id = (uint32_t)id;
	p->ended = 0;
	p->d = NULL;
	i.cmdline = p->cmd;
	i.cmdline_len = cmd_len;
	p->info = i; /* its id is set by insert_proc */
	int rc = insert_proc(r, p);
	if (rc) {
		free(p);
		return rc;
	}
	rec->type = PSR_REC_PROCESS;
	rec->u.process = &p->info;
	return 1;
}

/* The delta state of a process with an entry in this block: made at
 * its first one, from 0 when it was not declared in this block. NULL:
 * an unknown process, or out of memory (*nomem set). */
static struct rdelta *block_delta(struct psr_reader *r, uint64_t id,
				  struct rproc **pp, int *nomem)
{
	struct rproc *p = find_proc(r, id);
	*pp = p;
	if (!p)
		return NULL;
	if (!p->d) {
		p->d = malloc(sizeof *p->d +
			      r->h.metric_count * sizeof p->d->prev[0]);
		if (!p->d) {
			*nomem = 1;
			return NULL;
		}
		p->d->slot = UINT32_MAX;
		reset_delta(r, p->d);
	} else if (p->d->gen != r->gen) {
		reset_delta(r, p->d); /* not declared in this block: from 0 */
	}
	return p->d;
}

/* cursor_varint() with its common cases inline: a sample's entries are
 * mostly one-byte varints, and a few bytes of a changed value. */
static inline uint64_t entry_varint(struct cursor *c)
{
	const uint8_t *p = c->p;
	uint64_t v = 0;

	if (c->ok && p < c->end && *p < 0x80) {
		c->p = p + 1;
		return *p;
	}
	if (c->ok && c->end - p >= VARINT_MAX) {
		for (unsigned shift = 0; shift < 63; shift += 7) {
			uint8_t byte = *p++;
			v |= (uint64_t)(byte & 0x7f) << shift;
			if (!(byte & 0x80)) {
				c->p = p;
				return v;
			}
		}
	}
	return cursor_varint(c); /* the tenth byte, the end, an error */
}

static inline int64_t entry_zvarint(struct cursor *c)
{
	return zigzag_decode(entry_varint(c));
}

/* The entry's values into out (by metric id): only the changed ones
 * (bits by mask position) when vals[k] still holds the process's (the
 * slot it had in the last sample, usually), else all of them. */
static void entry_values(struct psr_reader *r, struct rdelta *p, size_t k,
			 uint64_t changed, struct psr_values *out)
{
	const uint8_t *ids = r->h.metrics;
	unsigned n = r->h.metric_count;

	if (r->owner[k] == p) {
		for (uint64_t b = changed & r->ident_mask; b; b &= b - 1) {
			unsigned i = (unsigned)__builtin_ctzll(b);
			out->v[i] = p->prev[i];
		}
		for (uint64_t b = changed & ~r->ident_mask; b; b &= b - 1) {
			unsigned i = (unsigned)__builtin_ctzll(b);
			out->v[ids[i]] = p->prev[i];
		}
	} else {
		disown(r, p);
		if (r->owner[k])
			r->owner[k]->slot = UINT32_MAX;
		memcpy(out->v, p->prev, r->ident * sizeof *p->prev);
		for (unsigned i = r->ident; i < n; i++)
			out->v[ids[i]] = p->prev[i];
		r->owner[k] = p;
		p->slot = (uint32_t)k;
	}
	out->present = p->present;
}

static int decode_entry(struct psr_reader *r, struct cursor *c, uint64_t *id,
			size_t k)
{
	struct psr_values *out = &r->vals[k];
	uint64_t delta = entry_varint(c);
	*id += delta;
	uint64_t mask = entry_varint(c);
	struct rproc *proc = NULL;
	int nomem = 0;
	struct rdelta *p = c->ok ? block_delta(r, *id, &proc, &nomem) : NULL;
	unsigned n = r->h.metric_count;
	if (nomem)
		return fail(r, -ENOMEM, "out of memory");
	/* entries are in increasing id order: a process once per sample */
	if (!c->ok || !p || delta == 0 || (n + 1 < 64 && mask >> (n + 1)))
		return PSR_E_CORRUPT;
	uint64_t missing = p->missing;
	if (mask & 1) {
		p->missing = entry_varint(c);
		p->present = seen_ids(r->h.metrics, n, p->missing);
	}
	/* only the changed values are in the entry: visit just those */
	for (uint64_t bits = mask >> 1; bits; bits &= bits - 1)
		p->prev[__builtin_ctzll(bits)] += (uint64_t)entry_zvarint(c);
	out->id = proc->info.id;
	/* by mask position: the values in the entry, the presence changes */
	uint64_t changed = p->fresh ? ~0ull : mask >> 1 | (missing ^ p->missing);
	p->fresh = 0;
	entry_values(r, p, k, mask >> 1, out);
	if (changed == ~0ull) {
		r->changed[k] = changed;
	} else {
		/* the same, by metric id */
		r->changed[k] = changed & r->ident_mask;
		for (changed &= ~r->ident_mask; changed; changed &= changed - 1)
			r->changed[k] |= 1ull
					 << r->h.metrics[__builtin_ctzll(changed)];
	}
	return c->ok ? 0 : PSR_E_CORRUPT;
}

/* A clock step within the limits (FORMAT.md 6.5). */
static int skew_ok(int64_t skew)
{
	return skew >= -LIMIT_SKEW_US && skew <= LIMIT_SKEW_US;
}

/* No vals[] slot holds a process's values any more. */
static void forget_slots(struct psr_reader *r)
{
	for (size_t k = 0; k < r->vals_cap; k++) {
		if (r->owner[k])
			r->owner[k]->slot = UINT32_MAX;
		r->owner[k] = NULL;
	}
}

static int by_id(const void *a, const void *b)
{
	uint32_t x = ((const struct psr_values *)a)->id;
	uint32_t y = ((const struct psr_values *)b)->id;
	return (x > y) - (x < y);
}

static int rec_sample(struct psr_reader *r, struct cursor *c,
		      struct psr_record *rec)
{
	uint64_t dt = cursor_varint(c);
	int64_t skew = cursor_zvarint(c);
	uint64_t count = cursor_varint(c);
	/* every entry names a distinct process declared earlier in this
	 * block and takes at least two bytes: that bounds the array */
	if (!c->ok || dt > r->t_max - r->t_us || !skew_ok(skew) ||
	    count > r->block_declared || count > r->nprocs ||
	    count > cursor_left(c) / 2)
		return PSR_E_CORRUPT;
	if (count > r->vals_cap) {
		struct psr_values *v = realloc(r->vals, count * sizeof *v);
		if (!v)
			return fail(r, -ENOMEM, "out of memory");
		/* the ids a log does not list stay 0, never stale memory */
		memset(v + r->vals_cap, 0, (count - r->vals_cap) * sizeof *v);
		r->vals = v;
		struct rdelta **o = realloc(r->owner, count * sizeof *o);
		if (!o)
			return fail(r, -ENOMEM, "out of memory");
		memset(o + r->vals_cap, 0, (count - r->vals_cap) * sizeof *o);
		r->owner = o;
		uint64_t *ch = realloc(r->changed, count * sizeof *ch);
		if (!ch)
			return fail(r, -ENOMEM, "out of memory");
		r->changed = ch;
		r->vals_cap = count;
	}
	uint64_t id = 0;
	int sorted = 1;
	for (uint64_t k = 0; k < count; k++) {
		int rc = decode_entry(r, c, &id, (size_t)k);
		if (rc) {
			forget_slots(r); /* vals[k] may hold part of an entry */
			return rc;
		}
		if (k && r->vals[k].id <= r->vals[k - 1].id)
			sorted = 0;
	}
	/* in the file's order; the ids handed out may differ from it (the
	 * changed masks then stay behind: no hint) */
	if (!sorted) {
		qsort(r->vals, (size_t)count, sizeof *r->vals, by_id);
		forget_slots(r);
	}
	r->t_us += dt;
	if (r->st.samples && r->t_us <= r->t_latest)
		r->late++;
	else
		r->t_latest = r->t_us;
	rec->type = PSR_REC_SAMPLE;
	rec->u.sample.t_us = r->t_us;
	rec->u.sample.epoch_us =
		r->h.start_epoch_ns / 1000 + (int64_t)r->t_us + skew;
	rec->u.sample.count = (size_t)count;
	rec->u.sample.values = r->vals;
	rec->u.sample.changed = sorted ? r->changed : NULL;
	r->st.samples++;
	r->st.process_samples += count;
	return 1;
}

/* The rusage fields of END and CLOSE (format 3). */
static void get_rusage(struct cursor *c, struct psr_rusage *ru)
{
	ru->user_us = cursor_varint(c);
	ru->sys_us = cursor_varint(c);
	ru->maxrss_kb = cursor_varint(c);
	ru->minflt = cursor_varint(c);
	ru->majflt = cursor_varint(c);
	ru->inblock = cursor_varint(c);
	ru->oublock = cursor_varint(c);
	ru->nvcsw = cursor_varint(c);
	ru->nivcsw = cursor_varint(c);
}

static int rec_end(struct psr_reader *r, struct cursor *c,
		   struct psr_record *rec)
{
	uint64_t id = cursor_varint(c);
	uint64_t t = cursor_varint(c);
	uint64_t flags = cursor_varint(c);
	uint64_t status = (flags & 1) ? cursor_varint(c) : 0;
	struct psr_reaped rp = {0};
	if (flags & 2)
		get_rusage(c, &rp.rusage);
	if (flags & 4) {
		rp.has_children = 1;
		rp.cutime = cursor_varint(c);
		rp.cstime = cursor_varint(c);
	}
	if (!c->ok || t > r->t_max)
		return PSR_E_CORRUPT;
	struct rproc *p = find_proc(r, id);
	if (!p)
		return 0; /* its definition was in a lost block */
	if (!p->ended) { /* no longer one of those alive at once */
		p->ended = 1;
		r->nended++;
	}
	/* it has no entry after its END (a damaged log's starts from 0):
	 * its delta state goes, an ended process costs its identity */
	if (p->d) {
		disown(r, p->d);
		free(p->d);
		p->d = NULL;
	}
	rec->type = PSR_REC_END;
	rec->u.end.id = p->info.id;
	rec->u.end.t_us = t;
	rec->u.end.status = (flags & 1) && status <= 0xFFFF ? (int)status : -1;
	rec->u.end.has_rusage = (flags & 2) != 0;
	rec->u.end.reaped = rp;
	return 1;
}

static int rec_cpus(struct psr_reader *r, struct cursor *c,
		    struct psr_record *rec)
{
	uint64_t id = cursor_varint(c);
	uint64_t t = cursor_varint(c);
	size_t n;
	const uint8_t *list = cursor_bytes(c, &n, sizeof r->cpus - 1);
	if (!c->ok || t > r->t_max)
		return PSR_E_CORRUPT;
	struct rproc *p = find_proc(r, id);
	if (!p)
		return 0;
	memcpy(r->cpus, list, n);
	r->cpus[n] = 0;
	rec->type = PSR_REC_CPUS;
	rec->u.cpus.id = p->info.id;
	rec->u.cpus.t_us = t;
	rec->u.cpus.list = r->cpus;
	return 1;
}

/* EXIT (format 4): id 0 or a process of the log; an id whose PROCESS
 * record was lost gives an exit of an unknown process (id 0 would count
 * it twice), so it is dropped. */
static int rec_exit(struct psr_reader *r, struct cursor *c,
		    struct psr_record *rec)
{
	struct psr_exit *e = &r->exit;
	uint64_t id = cursor_varint(c);
	e->t_us = cursor_varint(c);
	e->pid = (uint32_t)cursor_varint(c);
	e->ppid = (uint32_t)cursor_varint(c);
	e->uid = (uint32_t)cursor_varint(c);
	e->btime_s = cursor_varint(c);
	e->etime_us = cursor_varint(c);
	e->user_us = cursor_varint(c);
	e->sys_us = cursor_varint(c);
	e->maxrss_kb = cursor_varint(c);
	e->minflt = cursor_varint(c);
	e->majflt = cursor_varint(c);
	e->read_bytes = cursor_varint(c);
	e->write_bytes = cursor_varint(c);
	e->exit_code = (uint32_t)cursor_varint(c);
	e->threads = (uint32_t)cursor_varint(c);
	size_t n;
	const uint8_t *comm = cursor_bytes(c, &n, sizeof r->exit_comm - 1);
	if (!c->ok || e->t_us > r->t_max)
		return PSR_E_CORRUPT;
	e->id = 0;
	if (id) {
		struct rproc *p = find_proc(r, id);
		if (!p)
			return 0;
		e->id = p->info.id;
	}
	memcpy(r->exit_comm, comm, n);
	r->exit_comm[n] = 0;
	e->comm = r->exit_comm;
	rec->type = PSR_REC_EXIT;
	rec->u.exit = e;
	return 1;
}

/* RENAME (format 5): the process's new comm and command line; one of a
 * process whose definition was lost is dropped, as for CPUS. */
static int rec_rename(struct psr_reader *r, struct cursor *c,
		      struct psr_record *rec)
{
	struct psr_rename *n = &r->rename;
	uint64_t id = cursor_varint(c);
	n->t_us = cursor_varint(c);
	n->flags = (uint32_t)cursor_varint(c) &
		   (PSR_PROC_CMDLINE_TRUNCATED | PSR_PROC_CMDLINE_UNREADABLE);
	size_t comm_len, cmd_len;
	const uint8_t *comm = cursor_bytes(c, &comm_len,
					   sizeof r->rename_comm - 1);
	const uint8_t *cmd = cursor_bytes(c, &cmd_len, CMDLINE_MAX);
	if (!c->ok || n->t_us > r->t_max)
		return PSR_E_CORRUPT;
	struct rproc *p = find_proc(r, id);
	if (!p)
		return 0;
	if (cmd_len + 1 > r->rename_cap) {
		char *b = realloc(r->rename_cmd, cmd_len + 1);
		if (!b)
			return fail(r, -ENOMEM, "out of memory");
		r->rename_cmd = b;
		r->rename_cap = cmd_len + 1;
	}
	if (cmd_len)
		memcpy(r->rename_cmd, cmd, cmd_len);
	r->rename_cmd[cmd_len] = 0;
	memcpy(r->rename_comm, comm, comm_len);
	r->rename_comm[comm_len] = 0;
	n->id = p->info.id;
	n->comm = r->rename_comm;
	n->cmdline = r->rename_cmd;
	n->cmdline_len = cmd_len;
	rec->type = PSR_REC_RENAME;
	rec->u.rename = n;
	return 1;
}

static int rec_system(struct psr_reader *r, struct cursor *c,
		      struct psr_record *rec)
{
	uint64_t t = cursor_varint(c);
	int64_t skew = cursor_zvarint(c);
	uint64_t mask = cursor_varint(c);
	unsigned n = r->h.system_count;
	if (!c->ok || !n || (n + 1 < 64 && mask >> (n + 1)) || t > r->t_max ||
	    !skew_ok(skew))
		return PSR_E_CORRUPT;
	if (mask & 1)
		r->sys_missing = cursor_varint(c);
	struct psr_system *s = &r->sys;
	s->present = 0;
	for (unsigned i = 0; i < n; i++) {
		unsigned m = r->h.system_metrics[i];
		if (mask >> (i + 1) & 1)
			r->sys_prev[i] += (uint64_t)cursor_zvarint(c);
		s->v[m] = r->sys_prev[i];
		if (!(r->sys_missing >> i & 1))
			s->present |= 1ull << m;
	}
	if (!c->ok)
		return PSR_E_CORRUPT;
	s->t_us = t;
	s->epoch_us = r->h.start_epoch_ns / 1000 + (int64_t)t + skew;
	rec->type = PSR_REC_SYSTEM;
	rec->u.system = s;
	return 1;
}

static int rec_close(struct psr_reader *r, struct cursor *c,
		     struct psr_record *rec)
{
	struct psr_close *k = &rec->u.close;
	k->t_us = cursor_varint(c);
	k->samples = cursor_varint(c);
	k->reason = (uint32_t)cursor_varint(c);
	k->self_user_us = cursor_varint(c);
	k->self_sys_us = cursor_varint(c);
	k->self_maxrss_kb = cursor_varint(c);
	k->process_samples = cursor_varint(c);
	memset(&k->job, 0, sizeof k->job);
	if (c->ok && cursor_left(c) > 0) { /* format 3 */
		uint64_t flags = cursor_varint(c);
		k->job.flags = (uint32_t)(flags & (PSR_JOB_ENDED | PSR_JOB_RUNNING));
		if (flags & PSR_JOB_ENDED) {
			uint64_t status = cursor_varint(c);
			k->job.status = status <= 0xFFFF ? (int)status : -1;
			get_rusage(c, &k->job.rusage);
			k->job.orphans = cursor_varint(c);
			k->job.running = cursor_varint(c);
		}
	}
	if (!c->ok || k->t_us > r->t_max)
		return PSR_E_CORRUPT;
	rec->type = PSR_REC_CLOSE;
	r->st.closed = 1;
	return 1;
}

static int dispatch(struct psr_reader *r, unsigned type, struct cursor *c,
		    struct psr_record *rec)
{
	switch (type) {
	case REC_BLOCK:
		cursor_varint(c);
		r->gen++;
		r->t_us = 0;
		r->block_declared = 0;
		r->sys_missing = 0;
		memset(r->sys_prev, 0, sizeof r->sys_prev);
		return c->ok ? 0 : PSR_E_CORRUPT;
	case REC_PROCESS:
		return rec_process(r, c, rec);
	case REC_SAMPLE:
		return rec_sample(r, c, rec);
	case REC_END:
		return rec_end(r, c, rec);
	case REC_CPUS:
		return rec_cpus(r, c, rec);
	case REC_CLOSE:
		return rec_close(r, c, rec);
	case REC_SYSTEM:
		return rec_system(r, c, rec);
	case REC_EXIT:
		return rec_exit(r, c, rec);
	case REC_RENAME:
		return rec_rename(r, c, rec);
	default:
		return 0; /* a later version's record: skip it */
	}
}

/* One record of the current block: 1 delivered, 0 skipped, <0 error. */
static int next_in_block(struct psr_reader *r, struct psr_record *rec)
{
	struct cursor *c = &r->cur;
	if (cursor_left(c) == 0) {
		r->in_block = 0;
		return 0;
	}
	unsigned type = *c->p++;
	size_t len;
	const uint8_t *payload = cursor_bytes(c, &len, cursor_left(c));
	int rc = PSR_E_CORRUPT;
	if (payload) {
		struct cursor pc;
		cursor_init(&pc, payload, len);
		rc = dispatch(r, type, &pc, rec);
	}
	if (rc == PSR_E_CORRUPT) {
		warn(r, "corrupt record (type %u) in a block that passed its "
			"checksum: rest of the block skipped", type);
		r->st.blocks_skipped++;
		r->in_block = 0;
		return 0;
	}
	return rc;
}

int psr_reader_next(struct psr_reader *r, struct psr_record *rec)
{
	for (;;) {
		if (r->warn_pending) {
			r->warn_pending = 0;
			rec->type = PSR_REC_WARNING;
			rec->u.warning = r->warn;
			return 1;
		}
		if (r->in_block) {
			int rc = next_in_block(r, rec);
			if (rc)
				return rc;
			continue;
		}
		int rc = next_block(r);
		if (rc < 0)
			return rc;
		if (rc > 0 || r->warn_pending)
			continue;
		if (r->late > r->late_warned) {
			warn(r, "%llu of %llu samples are not after the "
				"samples before them (blocks out of order)",
			     (unsigned long long)r->late,
			     (unsigned long long)r->st.samples);
			r->late_warned = r->late;
			continue;
		}
		if (!r->end_warned && (r->st.truncated || !r->st.closed)) {
			r->end_warned = 1;
			r->st.truncated = 1;
			warn(r, "truncated after %llu samples",
			     (unsigned long long)r->st.samples);
			continue;
		}
		return 0;
	}
}

void psr_reader_stats(const struct psr_reader *r, struct psr_reader_stats *s)
{
	*s = r->st;
	s->offset = r->off;
}

const char *psr_reader_errmsg(const struct psr_reader *r)
{
	return r ? r->err : "out of memory";
}

void psr_reader_free(struct psr_reader *r)
{
	if (!r)
		return;
	if (r->fd >= 0)
		close(r->fd);
	for (uint32_t i = 0; i < r->nprocs; i++) {
		free(r->dense[i]->d);
		free(r->dense[i]);
	}
	for (uint32_t i = 0; i < r->names.cap; i++)
		free(r->names.slot[i]);
	free(r->names.slot);
	free(r->procs);
	free(r->dense);
	free(r->vals);
	free(r->owner);
	free(r->changed);
	free(r->seqs);
	free(r->rename_cmd);
	free(r->h.command_line);
	ZSTD_freeDCtx(r->dctx);
	buf_release(&r->comp);
	buf_release(&r->content);
	free(r);
}
