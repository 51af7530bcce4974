/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom: declarations shared between the parts of loom.ko (common RPC,
 * servers, client) and its main file.
 */
#ifndef _LOOM_LOOM_H
#define _LOOM_LOOM_H

#include <linux/types.h>
#include <linux/list.h>

/* client/super.c */
int loom_client_init(void);
void loom_client_exit(void);

/**
 * struct loom_mgc_watch - a lock on the MGS's configuration held by a
 *	server (an MDT), whose callbacks reach client/mgc.c
 * @link: in client/mgc.c's list
 * @cookie: the lock's cookie, from loom_mgc_watch_cookie(); 0: none
 * @fn: called when the MGS calls the lock back (process context, under a
 *	spinlock: it must not sleep)
 * @arg: for @fn
 */
struct loom_mgc_watch {
	struct list_head	link;
	u64			cookie;
	void			(*fn)(void *arg);
	void			*arg;
};

/* client/mgc.c */
void loom_mgc_watch_add(struct loom_mgc_watch *w);
void loom_mgc_watch_del(struct loom_mgc_watch *w);
u64 loom_mgc_watch_cookie(struct loom_mgc_watch *w);

/* server/target.c */
int loom_server_init(void);
void loom_server_exit(void);

#endif /* _LOOM_LOOM_H */
