/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/err.h>: the largest errno value. */
#ifndef _SHIM_LINUX_ERR_H
#define _SHIM_LINUX_ERR_H
#define MAX_ERRNO	4095
#endif
