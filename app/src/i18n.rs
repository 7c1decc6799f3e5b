//! The page side of [`domain::i18n`]: the request's language as a context, and the `t!` macro
//! every page uses for its text.
//!
//! The server chooses the language ([`domain::i18n::choose`], in the server's middleware) and
//! writes it into `<html lang>`; the browser app reads it back from there when it hydrates, so
//! both render the same words.

use leptos::prelude::*;

pub use domain::i18n::{Arg, Locale};

/// The language of the page being rendered (English outside one).
pub fn locale() -> Locale {
    use_context::<Locale>().unwrap_or_default()
}

/// The language this request was given: on the server, what the middleware chose; in the
/// browser, the `<html lang>` the server wrote.
pub fn request_locale() -> Locale {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::locale()
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("lang"))
            .and_then(|l| Locale::parse(&l))
            .unwrap_or_default()
    }
}

/// The text of a key the domain names (`Section::title_key`, `category_key`…) in the page's
/// language; literal keys use [`t!`] so the catalogue test can check them.
pub fn tk(key: &str) -> String {
    domain::i18n::t(locale(), key)
}

/// The text of `key` in the page's language: `t!("site-log-in")`, or with values
/// `t!("center-left", count = n)` (Fluent's `{ $count }`).
macro_rules! t {
    ($key:literal) => {
        ::domain::i18n::t($crate::i18n::locale(), $key)
    };
    ($key:literal, $($name:ident = $value:expr),+ $(,)?) => {
        ::domain::i18n::t_args(
            $crate::i18n::locale(),
            $key,
            &[$((stringify!($name), ::domain::i18n::Arg::from($value))),+],
        )
    };
}
pub(crate) use t;

/// The site's distance from UTC in minutes (its tenant's time zone), as a context beside the
/// language; the browser reads it back from `<html data-utc-offset>`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UtcOffset(pub i32);

/// Malaysia's offset, for a page rendered outside a request.
const MALAYSIA: UtcOffset = UtcOffset(480);

/// The request's site offset: on the server from its tenant, in the browser from the page.
pub fn request_offset() -> UtcOffset {
    #[cfg(feature = "ssr")]
    {
        crate::ssr::tenant().map_or(MALAYSIA, |b| UtcOffset(b.utc_offset_minutes))
    }
    #[cfg(not(feature = "ssr"))]
    {
        document()
            .document_element()
            .and_then(|e| e.get_attribute("data-utc-offset"))
            .and_then(|o| o.parse().ok())
            .map_or(MALAYSIA, UtcOffset)
    }
}

fn offset() -> i32 {
    use_context::<UtcOffset>().unwrap_or(MALAYSIA).0
}

/// A date (milliseconds since the epoch) in the page's language and the site's time zone.
pub fn date(ms: i64) -> String {
    domain::i18n::date_at(locale(), ms, offset())
}

/// A calendar day stored as its UTC midnight, in the page's language ([`domain::i18n::day`]).
pub fn day(midnight_ms: i64) -> String {
    domain::i18n::day(locale(), midnight_ms)
}

/// The last day of a span ending at the UTC midnight `end_ms` ([`domain::i18n::last_day`]).
pub fn last_day(end_ms: i64) -> String {
    domain::i18n::last_day(locale(), end_ms)
}

/// A date and time in the page's language and the site's time zone.
pub fn date_time(ms: i64) -> String {
    domain::i18n::date_time_at(locale(), ms, offset())
}

/// The language switch: one button per language, posting to `/lang`, which remembers the
/// choice (a cookie, and the account's preference when signed in) and comes back to `back`.
#[component]
pub fn LanguageSwitch(
    /// The path (and query) to come back to.
    back: String,
) -> impl IntoView {
    let current = locale();
    view! {
        <form method="post" action="/lang" class="lang-switch" data-testid="lang-switch">
            <input type="hidden" name="back" value=back/>
            <span class="lang-label">{t!("lang-switch")}</span>
            {Locale::ALL
                .into_iter()
                .map(|l| {
                    view! {
                        <button type="submit" name="to" value=l.tag() lang=l.tag()
                            class="ghost" aria-pressed=(l == current).to_string()
                            data-lang=l.tag()>{l.name()}</button>
                    }
                })
                .collect_view()}
        </form>
    }
}
