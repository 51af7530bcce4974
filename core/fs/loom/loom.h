/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Loom: declarations shared between the parts of loom.ko (common RPC,
 * servers, client) and its main file.
 */
#ifndef _LOOM_LOOM_H
#define _LOOM_LOOM_H

/* client/super.c */
int loom_client_init(void);
void loom_client_exit(void);

/* server/target.c */
int loom_server_init(void);
void loom_server_exit(void);

#endif /* _LOOM_LOOM_H */
