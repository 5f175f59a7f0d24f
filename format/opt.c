/* opt.c - command lines from a table of options (psr/opt.h). */
#define _GNU_SOURCE
#include <psr/opt.h>

#include <errno.h>
#include <getopt.h>
#include <stdarg.h>
#include <stdlib.h>
#include <string.h>

/* getopt_long's value of row i (short options keep their letter) */
#define ROW_VAL(i) (256 + (int)(i))

const char *psr_opt_spelling(const struct psr_opt *opt, char *buf,
			     size_t len)
{
	if (opt->name)
		snprintf(buf, len, "--%s", opt->name);
	else
		snprintf(buf, len, "-%c", opt->key);
	return buf;
}

int psr_opt_bad(const struct psr_opt *opt, const char *arg, char *err,
		size_t errlen)
{
	char name[64];

	snprintf(err, errlen, "%s: '%s' is not %s",
		 psr_opt_spelling(opt, name, sizeof name), arg ? arg : "",
		 opt->what ? opt->what : "a valid value");
	return PSR_OPT_USAGE;
}

int psr_opt_usage(char *err, size_t errlen, const char *fmt, ...)
{
	va_list ap;

	va_start(ap, fmt);
	vsnprintf(err, errlen, fmt, ap);
	va_end(ap);
	return PSR_OPT_USAGE;
}

/* --help and --version store their row at off (a const struct psr_opt *
 * of the options): the caller prints psr_opt_text() of it. */
int psr_opt_show_help(const struct psr_opt *opt, const char *arg,
		      void *opts, char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	*(const struct psr_opt **)((char *)opts + opt->off) = opt;
	return PSR_OPT_EXIT;
}

int psr_opt_show_version(const struct psr_opt *opt, const char *arg,
			 void *opts, char *err, size_t errlen)
{
	return psr_opt_show_help(opt, arg, opts, err, errlen);
}

static void *at(const struct psr_opt *opt, void *opts)
{
	return (char *)opts + opt->off;
}

int psr_opt_true(const struct psr_opt *opt, const char *arg, void *opts,
		 char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	*(bool *)at(opt, opts) = true;
	return PSR_OPT_OK;
}

int psr_opt_one(const struct psr_opt *opt, const char *arg, void *opts,
		char *err, size_t errlen)
{
	(void)arg, (void)err, (void)errlen;
	*(int *)at(opt, opts) = 1;
	return PSR_OPT_OK;
}

int psr_opt_string(const struct psr_opt *opt, const char *arg, void *opts,
		   char *err, size_t errlen)
{
	if (opt->what && !*arg)
		return psr_opt_bad(opt, arg, err, errlen);
	*(const char **)at(opt, opts) = arg;
	return PSR_OPT_OK;
}

/* A decimal number in [lo, hi], all of text: strtod alone would also
 * take "0x10", "inf", "nan" and leading blanks, which no one means. */
static bool number(const struct psr_opt *opt, const char *text, double *v)
{
	char *end;

	if (!*text || text[strspn(text, "0123456789.eE+-")] ||
	    !strpbrk(text, "0123456789"))
		return false;
	errno = 0;
	*v = strtod(text, &end);
	return end != text && !*end && !errno && *v >= opt->lo &&
	       *v <= opt->hi;
}

/* A whole decimal number in [lo, hi], without sign. */
static bool whole(const struct psr_opt *opt, const char *text, uint64_t *v)
{
	char *end;

	errno = 0;
	if (*text < '0' || *text > '9')
		return false;
	*v = strtoull(text, &end, 10);
	return !*end && !errno && (double)*v >= opt->lo &&
	       (double)*v <= opt->hi;
}

int psr_opt_double(const struct psr_opt *opt, const char *arg, void *opts,
		   char *err, size_t errlen)
{
	double v;

	if (!number(opt, arg, &v))
		return psr_opt_bad(opt, arg, err, errlen);
	*(double *)at(opt, opts) = v;
	return PSR_OPT_OK;
}

int psr_opt_unsigned(const struct psr_opt *opt, const char *arg, void *opts,
		     char *err, size_t errlen)
{
	uint64_t v;

	if (!whole(opt, arg, &v) || v > UINT32_MAX)
		return psr_opt_bad(opt, arg, err, errlen);
	*(unsigned *)at(opt, opts) = (unsigned)v;
	return PSR_OPT_OK;
}

int psr_opt_u64(const struct psr_opt *opt, const char *arg, void *opts,
		char *err, size_t errlen)
{
	uint64_t v;

	if (!whole(opt, arg, &v))
		return psr_opt_bad(opt, arg, err, errlen);
	*(uint64_t *)at(opt, opts) = v;
	return PSR_OPT_OK;
}

int psr_opt_seconds(const struct psr_opt *opt, const char *arg, void *opts,
		    char *err, size_t errlen)
{
	double v;

	if (!number(opt, arg, &v) || !(v * 1e9 < 18e18))
		return psr_opt_bad(opt, arg, err, errlen);
	*(uint64_t *)at(opt, opts) = (uint64_t)(v * 1e9 + 0.5);
	return PSR_OPT_OK;
}

int psr_opt_choice(const struct psr_opt *opt, const char *arg, void *opts,
		   char *err, size_t errlen)
{
	const char *const *names = opt->data;

	for (int i = 0; names[i]; i++)
		if (strcmp(arg, names[i]) == 0) {
			*(int *)at(opt, opts) = i;
			return PSR_OPT_OK;
		}
	return psr_opt_bad(opt, arg, err, errlen);
}

/* One more item of size bytes at the end of the list at off; NULL when
 * out of memory. */
static void *list_add(const struct psr_opt *opt, void *opts, size_t size)
{
	void **v = at(opt, opts);
	size_t *n = (size_t *)(v + 1);
	char *p = realloc(*v, (*n + 1) * size);

	if (!p)
		return NULL;
	*v = p;
	return p + (*n)++ * size;
}

int psr_opt_strings(const struct psr_opt *opt, const char *arg, void *opts,
		    char *err, size_t errlen)
{
	const char **item;

	if (opt->what && !*arg)
		return psr_opt_bad(opt, arg, err, errlen);
	if (!(item = list_add(opt, opts, sizeof *item)))
		return -ENOMEM;
	*item = arg;
	return PSR_OPT_OK;
}

int psr_opt_pids(const struct psr_opt *opt, const char *arg, void *opts,
		 char *err, size_t errlen)
{
	char *copy = strdup(arg), *save = NULL;
	int rc = copy ? PSR_OPT_OK : -ENOMEM, added = 0;

	for (char *t = copy ? strtok_r(copy, ",", &save) : NULL; t && !rc;
	     t = strtok_r(NULL, ",", &save)) {
		uint32_t pid, *item;
		if (!psr_opt_pid(t, &pid))
			rc = psr_opt_bad(opt, arg, err, errlen);
		else if (!(item = list_add(opt, opts, sizeof *item)))
			rc = -ENOMEM;
		else
			*item = pid, added++;
	}
	if (!rc && !added) /* "," */
		rc = psr_opt_bad(opt, arg, err, errlen);
	free(copy);
	return rc;
}

bool psr_opt_pid(const char *text, uint32_t *pid)
{
	static const struct psr_opt range = {.lo = 1, .hi = PSR_OPT_PID_MAX};
	uint64_t v;

	if (!whole(&range, text, &v))
		return false;
	*pid = (uint32_t)v;
	return true;
}

/* ---- parsing ------------------------------------------------------- */

/* getopt_long's tables for tab: 0 or -ENOMEM. */
static int getopt_tables(const struct psr_opt *tab, size_t n, unsigned flags,
			 struct option **lo, char **shorts)
{
	size_t k = 0, s = 0;

	*lo = calloc(n + 1, sizeof **lo);
	*shorts = malloc(2 * n + 3);
	if (!*lo || !*shorts)
		return -ENOMEM;
	if (flags & PSR_OPT_IN_ORDER)
		(*shorts)[s++] = '+';
	(*shorts)[s++] = ':'; /* a missing value is ':', not '?' */
	for (size_t i = 0; i < n; i++) {
		const struct psr_opt *o = &tab[i];
		if (!o->parse)
			continue;
		if (o->name)
			(*lo)[k++] = (struct option){
				o->name, o->arg ? required_argument : no_argument,
				NULL, o->key ? o->key : ROW_VAL(i)};
		if (o->key) {
			(*shorts)[s++] = (char)o->key;
			if (o->arg)
				(*shorts)[s++] = ':';
		}
	}
	(*shorts)[s] = 0;
	return 0;
}

static const struct psr_opt *row_of(const struct psr_opt *tab, size_t n,
				    int val)
{
	if (val >= ROW_VAL(0) && val < ROW_VAL(n))
		return &tab[val - ROW_VAL(0)];
	for (size_t i = 0; i < n; i++)
		if (tab[i].parse && tab[i].key && tab[i].key == val)
			return &tab[i];
	return NULL;
}

/* The option getopt complained about, as the user wrote it: by optopt
 * for a missing value (argv may have been permuted), else the argument
 * getopt stopped at, without any "=value". */
static void complaint(const struct psr_opt *tab, size_t n, const char *arg,
		      char *buf, size_t len)
{
	const struct psr_opt *o = optopt ? row_of(tab, n, optopt) : NULL;

	if (o && o->name && (optopt >= 256 || strncmp(arg, "--", 2) == 0)) {
		snprintf(buf, len, "--%s", o->name);
		return;
	}
	if (optopt > 0 && optopt < 256) {
		snprintf(buf, len, "-%c", optopt);
		return;
	}
	snprintf(buf, len, "%.*s", (int)strcspn(arg, "="), arg);
}

static int run_checks(const struct psr_opt *tab, size_t n, const bool *given,
		      const void *opts, char *err, size_t errlen)
{
	for (size_t i = 0; i < n; i++)
		if (given[i] && tab[i].check) {
			int rc = tab[i].check(&tab[i], opts, err, errlen);
			if (rc)
				return rc;
		}
	return PSR_OPT_OK;
}

int psr_opt_parse(const struct psr_opt *tab, size_t n, unsigned flags,
		  int argc, char **argv, void *opts, int *first, char *err,
		  size_t errlen)
{
	struct option *lo = NULL;
	char *shorts = NULL, given_name[64];
	bool *given = calloc(n ? n : 1, sizeof *given);
	int c, rc = getopt_tables(tab, n, flags, &lo, &shorts);

	if (!given)
		rc = -ENOMEM;
	opterr = 0; /* the messages are ours */
	optind = 0; /* getopt starts afresh */
	while (!rc && (c = getopt_long(argc, argv, shorts, lo, NULL)) != -1) {
		const struct psr_opt *o = row_of(tab, n, c);
		if (c == ':' || c == '?') {
			/* '?' of a known option: "--flag=x" */
			const struct psr_opt *k =
				optopt ? row_of(tab, n, optopt) : NULL;
			complaint(tab, n, argv[optind - 1], given_name,
				  sizeof given_name);
			snprintf(err, errlen, c == ':' ? "option '%s' needs a "
				 "value" : k ? "option '%s' takes no value"
				 : "unknown option '%s'", given_name);
			rc = PSR_OPT_USAGE;
			break;
		}
		given[o - tab] = true;
		rc = o->parse(o, o->arg ? optarg : NULL, opts, err, errlen);
	}
	*first = optind;
	if (!rc)
		rc = run_checks(tab, n, given, opts, err, errlen);
	free(lo);
	free(shorts);
	free(given);
	return rc;
}

/* ---- help ---------------------------------------------------------- */

/* A text growing as it is written; a failed allocation makes it NULL
 * for good (the caller says out of memory once). */
struct text {
	char *p;
	size_t len, cap;
	bool failed;
};

__attribute__((format(printf, 2, 3)))
static void put(struct text *t, const char *fmt, ...)
{
	va_list ap;

	if (t->failed)
		return;
	va_start(ap, fmt);
	int n = vsnprintf(t->p ? t->p + t->len : NULL,
			  t->p ? t->cap - t->len : 0, fmt, ap);
	va_end(ap);
	if (n < 0) {
		t->failed = true;
		return;
	}
	if (t->len + (size_t)n + 1 > t->cap) {
		size_t cap = t->cap ? t->cap : 256;
		while (cap < t->len + (size_t)n + 1)
			cap *= 2;
		char *p = realloc(t->p, cap);
		if (!p) {
			t->failed = true;
			return;
		}
		t->p = p;
		t->cap = cap;
		va_start(ap, fmt);
		vsnprintf(t->p + t->len, t->cap - t->len, fmt, ap);
		va_end(ap);
	}
	t->len += (size_t)n;
}

static char *text_done(struct text *t)
{
	if (t->failed || !t->p) {
		free(t->p);
		return t->failed ? NULL : strdup("");
	}
	return t->p;
}

static void help_lines(struct text *t, const char *help, int width)
{
	for (const char *p = help; *p;) {
		size_t len = strcspn(p, "\n");
		if (p != help)
			put(t, "%*s", width, "");
		put(t, "%.*s\n", (int)len, p);
		p += len + (p[len] == '\n');
	}
}

static void help_rows(struct text *t, const struct psr_opt *tab, size_t n,
		      int width)
{
	bool keys = false;

	for (size_t i = 0; i < n; i++)
		keys |= tab[i].key != 0;
	for (size_t i = 0; i < n; i++) {
		const struct psr_opt *o = &tab[i];
		char spell[128], key[8] = "";
		int len;
		if (!o->help)
			continue;
		if (!o->name && !o->arg) { /* a heading */
			put(t, "%s\n", o->help);
			continue;
		}
		if (o->key)
			snprintf(key, sizeof key, "-%c, ", o->key);
		else if (keys) /* long names in one column */
			snprintf(key, sizeof key, "    ");
		if (!o->name)
			len = snprintf(spell, sizeof spell, "  %s", o->arg);
		else
			len = snprintf(spell, sizeof spell, "  %s--%s%s%s", key,
				       o->name, o->arg ? " " : "",
				       o->arg ? o->arg : "");
		if (len < width)
			put(t, "%-*s", width, spell);
		else
			put(t, "%s\n%*s", spell, width, "");
		help_lines(t, o->help, width);
	}
}

char *psr_opt_help_text(const struct psr_opt *tab, size_t n, int width)
{
	struct text t = {0};

	help_rows(&t, tab, n, width);
	return text_done(&t);
}

char *psr_opt_text(const struct psr_opt *shown)
{
	struct text t = {0};

	if (shown->parse == psr_opt_show_version) {
		put(&t, "%s\n", (const char *)shown->data);
	} else {
		const struct psr_opt_usage_text *u = shown->data;
		put(&t, "%s", u->synopsis);
		help_rows(&t, u->tab, u->n, u->width);
		put(&t, "%s", u->footer);
	}
	return text_done(&t);
}
