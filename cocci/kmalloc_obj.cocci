// SPDX-License-Identifier: GPL-2.0
// Feature: kmalloc_obj
// Upstream change: kmalloc_obj(), kzalloc_obj(), kvmalloc_obj(),
//   kvzalloc_obj() and their _objs() array forms take the variable or
//   type to allocate and derive the size; checkpatch asks for them over
//   kmalloc(sizeof(...)).  Absent from Debian's 6.1, present in its 6.12
//   (through the stable series) and in 7.x; the mainline release that
//   added them is not recorded here.
// Inverse: the size-based allocators, with the default GFP_KERNEL made
//   explicit where the caller left it out.
// Probe: compat/probes/kmalloc_obj.c
@@
expression V, N, G;
type T;
@@
(
- kzalloc_obj(V, G)
+ kzalloc(sizeof(V), G)
|
- kmalloc_obj(V, G)
+ kmalloc(sizeof(V), G)
|
- kzalloc_obj(T, G)
+ kzalloc(sizeof(T), G)
|
- kmalloc_obj(T, G)
+ kmalloc(sizeof(T), G)
|
- kzalloc_objs(V, N, G)
+ kcalloc(N, sizeof(V), G)
|
- kmalloc_objs(V, N, G)
+ kmalloc_array(N, sizeof(V), G)
|
- kvzalloc_objs(V, N, G)
+ kvcalloc(N, sizeof(V), G)
|
- kvmalloc_objs(V, N, G)
+ kvmalloc_array(N, sizeof(V), G)
|
- kvzalloc_obj(V, G)
+ kvzalloc(sizeof(V), G)
|
- kvmalloc_obj(V, G)
+ kvmalloc(sizeof(V), G)
|
- kzalloc_obj(V)
+ kzalloc(sizeof(V), GFP_KERNEL)
|
- kmalloc_obj(V)
+ kmalloc(sizeof(V), GFP_KERNEL)
)
