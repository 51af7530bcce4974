// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: sk_use_task_frag
 * struct sock has sk_use_task_frag (upstream 6.2, in Debian's 6.1).
 */
#include <net/sock.h>

void probe(struct sock *sk);
void probe(struct sock *sk)
{
	sk->sk_use_task_frag = false;
}
