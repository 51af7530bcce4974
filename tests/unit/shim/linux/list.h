/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/list.h>: only the type loomnet.h needs. */
#ifndef _SHIM_LINUX_LIST_H
#define _SHIM_LINUX_LIST_H
struct list_head {
	struct list_head *next, *prev;
};
struct hlist_node {
	struct hlist_node *next, **pprev;
};
#endif
