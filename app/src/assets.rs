//! The site's static files by their content-hashed names. The site build
//! (`scripts/build-site.sh`) writes `assets.txt` beside the files: one line per file, its plain
//! URL and its hashed URL (`/pkg/coupons.css /pkg/coupons.0123456789abcdef.css`). Pages link
//! the hashed URL, which the server lets browsers keep for a year; a build without the manifest
//! (`cargo leptos watch`) links the plain names, which browsers check again on every use.

use std::collections::HashMap;
use std::sync::OnceLock;

static MANIFEST: OnceLock<HashMap<String, String>> = OnceLock::new();

/// The URL a page links for the static file at `plain` (e.g. `/pkg/coupons.css`).
pub fn href(plain: &str) -> String {
    MANIFEST
        .get()
        .and_then(|m| m.get(plain))
        .cloned()
        .unwrap_or_else(|| plain.to_owned())
}

/// Parses a manifest's text: `plain hashed` per line; blank lines and `#` comments skipped.
pub fn parse(text: &str) -> Result<HashMap<String, String>, String> {
    let mut out = HashMap::new();
    for (n, line) in text.lines().enumerate() {
        let line = line.trim();
        if line.is_empty() || line.starts_with('#') {
            continue;
        }
        match line.split_whitespace().collect::<Vec<_>>()[..] {
            [plain, hashed] if plain.starts_with('/') && hashed.starts_with('/') => {
                out.insert(plain.to_owned(), hashed.to_owned());
            }
            _ => return Err(format!("line {}: expected `/plain /hashed`", n + 1)),
        }
    }
    Ok(out)
}

/// Reads `<site_root>/assets.txt` once, at start: returns how many files it names, or 0 when
/// the site was built without one. A manifest that cannot be read is an error, so a broken
/// build is not served with links to files that are not there.
#[cfg(feature = "ssr")]
pub fn load(site_root: &std::path::Path) -> Result<usize, String> {
    let path = site_root.join("assets.txt");
    let text = match std::fs::read_to_string(&path) {
        Ok(t) => t,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Ok(0),
        Err(e) => return Err(format!("{}: {e}", path.display())),
    };
    let manifest = parse(&text).map_err(|e| format!("{}: {e}", path.display()))?;
    let n = manifest.len();
    // A second load (tests start several servers in one process) keeps the first.
    let _ = MANIFEST.set(manifest);
    Ok(n)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_manifest_maps_plain_urls_to_hashed_ones_and_refuses_junk() {
        let m = parse("# built\n/pkg/coupons.css /pkg/coupons.0123456789abcdef.css\n\n").unwrap();
        assert_eq!(m["/pkg/coupons.css"], "/pkg/coupons.0123456789abcdef.css");
        assert!(parse("/pkg/coupons.css").is_err());
        assert!(parse("pkg/a.css /pkg/a.0123456789abcdef.css").is_err());
    }
}
