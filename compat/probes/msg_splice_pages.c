// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: msg_splice_pages
 * The MSG_SPLICE_PAGES sendmsg() flag is defined (upstream 6.5; defined,
 * though ignored by TCP, in Debian's 6.1).
 */
#include <linux/socket.h>

int probe(void);
int probe(void)
{
	return MSG_SPLICE_PAGES;
}
