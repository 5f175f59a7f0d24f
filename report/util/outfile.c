/* outfile.c - temporary file beside the target, rename on success. */
#define _GNU_SOURCE
#include "outfile.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

int outfile_open(struct outfile *o, const char *path, int force, char *err,
		 size_t errlen)
{
	memset(o, 0, sizeof *o);
	snprintf(o->path, sizeof o->path, "%s", path);
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	struct stat sb;
	if (stat(path, &sb) == 0) {
		if (S_ISDIR(sb.st_mode)) {
			snprintf(err, errlen, "'%s' is a directory", path);
			return -EISDIR;
		}
		if (!force) {
			snprintf(err, errlen,
				 "'%s' exists (use --force to overwrite it)",
				 path);
			return -EEXIST;
		}
	}
	snprintf(o->tmp, sizeof o->tmp, "%s.tmp.XXXXXX", path);
	int fd = mkstemp(o->tmp);
	if (fd < 0) {
		int e = errno;
		snprintf(err, errlen, "cannot create '%s': %s", path,
			 strerror(e));
		o->tmp[0] = 0;
		return -e;
	}
	fchmod(fd, 0644 & ~umask(umask(0)));
	o->f = fdopen(fd, "w");
	if (!o->f) {
		int e = errno;
		close(fd);
		outfile_abort(o);
		snprintf(err, errlen, "cannot create '%s': %s", path,
			 strerror(e));
		return -e;
	}
	return 0;
}

int outfile_commit(struct outfile *o, char *err, size_t errlen)
{
	if (!o->tmp[0]) {
		if (fflush(o->f) != 0 || ferror(o->f)) {
			snprintf(err, errlen, "cannot write standard output: %s",
				 strerror(errno));
			return -EIO;
		}
		return 0;
	}
	int bad = ferror(o->f) || fflush(o->f) != 0;
	int e = errno;
	if (fclose(o->f) != 0 && !bad) {
		bad = 1;
		e = errno;
	}
	o->f = NULL;
	if (!bad && rename(o->tmp, o->path) != 0) {
		bad = 1;
		e = errno;
	}
	if (bad) {
		snprintf(err, errlen, "cannot write '%s': %s", o->path,
			 strerror(e));
		outfile_abort(o);
		return -e;
	}
	o->tmp[0] = 0;
	return 0;
}

void outfile_abort(struct outfile *o)
{
	if (o->f && o->f != stdout)
		fclose(o->f);
	o->f = NULL;
	if (o->tmp[0])
		unlink(o->tmp);
	o->tmp[0] = 0;
}

int outfile_set_add(struct outfile_set *s, const char *path)
{
	char **v = realloc(s->v, (s->n + 1) * sizeof *v);

	if (!v)
		return -ENOMEM;
	s->v = v;
	if (!(v[s->n] = strdup(path)))
		return -ENOMEM;
	s->n++;
	return 0;
}

size_t outfile_set_settle(struct outfile_set *s, int rc)
{
	size_t kept = rc ? 0 : s->n;

	for (size_t i = 0; i < s->n; i++) {
		if (rc)
			unlink(s->v[i]);
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
	return kept;
}
