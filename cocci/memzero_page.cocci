// SPDX-License-Identifier: GPL-2.0
// Feature: memzero_page
// Upstream change: 5.12 ("mm/highmem: Lift memcpy_[to|from]_page to
//   core", the series that also added memzero_page()) added
//   memzero_page(page, offset, len), which maps the page, zeroes the
//   range and unmaps it.
// Inverse: zero_user(page, offset, len), which does the same through
//   zero_user_segments() and also flushes the dcache.
// Probe: compat/probes/memzero_page.c
@@
expression P, O, L;
@@
- memzero_page(P, O, L)
+ zero_user(P, O, L)
