/* logdir.c - the logs in a directory (logdir.h). */
#define _GNU_SOURCE
#include "logdir.h"

#include <psr/log.h>

#include <dirent.h>
#include <errno.h>
#include <fcntl.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

bool logdir_is_dir(const char *path)
{
	struct stat st;

	return stat(path, &st) == 0 && S_ISDIR(st.st_mode);
}

/* A file of a directory: a log by its first bytes, else by its name. */
static int file(const char *path, const char *name, logdir_found *found,
		void *ctx)
{
	unsigned char head[PSR_LOG_MAGIC_LEN];
	char why[300];
	ssize_t n = -1;
	/* O_NONBLOCK: a fifo named like a log must not hang the listing */
	int fd = open(path, O_RDONLY | O_CLOEXEC | O_NOCTTY | O_NONBLOCK);

	if (fd >= 0) {
		struct stat st;
		if (fstat(fd, &st) == 0 && S_ISREG(st.st_mode))
			n = read(fd, head, sizeof head);
		else
			errno = EINVAL;
		close(fd);
	}
	if (n >= 0 && psr_log_magic(head, (size_t)n))
		return found(ctx, path, NULL);
	if (!strstr(name, ".psr"))
		return 0;
	if (n < 0 && errno != EINVAL) {
		snprintf(why, sizeof why, "cannot read '%s': %s", path,
			 strerror(errno));
		return found(ctx, path, why);
	}
	return found(ctx, path, NULL); /* the reader says what it is */
}

static int by_name(const void *a, const void *b)
{
	return strcmp(*(char *const *)a, *(char *const *)b);
}

/* The names in dir, sorted, without the hidden ones; NULL and errno. */
static char **names_of(const char *dir, size_t *n)
{
	DIR *d = opendir(dir);
	struct dirent *e;
	char **v = NULL;
	size_t cap = 0;

	*n = 0;
	if (!d)
		return NULL;
	while ((e = readdir(d))) {
		if (e->d_name[0] == '.')
			continue;
		if (*n == cap) {
			char **p = realloc(v, (cap = cap ? 2 * cap : 16) *
						      sizeof *v);
			if (!p)
				goto nomem;
			v = p;
		}
		if (!(v[*n] = strdup(e->d_name)))
			goto nomem;
		(*n)++;
	}
	closedir(d);
	if (*n)
		qsort(v, *n, sizeof *v, by_name);
	return v ? v : calloc(1, sizeof *v);
nomem:
	closedir(d);
	while (*n)
		free(v[--*n]);
	free(v);
	errno = ENOMEM;
	return NULL;
}

int logdir_list(const char *dir, logdir_found *found, void *ctx)
{
	size_t n;
	char **names = names_of(dir, &n);
	int rc = 0;

	if (!names) {
		char why[300];
		if (errno == ENOMEM)
			return -ENOMEM;
		snprintf(why, sizeof why, "cannot read directory '%s': %s",
			 dir, strerror(errno));
		return found(ctx, dir, why);
	}
	for (size_t i = 0; i < n && !rc; i++) {
		struct stat st;
		char *p;
		size_t len = strlen(dir);
		bool slash = len && dir[len - 1] == '/';
		if (asprintf(&p, "%s%s%s", dir, slash ? "" : "/", names[i]) < 0) {
			rc = -ENOMEM;
			break;
		}
		/* lstat: a symbolic link to a directory could loop */
		if (lstat(p, &st) == 0 && S_ISDIR(st.st_mode))
			rc = logdir_list(p, found, ctx);
		else
			rc = file(p, names[i], found, ctx);
		free(p);
	}
	for (size_t i = 0; i < n; i++)
		free(names[i]);
	free(names);
	return rc;
}
