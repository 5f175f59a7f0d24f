/* psr/opt.h - a program's options from one table, in the manner of git's
 * parse-options: a row per option holds its spellings, its argument, its
 * help line, the parser that stores its value and the check of what it
 * goes with. getopt_long's tables and the help text are made from the
 * rows, so an option is written in one place. psrec and psreport parse
 * their command lines with it; it is the programs' layer, not part of the
 * log format.
 *
 * Prefix: psr_opt_. Nothing here prints or exits: the help comes back as
 * text for the caller to print, and a bad command line comes back as a one-line message
 * in err (without the program's name): "--window: 'x' is not a positive
 * number of seconds". */
#ifndef PSR_OPT_H
#define PSR_OPT_H

#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>

/* The largest process id either program takes: pid_t's (Linux's pid_max
 * stops at 4,194,304, but a log may come from any system). */
#define PSR_OPT_PID_MAX 2147483647u

enum {
	PSR_OPT_OK = 0,
	PSR_OPT_EXIT = 1,   /* done, exit 0 once the caller printed
			       psr_opt_text() of --help or --version */
	PSR_OPT_USAGE = -1, /* a usage error, the message in err */
	/* or -ENOMEM */
};

struct psr_opt;

/* Stores the value of arg (NULL for an option without one) into the
 * options struct opts, at opt->off: PSR_OPT_OK, PSR_OPT_EXIT,
 * PSR_OPT_USAGE with the message in err, or -ENOMEM. */
typedef int psr_opt_parser(const struct psr_opt *opt, const char *arg,
			   void *opts, char *err, size_t errlen);

/* Called after the whole command line for each option that was given:
 * PSR_OPT_OK, or PSR_OPT_USAGE with the message in err. */
typedef int psr_opt_checker(const struct psr_opt *opt, const void *opts,
			    char *err, size_t errlen);

struct psr_opt {
	/* the long name without "--"; NULL: a line of the help only, a
	 * heading (arg NULL) or an item that is not an option ("-- <cmd>") */
	const char *name;
	int key;            /* the short letter, or 0 */
	const char *arg;    /* the argument as the help shows it; NULL: none */
	const char *help;   /* lines separated by '\n'; NULL: not listed */
	psr_opt_parser *parse;
	size_t off;         /* where parse stores: offsetof the options */
	double lo, hi;      /* the range of a number */
	const char *what;   /* what a good value is: "a count from 1 to 1000" */
	const void *data;   /* for parse: a choice list, ... */
	psr_opt_checker *check; /* or NULL */
	const void *check_data; /* for check */
};

/* Flags of psr_opt_parse. */
enum {
	/* the options end at the first argument that is not one (else
	 * options and arguments may mix); "--" ends them either way */
	PSR_OPT_IN_ORDER = 1u << 0,
};

/* Parse argv[1..argc) by tab[0..n). *first receives the index in argv of
 * the first argument that is not an option (argv is permuted to put the
 * options first). Then the check of every option given runs, in table
 * order. PSR_OPT_OK, PSR_OPT_EXIT, PSR_OPT_USAGE (message in err) or
 * -ENOMEM. */
int psr_opt_parse(const struct psr_opt *tab, size_t n, unsigned flags,
		  int argc, char **argv, void *opts, int *first, char *err,
		  size_t errlen);

/* The option lines of the help: "  -p, --pid <pid>" padded to width (or
 * alone on its line when longer), then its help, further lines indented
 * to width; a heading as it is. Allocated (free it); NULL: no memory. */
char *psr_opt_help_text(const struct psr_opt *tab, size_t n, int width);

/* What the row psr_opt_parse stopped at (PSR_OPT_EXIT) has the program
 * print on standard output: the whole help (synopsis, the table's help,
 * the footer) or the version line. Allocated; NULL: no memory. */
char *psr_opt_text(const struct psr_opt *shown);

/* "--NAME" (or "-K" for an option without long name) into buf. */
const char *psr_opt_spelling(const struct psr_opt *opt, char *buf,
			     size_t len);

/* The usage error "--NAME: 'ARG' is not WHAT" in err; PSR_OPT_USAGE. */
int psr_opt_bad(const struct psr_opt *opt, const char *arg, char *err,
		size_t errlen);

/* A usage error of its own words (printf) in err; PSR_OPT_USAGE. */
int psr_opt_usage(char *err, size_t errlen, const char *fmt, ...)
	__attribute__((format(printf, 3, 4)));

/* What --help shows (the data of its row): the synopsis, the table's
 * help, then the footer. */
/* The help's column of psrec and psreport. */
#define PSR_OPT_HELP_WIDTH 26

struct psr_opt_usage_text {
	const char *synopsis, *footer;
	const struct psr_opt *tab;
	size_t n;
	int width;
};

/* ---- parsers ---- */

/* --help: the psr_opt_usage_text in data; --version: the line in data
 * ("psrec 0.2.0"). Both store their row into the const struct psr_opt *
 * at off and return PSR_OPT_EXIT; nothing is printed here. */
psr_opt_parser psr_opt_show_help;
psr_opt_parser psr_opt_show_version;

/* bool at off: true. */
psr_opt_parser psr_opt_true;
/* int at off: 1. */
psr_opt_parser psr_opt_one;
/* const char * at off: the argument; when what is set, not empty. */
psr_opt_parser psr_opt_string;
/* double at off: a number in [lo, hi]. */
psr_opt_parser psr_opt_double;
/* unsigned at off: a whole number in [lo, hi]. */
psr_opt_parser psr_opt_unsigned;
/* uint64_t at off: a whole number in [lo, hi]. */
psr_opt_parser psr_opt_u64;
/* uint64_t at off: seconds in [lo, hi], as nanoseconds. */
psr_opt_parser psr_opt_seconds;
/* int at off: the index of the argument in data, a NULL-terminated array
 * of names. */
psr_opt_parser psr_opt_choice;

/* Lists: at off a pointer to the items, and right after it in the
 * options struct their count (a size_t). */
/* const char * items: the argument appended; when what is set, not
 * empty. */
psr_opt_parser psr_opt_strings;
/* uint32_t items: the process ids of a comma list ("12,34") appended. */
psr_opt_parser psr_opt_pids;

/* One process id of a list ("12,34"): 1 to PSR_OPT_PID_MAX, decimal. */
bool psr_opt_pid(const char *text, uint32_t *pid);

#endif
