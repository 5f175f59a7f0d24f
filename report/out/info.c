/* info.c - --info: header fields, processes, samples, size, warnings. */
#include "info.h"
#include "totals.h"
#include "utf8.h"

#include "output.h"

#include <errno.h>
#include <math.h>
#include <inttypes.h>
#include <stdlib.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>

struct proc_seen {
	const struct psr_process *p;
	uint64_t samples;
	uint64_t first_t, last_t;
	bool ended;
	int status;
	/* after an exec (RENAME, format 5): its latest comm and command
	 * line, malloc'ed; NULL when it kept its first */
	char *comm, *cmd;
	size_t cmd_len;
};

struct info {
	struct proc_seen *ps; /* by id - 1 */
	uint32_t nps;
	uint64_t samples, entries, system_records;
	uint64_t exits, exits_only; /* EXIT records; of them never sampled */
	double exits_cpu;           /* CPU seconds of those never sampled */
	uint64_t renames;           /* RENAME records (format 5) */
	int64_t first_epoch_us, last_epoch_us;
	uint64_t min_t, max_t; /* monotonic offsets: the span */
	bool have_close;
	struct psr_close close;
	char **warnings;
	size_t nwarnings;
};

static void fmt_time(char *buf, size_t n, int64_t epoch_us)
{
	time_t s = (time_t)(epoch_us / 1000000);
	struct tm tm;
	if (!localtime_r(&s, &tm)) { /* beyond the years a tm holds */
		snprintf(buf, n, "(%" PRId64 " us after the epoch)", epoch_us);
		return;
	}
	size_t k = strftime(buf, n, "%Y-%m-%d %H:%M:%S", &tm);
	k += (size_t)snprintf(buf + k, n - k, ".%03d",
			      (int)(epoch_us % 1000000 / 1000));
	strftime(buf + k, n - k, " %Z", &tm);
}

static void fmt_bytes(char *buf, size_t n, double b)
{
	static const char *unit[] = {"B", "KiB", "MiB", "GiB", "TiB"};
	unsigned u = 0;
	while (b >= 1024 && u < 4) {
		b /= 1024;
		u++;
	}
	snprintf(buf, n, u ? "%.1f %s" : "%.0f %s", b, unit[u]);
}

static struct proc_seen *seen(struct info *in, uint32_t id)
{
	if (id == 0)
		return NULL;
	if (id > in->nps) {
		uint32_t n = in->nps ? in->nps : 16;
		while (n < id)
			n *= 2;
		struct proc_seen *p = realloc(in->ps, n * sizeof *p);
		if (!p)
			return NULL;
		memset(p + in->nps, 0, (n - in->nps) * sizeof *p);
		in->ps = p;
		in->nps = n;
	}
	return &in->ps[id - 1];
}

static int add_warning(struct info *in, const char *w)
{
	char **p = realloc(in->warnings, (in->nwarnings + 1) * sizeof *p);
	if (!p)
		return -ENOMEM;
	in->warnings = p;
	if (!(p[in->nwarnings] = strdup(w)))
		return -ENOMEM;
	in->nwarnings++;
	return 0;
}

static int on_sample(struct info *in, const struct psr_sample *s)
{
	if (!in->samples)
		in->first_epoch_us = s->epoch_us;
	in->last_epoch_us = s->epoch_us;
	if (!in->samples || s->t_us < in->min_t)
		in->min_t = s->t_us;
	if (!in->samples || s->t_us > in->max_t)
		in->max_t = s->t_us;
	in->samples++;
	in->entries += s->count;
	for (size_t k = 0; k < s->count; k++) {
		struct proc_seen *p = seen(in, s->values[k].id);
		if (!p)
			return -ENOMEM;
		if (!p->samples)
			p->first_t = s->t_us;
		p->last_t = s->t_us;
		p->samples++;
	}
	return 0;
}

static int on_rename(struct info *in, const struct psr_rename *n)
{
	struct proc_seen *p = seen(in, n->id);
	char *comm = strdup(n->comm), *cmd = malloc(n->cmdline_len + 1);
	if (!p || !comm || !cmd) {
		free(comm);
		free(cmd);
		return -ENOMEM;
	}
	memcpy(cmd, n->cmdline, n->cmdline_len);
	cmd[n->cmdline_len] = 0;
	free(p->comm);
	free(p->cmd);
	p->comm = comm;
	p->cmd = cmd;
	p->cmd_len = n->cmdline_len;
	return 0;
}

static int on_record(struct info *in, const struct psr_record *rec)
{
	struct proc_seen *p;
	switch (rec->type) {
	case PSR_REC_PROCESS:
		if (!(p = seen(in, rec->u.process->id)))
			return -ENOMEM;
		p->p = rec->u.process;
		return 0;
	case PSR_REC_SAMPLE:
		return on_sample(in, &rec->u.sample);
	case PSR_REC_END:
		if (!(p = seen(in, rec->u.end.id)))
			return -ENOMEM;
		p->ended = true;
		p->status = rec->u.end.status;
		return 0;
	case PSR_REC_CLOSE:
		in->have_close = true;
		in->close = rec->u.close;
		return 0;
	case PSR_REC_WARNING:
		return add_warning(in, rec->u.warning);
	case PSR_REC_SYSTEM:
		in->system_records++;
		return 0;
	case PSR_REC_RENAME:
		in->renames++;
		return on_rename(in, rec->u.rename);
	case PSR_REC_EXIT:
		in->exits++;
		if (!rec->u.exit->id) {
			in->exits_only++;
			in->exits_cpu += (double)(rec->u.exit->user_us +
						  rec->u.exit->sys_us) / 1e6;
		}
		return 0;
	default:
		return 0;
	}
}

/* n bytes of text from a log: NULs (between arguments) as spaces;
 * control characters and bytes that are not UTF-8 as \xNN, a backslash
 * as \\, so one process stays on one line and the output is valid
 * UTF-8 that says which bytes were there. */
static void put_text(FILE *f, const char *s, size_t n)
{
	for (size_t i = 0; i < n; i++) {
		unsigned char ch = (unsigned char)s[i];
		size_t k;
		if (ch == 0)
			fputc(' ', f);
		else if (ch == '\\')
			fputs("\\\\", f);
		else if (ch < 32 || ch == 127)
			fprintf(f, "\\x%02x", ch);
		else if (ch < 0x80)
			fputc(ch, f);
		else if ((k = utf8_seq_len(s + i, n - i))) {
			fwrite(s + i, 1, k, f);
			i += k - 1;
		} else {
			fprintf(f, "\\x%02x", ch);
		}
	}
}

static void put_cmdline(FILE *f, const char *s, size_t n)
{
	/* arguments are NUL-separated; show them space-separated */
	while (n && s[n - 1] == 0)
		n--;
	put_text(f, s, n);
}

static void put_str(FILE *f, const char *s)
{
	put_text(f, s, strlen(s));
}

static void put_hex(FILE *f, const uint8_t *p, size_t n)
{
	for (size_t i = 0; i < n; i++)
		fprintf(f, "%02x", p[i]);
}

static const char *close_reason(uint32_t r)
{
	static const char *names[] = {"duration or sample count reached",
				      "every target exited", "signal",
				      "error", "rotated to the next part"};
	return r < 5 ? names[r] : "unknown";
}

static void print_header(FILE *f, const struct input *log)
{
	const struct psr_header *h = &log->h;
	char boot[64];
	fmt_time(boot, sizeof boot, h->boot_epoch_ns / 1000);
	fprintf(f, "log:          %s\n", log->path);
	fprintf(f, "format:       %u (reader needs %u), written by ",
		h->version, h->min_reader);
	put_str(f, h->writer);
	fputs("\nhost:         ", f);
	put_str(f, h->hostname);
	fputs(", Linux ", f);
	put_str(f, h->kernel);
	fputc(' ', f);
	put_str(f, h->machine);
	fprintf(f, ", %u CPUs, page %u B, %u ticks/s\n", h->cpu_count,
		h->page_size, h->clock_ticks);
	fprintf(f, "booted:       %s\n", boot);
	fputs("command:      ", f);
	put_cmdline(f, h->command_line, h->command_line_len);
	fprintf(f, "\ninterval:     %.3f s\n", (double)h->interval_ns / 1e9);
	fputs("metrics:     ", f);
	for (unsigned i = 0; i < h->metric_count; i++) {
		const struct psr_metric_info *mi = psr_metric_info(h->metrics[i]);
		if (mi)
			fprintf(f, " %s", mi->name);
		else
			fprintf(f, " #%u", h->metrics[i]);
	}
	fputc('\n', f);
	if (h->has_ids) {
		fputs("run:          ", f);
		put_hex(f, h->run_id, sizeof h->run_id);
		fprintf(f, " part %" PRIu32 "\nlog id:       ", h->part);
		put_hex(f, h->log_id, sizeof h->log_id);
		fputc('\n', f);
	}
}

static void print_system(FILE *f, const struct input *log,
			 const struct info *in)
{
	const struct psr_header *h = &log->h;
	if (!h->system_count)
		return;
	fputs("system:      ", f);
	for (unsigned i = 0; i < h->system_count; i++) {
		const struct psr_metric_info *mi =
			psr_sysmetric_info(h->system_metrics[i]);
		if (mi)
			fprintf(f, " %s", mi->name);
		else
			fprintf(f, " #%u", h->system_metrics[i]);
	}
	fprintf(f, " (%" PRIu64 " records)\n", in->system_records);
}

/* Exit accounting (format 4): how many, and the processes it alone saw. */
static void print_exits(FILE *f, const struct info *in)
{
	if (!in->exits)
		return;
	fprintf(f, "exits:        %" PRIu64 " records, %" PRIu64
		   " of processes never sampled (%.3f CPU s)\n",
		in->exits, in->exits_only, in->exits_cpu);
}

static void print_span(FILE *f, const struct input *log,
		       const struct info *in)
{
	const struct psr_header *h = &log->h;
	struct psr_reader_stats st = log->st;
	char a[64], b[64], size[32];
	fmt_time(a, sizeof a, h->start_epoch_ns / 1000);
	fprintf(f, "start:        %s\n", a);
	if (in->samples) {
		fmt_time(a, sizeof a, in->first_epoch_us);
		fmt_time(b, sizeof b, in->last_epoch_us);
		fprintf(f, "samples:      %" PRIu64 " from %s to %s (%.3f s)\n",
			in->samples, a, b, (double)(in->max_t - in->min_t) / 1e6);
	} else {
		fputs("samples:      0\n", f);
	}
	fmt_bytes(size, sizeof size, (double)st.file_size);
	fprintf(f, "size:         %" PRIu64 " bytes (%s) in %" PRIu64
		   " blocks",
		st.file_size, size, st.blocks);
	if (in->entries)
		fprintf(f, ", %.2f bytes per process-sample (%" PRIu64
			   " process-samples)",
			(double)st.file_size / (double)in->entries, in->entries);
	fputc('\n', f);
	if (in->have_close) {
		const struct psr_close *c = &in->close;
		double cpu = (double)(c->self_user_us + c->self_sys_us);
		fprintf(f, "closed:       yes (%s); psrec used %.1f ms CPU",
			close_reason(c->reason), cpu / 1000);
		if (c->process_samples)
			fprintf(f, " (%.2f us per process-sample)",
				cpu / (double)c->process_samples);
		fmt_bytes(size, sizeof size, (double)c->self_maxrss_kb * 1024);
		fprintf(f, ", max RSS %s\n", size);
		/* psrec -- CMD: the job's totals (format 3) */
		struct psr_run_result jr = {.job = c->job};
		char job[1024];
		totals_job_lines(job, sizeof job, &jr, "");
		fputs(job, f);
	} else {
		fputs("closed:       no (psrec was killed or is still "
		      "running)\n", f);
	}
}

static void print_processes(FILE *f, const struct input *log,
			    const struct info *in)
{
	const struct psr_header *h = &log->h;
	fputs("processes:\n  PID     PPID    UID    STARTED                  "
	      "SAMPLES  END            COMMAND\n", f);
	for (uint32_t i = 0; i < in->nps; i++) {
		const struct proc_seen *p = &in->ps[i];
		if (!p->p)
			continue;
		char start[64], end[32] = "-";
		/* in floating point: a crafted log's ticks need not fit */
		double sec = (double)h->boot_epoch_ns / 1e9 +
			     (double)p->p->start_ticks /
				     (h->clock_ticks ? h->clock_ticks : 100);
		int64_t us = fabs(sec) < 9e12 ? (int64_t)(sec * 1e6) : 0;
		fmt_time(start, sizeof start, us);
		start[19] = 0; /* seconds are enough here */
		if (p->ended && p->status >= 0 && WIFEXITED(p->status))
			snprintf(end, sizeof end, "exit %d",
				 WEXITSTATUS(p->status));
		else if (p->ended && p->status >= 0)
			snprintf(end, sizeof end, "signal %d",
				 WTERMSIG(p->status));
		else if (p->ended)
			snprintf(end, sizeof end, "exited");
		fprintf(f, "  %-7" PRIu32 " %-7" PRIu32 " %-6" PRIu32
			   " %-24s %-8" PRIu64 " %-14s ",
			p->p->pid, p->p->ppid, p->p->uid, start, p->samples,
			end);
		/* the latest name: after an exec, what it ran last */
		const char *cmd = p->comm ? p->cmd : p->p->cmdline;
		size_t len = p->comm ? p->cmd_len : p->p->cmdline_len;
		if (len) {
			put_cmdline(f, cmd, len);
		} else {
			fputc('[', f);
			put_str(f, p->comm ? p->comm : p->p->comm);
			fputc(']', f);
		}
		if (p->comm && strcmp(p->comm, p->p->comm) != 0) {
			fputs(" (exec'd; first ", f);
			put_str(f, p->p->comm);
			fputc(')', f);
		}
		if (p->p->flags & PSR_PROC_REPEAT)
			fputs(" (command line lost with a damaged block)", f);
		fputc('\n', f);
	}
}

struct info *info_new(void)
{
	return calloc(1, sizeof(struct info));
}

int info_record(struct info *in, const struct psr_record *rec)
{
	return on_record(in, rec);
}

void info_print(const struct info *in, const struct input *log, FILE *f)
{
	print_header(f, log);
	print_span(f, log, in);
	print_system(f, log, in);
	print_exits(f, in);
	if (in->renames)
		fprintf(f, "renames:      %" PRIu64 " (processes that exec'd)\n",
			in->renames);
	print_processes(f, log, in);
	for (size_t i = 0; i < in->nwarnings; i++)
		fprintf(f, "warning:      %s\n", in->warnings[i]);
}

void info_free(struct info *in)
{
	if (!in)
		return;
	for (size_t i = 0; i < in->nwarnings; i++)
		free(in->warnings[i]);
	free(in->warnings);
	for (uint32_t i = 0; i < in->nps; i++) {
		free(in->ps[i].comm);
		free(in->ps[i].cmd);
	}
	free(in->ps);
	free(in);
}

/* ---- the output: each log's text made when it is read, all printed
 * at the end in the order given (reading goes by recording) ---- */

struct texts {
	struct info *cur;
	char **text; /* by input */
};

static int info_open(struct out *out)
{
	struct texts *t = calloc(1, sizeof *t);

	if (!t || !(t->text = calloc(out->inputs->n + 1, sizeof *t->text))) {
		free(t);
		return -ENOMEM;
	}
	out->priv = t;
	return 0;
}

static int info_log(struct out *out, const struct input *log)
{
	struct texts *t = out->priv;

	info_free(t->cur);
	return (t->cur = info_new()) ? 0 : -ENOMEM;
}

static int info_on_record(struct out *out, const struct input *log,
			  const struct psr_record *rec)
{
	return info_record(((struct texts *)out->priv)->cur, rec);
}

static int info_log_end(struct out *out, const struct input *log)
{
	struct texts *t = out->priv;
	size_t len, k = (size_t)(log - out->inputs->v);
	FILE *f;

	if (!t->cur) /* not read (--info reads every log whole) */
		return 0;
	if (!(f = open_memstream(&t->text[k], &len)))
		return -ENOMEM;
	info_print(t->cur, log, f);
	info_free(t->cur);
	t->cur = NULL;
	return fclose(f) ? -ENOMEM : 0;
}

static int info_result(struct out *out, const struct report_ctx *c)
{
	const struct texts *t = out->priv;

	for (size_t k = 0; k < out->inputs->n; k++) {
		if (k)
			fputc('\n', out->f);
		fputs(t->text[k] ? t->text[k] : "", out->f);
	}
	return 0;
}

static void info_out_free(struct out *out)
{
	struct texts *t = out->priv;

	if (!t)
		return;
	info_free(t->cur);
	for (size_t k = 0; k < out->inputs->n; k++)
		free(t->text[k]);
	free(t->text);
	free(t);
}

const struct output output_info = {
	.option = "info",
	.help = "what each log holds (host, command, processes, size)",
	.modes = MODE_REPORT,
	.flags = OUTPUT_STDOUT,
	.needs = NEEDS_RECORDS,
	.open = info_open,
	.log = info_log,
	.record = info_on_record,
	.log_end = info_log_end,
	.result = info_result,
	.free = info_out_free,
};
