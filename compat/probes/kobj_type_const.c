// SPDX-License-Identifier: GPL-2.0
/*
 * Feature: kobj_type_const
 * kobject_init() takes a const struct kobj_type * (upstream 6.2).
 */
#include <linux/kobject.h>

static const struct kobj_type probe_ktype;

void probe(struct kobject *kobj);
void probe(struct kobject *kobj)
{
	kobject_init(kobj, &probe_ktype);
}
