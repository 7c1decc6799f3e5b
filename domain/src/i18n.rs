//! The market's languages: English, Bahasa Melayu and Simplified Chinese.
//!
//! Every user-facing string lives in one Fluent file per language (`locales/en.ftl`,
//! `locales/ms.ftl`, `locales/zh-Hans.ftl`), with keys named by area (`center-…`, `claim-…`,
//! `error-…`). The files are compiled into the binary and the wasm, so pages, WhatsApp
//! messages and PDFs share one catalogue and the browser renders exactly what the server did.
//!
//! Which language a request gets is one pure rule, [`choose`]: the signed-in user's preference,
//! else the language switch's cookie, else the browser's `Accept-Language`, else the site's
//! default. Customers keep the language they claimed in (for their WhatsApp messages).
//!
//! Money, numbers and dates are formatted here too ([`money`], [`count`], [`date`]): the three
//! languages share Malaysia's digits, grouping and decimal point, so what differs (date order,
//! month names) lives in the locale files.

use std::sync::LazyLock;

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Deserialize, Serialize};

/// One of the market's languages.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Default, Serialize, Deserialize)]
pub enum Locale {
    #[default]
    En,
    Ms,
    ZhHans,
}

/// The name of the cookie the language switch sets.
pub const COOKIE: &str = "lang";

impl Locale {
    pub const ALL: [Locale; 3] = [Locale::En, Locale::Ms, Locale::ZhHans];

    /// The BCP 47 tag, as in `<html lang>` and the cookie: `en`, `ms`, `zh-Hans`.
    pub fn tag(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ms => "ms",
            Locale::ZhHans => "zh-Hans",
        }
    }

    /// The language's own name, as the switch shows it.
    pub fn name(self) -> &'static str {
        match self {
            Locale::En => "English",
            Locale::Ms => "Bahasa Melayu",
            Locale::ZhHans => "中文",
        }
    }

    /// The WhatsApp Cloud API template language code.
    pub fn whatsapp_code(self) -> &'static str {
        match self {
            Locale::En => "en",
            Locale::Ms => "ms",
            Locale::ZhHans => "zh_CN",
        }
    }

    /// Parses a language tag: any English, Malay (`ms`, `ms-MY`, `zsm`) or Chinese (`zh`,
    /// `zh-CN`, `zh-Hans`, `zh-MY`, …: Simplified is what the market's Chinese readers are
    /// taught) tag, in any case; anything else is `None`. WhatsApp's `zh_CN` parses too.
    pub fn parse(raw: &str) -> Option<Self> {
        let primary = raw
            .trim()
            .split(['-', '_'])
            .next()
            .unwrap_or_default()
            .to_ascii_lowercase();
        match primary.as_str() {
            "en" => Some(Locale::En),
            "ms" | "zsm" | "may" | "msa" => Some(Locale::Ms),
            "zh" | "cmn" | "yue" => Some(Locale::ZhHans),
            _ => None,
        }
    }

    /// Exactly one of the three tags ([`Locale::tag`], any case), as the switch and the
    /// site-language form send them; anything else is `None`.
    pub fn from_tag(raw: &str) -> Option<Self> {
        let raw = raw.trim();
        Self::ALL
            .into_iter()
            .find(|l| l.tag().eq_ignore_ascii_case(raw))
    }

    fn source(self) -> &'static str {
        match self {
            Locale::En => include_str!("../../locales/en.ftl"),
            Locale::Ms => include_str!("../../locales/ms.ftl"),
            Locale::ZhHans => include_str!("../../locales/zh-Hans.ftl"),
        }
    }

    fn index(self) -> usize {
        match self {
            Locale::En => 0,
            Locale::Ms => 1,
            Locale::ZhHans => 2,
        }
    }
}

impl std::fmt::Display for Locale {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.tag())
    }
}

/// The first supported language of an `Accept-Language` header, by its `q` weights (ties keep
/// the header's order); `q=0` means "not this one".
pub fn from_accept_language(header: &str) -> Option<Locale> {
    let mut ranked: Vec<(f32, usize, Locale)> = header
        .split(',')
        .enumerate()
        .filter_map(|(i, part)| {
            let mut pieces = part.split(';');
            let locale = Locale::parse(pieces.next()?)?;
            let q = pieces
                .filter_map(|p| p.trim().strip_prefix("q="))
                .filter_map(|q| q.trim().parse::<f32>().ok())
                .next()
                .unwrap_or(1.0)
                .clamp(0.0, 1.0);
            (q > 0.0).then_some((q, i, locale))
        })
        .collect();
    ranked.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    ranked.first().map(|r| r.2)
}

/// What the visitor's browser says: the switch's cookie, else `Accept-Language`. Unknown
/// values are skipped, never errors.
pub fn visitor(cookie: Option<&str>, accept_language: Option<&str>) -> Option<Locale> {
    cookie
        .and_then(Locale::parse)
        .or_else(|| accept_language.and_then(from_accept_language))
}

/// The language of a request: the signed-in user's preference, else the [`visitor`]'s, else
/// the site's default.
pub fn choose(account: Option<Locale>, visitor: Option<Locale>, site_default: Locale) -> Locale {
    account.or(visitor).unwrap_or(site_default)
}

/// A value put into a message: text as given, or a number (which also picks plural forms).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(untagged)]
pub enum Arg {
    Number(i64),
    Text(String),
}

/// A sentence kept as its key and values instead of as words, so that each reader sees it in
/// their own language: a ledger line is written once, in the language of nobody in particular,
/// and read by a merchant in Malay and a Super Admin in English.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Message {
    pub key: String,
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub args: Vec<(String, Arg)>,
}

impl Message {
    pub fn new(key: &str) -> Self {
        Self {
            key: key.to_owned(),
            args: Vec::new(),
        }
    }

    /// This message with the value `name` set.
    #[must_use]
    pub fn with(mut self, name: &str, value: impl Into<Arg>) -> Self {
        self.args.push((name.to_owned(), value.into()));
        self
    }

    /// The sentence in `locale`; `None` when no catalogue has the key (a message written by a
    /// newer version, or a key since retired), so the caller shows what it stored instead.
    pub fn render(&self, locale: Locale) -> Option<String> {
        if !has(Locale::En, &self.key) {
            return None;
        }
        let args: Vec<(&str, Arg)> = self
            .args
            .iter()
            .map(|(n, v)| (n.as_str(), v.clone()))
            .collect();
        Some(t_args(locale, &self.key, &args))
    }

    /// The sentence in English, as stored beside the message (a bank record in one language).
    pub fn english(&self) -> String {
        self.render(Locale::En).unwrap_or_else(|| self.key.clone())
    }
}

impl From<&str> for Arg {
    fn from(s: &str) -> Self {
        Arg::Text(s.to_owned())
    }
}
impl From<String> for Arg {
    fn from(s: String) -> Self {
        Arg::Text(s)
    }
}
impl From<&String> for Arg {
    fn from(s: &String) -> Self {
        Arg::Text(s.clone())
    }
}
macro_rules! number_arg {
    ($($t:ty),*) => {$(
        impl From<$t> for Arg {
            fn from(n: $t) -> Self {
                Arg::Number(i64::try_from(n).unwrap_or(i64::MAX))
            }
        }
    )*};
}
number_arg!(i64, i32, u32, u64, usize, u16, u8);

struct Catalog {
    bundles: Vec<FluentBundle<FluentResource>>,
}

static CATALOG: LazyLock<Catalog> = LazyLock::new(|| Catalog {
    bundles: Locale::ALL.iter().map(|l| bundle(*l)).collect(),
});

fn bundle(locale: Locale) -> FluentBundle<FluentResource> {
    let lang = locale
        .tag()
        .parse()
        .unwrap_or_else(|_| unic_langid::LanguageIdentifier::default());
    let mut bundle = FluentBundle::new_concurrent(vec![lang]);
    // Pages are HTML and messages plain text: no bidi isolation marks around values.
    bundle.set_use_isolating(false);
    // Whole numbers in messages are written with the market's grouping (`1,000 coupons`).
    bundle.set_formatter(Some(grouped));
    let resource = match FluentResource::try_new(locale.source().to_owned()) {
        Ok(r) => r,
        // A syntax error keeps the entries that parsed; the catalogue tests fail on it.
        Err((r, _)) => r,
    };
    let _ = bundle.add_resource(resource);
    bundle
}

/// Fluent's formatter for whole numbers: grouped like [`count`]; anything else as Fluent does.
fn grouped<M>(value: &FluentValue, _: &M) -> Option<String> {
    match value {
        FluentValue::Number(n) if n.value.fract() == 0.0 && n.value.abs() < 1e15 => {
            let sign = if n.value < 0.0 { "-" } else { "" };
            Some(format!("{sign}{}", group(&format!("{:.0}", n.value.abs()))))
        }
        _ => None,
    }
}

/// Whether `key` exists in `locale`'s file.
pub fn has(locale: Locale, key: &str) -> bool {
    CATALOG.bundles[locale.index()].has_message(key)
}

/// The message `key` in `locale`.
pub fn t(locale: Locale, key: &str) -> String {
    t_args(locale, key, &[])
}

/// The message `key` in `locale` with its values. A key missing in `locale` falls back to
/// English, then to the key itself (the catalogue tests keep both from happening).
pub fn t_args(locale: Locale, key: &str, args: &[(&str, Arg)]) -> String {
    let (key, attribute) = match key.split_once('.') {
        Some((k, a)) => (k, Some(a)),
        None => (key, None),
    };
    for l in [locale, Locale::En] {
        let bundle = &CATALOG.bundles[l.index()];
        let Some(msg) = bundle.get_message(key) else {
            continue;
        };
        let pattern = match attribute {
            Some(a) => msg.get_attribute(a).map(|a| a.value()),
            None => msg.value(),
        };
        let Some(pattern) = pattern else { continue };
        let mut fluent_args = FluentArgs::new();
        for (name, value) in args {
            match value {
                Arg::Text(s) => fluent_args.set(*name, FluentValue::from(s.as_str())),
                Arg::Number(n) => fluent_args.set(*name, FluentValue::from(*n)),
            }
        }
        let mut errors = Vec::new();
        return bundle
            .format_pattern(pattern, Some(&fluent_args), &mut errors)
            .into_owned();
    }
    key.to_owned()
}

/// Every key of `locale`'s file (messages only), in file order.
pub fn keys(locale: Locale) -> Vec<String> {
    let resource = match FluentResource::try_new(locale.source().to_owned()) {
        Ok(r) => r,
        Err((r, _)) => r,
    };
    resource
        .entries()
        .filter_map(|e| match e {
            fluent_syntax::ast::Entry::Message(m) => Some(m.id.name.to_owned()),
            _ => None,
        })
        .collect()
}

/// Syntax errors in `locale`'s file, as text (empty when it parses).
pub fn syntax_errors(locale: Locale) -> Vec<String> {
    match FluentResource::try_new(locale.source().to_owned()) {
        Ok(_) => Vec::new(),
        Err((_, errors)) => errors.iter().map(|e| format!("{e:?}")).collect(),
    }
}

/// Typed text in one Unicode form (NFC, composed): "é" typed as `e` + a combining accent and
/// "é" typed as one character are stored, shown and searched as the same text. Every parse of
/// free text (names, offers, messages, searches) passes through here.
pub fn nfc(text: &str) -> String {
    use unicode_normalization::UnicodeNormalization;
    text.nfc().collect()
}

/// `n` with the market's grouping: `12,345`.
pub fn count(n: i64) -> String {
    let sign = if n < 0 { "-" } else { "" };
    format!("{sign}{}", group(&n.unsigned_abs().to_string()))
}

/// A run of digits with a comma before every third from the right.
fn group(digits: &str) -> String {
    let mut out = String::with_capacity(digits.len() + digits.len() / 3);
    for (i, ch) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(ch);
    }
    out
}

/// Money as the market writes it: `RM 5.00`, `RM 1,234.50`, `-RM 0.05`; other currencies by
/// their code (`USD 5.00`). Two decimals (every currency the platform sells in has two).
pub fn money(minor: i64, currency: &str) -> String {
    let sign = if minor < 0 { "-" } else { "" };
    let abs = minor.unsigned_abs();
    let units = i64::try_from(abs / 100).unwrap_or(i64::MAX);
    let symbol = if currency.eq_ignore_ascii_case("MYR") {
        "RM"
    } else {
        currency
    };
    format!("{sign}{symbol} {}.{:02}", count(units), abs % 100)
}

/// A calendar date in `locale`: `7 Dec 2026`, `7 Dis 2026`, `2026年12月7日`.
pub fn date(locale: Locale, year: i64, month: u32, day: u32) -> String {
    let month_name = t(locale, &format!("month-short-{month}"));
    t_args(
        locale,
        "date-format",
        &[
            ("day", Arg::from(u64::from(day))),
            ("month", Arg::Text(month_name)),
            ("monthnum", Arg::from(u64::from(month))),
            // A year is a name, not a quantity: never grouped.
            ("year", Arg::Text(year.to_string())),
        ],
    )
}

/// The calendar date of `ms` (milliseconds since the epoch) at `offset_minutes` from UTC, in
/// `locale`.
pub fn date_at(locale: Locale, ms: i64, offset_minutes: i32) -> String {
    let local = ms + i64::from(offset_minutes) * 60_000;
    let (y, m, d) = crate::time::civil_from_days(local.div_euclid(86_400_000));
    date(locale, y, m, d)
}

/// A calendar day stored as its UTC midnight (a batch's first day, an ad's day), in `locale`:
/// shown as that day wherever the site is, never shifted by its time zone.
pub fn day(locale: Locale, midnight_ms: i64) -> String {
    date_at(locale, midnight_ms, 0)
}

/// The last day of a span that ends at `end_ms` (the UTC midnight after its last day, as a
/// batch's `valid_until_ms` is stored), in `locale`.
pub fn last_day(locale: Locale, end_ms: i64) -> String {
    day(locale, end_ms - 1)
}

/// `date_at` followed by the time of day (24-hour clock): `7 Dec 2026 14:05`.
pub fn date_time_at(locale: Locale, ms: i64, offset_minutes: i32) -> String {
    let local = ms + i64::from(offset_minutes) * 60_000;
    let minutes = local.rem_euclid(86_400_000) / 60_000;
    format!(
        "{} {:02}:{:02}",
        date_at(locale, ms, offset_minutes),
        minutes / 60,
        minutes % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn tags_parse_to_the_market_languages() {
        assert_eq!(Locale::parse("ms-MY"), Some(Locale::Ms));
        assert_eq!(Locale::parse("zh_CN"), Some(Locale::ZhHans));
        assert_eq!(Locale::parse("zh-Hant-TW"), Some(Locale::ZhHans));
        assert_eq!(Locale::parse("EN-gb"), Some(Locale::En));
        assert_eq!(Locale::parse("fr"), None);
        assert_eq!(Locale::from_tag(" ZH-hans "), Some(Locale::ZhHans));
        assert_eq!(Locale::from_tag("zh-CN"), None);
        assert_eq!(Locale::parse(""), None);
        for l in Locale::ALL {
            assert_eq!(Locale::parse(l.tag()), Some(l));
            assert_eq!(Locale::parse(l.whatsapp_code()), Some(l));
        }
    }

    #[test]
    fn accept_language_follows_the_weights() {
        assert_eq!(
            from_accept_language("fr-FR,zh-CN;q=0.8,en;q=0.7"),
            Some(Locale::ZhHans)
        );
        assert_eq!(from_accept_language("en;q=0.5, ms;q=0.9"), Some(Locale::Ms));
        assert_eq!(from_accept_language("ms;q=0, en"), Some(Locale::En));
        assert_eq!(from_accept_language("de, fr"), None);
        assert_eq!(from_accept_language(""), None);
    }

    #[test]
    fn the_account_beats_the_cookie_beats_the_browser_beats_the_site() {
        let z = Locale::ZhHans;
        assert_eq!(
            choose(Some(Locale::Ms), visitor(Some("zh-Hans"), Some("en")), z),
            Locale::Ms
        );
        assert_eq!(choose(None, visitor(Some("ms"), Some("en")), z), Locale::Ms);
        assert_eq!(
            choose(None, visitor(Some("klingon"), Some("en")), z),
            Locale::En
        );
        assert_eq!(choose(None, visitor(None, Some("de")), z), z);
        assert_eq!(choose(None, visitor(None, None), Locale::Ms), Locale::Ms);
    }

    #[test]
    fn money_and_counts_are_written_as_in_malaysia() {
        assert_eq!(money(500, "MYR"), "RM 5.00");
        assert_eq!(money(123_450, "myr"), "RM 1,234.50");
        assert_eq!(money(-5, "MYR"), "-RM 0.05");
        assert_eq!(money(100, "USD"), "USD 1.00");
        assert_eq!(count(0), "0");
        assert_eq!(count(999), "999");
        assert_eq!(count(1000), "1,000");
        assert_eq!(count(-1_234_567), "-1,234,567");
    }

    #[test]
    fn typed_text_is_kept_composed() {
        assert_eq!(nfc("Cafe\u{301} 好味"), "Café 好味");
        assert_eq!(nfc("Café"), "Café");
    }

    #[test]
    fn dates_follow_the_language() {
        assert_eq!(date(Locale::En, 2026, 12, 7), "7 Dec 2026");
        assert_eq!(date(Locale::Ms, 2026, 12, 7), "7 Dis 2026");
        assert_eq!(date(Locale::ZhHans, 2026, 12, 7), "2026年12月7日");
        // 2026-12-06 20:30 UTC is already the 7th in Kuala Lumpur (UTC+8).
        let ms = 1_796_589_000_000;
        assert_eq!(date_at(Locale::En, ms, 0), "6 Dec 2026");
        assert_eq!(date_time_at(Locale::En, ms, 480), "7 Dec 2026 04:30");
    }

    #[test]
    fn numbers_in_messages_are_grouped_and_years_are_not() {
        assert_eq!(
            t_args(
                Locale::En,
                "center-left",
                &[("count", Arg::from(12_345_u32))]
            ),
            "12,345 left"
        );
        assert_eq!(date(Locale::En, 2026, 1, 5), "5 Jan 2026");
    }

    #[test]
    fn messages_take_values_and_fall_back_to_english() {
        assert_eq!(
            t_args(Locale::En, "center-left", &[("count", Arg::from(1_u32))]),
            "1 left"
        );
        assert_eq!(t(Locale::Ms, "no-such-key"), "no-such-key");
    }
}
