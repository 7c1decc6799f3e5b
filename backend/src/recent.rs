//! Answers computed in the last [`FRESH_MS`], kept in memory by one process: what a promotion's
//! thousands of identical public page views would otherwise ask the database again and again.
//!
//! What uses it: the coupon center's cards, menus and coupons left, whether a tenant runs any
//! ad ([`Caches`]), and the tenant a host names (see [`crate::tenants::resolve_host`]).
//! Whatever changes them on this server forgets its entries at once; other servers (scale-out)
//! see the change within [`FRESH_MS`], well inside the five seconds a claim may take to show in
//! another server's "coupons left".

use std::collections::HashMap;
use std::hash::Hash;
use std::sync::{Mutex, OnceLock, PoisonError};
use std::time::Instant;

/// How long an answer is reused, in milliseconds.
pub const FRESH_MS: i64 = 2_000;
/// At most this many answers are kept; past it the stale go, then all.
const MAX_ENTRIES: usize = 4_096;

/// The caches of one server process ([`crate::Ctx::caches`]), all timed on the context's
/// clock (business time: a test that moves its clock on moves past them too).
#[derive(Default)]
pub struct Caches {
    /// Coupon center pages: cards and filter menus (see [`crate::claims::center`]).
    pub center: Recent<crate::claims::CenterKey, std::sync::Arc<domain::claims::CenterPage>>,
    /// Each shown batch's coupons left, `None` once it cannot be claimed; a claim made here
    /// forgets its batch's entry at once.
    pub left: Recent<String, Option<i64>>,
    /// Tenants with no running ad (the usual case): their pages skip the ads query; approving
    /// an ad here forgets its tenant's entry.
    pub no_ads: Recent<String, ()>,
}

/// See the module documentation.
pub struct Recent<K, V> {
    entries: Mutex<HashMap<K, (i64, V)>>,
}

impl<K, V> Default for Recent<K, V> {
    fn default() -> Self {
        Self {
            entries: Mutex::new(HashMap::new()),
        }
    }
}

impl<K: Eq + Hash, V: Clone> Recent<K, V> {
    /// The answer under `key` kept less than [`FRESH_MS`] before `now_ms`.
    pub fn get(&self, key: &K, now_ms: i64) -> Option<V> {
        let entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries
            .get(key)
            .filter(|(at, _)| fresh(*at, now_ms))
            .map(|(_, v)| v.clone())
    }

    /// Keeps `value` under `key`, computed at `now_ms`.
    pub fn put(&self, key: K, now_ms: i64, value: V) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        if entries.len() >= MAX_ENTRIES {
            entries.retain(|_, (at, _)| fresh(*at, now_ms));
            if entries.len() >= MAX_ENTRIES {
                entries.clear();
            }
        }
        entries.insert(key, (now_ms, value));
    }

    /// Forgets every answer whose key `stale` picks.
    pub fn forget(&self, stale: impl Fn(&K) -> bool) {
        let mut entries = self.entries.lock().unwrap_or_else(PoisonError::into_inner);
        entries.retain(|k, _| !stale(k));
    }
}

fn fresh(at: i64, now_ms: i64) -> bool {
    now_ms >= at && now_ms - at < FRESH_MS
}

/// Milliseconds on this process' monotonic clock, for caches of things that do not follow
/// business time (a host's tenant).
pub fn monotonic_ms() -> i64 {
    static START: OnceLock<Instant> = OnceLock::new();
    let start = *START.get_or_init(Instant::now);
    i64::try_from(start.elapsed().as_millis()).unwrap_or(i64::MAX)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_answer_is_reused_only_while_fresh_and_only_under_its_key() {
        let c: Recent<(String, i64), i64> = Recent::default();
        c.put(("t1".into(), 1), 1_000, 7);
        assert_eq!(c.get(&("t1".into(), 1), 1_000 + FRESH_MS - 1), Some(7));
        assert_eq!(c.get(&("t1".into(), 1), 1_000 + FRESH_MS), None);
        assert_eq!(c.get(&("t1".into(), 1), 999), None, "a clock set back");
        assert_eq!(c.get(&("t2".into(), 1), 1_000), None);
        c.put(("t2".into(), 1), 1_000, 8);
        c.forget(|k| k.0 == "t1");
        assert_eq!(c.get(&("t1".into(), 1), 1_000), None);
        assert_eq!(c.get(&("t2".into(), 1), 1_000), Some(8));
    }

    #[test]
    fn a_full_cache_drops_the_stale_first() {
        let c: Recent<usize, usize> = Recent::default();
        for i in 0..MAX_ENTRIES {
            c.put(i, 0, i);
        }
        c.put(MAX_ENTRIES, FRESH_MS, 1);
        assert_eq!(c.get(&0, FRESH_MS), None);
        assert_eq!(c.get(&MAX_ENTRIES, FRESH_MS), Some(1));
    }
}
