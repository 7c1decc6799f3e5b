//! What a page of the site ships to the browser, and how long a response may be kept: pure
//! rules the server's shell, its cache middleware and the tests share.
//!
//! The public pages (coupon center, claim form and claimed coupon, store link, poster, wheel,
//! the phone-proof link and "your data") are what customers open on phones, often on mobile
//! data. They are server-rendered HTML whose forms work without JavaScript, so they ship no
//! application wasm: one small script (`site.js`) adds what needs the browser (instant
//! filters, the wheel's spin, sharing, ad beacons). Every other page (dashboards, log in,
//! sign up) hydrates into the application.

/// Whether the page at `path` loads the application's wasm, or only the small public script.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PageKind {
    /// Server-rendered, no wasm: the public script only.
    Public,
    /// Hydrated into the application.
    App,
}

impl PageKind {
    /// The kind of the page at `path` (the URL's path, without its query).
    pub fn of(path: &str) -> Self {
        let public = path == "/"
            || path == "/my-data"
            || ["/claim/", "/store/", "/p/", "/v/"]
                .iter()
                .any(|prefix| path.starts_with(prefix));
        if public { Self::Public } else { Self::App }
    }
}

/// `Cache-Control` for a static file at `path`: a content-hashed name (`<stem>.<hash>.<ext>`
/// with 16 lowercase hex digits, as the site build names them) never changes, so it is kept a
/// year without asking again; any other file is kept but checked again before each use.
pub fn static_cache_control(path: &str) -> &'static str {
    if is_hashed_name(path.rsplit('/').next().unwrap_or(path)) {
        "public, max-age=31536000, immutable"
    } else {
        "public, no-cache"
    }
}

/// `Cache-Control` for a page or data response: personal or not, only the visitor's own
/// browser may keep it, and must check with the server before showing it again; dashboards
/// and their data are never stored at all.
pub fn dynamic_cache_control(path: &str) -> &'static str {
    match PageKind::of(path) {
        PageKind::Public => "private, no-cache",
        PageKind::App => "private, no-store",
    }
}

/// Whether `name` is `<stem>.<16 lowercase hex digits>.<ext>`.
pub fn is_hashed_name(name: &str) -> bool {
    let mut parts = name.rsplitn(3, '.');
    let (Some(ext), Some(hash), Some(stem)) = (parts.next(), parts.next(), parts.next()) else {
        return false;
    };
    !ext.is_empty()
        && !stem.is_empty()
        && hash.len() == 16
        && hash
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn customers_pages_ship_no_wasm_and_dashboards_do() {
        for p in [
            "/",
            "/claim/abc",
            "/store/m1",
            "/store/m1/poster",
            "/store/m1/wheel",
            "/p/x.y",
            "/my-data",
            "/v/SER/sig",
        ] {
            assert_eq!(PageKind::of(p), PageKind::Public, "{p}");
        }
        for p in [
            "/dashboard",
            "/dashboard/coupons",
            "/login",
            "/signup",
            "/checkout/sandbox/1",
            "/claims",
            "/storefront",
            "/my-data/x",
        ] {
            assert_eq!(PageKind::of(p), PageKind::App, "{p}");
        }
    }

    #[test]
    fn only_content_hashed_names_are_immutable() {
        assert_eq!(
            static_cache_control("/pkg/coupons.0123456789abcdef.wasm"),
            "public, max-age=31536000, immutable"
        );
        for p in [
            "/pkg/coupons.wasm",
            "/favicon.svg",
            "/pkg/coupons.0123456789ABCDEF.wasm",
            "/pkg/coupons.0123456789abcde.wasm",
            "/pkg/.0123456789abcdef.js",
            "/demo/superdeals-logo.svg",
        ] {
            assert_eq!(static_cache_control(p), "public, no-cache", "{p}");
        }
    }

    #[test]
    fn pages_are_private_and_dashboards_never_stored() {
        assert_eq!(dynamic_cache_control("/"), "private, no-cache");
        assert_eq!(
            dynamic_cache_control("/dashboard/ledger"),
            "private, no-store"
        );
        assert_eq!(
            dynamic_cache_control("/api/claim_page"),
            "private, no-store"
        );
    }
}
