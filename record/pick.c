/* pick.c - --pick: a numbered list of the -n matches and a choice. */
#define _GNU_SOURCE
#include "pick.h"

#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

/* The user name of uid from /etc/passwd, or the number. Parsed by hand:
 * getpwuid would pull NSS into a static psrec. */
static void user_name(unsigned uid, char *out, size_t cap)
{
	snprintf(out, cap, "%u", uid);
	FILE *f = fopen("/etc/passwd", "re");
	if (!f)
		return;
	char line[512];
	while (fgets(line, sizeof line, f)) {
		char *name = line, *c1 = strchr(line, ':');
		char *c2 = c1 ? strchr(c1 + 1, ':') : NULL;
		if (!c2)
			continue;
		char *end;
		unsigned long u = strtoul(c2 + 1, &end, 10);
		if (*end == ':' && u == uid) {
			*c1 = 0;
			snprintf(out, cap, "%.63s", name);
			break;
		}
	}
	fclose(f);
}

static void start_time(unsigned long long ticks, char *out, size_t cap)
{
	struct timespec now, boot;
	clock_gettime(CLOCK_REALTIME, &now);
	clock_gettime(CLOCK_BOOTTIME, &boot);
	long hz = sysconf(_SC_CLK_TCK);
	time_t t = now.tv_sec - boot.tv_sec + (time_t)(ticks / (unsigned long long)hz);
	struct tm tm;
	localtime_r(&t, &tm);
	strftime(out, cap, "%Y-%m-%d %H:%M:%S", &tm);
}

static void describe(const struct procfs *fs, size_t k, pid_t pid, FILE *out)
{
	struct proc_files f;
	struct proc_ident id;
	if (proc_attach(fs, pid, &f, &id) != 0) {
		fprintf(out, "  %2zu  %-7d (exited)\n", k, (int)pid);
		return;
	}
	char user[64], start[32];
	user_name(id.uid, user, sizeof user);
	start_time(id.start_ticks, start, sizeof start);
	fprintf(out, "  %2zu  %-7d %-10s %s  ", k, (int)pid, user, start);
	size_t n = id.cmdline_len > 200 ? 200 : id.cmdline_len;
	while (n && !id.cmdline[n - 1])
		n--;
	for (size_t i = 0; i < n; i++) {
		unsigned char c = (unsigned char)id.cmdline[i];
		fputc(c == 0 ? ' ' : c < 32 || c == 127 ? '?' : c, out);
	}
	if (!n)
		fprintf(out, "[%s]", id.comm);
	fputc('\n', out);
	proc_ident_release(&id);
	proc_detach(&f);
}

size_t pick_choose(const struct procfs *fs, const char *name, pid_t *pids,
		   size_t n, FILE *in, FILE *out)
{
	fprintf(out, "psrec: %zu processes named '%s':\n", n, name);
	fprintf(out, "   #  PID     USER       STARTED              COMMAND\n");
	for (size_t k = 0; k < n; k++)
		describe(fs, k + 1, pids[k], out);
	fprintf(out, "record which? (numbers separated by spaces, 'all' or "
		     "Enter for all): ");
	fflush(out);
	char line[1024];
	if (!fgets(line, sizeof line, in))
		return 0;
	if (strspn(line, " \t\r\n") == strlen(line) ||
	    strncmp(line, "all", 3) == 0)
		return n;
	char *chosen = calloc(n, 1);
	if (!chosen)
		return 0;
	for (char *s = line, *end; *s;) {
		unsigned long k = strtoul(s, &end, 10);
		if (end == s) {
			s++;
			continue;
		}
		if (k >= 1 && k <= n)
			chosen[k - 1] = 1;
		s = end;
	}
	size_t m = 0;
	for (size_t k = 0; k < n; k++)
		if (chosen[k])
			pids[m++] = pids[k];
	free(chosen);
	return m;
}
