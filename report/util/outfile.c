/* outfile.c - temporary file beside the target, rename on success; the
 * rules every output follows (outfile.h). */
#define _GNU_SOURCE
#include "outfile.h"

#include <errno.h>
#include <fcntl.h>
#include <libgen.h>
#include <signal.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>

/* ---- what a signal removes ---------------------------------------------- */

/* The files of this run not yet settled: temporary files, and the files
 * of a chart set that stays only whole. SIGINT, SIGTERM, SIGHUP and
 * SIGPIPE remove them before the signal ends psreport. The list changes
 * only with those signals blocked, so the handler sees it whole. */
struct pending {
	struct pending *next;
	bool dir;    /* a directory this run made: removed when empty */
	char path[];
};

static struct pending *pending;
static const int cleanup_signals[] = {SIGINT, SIGTERM, SIGHUP, SIGPIPE};
#define NSIGNALS (sizeof cleanup_signals / sizeof *cleanup_signals)

static void block(sigset_t *old)
{
	sigset_t set;

	sigemptyset(&set);
	for (size_t i = 0; i < NSIGNALS; i++)
		sigaddset(&set, cleanup_signals[i]);
	sigprocmask(SIG_BLOCK, &set, old);
}

static struct pending *pending_new(const char *path, bool dir)
{
	size_t len = strlen(path) + 1;
	struct pending *p = malloc(sizeof *p + len);

	if (p) {
		memcpy(p->path, path, len);
		p->dir = dir;
	}
	return p;
}

/* (signals blocked) */
static void pending_push(struct pending *p)
{
	p->next = pending;
	pending = p;
}

static int pending_add(const char *path)
{
	struct pending *p = pending_new(path, false);
	sigset_t old;

	if (!p)
		return -ENOMEM;
	block(&old);
	pending_push(p);
	sigprocmask(SIG_SETMASK, &old, NULL);
	return 0;
}

static void pending_drop(const char *path)
{
	sigset_t old;

	block(&old);
	for (struct pending **pp = &pending; *pp; pp = &(*pp)->next) {
		if (strcmp((*pp)->path, path) == 0) {
			struct pending *p = *pp;
			*pp = p->next;
			free(p);
			break;
		}
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
}

static void on_signal(int sig)
{
	int e = errno;

	for (struct pending *p = pending; p; p = p->next)
		if (!p->dir)
			unlink(p->path);
	/* then the directories it made, emptied by that (rmdir leaves one
	 * that holds anything else) */
	for (struct pending *p = pending; p; p = p->next)
		if (p->dir)
			rmdir(p->path);
	errno = e;
	raise(sig); /* SA_RESETHAND: now the default action */
}

void outfile_signals(void)
{
	struct sigaction sa = {.sa_handler = on_signal,
			       .sa_flags = SA_RESETHAND | SA_NODEFER};

	sigemptyset(&sa.sa_mask);
	for (size_t i = 0; i < NSIGNALS; i++) {
		struct sigaction was;
		/* an ignored signal (nohup) stays ignored */
		if (sigaction(cleanup_signals[i], NULL, &was) == 0 &&
		    was.sa_handler == SIG_IGN)
			continue;
		sigaction(cleanup_signals[i], &sa, NULL);
	}
	/* a file size limit fails the write (EFBIG), said like a full disk,
	 * instead of killing psreport with its temporary files left */
	signal(SIGXFSZ, SIG_IGN);
}

int outfile_put(const char *tmp, const char *path, struct outfile_set *set)
{
	sigset_t old;
	int rc = 0;

	block(&old);
	if (set && (rc = outfile_set_add(set, path)))
		goto out;
	if (rename(tmp, path) != 0) {
		rc = -errno;
		if (set) { /* it did not join */
			pending_drop(path);
			free(set->v[--set->n]);
		}
		goto out;
	}
	pending_drop(tmp);
out:
	sigprocmask(SIG_SETMASK, &old, NULL);
	return rc;
}

int outfile_mkdir(const char *dir)
{
	struct pending *p = pending_new(dir, true);
	sigset_t old;
	int rc = 0;

	if (!p)
		return -ENOMEM;
	/* no signal between its making and its listing */
	block(&old);
	if (mkdir(dir, 0777) == 0)
		pending_push(p);
	else
		rc = -errno;
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (rc)
		free(p);
	return rc;
}

void outfile_dir_settle(const char *dir, int rc)
{
	if (rc)
		rmdir(dir);
	pending_drop(dir);
}

void outfile_discard(const char *tmp)
{
	unlink(tmp);
	pending_drop(tmp);
}

/* ---- the logs read -------------------------------------------------- */

struct guarded {
	dev_t dev;
	ino_t ino;
};

static struct guarded *guards;
static size_t nguards;
static mode_t out_mode = 0644; /* before any log: what it always was */
static bool any_guard;

int outfile_guard(dev_t dev, ino_t ino, mode_t mode)
{
	struct guarded *v = realloc(guards, (nguards + 1) * sizeof *v);

	if (!v)
		return -ENOMEM;
	guards = v;
	guards[nguards++] = (struct guarded){dev, ino};
	/* the narrowest of the logs: a report of a 0640 log carries its
	 * command lines, so it is no more readable than the log */
	out_mode = (any_guard ? out_mode : 0666) & mode & 0666;
	any_guard = true;
	return 0;
}

static bool is_input(const struct stat *sb)
{
	for (size_t i = 0; i < nguards; i++)
		if (guards[i].dev == sb->st_dev && guards[i].ino == sb->st_ino)
			return true;
	return false;
}

/* ---- what a path is as an output ------------------------------------ */

static int existing(const char *path, const struct stat *sb, bool force,
		    char *err, size_t errlen)
{
	if (is_input(sb)) {
		snprintf(err, errlen, "'%s' is one of the logs read; it is "
			 "never overwritten, not even with --force", path);
		return -EEXIST;
	}
	if (S_ISDIR(sb->st_mode)) {
		snprintf(err, errlen, "'%s' is a directory", path);
		return -EISDIR;
	}
	if (S_ISCHR(sb->st_mode) || S_ISFIFO(sb->st_mode))
		return OUTFILE_IN_PLACE;
	if (!S_ISREG(sb->st_mode)) {
		snprintf(err, errlen, "'%s' is not a regular file, a device "
			 "or a fifo", path);
		return -EINVAL;
	}
	if (!force) {
		snprintf(err, errlen, "'%s' exists (use --force to overwrite "
			 "it)", path);
		return -EEXIST;
	}
	return OUTFILE_NEW;
}

int outfile_check(const char *path, bool force, char *err, size_t errlen)
{
	struct stat sb;

	if (stat(path, &sb) == 0)
		return existing(path, &sb, force, err, errlen);
	/* a symlink to nothing: renaming over it loses the link */
	if (errno == ENOENT && lstat(path, &sb) == 0 && S_ISLNK(sb.st_mode) &&
	    !force) {
		snprintf(err, errlen, "'%s' is a symlink to a missing file "
			 "(use --force to replace it)", path);
		return -EEXIST;
	}
	return OUTFILE_NEW;
}

int outfile_mktemp(const char *path, char *tmp, size_t tmplen, char *err,
		   size_t errlen)
{
	mode_t mask = umask(0);
	sigset_t old;

	umask(mask);
	snprintf(tmp, tmplen, "%s.tmp.XXXXXX", path);
	/* no signal between the file's making and its listing */
	block(&old);
	int fd = mkostemp(tmp, O_CLOEXEC);
	int e = errno;
	if (fd >= 0 && (e = -pending_add(tmp))) {
		close(fd);
		unlink(tmp);
		fd = -1;
	}
	sigprocmask(SIG_SETMASK, &old, NULL);
	if (fd < 0) {
		snprintf(err, errlen, "cannot create '%s': %s", path,
			 strerror(e));
		tmp[0] = 0;
		return -e;
	}
	if (fchmod(fd, out_mode & ~mask) != 0) {
		e = errno;
		close(fd);
		outfile_discard(tmp);
		tmp[0] = 0;
		snprintf(err, errlen, "cannot create '%s': %s", path,
			 strerror(e));
		return -e;
	}
	return fd;
}

/* path's directory, resolved, and its last name: "./a" and "a" are one */
static bool canonical(const char *path, char *out, size_t len)
{
	char a[PATH_MAX], b[PATH_MAX], dir[PATH_MAX];

	snprintf(a, sizeof a, "%s", path);
	snprintf(b, sizeof b, "%s", path);
	if (!realpath(dirname(a), dir))
		return false;
	snprintf(out, len, "%s/%s", dir, basename(b));
	return true;
}

bool outfile_same(const char *a, const char *b)
{
	struct stat sa, sb;
	char ca[2 * PATH_MAX], cb[2 * PATH_MAX];

	if (strcmp(a, b) == 0)
		return true;
	if (stat(a, &sa) == 0 && stat(b, &sb) == 0)
		return sa.st_dev == sb.st_dev && sa.st_ino == sb.st_ino;
	return canonical(a, ca, sizeof ca) && canonical(b, cb, sizeof cb) &&
	       strcmp(ca, cb) == 0;
}

/* ---- a stream that keeps its write errors ----------------------------- */

/* stdio keeps no errno with ferror(): the sink's own write does, so a
 * full disk is said as "No space left on device", at the end too. */
static ssize_t sink_write(void *c, const char *buf, size_t n)
{
	struct outfile_sink *s = c;
	size_t done = 0;

	while (done < n) {
		ssize_t w = write(s->fd, buf + done, n - done);
		if (w < 0 && errno == EINTR)
			continue;
		if (w <= 0) {
			if (!s->err)
				s->err = w < 0 ? errno : EIO;
			return -1;
		}
		done += (size_t)w;
	}
	return (ssize_t)n;
}

static int sink_close(void *c)
{
	struct outfile_sink *s = c;

	if (close(s->fd) != 0 && !s->err)
		s->err = errno;
	s->fd = -1;
	s->closed = true;
	return s->err ? -1 : 0;
}

FILE *outfile_sink_open(struct outfile_sink *s, int fd)
{
	static const cookie_io_functions_t io = {.write = sink_write,
						 .close = sink_close};

	*s = (struct outfile_sink){.fd = fd};
	return fopencookie(s, "w", io);
}

/* ---- one output file ------------------------------------------------ */

/* An existing device or fifo, opened as it is. O_NONBLOCK: a fifo nobody
 * reads fails (ENXIO) instead of hanging; writes then block as usual. */
static int open_in_place(struct outfile *o, char *err, size_t errlen)
{
	struct stat sb;
	int fd = open(o->path, O_WRONLY | O_NONBLOCK | O_NOCTTY | O_CLOEXEC);
	int e = errno;

	if (fd < 0) {
		snprintf(err, errlen, "cannot write '%s': %s", o->path,
			 e == ENXIO ? "a fifo nobody reads" : strerror(e));
		return -e;
	}
	/* what was checked is what was opened: not swapped for a file */
	if (fstat(fd, &sb) != 0 || !(S_ISCHR(sb.st_mode) || S_ISFIFO(sb.st_mode)) ||
	    is_input(&sb)) {
		close(fd);
		snprintf(err, errlen, "cannot write '%s': it changed while "
			 "opened", o->path);
		return -EAGAIN;
	}
	fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) & ~O_NONBLOCK);
	if (!(o->f = outfile_sink_open(&o->sink, fd))) {
		e = errno;
		close(fd);
		snprintf(err, errlen, "cannot write '%s': %s", o->path,
			 strerror(e));
		return -e;
	}
	o->in_place = true;
	return 0;
}

int outfile_open(struct outfile *o, const char *path, int force, char *err,
		 size_t errlen)
{
	memset(o, 0, sizeof *o);
	snprintf(o->path, sizeof o->path, "%s", path);
	if (strcmp(path, "-") == 0) {
		o->f = stdout;
		return 0;
	}
	int rc = outfile_check(path, force, err, errlen);
	if (rc < 0)
		return rc;
	if (rc == OUTFILE_IN_PLACE)
		return open_in_place(o, err, errlen);
	int fd = outfile_mktemp(path, o->tmp, sizeof o->tmp, err, errlen);
	if (fd < 0)
		return fd;
	o->f = outfile_sink_open(&o->sink, fd);
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
	if (o->f == stdout) {
		if (fflush(o->f) != 0 || ferror(o->f)) {
			snprintf(err, errlen, "cannot write standard output: %s",
				 strerror(errno));
			return -EIO;
		}
		return 0;
	}
	int bad = ferror(o->f) || fflush(o->f) != 0;
	if (fclose(o->f) != 0)
		bad = 1;
	o->f = NULL;
	/* the sink kept the write's own errno: "No space left on device" */
	int e = o->sink.err ? o->sink.err : EIO;
	if (!bad && o->tmp[0] && (e = -outfile_put(o->tmp, o->path, NULL)))
		bad = 1;
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
		outfile_discard(o->tmp);
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
	if (pending_add(path)) {
		free(v[s->n]);
		return -ENOMEM;
	}
	s->n++;
	return 0;
}

size_t outfile_set_settle(struct outfile_set *s, int rc)
{
	size_t kept = rc ? 0 : s->n;

	for (size_t i = 0; i < s->n; i++) {
		if (rc)
			unlink(s->v[i]);
		pending_drop(s->v[i]);
		free(s->v[i]);
	}
	free(s->v);
	s->v = NULL;
	s->n = 0;
	return kept;
}
