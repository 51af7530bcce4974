// SPDX-License-Identifier: GPL-2.0
// Feature: sk_use_task_frag
// Upstream change: 6.2 ("net: Introduce sk_use_task_frag in struct
//   sock", commit fb87bd47516d; in Debian's 6.1 through the stable
//   series) lets a socket used from a filesystem's reclaim path opt out
//   of the task's page_frag, which the interrupted task may be using.
// Inverse: older kernels have no field: drop the assignment.  Their
//   sk_page_frag() takes the task's page_frag only for sockets whose
//   sk_allocation has both __GFP_DIRECT_RECLAIM and __GFP_FS (5.5,
//   "net: fix sk_page_frag() recursion from memory reclaim"); a socket
//   the assignment is for (GFP_NOFS, as Loom's) uses its own sk_frag.
// Probe: compat/probes/sk_use_task_frag.c
@@
expression SK, V;
@@
- SK->sk_use_task_frag = V;
