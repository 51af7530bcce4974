/* SPDX-License-Identifier: GPL-2.0 */
/* Userspace shim of <linux/build_bug.h>. */
#ifndef _SHIM_LINUX_BUILD_BUG_H
#define _SHIM_LINUX_BUILD_BUG_H
#include <assert.h>
#ifndef static_assert
#define static_assert(expr, ...) _Static_assert(expr, #expr)
#endif
#endif
