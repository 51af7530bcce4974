// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: str_up_down
 * str_up_down() in <linux/string_choices.h> (upstream 6.11; the header
 * itself is 6.2).
 */
#include <linux/string_choices.h>

const char *probe(bool up);
const char *probe(bool up)
{
	return str_up_down(up);
}
