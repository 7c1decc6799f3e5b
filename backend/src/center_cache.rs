//! The coupon center's recent pages, kept in memory for [`FRESH_MS`].
//!
//! A promotion sends thousands of phones to the same few center pages. Finding a page's cards
//! (filter, rank by recent claims, page) and its filter menus means reading every shown batch
//! of the tenant; that is what this keeps. What a customer acts on is never kept: every answer
//! re-reads its cards' coupons left and drops a card that stopped being claimable (claimed
//! out, ended, refunded), so a claim shows at once. A new batch shows within [`FRESH_MS`]
//! (at once on the server that made it, which forgets its tenant's pages).

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use domain::claims::{CenterFilters, CenterPage, CenterSort};

/// How long a computed page is reused, in milliseconds.
pub const FRESH_MS: i64 = 2_000;
/// At most this many pages are kept; past it the oldest go first.
const MAX_PAGES: usize = 4_096;

/// One page's key: tenant, filters, order and page number.
pub type Key = (String, CenterFilters, CenterSort, i64);

/// See the module documentation.
#[derive(Default)]
pub struct CenterCache {
    pages: Mutex<HashMap<Key, (i64, Arc<CenterPage>)>>,
}

impl CenterCache {
    /// The page under `key` computed less than [`FRESH_MS`] before `now_ms`.
    pub fn get(&self, key: &Key, now_ms: i64) -> Option<Arc<CenterPage>> {
        let pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages
            .get(key)
            .filter(|(at, _)| now_ms >= *at && now_ms - at < FRESH_MS)
            .map(|(_, p)| p.clone())
    }

    /// Keeps `page` under `key`, computed at `now_ms`.
    pub fn put(&self, key: Key, now_ms: i64, page: Arc<CenterPage>) {
        let mut pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        if pages.len() >= MAX_PAGES {
            pages.retain(|_, (at, _)| now_ms >= *at && now_ms - *at < FRESH_MS);
            if pages.len() >= MAX_PAGES {
                pages.clear();
            }
        }
        pages.insert(key, (now_ms, page));
    }

    /// Forgets every page of `tenant_id` (a batch was added).
    pub fn forget(&self, tenant_id: &str) {
        let mut pages = self
            .pages
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner);
        pages.retain(|k, _| k.0 != tenant_id);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn key(tenant: &str) -> Key {
        (
            tenant.to_owned(),
            CenterFilters::default(),
            CenterSort::Popular,
            1,
        )
    }

    fn page() -> Arc<CenterPage> {
        Arc::new(CenterPage {
            cards: vec![],
            page: 1,
            has_next: false,
            countries: vec![],
            cities: vec![],
            categories: vec![],
        })
    }

    #[test]
    fn a_page_is_reused_only_while_fresh_and_only_for_its_tenant() {
        let c = CenterCache::default();
        c.put(key("t1"), 1_000, page());
        assert!(c.get(&key("t1"), 1_000 + FRESH_MS - 1).is_some());
        assert!(c.get(&key("t1"), 1_000 + FRESH_MS).is_none());
        assert!(c.get(&key("t1"), 999).is_none(), "a clock set back");
        assert!(c.get(&key("t2"), 1_000).is_none());
        c.put(key("t2"), 1_000, page());
        c.forget("t1");
        assert!(c.get(&key("t1"), 1_000).is_none());
        assert!(c.get(&key("t2"), 1_000).is_some());
    }
}
