// SPDX-License-Identifier: GPL-2.0
// Feature: system_dfl_wq
// Upstream change: 6.17 ("workqueue: Add system_percpu_wq and
//   system_dfl_wq" and "workqueue: Add new WQ_PERCPU flag") named the
//   system workqueues after what they are and made alloc_workqueue()
//   callers say WQ_PERCPU or WQ_UNBOUND; 7.3 warns once for every work
//   item queued on system_wq or system_unbound_wq ("enqueued on
//   deprecated workqueue").  Debian's 6.12 has them through its stable
//   series.
// Inverse: system_unbound_wq and system_wq; no WQ_PERCPU flag (per-CPU
//   is what a workqueue without WQ_UNBOUND is).
// Probe: compat/probes/system_dfl_wq.c
@@
@@
- system_dfl_wq
+ system_unbound_wq

@@
@@
- system_percpu_wq
+ system_wq

@@
expression F;
@@
(
- WQ_PERCPU | F
+ F
|
- F | WQ_PERCPU
+ F
)
