/* exits.c - processes known only from EXIT records (exits.h). */
#include "exits.h"

#include <errno.h>
#include <math.h>
#include <stdlib.h>
#include <string.h>

struct exit_pending {
	uint32_t pid;
	bool used;     /* the slot holds pid (it stays once taken) */
	size_t first;  /* first waiting child's row + 1 */
	size_t last;   /* the latest row of pid + 1 */
};

static uint64_t mix(uint64_t h)
{
	h *= 0x9E3779B97F4A7C15ull;
	return h ^ h >> 29;
}

static uint64_t name_hash(const char *s)
{
	uint64_t h = 1469598103934665603ull; /* FNV-1a */

	for (; *s; s++)
		h = (h ^ (unsigned char)*s) * 1099511628211ull;
	return mix(h);
}

static int grow_names(struct exit_table *x)
{
	size_t cap = x->cap_name_slot ? x->cap_name_slot * 2 : 64;
	size_t *slot = malloc(cap * sizeof *slot);
	char **names = realloc(x->names, cap / 2 * sizeof *names);

	if (names)
		x->names = names;
	if (!slot || !names) {
		free(slot);
		return -ENOMEM;
	}
	memset(slot, 0xff, cap * sizeof *slot);
	for (size_t i = 0; i < x->nnames; i++) {
		size_t j = name_hash(x->names[i]) & (cap - 1);
		while (slot[j] != SIZE_MAX)
			j = (j + 1) & (cap - 1);
		slot[j] = i;
	}
	free(x->name_slot);
	x->name_slot = slot;
	x->cap_name_slot = cap;
	x->capnames = cap / 2;
	return 0;
}

const char *exit_table_intern(struct exit_table *x, const char *comm)
{
	if (x->nnames + 1 > x->capnames && grow_names(x))
		return NULL;
	size_t j = name_hash(comm) & (x->cap_name_slot - 1);
	for (; x->name_slot[j] != SIZE_MAX; j = (j + 1) & (x->cap_name_slot - 1))
		if (strcmp(x->names[x->name_slot[j]], comm) == 0)
			return x->names[x->name_slot[j]];
	char *copy = strdup(comm);
	if (!copy)
		return NULL;
	x->names[x->nnames] = copy;
	x->name_slot[j] = x->nnames++;
	return copy;
}

static int grow_pending(struct exit_table *x)
{
	size_t cap = x->cappend ? x->cappend * 2 : 64;
	struct exit_pending *v = calloc(cap, sizeof *v);

	if (!v)
		return -ENOMEM;
	for (size_t i = 0; i < x->cappend; i++) {
		if (!x->pend[i].used)
			continue;
		size_t j = mix(x->pend[i].pid) & (cap - 1);
		while (v[j].used)
			j = (j + 1) & (cap - 1);
		v[j] = x->pend[i];
	}
	free(x->pend);
	x->pend = v;
	x->cappend = cap;
	return 0;
}

/* pid's slot (taken if new), or NULL: no memory. */
static struct exit_pending *pending(struct exit_table *x, uint32_t pid,
				    bool take)
{
	if (take && (x->npend + 1) * 2 > x->cappend && grow_pending(x))
		return NULL;
	if (!x->cappend)
		return NULL;
	size_t j = mix(pid) & (x->cappend - 1);
	for (; x->pend[j].used; j = (j + 1) & (x->cappend - 1))
		if (x->pend[j].pid == pid)
			return &x->pend[j];
	if (!take)
		return NULL;
	x->pend[j] = (struct exit_pending){.pid = pid, .used = true};
	x->npend++;
	return &x->pend[j];
}

static int grow_rows(struct exit_table *x)
{
	size_t cap = x->cap ? x->cap * 2 : 64;
	struct psr_exited *row = realloc(x->row, cap * sizeof *row);
	if (row)
		x->row = row;
	size_t *parent = realloc(x->parent_row, cap * sizeof *parent);
	if (parent)
		x->parent_row = parent;
	size_t *next = realloc(x->next_row, cap * sizeof *next);
	if (next)
		x->next_row = next;
	double *held = realloc(x->held, cap * sizeof *held);
	if (held)
		x->held = held;
	if (!row || !parent || !next || !held)
		return -ENOMEM;
	x->cap = cap;
	return 0;
}

int exit_table_add(struct exit_table *x, const struct psr_exit *e,
		   double end_epoch, size_t *row, double *lifetime)
{
	const char *comm;

	if ((x->n == x->cap && grow_rows(x)) || !(comm = exit_table_intern(x, e->comm)))
		return -ENOMEM;
	size_t i = x->n++;
	struct psr_exited *r = &x->row[i];
	/* it started within the second btime_s names, and ended (elapsed
	 * time later) by the time psrec read its record */
	double elapsed = (double)e->etime_us / 1e6;
	double start = end_epoch - elapsed, bt = (double)e->btime_s;
	if (start < bt)
		start = bt;
	if (start > bt + 1)
		start = bt + 1;
	*r = (struct psr_exited){
		.pid = e->pid, .ppid = e->ppid, .uid = e->uid,
		.threads = e->threads, .comm = comm,
		.start_epoch = start,
		.end_epoch = start + elapsed,
		.user_seconds = (double)e->user_us / 1e6,
		.system_seconds = (double)e->sys_us / 1e6,
		.maxrss_bytes = (double)e->maxrss_kb * 1024,
		.minflt = e->minflt, .majflt = e->majflt,
		.read_bytes = e->read_bytes, .write_bytes = e->write_bytes,
		.status = (int)e->exit_code,
		.first_epoch = NAN, .last_epoch = NAN,
		.vms_peak_bytes = NAN, .rss_mean_bytes = NAN,
		.sampled_cpu_seconds = NAN, .cpu_peak_percent = NAN,
	};
	r->cpu_seconds = r->user_seconds + r->system_seconds;
	x->parent_row[i] = x->next_row[i] = 0;
	x->held[i] = 0;
	*row = i;
	*lifetime = r->cpu_seconds;
	/* the children it waited for, ended before it; not those of an
	 * earlier process with its pid (pids wrap: 32,768 by default) */
	struct exit_pending *p = pending(x, e->pid, false);
	if (p && p->first) {
		for (size_t c = p->first; c; c = x->next_row[c - 1])
			if (x->row[c - 1].start_epoch >= bt) {
				x->parent_row[c - 1] = i + 1;
				*lifetime += x->held[c - 1];
			}
		p->first = 0;
	}
	if (!(p = pending(x, e->pid, true)))
		return -ENOMEM;
	p->last = i + 1;
	return 0;
}

const struct psr_exited *exit_table_row_of(const struct exit_table *x,
					   uint32_t pid)
{
	struct exit_pending *p =
		x->npend ? pending((struct exit_table *)x, pid, false) : NULL;

	return p && p->last ? &x->row[p->last - 1] : NULL;
}

int exit_table_hold(struct exit_table *x, uint32_t ppid, size_t row,
		    double lifetime)
{
	struct exit_pending *p = pending(x, ppid, true);

	if (!p)
		return -ENOMEM;
	x->held[row] = lifetime;
	x->next_row[row] = p->first;
	p->first = row + 1;
	return 0;
}

bool exit_table_waiting(const struct exit_table *x, uint32_t pid)
{
	struct exit_pending *p =
		x->npend ? pending((struct exit_table *)x, pid, false) : NULL;

	return p && p->first;
}

double exit_table_adopt(struct exit_table *x, uint32_t pid, double start,
			size_t tree)
{
	struct exit_pending *p = pending(x, pid, false);
	double sum = 0;

	if (!p || !p->first)
		return 0;
	for (size_t c = p->first; c; c = x->next_row[c - 1])
		if (x->row[c - 1].start_epoch + 1 >= start) {
			x->row[c - 1].tree = tree;
			sum += x->held[c - 1];
		}
	p->first = 0;
	return sum;
}

/* The tree of row i: its own, or its EXIT-only ancestors' (path halving
 * keeps a long chain of shells linear). */
static size_t tree_of(struct exit_table *x, size_t i)
{
	while (!x->row[i].tree && x->parent_row[i]) {
		size_t up = x->parent_row[i] - 1;
		if (x->parent_row[up])
			x->parent_row[i] = x->parent_row[up];
		if (x->row[up].tree) {
			x->row[i].tree = x->row[up].tree;
			break;
		}
		i = up;
	}
	return x->row[i].tree;
}

void exit_table_trees(struct exit_table *x, double *tree_cpu,
		      size_t *tree_members, size_t ntrees)
{
	/* a parent's row comes after its children's: from the last one
	 * back, each row's ancestors are settled first */
	for (size_t i = x->n; i-- > 0;) {
		size_t t = x->row[i].tree ? x->row[i].tree : tree_of(x, i);
		x->row[i].tree = t;
		if (!t || t > ntrees)
			continue;
		tree_cpu[t - 1] += x->row[i].cpu_seconds;
		tree_members[t - 1]++;
	}
}

void exit_table_move(struct exit_table *x, struct psr_run_result *o)
{
	o->nexited = x->n;
	o->exited = x->row;
	o->exited_cpu_seconds = 0;
	for (size_t i = 0; i < x->n; i++)
		o->exited_cpu_seconds += x->row[i].cpu_seconds;
	o->exited_comms = x->names;
	o->nexited_comms = x->nnames;
	x->row = NULL;
	x->names = NULL;
	x->n = x->cap = x->nnames = x->capnames = 0;
	exit_table_free(x);
}

void exit_table_free(struct exit_table *x)
{
	for (size_t i = 0; i < x->nnames; i++)
		free(x->names[i]);
	free(x->names);
	free(x->name_slot);
	free(x->row);
	free(x->parent_row);
	free(x->next_row);
	free(x->held);
	free(x->pend);
	memset(x, 0, sizeof *x);
}
