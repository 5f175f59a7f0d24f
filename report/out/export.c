/* export.c - --export: typed rows for column stores (see export.h).
 *
 * Speed is the point here (millions of rows per second): rows are built
 * in a buffer of our own with integer formatting instead of printf, and
 * the identity of a process (pid, ppid, start, comm, quoted command line)
 * is formatted once and kept in a small table keyed by (pid, start). */
#define _GNU_SOURCE
#include "export.h"

#include "cli.h"
#include "jsonw.h"
#include "logfile.h"
#include "output.h"

#include <errno.h>
#include <inttypes.h>
#include <math.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#define BUF_SIZE (1u << 16)

/* A process's identity, formatted for the output. */
struct ident {
	uint32_t pid, ppid;
	uint64_t start_ticks;
	bool used;
	char *comm, *cmdline; /* copies, to notice a change (exec) */
	size_t cmdline_len;
	char *text; /* CSV: pid,ppid,start_ms,comm,cmdline; JSON: the keys */
	size_t text_len;
	/* the values of its last row and their text: an idle process's
	 * rows repeat them, and a copy is much cheaper than formatting */
	double *last;
	char *vtext;
	size_t vlen, vcap;
};

struct declared {
	uint32_t pid;
	uint64_t start_ticks;
};

struct export {
	FILE *f;
	bool json;
	bool err;
	const struct psr_series_def *tab;
	unsigned ntab;
	char **keys; /* JSON: ,"name": per series */
	size_t *keylen;
	char *prefix; /* per log: host and log_id, formatted */
	size_t prefix_len;
	struct ident *ids; /* open addressing, capacity a power of two */
	size_t nids, capids;
	/* the current log's processes by log id - 1, to find one at its END
	 * (its ident then goes: memory follows the processes alive) */
	struct declared *decl;
	size_t ndecl, capdecl;
	size_t len;
	char buf[BUF_SIZE];
};

/* ---- the buffer ----------------------------------------------------- */

static void flush(struct export *e)
{
	if (e->len && fwrite(e->buf, 1, e->len, e->f) != e->len)
		e->err = true;
	e->len = 0;
}

static inline void reserve(struct export *e, size_t n)
{
	if (e->len + n > BUF_SIZE)
		flush(e);
}

static void put(struct export *e, const char *s, size_t n)
{
	if (n > BUF_SIZE / 2) { /* a long command line: straight through */
		flush(e);
		if (fwrite(s, 1, n, e->f) != n)
			e->err = true;
		return;
	}
	reserve(e, n);
	memcpy(e->buf + e->len, s, n);
	e->len += n;
}

static inline void put_c(struct export *e, char c)
{
	e->buf[e->len++] = c; /* callers reserved room */
}

static const char digits2[] =
	"00010203040506070809101112131415161718192021222324252627282930313233"
	"34353637383940414243444546474849505152535455565758596061626364656667"
	"6869707172737475767778798081828384858687888990919293949596979899";

/* Digits of v, two at a time, backwards into a scratch then copied. */
static inline void put_u64(struct export *e, uint64_t v)
{
	char tmp[24], *p = tmp + sizeof tmp;

	while (v >= 100) {
		unsigned d = (unsigned)(v % 100) * 2;
		v /= 100;
		p -= 2;
		p[0] = digits2[d];
		p[1] = digits2[d + 1];
	}
	if (v >= 10) {
		p -= 2;
		p[0] = digits2[v * 2];
		p[1] = digits2[v * 2 + 1];
	} else {
		*--p = (char)('0' + v);
	}
	memcpy(e->buf + e->len, p, (size_t)(tmp + sizeof tmp - p));
	e->len += (size_t)(tmp + sizeof tmp - p);
}

static inline void put_i64(struct export *e, int64_t v)
{
	if (v < 0) {
		put_c(e, '-');
		put_u64(e, (uint64_t)0 - (uint64_t)v);
	} else {
		put_u64(e, (uint64_t)v);
	}
}

/* Beyond this, llround() could overflow: printf then. */
#define EXACT_LIMIT 9.0e15

/* Rare: values too large for the integer path (reserve 40 bytes; the
 * largest double with %.3e still fits). */
static void put_printf(struct export *e, int decimals, double x)
{
	char tmp[400];
	int n = snprintf(tmp, sizeof tmp, "%.*f", decimals, x);

	if (n < 0 || n >= 40)
		n = snprintf(tmp, sizeof tmp, "%.6e", x);
	memcpy(e->buf + e->len, tmp, (size_t)n);
	e->len += (size_t)n;
}

/* x rounded to three decimals, without trailing zeros (reserve 40
 * bytes): shorter rows are less to write and to load. */
static void put_fixed3(struct export *e, double x)
{
	if (x == 0) { /* most rates of most processes */
		put_c(e, '0');
		return;
	}
	if (!(fabs(x) < EXACT_LIMIT / 1000)) {
		put_printf(e, 3, x);
		return;
	}
	int64_t m = (int64_t)(x * 1000 + (x < 0 ? -0.5 : 0.5));
	if (m < 0) {
		put_c(e, '-');
		m = -m;
	}
	put_u64(e, (uint64_t)(m / 1000));
	unsigned frac = (unsigned)(m % 1000);
	if (!frac)
		return;
	put_c(e, '.');
	put_c(e, (char)('0' + frac / 100));
	memcpy(e->buf + e->len, digits2 + frac % 100 * 2, 2);
	e->len += 2;
	while (e->buf[e->len - 1] == '0')
		e->len--;
}

static void put_int(struct export *e, double x)
{
	if (x == 0) {
		put_c(e, '0');
		return;
	}
	if (!(fabs(x) < EXACT_LIMIT)) {
		put_printf(e, 0, x);
		return;
	}
	put_i64(e, (int64_t)(x + (x < 0 ? -0.5 : 0.5)));
}

/* ---- text ----------------------------------------------------------- */

/* A shell word needs quotes unless made of these. */
static bool shell_safe(const char *s, size_t n)
{
	if (!n)
		return false;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)s[i];
		if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') ||
		      (c >= '0' && c <= '9') || strchr("_@%+=:,./-", c)))
			return false;
	}
	return true;
}

char *export_cmdline(const char *args, size_t len)
{
	char *out = NULL;
	size_t size = 0;
	FILE *m = open_memstream(&out, &size);

	if (!m)
		return NULL;
	for (size_t i = 0; i < len;) {
		size_t n = strnlen(args + i, len - i);
		if (i)
			fputc(' ', m);
		if (shell_safe(args + i, n)) {
			fwrite(args + i, 1, n, m);
		} else { /* 'it'\''s': a quote ends, is escaped, restarts */
			fputc('\'', m);
			for (size_t k = i; k < i + n; k++) {
				if (args[k] == '\'')
					fputs("'\\''", m);
				else
					fputc(args[k], m);
			}
			fputc('\'', m);
		}
		i += n + 1;
	}
	if (fclose(m) != 0) {
		free(out);
		return NULL;
	}
	return out;
}

/* Always quoted: a quoted \N is the text, never NULL. */
static void csv_quoted(FILE *m, const char *s)
{
	fputc('"', m);
	for (; *s; s++) {
		if (*s == '"')
			fputc('"', m);
		fputc(*s, m);
	}
	fputc('"', m);
}

bool export_is_jsonl(const char *path)
{
	size_t n = strlen(path);

	return n >= 6 && strcmp(path + n - 6, ".jsonl") == 0;
}

/* FNV-1a, 64 bits, from a given basis. */
/* ---- set-up --------------------------------------------------------- */

struct export *export_new(FILE *f, bool jsonl)
{
	struct export *e = calloc(1, sizeof *e);

	if (!e)
		return NULL;
	e->f = f;
	e->json = jsonl;
	e->tab = psr_series_table(&e->ntab);
	if (jsonl) {
		if (!(e->keys = calloc(e->ntab, sizeof *e->keys)) ||
		    !(e->keylen = calloc(e->ntab, sizeof *e->keylen)))
			goto nomem;
		for (unsigned i = 0; i < e->ntab; i++) {
			int n = asprintf(&e->keys[i], ",\"%s\":", e->tab[i].name);
			if (n < 0) {
				e->keys[i] = NULL;
				goto nomem;
			}
			e->keylen[i] = (size_t)n;
		}
		return e;
	}
	fputs("host,log_id,ts_ms,t,pid,ppid,start_ms,comm,cmdline", f);
	for (unsigned i = 0; i < e->ntab; i++)
		fprintf(f, ",%s", e->tab[i].name);
	fputc('\n', f);
	return e;
nomem:
	export_free(e);
	return NULL;
}

int export_begin_log(struct export *e, const struct psr_header *h,
		     const char *host_override)
{
	const char *host = host_override ? host_override : h->hostname;
	char id[33];
	FILE *m;

	logfile_id(h, id);
	/* ids are a log's own */
	if (e->decl)
		memset(e->decl, 0, e->capdecl * sizeof *e->decl);
	free(e->prefix);
	e->prefix = NULL;
	if (!(m = open_memstream(&e->prefix, &e->prefix_len)))
		return -ENOMEM;
	if (e->json) {
		struct jsonw j;
		jsonw_init(&j, m, false);
		fputs("{\"host\":", m);
		jsonw_str(&j, host);
		fprintf(m, ",\"log_id\":\"%s\",\"ts_ms\":", id);
	} else {
		csv_quoted(m, host);
		fprintf(m, ",%s,", id);
	}
	if (fclose(m) != 0) {
		free(e->prefix);
		e->prefix = NULL;
		return -ENOMEM;
	}
	return 0;
}

/* ---- identities ----------------------------------------------------- */

static size_t home_of(const struct export *e, uint32_t pid, uint64_t start)
{
	uint64_t k = ((uint64_t)pid * 0x9e3779b97f4a7c15ull) ^
		     (start * 0xc2b2ae3d27d4eb4full);

	return (size_t)(k >> 17) & (e->capids - 1);
}

static size_t slot_of(const struct export *e, uint32_t pid, uint64_t start)
{
	size_t i = home_of(e, pid, start);

	while (e->ids[i].used &&
	       (e->ids[i].pid != pid || e->ids[i].start_ticks != start))
		i = (i + 1) & (e->capids - 1);
	return i;
}

static int grow_ids(struct export *e)
{
	struct ident *old = e->ids;
	size_t oldcap = e->capids;

	e->capids = oldcap ? oldcap * 2 : 256;
	if (!(e->ids = calloc(e->capids, sizeof *e->ids))) {
		e->ids = old;
		e->capids = oldcap;
		return -ENOMEM;
	}
	for (size_t i = 0; i < oldcap; i++)
		if (old[i].used)
			e->ids[slot_of(e, old[i].pid, old[i].start_ticks)] =
				old[i];
	free(old);
	return 0;
}

static void ident_clear(struct ident *id)
{
	free(id->comm);
	free(id->cmdline);
	free(id->text);
	free(id->last);
	free(id->vtext);
	id->comm = id->cmdline = id->text = id->vtext = NULL;
	id->last = NULL;
	id->vlen = id->vcap = 0;
}

/* Slot i's process ended: its ident goes, and the entries after it in
 * its probe run move back (no tombstones: the table stays as if it had
 * never been there). */
static void ident_remove(struct export *e, size_t i)
{
	size_t mask = e->capids - 1;

	ident_clear(&e->ids[i]);
	e->ids[i].used = false;
	e->nids--;
	for (size_t j = (i + 1) & mask; e->ids[j].used; j = (j + 1) & mask) {
		size_t k = home_of(e, e->ids[j].pid, e->ids[j].start_ticks);
		/* j's entry stays unless its home is cyclically outside
		 * (i, j]: then the hole at i is on its probe path */
		bool stays = i < j ? (k > i && k <= j) : (k > i || k <= j);
		if (stays)
			continue;
		e->ids[i] = e->ids[j];
		memset(&e->ids[j], 0, sizeof e->ids[j]);
		i = j;
	}
}

int export_record(struct export *e, const struct psr_record *rec)
{
	if (rec->type == PSR_REC_PROCESS) {
		const struct psr_process *p = rec->u.process;
		if (p->id > e->capdecl) {
			size_t cap = e->capdecl ? e->capdecl : 1024;
			while (cap < p->id)
				cap *= 2;
			struct declared *d = realloc(e->decl, cap * sizeof *d);
			if (!d)
				return -ENOMEM;
			memset(d + e->capdecl, 0, (cap - e->capdecl) * sizeof *d);
			e->decl = d;
			e->capdecl = cap;
		}
		if (p->id)
			e->decl[p->id - 1] = (struct declared){p->pid,
							       p->start_ticks};
		return 0;
	}
	if (rec->type != PSR_REC_END || !rec->u.end.id ||
	    rec->u.end.id > e->capdecl || !e->capids)
		return 0;
	const struct declared *d = &e->decl[rec->u.end.id - 1];
	size_t i = slot_of(e, d->pid, d->start_ticks);
	if (e->ids[i].used)
		ident_remove(e, i);
	return 0;
}

static bool ident_current(const struct ident *id,
			  const struct psr_proc_result *p)
{
	const char *comm = p->comm ? p->comm : "";

	return id->text && id->ppid == p->ppid && strcmp(id->comm, comm) == 0 &&
	       id->cmdline_len == p->cmdline_len &&
	       (!p->cmdline_len ||
		memcmp(id->cmdline, p->cmdline, p->cmdline_len) == 0);
}

static int ident_format(const struct export *e, struct ident *id,
			const struct psr_proc_result *p)
{
	const char *comm = p->comm ? p->comm : "";
	char *cmd = export_cmdline(p->cmdline ? p->cmdline : "", p->cmdline_len);
	long long start_ms = llround(p->start_epoch * 1000);
	FILE *m;

	ident_clear(id);
	id->ppid = p->ppid;
	id->comm = strdup(comm);
	id->cmdline_len = p->cmdline_len;
	id->cmdline = malloc(p->cmdline_len + 1);
	if (!cmd || !id->comm || !id->cmdline ||
	    !(m = open_memstream(&id->text, &id->text_len))) {
		free(cmd);
		ident_clear(id);
		return -ENOMEM;
	}
	if (p->cmdline_len)
		memcpy(id->cmdline, p->cmdline, p->cmdline_len);
	if (e->json) {
		struct jsonw j;
		jsonw_init(&j, m, false);
		fprintf(m, ",\"pid\":%" PRIu32 ",\"ppid\":%" PRIu32
			   ",\"start_ms\":%lld,\"comm\":",
			p->pid, p->ppid, start_ms);
		jsonw_str(&j, comm);
		fputs(",\"cmdline\":", m);
		jsonw_init(&j, m, false); /* a lone string, no comma first */
		jsonw_str(&j, cmd);
	} else {
		fprintf(m, ",%" PRIu32 ",%" PRIu32 ",%lld,", p->pid, p->ppid,
			start_ms);
		csv_quoted(m, comm);
		fputc(',', m);
		csv_quoted(m, cmd);
	}
	free(cmd);
	if (fclose(m) != 0) {
		ident_clear(id);
		return -ENOMEM;
	}
	return 0;
}

static struct ident *ident_of(struct export *e,
				    const struct psr_proc_result *p)
{
	size_t i;

	if ((e->nids + 1) * 2 > e->capids && grow_ids(e))
		return NULL;
	i = slot_of(e, p->pid, p->start_ticks);
	struct ident *id = &e->ids[i];
	if (!id->used) {
		id->used = true;
		id->pid = p->pid;
		id->start_ticks = p->start_ticks;
		e->nids++;
	}
	if (!ident_current(id, p) && ident_format(e, id, p))
		return NULL;
	return id;
}

/* ---- rows ----------------------------------------------------------- */

static void values(struct export *e, const double *v)
{
	static const char null_csv[] = ",\\N", null_json[] = "null";

	for (unsigned i = 0; i < e->ntab; i++) {
		const struct psr_series_def *d = &e->tab[i];
		double x = v[i];
		/* room for every column was reserved by the caller */
		if (e->json) {
			size_t n = e->keylen[i];
			memcpy(e->buf + e->len, e->keys[i], n);
			e->len += n;
		} else {
			put_c(e, ',');
		}
		if (isnan(x)) {
			if (e->json) {
				memcpy(e->buf + e->len, null_json, 4);
				e->len += 4;
			} else {
				memcpy(e->buf + e->len, null_csv + 1, 2);
				e->len += 2;
			}
		} else if (d->kind == PSR_SERIES_STATE) {
			char c = (char)x;
			/* a state letter needs no quotes in CSV */
			if (e->json || !(c >= 'A' && c <= 'z' && c != '\\'))
				put_c(e, '"');
			put_c(e, c);
			if (e->json || !(c >= 'A' && c <= 'z' && c != '\\'))
				put_c(e, '"');
		} else if (d->flags & PSR_SF_INT) {
			put_int(e, x);
		} else {
			put_fixed3(e, x);
		}
	}
}

/* Remember a row's values and their text for the next row. */
static int keep_values(struct ident *id, const double *v, size_t vsize,
		       const char *text, size_t n)
{
	if (!id->last && !(id->last = malloc(vsize)))
		return -ENOMEM;
	if (n > id->vcap) {
		char *t = realloc(id->vtext, n);
		if (!t)
			return -ENOMEM;
		id->vtext = t;
		id->vcap = n;
	}
	memcpy(id->last, v, vsize);
	memcpy(id->vtext, text, n);
	id->vlen = n;
	return 0;
}

int export_row(struct export *e, const struct psr_row *row)
{
	struct ident *id;

	if (row->host)
		return 0;
	if (!(id = ident_of(e, row->proc)))
		return -ENOMEM;
	size_t vsize = e->ntab * sizeof *row->values;
	put(e, e->prefix, e->prefix_len);
	reserve(e, 80);
	put_i64(e, row->epoch_us / 1000);
	if (e->json) {
		memcpy(e->buf + e->len, ",\"t\":", 5);
		e->len += 5;
	} else {
		put_c(e, ',');
	}
	put_fixed3(e, row->t);
	put(e, id->text, id->text_len);
	if (id->vlen &&
	    (row->repeat || memcmp(id->last, row->values, vsize) == 0)) {
		put(e, id->vtext, id->vlen);
	} else {
		reserve(e, e->ntab * 80 + 2);
		size_t at = e->len;
		values(e, row->values);
		if (keep_values(id, row->values, vsize, e->buf + at,
				e->len - at))
			return -ENOMEM;
	}
	reserve(e, 2);
	if (e->json)
		put_c(e, '}');
	put_c(e, '\n');
	return e->err ? -EIO : 0;
}

int export_finish(struct export *e)
{
	flush(e);
	return e->err ? -EIO : 0;
}

void export_free(struct export *e)
{
	if (!e)
		return;
	for (size_t i = 0; i < e->capids; i++)
		ident_clear(&e->ids[i]);
	free(e->ids);
	free(e->decl);
	for (unsigned i = 0; e->keys && i < e->ntab; i++)
		free(e->keys[i]);
	free(e->keys);
	free(e->keylen);
	free(e->prefix);
	free(e);
}

/* ---- the output ---------------------------------------------------- */

static int export_open(struct out *out)
{
	out->priv = export_new(out->f, export_is_jsonl(out->path));
	return out->priv ? 0 : -ENOMEM;
}

static int export_log(struct out *out, const struct input *in)
{
	return export_begin_log(out->priv, &in->h, out->o->host);
}

static int export_on_record(struct out *out, const struct input *in,
			    const struct psr_record *rec)
{
	(void)in;
	return export_record(out->priv, rec);
}

static int export_on_row(struct out *out, const struct psr_row *row)
{
	return export_row(out->priv, row);
}

static int export_done(struct out *out)
{
	return export_finish(out->priv);
}

static void export_out_free(struct out *out)
{
	export_free(out->priv);
}

const struct output output_export = {
	.option = "export",
	.arg = "<file>",
	.help = "typed rows for a column store (ClickHouse): CSV,\n"
		"or JSON lines when <file> ends in .jsonl",
	.modes = MODE_REPORT,
	.flags = OUTPUT_FILE,
	.needs = NEEDS_RECORDS | NEEDS_ROWS,
	.open = export_open,
	.log = export_log,
	.record = export_on_record,
	.row = export_on_row,
	.finish = export_done,
	.free = export_out_free,
};
