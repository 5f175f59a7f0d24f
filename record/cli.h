/* cli.h - psrec's command line, parsed into one struct. */
#ifndef PSREC_CLI_H
#define PSREC_CLI_H

#include <stddef.h>
#include <stdint.h>
#include <sys/types.h>

struct psrec_opts {
	const struct psr_opt *shown; /* --help or --version: its row */
	uint32_t *pids; /* -p, 1 to PSR_OPT_PID_MAX (psr/opt.h) */
	size_t npids;
	const char **names;
	size_t nnames;
	char **command; /* argv after "--", NULL-terminated, or NULL */
	uint64_t interval_ns;
	uint64_t duration_ns; /* 0: none */
	uint64_t samples;     /* 0: none */
	uint64_t flush_ns;
	int extended;
	int uss;
	int force;
	int quiet;
	const char *output; /* NULL: default name */
	const char *proc_root;
	int level; /* zstd level */
	int children;          /* -c: descendants too */
	int no_children;       /* --no-children: a command's own process only */
	int all;               /* -a: every process */
	uint64_t max_procs;    /* --max-procs, 0: no cap */
	int no_exits;          /* --no-exits: no taskstats exit accounting */
	uint64_t rescan_ns;    /* -n re-checked this often */
	int system;            /* --system */
	uint64_t rotate_size;  /* bytes, 0: none */
	uint64_t rotate_ns;    /* 0: none */
	uint64_t adaptive_ns;  /* --adaptive MAX, 0: off */
	int pick;              /* --pick */
	const char *textfile;  /* --textfile: Prometheus exposition, or NULL */
	uint64_t textfile_ns;  /* --textfile-every */
	int textfile_by_target; /* --textfile-by target */
	int no_log;            /* --no-log: only the textfile */
	int ready_fd;          /* --ready-fd: closed after the first sample,
				  or -1 */
};

enum cli_result {
	CLI_OK,
	CLI_EXIT_OK,    /* --help or --version: print psr_opt_text(shown) */
	CLI_USAGE,      /* a message is in err */
};

enum cli_result cli_parse(struct psrec_opts *o, int argc, char **argv,
			  char *err, size_t errlen);
void cli_release(struct psrec_opts *o);

#endif
