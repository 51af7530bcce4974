// SPDX-License-Identifier: GPL-2.0
// Feature: bvec_set_page
// Upstream change: 6.3 ("block: add a bvec_set_page helper", commit
//   d58cdfae6a22; in Debian's 6.1 through the stable series) added
//   bvec_set_page(bv, page, len, offset), which fills a struct bio_vec.
// Inverse: fill the bio_vec with a compound literal, in place of the
//   call, so that the result is still one expression.
// Probe: compat/probes/bvec_set_page.c
@@
expression B, P, L, O;
@@
- bvec_set_page(B, P, L, O)
+ *(B) = (struct bio_vec){ .bv_page = P, .bv_len = L, .bv_offset = O }
