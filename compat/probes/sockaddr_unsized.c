// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: sockaddr_unsized
 * kernel_bind() and kernel_connect() take a struct sockaddr_unsized *
 * (upstream 6.19, "net: Convert proto_ops bind() callbacks to use
 * sockaddr_unsized").  Before, they took a struct sockaddr *.
 */
#include <linux/net.h>

int probe(struct socket *sock, struct sockaddr_storage *ss, int len);
int probe(struct socket *sock, struct sockaddr_storage *ss, int len)
{
	return kernel_connect(sock, (struct sockaddr_unsized *)ss, len, 0);
}
