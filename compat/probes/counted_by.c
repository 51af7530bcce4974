// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: counted_by
 * The __counted_by(member) annotation of flexible arrays (upstream 6.5).
 */
#include <linux/compiler.h>

struct probe {
	int n;
	int a[] __counted_by(n);
};
