// SPDX-License-Identifier: GPL-2.0
// Feature: str_up_down
// Upstream change: 6.11 ("lib/string_choices: Add str_up_down() helper")
//   added str_up_down() and str_down_up() to <linux/string_choices.h>,
//   which 6.2 had split out of <linux/string_helpers.h>; 7.3's coccicheck
//   (scripts/coccinelle/api/string_choices.cocci) reports every
//   'E ? "up" : "down"' as an opportunity for str_up_down(E).  Debian's
//   6.12 has it.
// Inverse: the conditional expression it stands for; and
//   <linux/string_helpers.h> for <linux/string_choices.h>, which 6.1 and
//   5.10 lack (string_helpers.h includes string_choices.h from 6.2 on,
//   and has the older str_*() helpers on 6.1).
// Probe: compat/probes/str_up_down.c
@@
expression E;
@@
- str_up_down(E)
+ ((E) ? "up" : "down")

@@
expression E;
@@
- str_down_up(E)
+ ((E) ? "down" : "up")

@@
@@
- #include <linux/string_choices.h>
+ #include <linux/string_helpers.h>
