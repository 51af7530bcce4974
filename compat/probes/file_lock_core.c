// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: file_lock_core
 * struct file_lock's common fields live in fl->c, with lock_is_unlock()
 * and friends, declared in <linux/filelock.h> (upstream 6.9).
 */
#include <linux/filelock.h>

bool probe(struct file_lock *fl);
bool probe(struct file_lock *fl)
{
	return lock_is_unlock(fl) && fl->c.flc_owner && fl->c.flc_pid;
}
