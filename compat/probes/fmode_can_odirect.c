// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: fmode_can_odirect
 * FMODE_CAN_ODIRECT lets ->open allow O_DIRECT (upstream 5.19, as
 * recalled).
 */
#include <linux/fs.h>

void probe(struct file *f);
void probe(struct file *f)
{
	f->f_mode |= FMODE_CAN_ODIRECT;
}
