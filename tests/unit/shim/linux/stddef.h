/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/stddef.h>. */
#ifndef _SHIM_LINUX_STDDEF_H
#define _SHIM_LINUX_STDDEF_H
#include <stddef.h>
#endif
