//! The locale files are complete and every key the code names exists.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use domain::i18n::{self, Locale};

fn keys(l: Locale) -> BTreeSet<String> {
    i18n::keys(l).into_iter().collect()
}

#[test]
fn every_locale_file_parses() {
    for l in Locale::ALL {
        assert_eq!(i18n::syntax_errors(l), Vec::<String>::new(), "{l}");
    }
}

#[test]
fn every_key_exists_in_all_three_languages_and_none_is_stray() {
    let en = keys(Locale::En);
    assert!(en.len() > 20);
    for l in [Locale::Ms, Locale::ZhHans] {
        let other = keys(l);
        let missing: Vec<_> = en.difference(&other).collect();
        let stray: Vec<_> = other.difference(&en).collect();
        assert!(missing.is_empty(), "{l} lacks {missing:?}");
        assert!(stray.is_empty(), "{l} has keys English lacks: {stray:?}");
    }
}

#[test]
fn no_key_is_defined_twice() {
    for l in Locale::ALL {
        let all = i18n::keys(l);
        let unique: BTreeSet<_> = all.iter().collect();
        assert_eq!(all.len(), unique.len(), "{l} defines a key twice");
    }
}

fn rust_files(dir: &Path, out: &mut Vec<PathBuf>) {
    for entry in std::fs::read_dir(dir).into_iter().flatten().flatten() {
        let p = entry.path();
        if p.is_dir() {
            rust_files(&p, out);
        } else if p.extension().is_some_and(|e| e == "rs") {
            out.push(p);
        }
    }
}

/// The keys named in code: `t!("key"…)` in the app, `i18n::t(locale, "key")` and
/// `i18n::t_args(locale, "key", …)` elsewhere.
fn keys_named_in_code() -> BTreeSet<(String, String)> {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in [
        "app/src",
        "backend/src",
        "server/src",
        "domain/src",
        "worker/src",
    ] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut found = BTreeSet::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for marker in ["t!(", "i18n::t(", "i18n::t_args("] {
            let mut at = 0;
            while let Some(i) = text[at..].find(marker) {
                let start = at + i;
                at = start + marker.len();
                // `format!(`, `print!(`… end in `t!(` too: the macro is a word of its own.
                let before = text[..start].chars().next_back();
                if marker == "t!(" && before.is_some_and(|c| c.is_alphanumeric() || c == '_') {
                    continue;
                }
                // The key is the call's first string literal, before any `)`.
                let rest = &text[at..];
                let Some(q) = rest.find('"') else { continue };
                if rest[..q].contains(')') || rest[..q].contains('{') {
                    continue;
                }
                let key: String = rest[q + 1..]
                    .chars()
                    .take_while(|c| {
                        c.is_ascii_alphanumeric() || *c == '-' || *c == '_' || *c == '.'
                    })
                    .collect();
                if !key.is_empty() {
                    found.insert((key, f.display().to_string()));
                }
            }
        }
    }
    found
}

#[test]
fn every_key_named_in_code_exists() {
    let named = keys_named_in_code();
    assert!(named.len() > 5, "the scan found the calls: {named:?}");
    let missing: Vec<_> = named
        .iter()
        .filter(|(k, _)| {
            let base = k.split('.').next().unwrap_or(k);
            !i18n::has(Locale::En, base)
        })
        .collect();
    assert!(
        missing.is_empty(),
        "keys named in code but not in en.ftl: {missing:?}"
    );
}

#[test]
fn every_plain_page_key_of_the_server_exists() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("../server/src");
    let mut files = Vec::new();
    rust_files(&root, &mut files);
    let mut named = 0;
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        for (_, lit) in string_literals(&text) {
            if lit.starts_with("page-") && lit.chars().all(|c| c.is_ascii_lowercase() || c == '-') {
                named += 1;
                assert!(i18n::has(Locale::En, lit), "{}: {lit}", f.display());
            }
        }
    }
    assert!(named > 10, "the scan found the server's page keys");
}

#[test]
fn the_requirement_labels_stay_exact_in_english() {
    for (key, text) in [
        ("credit-remaining-coupon", "Coupon Credits Remaining"),
        ("credit-remaining-wa_ui", "WhatsApp UI Credits Remaining"),
        ("credit-remaining-wa_bi", "WhatsApp BI Credits Remaining"),
        ("claim-get-coupon", "Get Coupon"),
    ] {
        assert_eq!(i18n::t(Locale::En, key), text);
        for l in [Locale::Ms, Locale::ZhHans] {
            let t = i18n::t(l, key);
            assert!(!t.is_empty() && t != text && t != key, "{l} {key}: {t}");
        }
    }
}

#[test]
fn every_label_the_domain_names_by_key_exists() {
    use domain::claims::{CenterSort, ClaimSource};
    use domain::credits::CreditType;
    use domain::sections::Section;
    let mut keys: Vec<String> = Section::ALL.iter().map(|s| s.title_key()).collect();
    keys.extend(
        [
            CreditType::Coupon,
            CreditType::WaUi,
            CreditType::WaBi,
            CreditType::Money,
        ]
        .iter()
        .map(|c| c.remaining_key()),
    );
    keys.extend(
        domain::coupons::CATEGORIES
            .iter()
            .map(|(c, _)| domain::coupons::category_key(c)),
    );
    keys.extend(CenterSort::ALL.iter().map(|s| s.label_key()));
    keys.extend(
        [
            ClaimSource::Homepage,
            ClaimSource::InStore,
            ClaimSource::LuckyDraw,
            ClaimSource::Birthday,
            ClaimSource::Recall,
            ClaimSource::Festival,
        ]
        .iter()
        .map(|s| s.label_key()),
    );
    for k in keys {
        assert!(i18n::has(Locale::En, &k), "{k}");
    }
}

/// Words a page may show as they are in every language: names, formats and codes.
const SAME_IN_EVERY_LANGUAGE: &[&str] = &[
    "WhatsApp",
    "PDF",
    "CSV",
    "QR",
    "Stripe",
    "UI",
    "BI",
    "MYR",
    "RM",
    "ID",
    "URL",
    "DNS",
    "TXT",
    "OK",
    "English",
    "Bahasa Melayu",
    "MY",
];

/// Placeholders that show an example of what to type (codes, addresses, a place), the same
/// in every language.
const EXAMPLES: &[&str] = &[
    "https://your-shop.example/offer",
    "Kuala Lumpur, Penang",
    "Asia/Kuala_Lumpur",
    "checkout.session.completed",
    "pk_live_…",
    "sk_live_…",
    "whsec_…",
    "deals.example.com",
    "ABCD-EFGH-JKL",
];

/// English left in a page: a string literal that is a view's text (`>"Text"`, `}"Text"`) or the
/// value of an attribute people read (`placeholder`, `aria-label`, `title`, `alt`, `<Title
/// text>`), holding a word of two or more letters that is not the same in every language.
fn english_in(text: &str) -> Vec<String> {
    let mut found = Vec::new();
    for (start, lit) in string_literals(text) {
        let before = text[..start].trim_end_matches([' ', '\n']);
        let shown = (before.ends_with('>') && !before.ends_with("=>") && !before.ends_with("->"))
            || before.ends_with('}')
            || ["placeholder=", "aria-label=", "title=", "alt=", "text="]
                .iter()
                .any(|a| before.ends_with(a));
        let after = text[start + lit.len() + 2..].trim_start();
        if !shown || after.starts_with("=>") || EXAMPLES.contains(&lit) {
            continue;
        }
        let words = lit
            .split(|c: char| !c.is_ascii_alphabetic())
            .filter(|w| w.len() >= 2)
            .any(|w| !SAME_IN_EVERY_LANGUAGE.contains(&w));
        if words {
            found.push(lit.to_owned());
        }
    }
    found
}

/// The string literals of Rust source (byte offset of the opening quote, content), skipping
/// comments, char literals and raw strings.
fn string_literals(text: &str) -> Vec<(usize, &str)> {
    let b = text.as_bytes();
    let mut out = Vec::new();
    let mut i = 0;
    while i < b.len() {
        match b[i] {
            b'/' if b.get(i + 1) == Some(&b'/') => {
                while i < b.len() && b[i] != b'\n' {
                    i += 1;
                }
            }
            b'\'' => {
                // A char literal ('"', '\'') or a lifetime ('a): skip the quoted char.
                if b.get(i + 2) == Some(&b'\'') {
                    i += 3;
                } else if b.get(i + 1) == Some(&b'\\') && b.get(i + 3) == Some(&b'\'') {
                    i += 4;
                } else {
                    i += 1;
                }
            }
            b'"' => {
                let raw = i > 0 && (b[i - 1] == b'r' || b[i - 1] == b'#');
                let start = i;
                i += 1;
                while i < b.len() && b[i] != b'"' {
                    if b[i] == b'\\' && !raw {
                        i += 1;
                    }
                    i += 1;
                }
                if !raw {
                    out.push((start, &text[start + 1..i.min(b.len())]));
                }
                i += 1;
            }
            _ => i += 1,
        }
    }
    out
}

#[test]
fn no_english_text_is_left_in_pages() {
    let root = Path::new(env!("CARGO_MANIFEST_DIR")).join("..");
    let mut files = Vec::new();
    for dir in ["app/src/pages", "app/src/components"] {
        rust_files(&root.join(dir), &mut files);
    }
    let mut left = Vec::new();
    for f in files {
        let text = std::fs::read_to_string(&f).unwrap_or_default();
        // Only view code: skip the tests at the end of a file.
        let text = text.split("#[cfg(test)]").next().unwrap_or_default();
        for lit in english_in(text) {
            left.push(format!("{}: {lit:?}", f.display()));
        }
    }
    assert!(left.is_empty(), "English in pages:\n{}", left.join("\n"));
}

#[test]
fn the_page_lint_catches_english() {
    assert_eq!(english_in(r#"<p>"Hello there"</p>"#), ["Hello there"]);
    assert_eq!(
        english_in(r#"<input placeholder="Your name"/>"#),
        ["Your name"]
    );
    assert!(english_in(r#"<p>{t!("x")}" · "</p><span>"WhatsApp"</span>"#).is_empty());
}

/// Ledger lines are posted as messages whose values select words (a credit type, a message
/// class, a kind of charge); each value the code passes must pick its own words, in English
/// exactly the words lines had before they were messages.
#[test]
fn ledger_messages_pick_the_words_of_every_value_the_code_passes() {
    use domain::credits::CreditType;
    use domain::i18n::Message;
    use domain::whatsapp::MessageClass;
    let english = |m: Message| m.render(Locale::En).unwrap();
    for (t, words) in [
        (CreditType::Coupon, "Bought 1,000 Coupon credits"),
        (CreditType::WaUi, "Bought 1,000 WhatsApp UI credits"),
        (CreditType::WaBi, "Bought 1,000 WhatsApp BI credits"),
        (CreditType::Money, "Bought 1,000 Money credits"),
    ] {
        let m = Message::new("ledger-bought")
            .with("credits", 1_000)
            .with("type", t.as_str());
        assert_eq!(english(m.clone()), words);
        let m = Message::new("checkout-what-package")
            .with("credits", 1_000)
            .with("type", t.as_str());
        assert_eq!(english(m), words.trim_start_matches("Bought "));
    }
    for (c, words) in [
        (MessageClass::Ui, "WhatsApp UI message accepted"),
        (MessageClass::Bi, "WhatsApp BI message accepted"),
    ] {
        let m = Message::new("ledger-wa-accepted").with("class", c.as_str());
        assert_eq!(english(m), words);
    }
    for (what, words) in [
        ("annual_fee", "Platform cost of a merchant's annual fee"),
        ("package", "Platform cost of a merchant's package"),
        ("ad", "Platform cost of a merchant's ad"),
    ] {
        let m = Message::new("ledger-merchant-cost").with("what", what);
        assert_eq!(english(m), words);
    }
}
