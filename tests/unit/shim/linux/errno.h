/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/errno.h>: the uapi errno values. */
#ifndef _SHIM_LINUX_ERRNO_H
#define _SHIM_LINUX_ERRNO_H
#include_next <linux/errno.h>
#endif
