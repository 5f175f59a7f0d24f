/* exits.c - taskstats exit notifications (exits.h). */
#define _GNU_SOURCE
#include "exits.h"

#include <errno.h>
#include <fcntl.h>
#include <linux/genetlink.h>
#include <linux/netlink.h>
#include <linux/taskstats.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/socket.h>
#include <unistd.h>

#ifndef AGROUP
#define AGROUP 0x20 /* linux/acct.h: the last task of its thread group */
#endif

/* Threads that exited before their group's last one: their faults and
 * I/O wait here for the group's end. A small fixed table: a group whose
 * slot was taken over by newer ones loses only those sums, never its
 * CPU (which comes with the group's aggregate). */
#define PARTIAL_SLOTS 4096
#define PARTIAL_PROBE 8

struct partial {
	uint32_t tgid; /* 0: free */
	uint32_t threads;
	uint64_t seq;  /* when last added to, for eviction */
	uint64_t minflt, majflt, read_bytes, write_bytes;
	int has_leader;
	char comm[TS_COMM_LEN + 1];
};

struct exits {
	int fd;
	uint16_t family;
	uint32_t seq;
	uint64_t lost;
	uint64_t msgs;
	struct partial part[PARTIAL_SLOTS];
	char buf[1 << 16];
};

/* ---- netlink requests ---- */

struct request {
	struct nlmsghdr n;
	struct genlmsghdr g;
	char attrs[256];
};

static void put_attr(struct request *r, uint16_t type, const void *d,
		     size_t len)
{
	struct nlattr *na =
		(struct nlattr *)((char *)r + NLMSG_ALIGN(r->n.nlmsg_len));
	na->nla_type = type;
	na->nla_len = (uint16_t)(NLA_HDRLEN + len);
	memcpy((char *)na + NLA_HDRLEN, d, len);
	r->n.nlmsg_len = NLMSG_ALIGN(r->n.nlmsg_len) + NLA_ALIGN(na->nla_len);
}

static void init_request(struct request *r, uint16_t type, uint8_t cmd,
			 uint32_t seq)
{
	memset(r, 0, sizeof *r);
	r->n.nlmsg_len = NLMSG_LENGTH(GENL_HDRLEN);
	r->n.nlmsg_type = type;
	r->n.nlmsg_flags = NLM_F_REQUEST | NLM_F_ACK;
	r->n.nlmsg_seq = seq;
	r->g.cmd = cmd;
	r->g.version = 1;
}

/* Send r and read answers up to its ack: 0, or the kernel's -errno.
 * found (may be NULL) sees each answer that is not the ack. */
static int transact(struct exits *ex, struct request *r,
		    void (*found)(struct exits *, struct nlmsghdr *))
{
	if (send(ex->fd, r, r->n.nlmsg_len, 0) < 0)
		return -errno;
	for (;;) {
		ssize_t n = recv(ex->fd, ex->buf, sizeof ex->buf, 0);
		if (n < 0)
			return errno == EINTR ? -EINTR : -errno;
		size_t left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)ex->buf;
		     NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			if (h->nlmsg_seq != r->n.nlmsg_seq)
				continue; /* an exit already, not our answer */
			if (h->nlmsg_type == NLMSG_ERROR) {
				struct nlmsgerr *e = NLMSG_DATA(h);
				return e->error;
			}
			if (found)
				found(ex, h);
		}
	}
}

static void family_found(struct exits *ex, struct nlmsghdr *h)
{
	struct nlattr *na =
		(struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	int left = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (left >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	       na->nla_len <= left) {
		if (na->nla_type == CTRL_ATTR_FAMILY_ID &&
		    na->nla_len >= NLA_HDRLEN + 2)
			memcpy(&ex->family, (char *)na + NLA_HDRLEN, 2);
		left -= NLA_ALIGN(na->nla_len);
		na = (struct nlattr *)((char *)na + NLA_ALIGN(na->nla_len));
	}
}

/* The CPUs to listen on: every possible one (a CPU brought online later
 * is then covered too); the kernel refuses a list beyond them. */
static void possible_cpus(char *out, size_t len)
{
	int fd = open("/sys/devices/system/cpu/possible", O_RDONLY | O_CLOEXEC);
	ssize_t n = fd >= 0 ? read(fd, out, len - 1) : -1;
	if (fd >= 0)
		close(fd);
	if (n > 0) {
		out[n] = 0;
		out[strcspn(out, "\n")] = 0;
		return;
	}
	long c = sysconf(_SC_NPROCESSORS_CONF);
	snprintf(out, len, "0-%ld", c > 1 ? c - 1 : 0);
}

int exits_open(struct exits **out)
{
	*out = NULL;
	struct exits *ex = calloc(1, sizeof *ex);
	if (!ex)
		return -ENOMEM;
	int rc;
	ex->fd = socket(AF_NETLINK, SOCK_RAW | SOCK_CLOEXEC, NETLINK_GENERIC);
	if (ex->fd < 0) {
		rc = -errno;
		goto fail_alloc;
	}
	struct sockaddr_nl a = {.nl_family = AF_NETLINK};
	if (bind(ex->fd, (struct sockaddr *)&a, sizeof a) < 0) {
		rc = -errno;
		goto fail_socket;
	}
	/* a burst of exits between two reads must fit: about 1 KiB of
	 * buffer per message; past the limit rmem_max allows, root can
	 * force it */
	int size = 8 << 20;
	if (setsockopt(ex->fd, SOL_SOCKET, SO_RCVBUFFORCE, &size, sizeof size))
		setsockopt(ex->fd, SOL_SOCKET, SO_RCVBUF, &size, sizeof size);
	struct request r;
	init_request(&r, GENL_ID_CTRL, CTRL_CMD_GETFAMILY, ++ex->seq);
	put_attr(&r, CTRL_ATTR_FAMILY_NAME, TASKSTATS_GENL_NAME,
		 sizeof TASKSTATS_GENL_NAME);
	rc = transact(ex, &r, family_found);
	if (!rc && !ex->family)
		rc = -ENOENT;
	if (rc)
		goto fail_socket;
	char cpus[256];
	possible_cpus(cpus, sizeof cpus);
	init_request(&r, ex->family, TASKSTATS_CMD_GET, ++ex->seq);
	put_attr(&r, TASKSTATS_CMD_ATTR_REGISTER_CPUMASK, cpus,
		 strlen(cpus) + 1);
	rc = transact(ex, &r, NULL);
	if (rc)
		goto fail_socket;
	*out = ex;
	return 0;
fail_socket:
	close(ex->fd);
fail_alloc:
	free(ex);
	return rc;
}

int exits_fd(const struct exits *ex)
{
	return ex->fd;
}

uint64_t exits_lost(const struct exits *ex)
{
	return ex->lost;
}

void exits_free(struct exits *ex)
{
	if (!ex)
		return;
	close(ex->fd); /* the kernel drops a closed socket's listener */
	free(ex);
}

/* ---- messages ---- */

/* The stats of one AGGR_PID or AGGR_TGID attribute: the kernel's
 * struct may be longer (a newer version) or shorter (an older one) than
 * this build's; what it lacks stays 0. */
static int nested_stats(const struct nlattr *agg, struct taskstats *ts)
{
	const struct nlattr *na =
		(const struct nlattr *)((const char *)agg + NLA_HDRLEN);
	int left = agg->nla_len - NLA_HDRLEN;
	while (left >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	       na->nla_len <= left) {
		if (na->nla_type == TASKSTATS_TYPE_STATS) {
			size_t n = na->nla_len - NLA_HDRLEN;
			memset(ts, 0, sizeof *ts);
			memcpy(ts, (const char *)na + NLA_HDRLEN,
			       n < sizeof *ts ? n : sizeof *ts);
			return 1;
		}
		left -= NLA_ALIGN(na->nla_len);
		na = (const struct nlattr *)((const char *)na +
					     NLA_ALIGN(na->nla_len));
	}
	return 0;
}

static struct partial *partial_find(struct exits *ex, uint32_t tgid,
				    int create)
{
	size_t h = (tgid * 2654435761u) % PARTIAL_SLOTS;
	struct partial *oldest = NULL;
	for (size_t i = 0; i < PARTIAL_PROBE; i++) {
		struct partial *p = &ex->part[(h + i) % PARTIAL_SLOTS];
		if (p->tgid == tgid)
			return p;
		if (!oldest || !p->tgid || (oldest->tgid && p->seq < oldest->seq))
			oldest = p;
	}
	if (!create)
		return NULL;
	memset(oldest, 0, sizeof *oldest);
	oldest->tgid = tgid;
	return oldest;
}

/* A thread that is not its group's last: keep its sums for the group. */
static void thread_exited(struct exits *ex, const struct taskstats *t)
{
	struct partial *p = partial_find(ex, t->ac_tgid, 1);
	p->seq = ex->msgs;
	p->threads++;
	p->minflt += t->ac_minflt;
	p->majflt += t->ac_majflt;
	p->read_bytes += t->read_bytes;
	p->write_bytes += t->write_bytes;
	if (t->ac_pid == t->ac_tgid) {
		p->has_leader = 1;
		memcpy(p->comm, t->ac_comm, TS_COMM_LEN);
		p->comm[TS_COMM_LEN] = 0;
	}
}

/* The group's end: t is its last thread, g (when not NULL) the group's
 * aggregate, which holds the CPU of every thread. */
static void group_exited(struct exits *ex, const struct taskstats *t,
			 const struct taskstats *g, struct psr_exit *e,
			 char *comm)
{
	uint32_t tgid = t->version >= 12 && t->ac_tgid ? t->ac_tgid : t->ac_pid;
	struct partial *p = g ? partial_find(ex, tgid, 0) : NULL;
	memset(e, 0, sizeof *e);
	e->pid = tgid;
	e->ppid = t->ac_ppid;
	e->uid = t->ac_uid;
	e->btime_s = t->version >= 10 && t->ac_btime64 ? t->ac_btime64
						       : t->ac_btime;
	e->etime_us = t->version >= 12 && t->ac_tgetime ? t->ac_tgetime
							: t->ac_etime;
	e->user_us = g && g->ac_utime + g->ac_stime ? g->ac_utime : t->ac_utime;
	e->sys_us = g && g->ac_utime + g->ac_stime ? g->ac_stime : t->ac_stime;
	e->maxrss_kb = t->hiwater_rss;
	e->minflt = t->ac_minflt + (p ? p->minflt : 0);
	e->majflt = t->ac_majflt + (p ? p->majflt : 0);
	e->read_bytes = t->read_bytes + (p ? p->read_bytes : 0);
	e->write_bytes = t->write_bytes + (p ? p->write_bytes : 0);
	e->exit_code = t->ac_exitcode;
	e->threads = 1 + (p ? p->threads : 0);
	/* the group's name is its leader's (a thread may have renamed
	 * itself) */
	memcpy(comm, p && p->has_leader ? p->comm : t->ac_comm, TS_COMM_LEN);
	comm[TS_COMM_LEN] = 0;
	e->comm = comm;
	if (p)
		p->tgid = 0;
}

/* One notification: 1 with *e filled, 0 for a thread (kept), -1 not
 * an exit. */
static int parse_msg(struct exits *ex, struct nlmsghdr *h, struct psr_exit *e,
		     char *comm)
{
	if (h->nlmsg_type != ex->family ||
	    h->nlmsg_len < NLMSG_LENGTH(GENL_HDRLEN))
		return -1;
	struct taskstats t, g;
	int has_t = 0, has_g = 0;
	const struct nlattr *na =
		(const struct nlattr *)((char *)NLMSG_DATA(h) + GENL_HDRLEN);
	int left = (int)h->nlmsg_len - NLMSG_LENGTH(GENL_HDRLEN);
	while (left >= NLA_HDRLEN && na->nla_len >= NLA_HDRLEN &&
	       na->nla_len <= left) {
		if (na->nla_type == TASKSTATS_TYPE_AGGR_PID)
			has_t = nested_stats(na, &t);
		else if (na->nla_type == TASKSTATS_TYPE_AGGR_TGID)
			has_g = nested_stats(na, &g);
		left -= NLA_ALIGN(na->nla_len);
		na = (const struct nlattr *)((const char *)na +
					     NLA_ALIGN(na->nla_len));
	}
	if (!has_t)
		return -1;
	ex->msgs++;
	/* before version 12 there is no AGROUP: each message is taken
	 * as a process (a thread group's threads each count then) */
	if (t.version >= 12 && !(t.ac_flag & AGROUP)) {
		thread_exited(ex, &t);
		return 0;
	}
	group_exited(ex, &t, has_g ? &g : NULL, e, comm);
	return 1;
}

int exits_drain(struct exits *ex, exits_fn fn, void *ctx)
{
	char comm[TS_COMM_LEN + 1];
	for (;;) {
		ssize_t n = recv(ex->fd, ex->buf, sizeof ex->buf, MSG_DONTWAIT);
		if (n < 0) {
			if (errno == EAGAIN || errno == EWOULDBLOCK)
				return 0;
			if (errno == ENOBUFS) { /* overrun: messages lost */
				ex->lost++;
				continue;
			}
			if (errno == EINTR)
				continue;
			return -errno;
		}
		size_t left = (size_t)n;
		for (struct nlmsghdr *h = (struct nlmsghdr *)ex->buf;
		     NLMSG_OK(h, left); h = NLMSG_NEXT(h, left)) {
			struct psr_exit e;
			if (parse_msg(ex, h, &e, comm) <= 0)
				continue;
			int rc = fn(ctx, &e);
			if (rc)
				return rc;
		}
	}
}
