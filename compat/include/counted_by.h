/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Feature: counted_by
 * Upstream change: 6.5 ("Compiler Attributes: Add __counted_by macro")
 *   added __counted_by(member), which names the member holding a
 *   flexible array's length for the compiler's bounds checks; it is
 *   empty where the compiler has no such attribute.  Debian's 6.1 has it
 *   through its stable series.
 * Helper, not a patch: Coccinelle 1.1.1 does not parse __counted_by as
 *   an attribute, so it cannot be patched out; defined empty, as
 *   compilers without the attribute see it anyway.
 * Probe: compat/probes/counted_by.c
 */
#ifndef _LOOM_COMPAT_COUNTED_BY_H
#define _LOOM_COMPAT_COUNTED_BY_H

#include <linux/compiler.h>

#ifndef __counted_by
#define __counted_by(member)
#endif

#endif /* _LOOM_COMPAT_COUNTED_BY_H */
