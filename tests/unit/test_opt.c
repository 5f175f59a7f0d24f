/* test_opt.c - psr/opt.h: a table parses a command line into a struct,
 * says what is wrong with a bad one, runs the checks of the options given
 * and makes the help. */
#include "check.h"

#include <psr/opt.h>

#include <errno.h>
#include <stddef.h>
#include <stdlib.h>
#include <string.h>

struct opts {
	bool flag;
	int one, choice;
	const char *file;
	double ratio;
	unsigned count;
	uint64_t ns, big;
	uint32_t *pids;
	size_t npids;
	const char **names;
	size_t nnames;
};

#define AT(f) offsetof(struct opts, f)

static int checked;

static int needs_file(const struct psr_opt *opt, const void *opts, char *err,
		      size_t errlen)
{
	const struct opts *o = opts;

	checked++;
	if (o->file)
		return PSR_OPT_OK;
	snprintf(err, errlen, "--%s needs --file", opt->name);
	return PSR_OPT_USAGE;
}

static int stop(const struct psr_opt *opt, const char *arg, void *opts,
		char *err, size_t errlen)
{
	return PSR_OPT_EXIT;
}

static const char *const colours[] = {"red", "green", NULL};

static const struct psr_opt tab[] = {
	{.help = "Things:"},
	{.name = "flag", .key = 'f', .help = "a flag", .parse = psr_opt_true,
	 .off = AT(flag)},
	{.name = "one", .help = "an int flag\nover two lines",
	 .parse = psr_opt_one, .off = AT(one), .check = needs_file},
	{.name = "file", .key = 'o', .arg = "<file>", .help = "a file",
	 .parse = psr_opt_string, .off = AT(file), .what = "a file name"},
	{.name = "ratio", .arg = "<r>", .help = "a ratio",
	 .parse = psr_opt_double, .off = AT(ratio), .lo = 0, .hi = 1,
	 .what = "a number from 0 to 1"},
	{.name = "count", .arg = "<n>", .help = "a count",
	 .parse = psr_opt_unsigned, .off = AT(count), .lo = 1, .hi = 10,
	 .what = "a count from 1 to 10"},
	{.name = "every", .key = 'e', .arg = "<seconds>",
	 .help = "a long spelling",
	 .parse = psr_opt_seconds, .off = AT(ns), .lo = 0.01, .hi = 1e9,
	 .what = "a number of seconds >= 0.01"},
	{.name = "big", .arg = "<n>", .parse = psr_opt_u64, .off = AT(big),
	 .lo = 1, .hi = 1.8e19, .what = "a positive count"},
	{.name = "colour", .arg = "red|green", .help = "a choice",
	 .parse = psr_opt_choice, .off = AT(choice), .what = "red or green",
	 .data = colours},
	{.name = "pid", .key = 'p', .arg = "<pid>", .parse = psr_opt_pids,
	 .off = AT(pids), .what = "a list of process ids"},
	{.name = "name", .arg = "<name>", .parse = psr_opt_strings,
	 .off = AT(names), .what = "a name"},
	{.arg = "-- <cmd>", .help = "not an option"},
	{.name = "stop", .key = 's', .help = "stop here", .parse = stop},
};
#define N (sizeof tab / sizeof tab[0])

/* Parse the words of line (at most 16); the rc, *first and the message. */
static int parse(const char *line, unsigned flags, struct opts *o,
		 int *first, char *err, char **argv)
{
	static char buf[512];
	int argc = 0;

	snprintf(buf, sizeof buf, "prog %s", line);
	for (char *t = strtok(buf, " "); t && argc < 16; t = strtok(NULL, " "))
		argv[argc++] = t;
	argv[argc] = NULL;
	memset(o, 0, sizeof *o);
	err[0] = 0;
	return psr_opt_parse(tab, N, flags, argc, argv, o, first, err, 256);
}

static void good(void)
{
	struct opts o;
	char err[256], *argv[17];
	int first;
	int rc = parse("-f log1 --file=x.psr --ratio 0.5 --count 3 -e 1.5 "
		       "--big 18000000000000000000 --colour green --one log2",
		       0, &o, &first, err, argv);

	CHECK(rc == PSR_OPT_OK, "rc %d: %s", rc, err);
	CHECK(o.flag && o.one == 1, "flags");
	CHECK(o.file && strcmp(o.file, "x.psr") == 0, "file %s", o.file);
	CHECK(o.ratio == 0.5 && o.count == 3, "numbers");
	CHECK(o.ns == 1500000000ull, "seconds as ns: %llu",
	      (unsigned long long)o.ns);
	CHECK(o.big == 18000000000000000000ull, "u64");
	CHECK(o.choice == 1, "choice index %d", o.choice);
	/* the arguments that are not options come last, in their order */
	CHECK(first == 14 && !strcmp(argv[first], "log1") &&
	      !strcmp(argv[first + 1], "log2"), "first %d", first);

	rc = parse("-f cmd -f", PSR_OPT_IN_ORDER, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_OK && first == 2 && !strcmp(argv[2], "cmd"),
	      "in order: rc %d first %d", rc, first);
	rc = parse("-f -- -f", PSR_OPT_IN_ORDER, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_OK && first == 3 && !strcmp(argv[2], "--"),
	      "after --: first %d", first);
	rc = parse("--fil y -fo z", 0, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_OK && o.flag && !strcmp(o.file, "z"),
	      "abbreviation, bundled short options: %s", err);
	rc = parse("-s --ratio 7", 0, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_EXIT, "a parser that ends the run: %d", rc);
}

/* expect LINE MESSAGE: a usage error that says exactly MESSAGE */
static void bad(const char *line, const char *message)
{
	struct opts o;
	char err[256], *argv[17];
	int first, rc = parse(line, 0, &o, &first, err, argv);

	CHECK(rc == PSR_OPT_USAGE, "'%s': rc %d", line, rc);
	CHECK(strcmp(err, message) == 0, "'%s': said '%s', not '%s'", line,
	      err, message);
	free(o.pids); /* what came before the bad value */
	free(o.names);
}

static void bad_lines(void)
{
	bad("--ratio 2", "--ratio: '2' is not a number from 0 to 1");
	bad("--ratio 0.5x", "--ratio: '0.5x' is not a number from 0 to 1");
	bad("--count 0", "--count: '0' is not a count from 1 to 10");
	bad("--count 2.5", "--count: '2.5' is not a count from 1 to 10");
	bad("--count -3", "--count: '-3' is not a count from 1 to 10");
	bad("--big 0", "--big: '0' is not a positive count");
	bad("--big 99999999999999999999",
	    "--big: '99999999999999999999' is not a positive count");
	bad("-e 0", "--every: '0' is not a number of seconds >= 0.01");
	bad("--colour blue", "--colour: 'blue' is not red or green");
	bad("--file=", "--file: '' is not a file name");
	bad("--bogus", "unknown option '--bogus'");
	bad("--bogus=3", "unknown option '--bogus'");
	bad("-z", "unknown option '-z'");
	bad("--count", "option '--count' needs a value");
	bad("-o", "option '-o' needs a value");
	bad("--file", "option '--file' needs a value");
	bad("-e", "option '-e' needs a value");
	bad("--every", "option '--every' needs a value");
	bad("--flag=1", "option '--flag' takes no value");
}

static void checks(void)
{
	struct opts o;
	char err[256], *argv[17];
	int first, rc;

	checked = 0;
	rc = parse("--one", 0, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_USAGE && !strcmp(err, "--one needs --file"),
	      "check: %d %s", rc, err);
	/* checks run once the whole line is read */
	rc = parse("--one --file x", 0, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_OK, "check after the line: %s", err);
	rc = parse("--file x", 0, &o, &first, err, argv);
	CHECK(rc == PSR_OPT_OK && checked == 2,
	      "no check for an option not given: %d", checked);
}

static void help(void)
{
	const char *want =
		"Things:\n"
		"  -f, --flag          a flag\n"
		"      --one           an int flag\n"
		"                      over two lines\n"
		"  -o, --file <file>   a file\n"
		"      --ratio <r>     a ratio\n"
		"      --count <n>     a count\n"
		"  -e, --every <seconds>\n"
		"                      a long spelling\n"
		"      --colour red|green\n"
		"                      a choice\n"
		"  -- <cmd>            not an option\n"
		"  -s, --stop          stop here\n";

	char *text = psr_opt_help_text(tab, N, 22);
	CHECK(text && strcmp(text, want) == 0, "help:\n%s", text);
	free(text);
}

static void lists(void)
{
	struct opts o;
	char err[256], *argv[17];
	int first;
	int rc = parse("-p 3,4 --name a --pid 5 --name b", 0, &o, &first, err,
		       argv);

	CHECK(rc == PSR_OPT_OK, "lists: %s", err);
	CHECK(o.npids == 3 && o.pids[0] == 3 && o.pids[1] == 4 &&
	      o.pids[2] == 5, "pids: %zu", o.npids);
	CHECK(o.nnames == 2 && !strcmp(o.names[0], "a") &&
	      !strcmp(o.names[1], "b"), "names: %zu", o.nnames);
	free(o.pids);
	free(o.names);
	bad("-p 3,x", "--pid: '3,x' is not a list of process ids");
	bad("-p ,", "--pid: ',' is not a list of process ids");
	bad("--name=", "--name: '' is not a name");
}

static void pids(void)
{
	uint32_t p = 0;

	CHECK(psr_opt_pid("1", &p) && p == 1, "1");
	CHECK(psr_opt_pid("2147483647", &p) && p == PSR_OPT_PID_MAX, "max");
	CHECK(!psr_opt_pid("2147483648", &p), "above pid_t");
	CHECK(!psr_opt_pid("0", &p) && !psr_opt_pid("-1", &p) &&
	      !psr_opt_pid("12x", &p) && !psr_opt_pid("", &p), "not pids");
}

int main(void)
{
	good();
	bad_lines();
	checks();
	help();
	lists();
	pids();
	return check_result();
}
