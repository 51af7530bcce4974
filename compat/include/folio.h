/* SPDX-License-Identifier: GPL-2.0 */
/*
 * Feature: folio
 * Upstream change: 5.16 ("mm: Add folio", the first of Matthew Wilcox's
 *   folio series, through 5.18 and 5.19) added struct folio, a page that
 *   is never a tail page, and the folio_*() helpers of the page cache
 *   that replace the page ones; 5.18 added readahead_folio().
 * Helper, not a patch: before 5.16 there is no struct folio at all.
 *   This shim gives Loom's page-cache code the folios it uses as
 *   order-0 pages: a struct folio overlays a struct page (the fields it
 *   names sit where the page has them), and each helper is the page
 *   call it replaced.  Large folios never happen (the variant drops
 *   mapping_set_large_folios(), see cocci/write_begin_folio.cocci), so
 *   every folio here is one page.
 * Probe: compat/probes/folio.c
 */
#ifndef _LOOM_COMPAT_FOLIO_H
#define _LOOM_COMPAT_FOLIO_H

#include <linux/build_bug.h>
#include <linux/stddef.h>
#include <linux/mm.h>
#include <linux/highmem.h>
#include <linux/pagemap.h>

struct folio {
	union {
		struct {
			unsigned long flags;
			struct list_head lru;
			struct address_space *mapping;
			pgoff_t index;
			unsigned long private;
		};
		struct page page;
	};
};

#define LOOM_FOLIO_MATCH(pg, fl) \
	static_assert(offsetof(struct page, pg) == offsetof(struct folio, fl))
LOOM_FOLIO_MATCH(flags, flags);
LOOM_FOLIO_MATCH(lru, lru);
LOOM_FOLIO_MATCH(mapping, mapping);
LOOM_FOLIO_MATCH(index, index);
LOOM_FOLIO_MATCH(private, private);
#undef LOOM_FOLIO_MATCH

/* Not a flag of pagecache_get_page(): __filemap_get_folio() does it. */
#define FGP_STABLE	0x00004000

static inline struct folio *page_folio(struct page *page)
{
	return (struct folio *)compound_head(page);
}

#define folio_page(folio, n)	nth_page(&(folio)->page, n)

static inline long folio_nr_pages(struct folio *folio)
{
	return compound_nr(&folio->page);
}

static inline size_t folio_size(struct folio *folio)
{
	return page_size(&folio->page);
}

#define offset_in_folio(folio, p) \
	((unsigned long)(p) & (folio_size(folio) - 1))

static inline struct page *folio_file_page(struct folio *folio, pgoff_t index)
{
	return folio_page(folio, index & (folio_nr_pages(folio) - 1));
}

static inline loff_t folio_pos(struct folio *folio)
{
	return page_offset(&folio->page);
}

static inline void folio_get(struct folio *folio)
{
	get_page(&folio->page);
}

static inline void folio_put(struct folio *folio)
{
	put_page(&folio->page);
}

static inline void folio_lock(struct folio *folio)
{
	lock_page(&folio->page);
}

static inline void folio_unlock(struct folio *folio)
{
	unlock_page(&folio->page);
}

static inline bool folio_test_uptodate(struct folio *folio)
{
	return PageUptodate(&folio->page);
}

static inline void folio_mark_uptodate(struct folio *folio)
{
	SetPageUptodate(&folio->page);
}

static inline bool folio_mark_dirty(struct folio *folio)
{
	return set_page_dirty(&folio->page);
}

static inline void folio_start_writeback(struct folio *folio)
{
	set_page_writeback(&folio->page);
}

static inline void folio_end_writeback(struct folio *folio)
{
	end_page_writeback(&folio->page);
}

static inline void folio_wait_writeback(struct folio *folio)
{
	wait_on_page_writeback(&folio->page);
}

static inline void folio_zero_segments(struct folio *folio,
				       size_t start1, size_t end1,
				       size_t start2, size_t end2)
{
	zero_user_segments(&folio->page, start1, end1, start2, end2);
}

static inline void folio_zero_range(struct folio *folio, size_t start,
				    size_t length)
{
	zero_user_segments(&folio->page, start, start + length, 0, 0);
}

/*
 * As 5.10's grab_cache_page_write_begin() does: FGP_STABLE waits for
 * the page's writeback where the backing device needs stable pages.
 * NULL when there is none (as before 6.3).
 */
static inline struct folio *__filemap_get_folio(struct address_space *mapping,
						pgoff_t index, int fgp_flags,
						gfp_t gfp)
{
	struct page *page;

	page = pagecache_get_page(mapping, index, fgp_flags & ~FGP_STABLE,
				  gfp);
	if (!page)
		return NULL;
	if (fgp_flags & FGP_STABLE)
		wait_for_stable_page(page);
	return page_folio(page);
}

static inline struct folio *filemap_get_folio(struct address_space *mapping,
					      pgoff_t index)
{
	return __filemap_get_folio(mapping, index, 0, 0);
}

/* The next locked folio of a readahead; the page cache holds it. */
static inline struct folio *readahead_folio(struct readahead_control *rac)
{
	struct page *page = readahead_page(rac);

	if (!page)
		return NULL;
	put_page(page);
	return page_folio(page);
}

#endif /* _LOOM_COMPAT_FOLIO_H */
