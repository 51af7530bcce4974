// SPDX-License-Identifier: GPL-2.0
// Feature: kobj_type_const
// Upstream change: 6.2 ("kobject: make kobject_init(_and_add) take a
//   const kobj_type", part of "driver core: make kobj_type constant")
//   let a struct kobj_type be const; Debian's 6.1 has it through its
//   stable series.
// Inverse: the kobj_type is not const.
// Probe: compat/probes/kobj_type_const.c
@@
identifier K;
@@
- const
  struct kobj_type K = { ... };
