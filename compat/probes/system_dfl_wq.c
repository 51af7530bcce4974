// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: system_dfl_wq
 * system_dfl_wq, system_percpu_wq and WQ_PERCPU (upstream 6.17;
 * system_unbound_wq and system_wq before).
 */
#include <linux/workqueue.h>

bool probe(struct work_struct *w);
bool probe(struct work_struct *w)
{
	return queue_work(system_dfl_wq, w) ||
	       queue_work(system_percpu_wq, w) || WQ_PERCPU;
}
