//! Tenants (the main platform or one white-label agent), their branding, and how a request's
//! host picks one.

use serde::{Deserialize, Serialize};

use crate::AppError;

/// The main platform, or one white-label agent.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub enum TenantKind {
    Platform,
    Agent,
}

impl TenantKind {
    /// The stored name.
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Platform => "platform",
            Self::Agent => "agent",
        }
    }

    /// Parses a stored name.
    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "platform" => Ok(Self::Platform),
            "agent" => Ok(Self::Agent),
            other => Err(AppError::invalid(
                "tenant kind",
                format!("unknown kind {other:?}"),
            )),
        }
    }
}

/// What a tenant's public pages show: everything here is the agent's own (or the platform's on
/// the main domain), so an agent's site never names the platform.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Branding {
    pub tenant_id: String,
    pub kind: TenantKind,
    /// The name shown on the site, e.g. "SuperDeals".
    pub brand_name: String,
    /// The legal company name, used on statements.
    pub company_name: String,
    /// A path or URL of the logo image, if the tenant has one.
    pub logo_url: Option<String>,
    pub primary_color: HexColor,
    pub accent_color: HexColor,
    /// The host of the site's own links (see [`site_host`]).
    pub site_host: String,
    /// The language of visitors who chose none and whose browser asks for none we have.
    pub default_locale: crate::i18n::Locale,
    /// The site's time zone's distance from UTC now, in minutes (dates on its pages).
    pub utc_offset_minutes: i32,
}

/// A tenant's short name, used for its subdomain: 3 to 40 of `a-z`, `0-9` and inner `-`.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct Slug(String);

impl Slug {
    /// Parses a slug; upper case is folded.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim().to_ascii_lowercase();
        if !(3..=40).contains(&s.len()) {
            return Err(AppError::invalid("Slug", "must be 3 to 40 characters"));
        }
        if !s
            .bytes()
            .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-')
        {
            return Err(AppError::invalid("Slug", "may contain only a-z, 0-9 and -"));
        }
        if s.starts_with('-') || s.ends_with('-') {
            return Err(AppError::invalid("Slug", "must not start or end with -"));
        }
        Ok(Self(s))
    }

    /// The slug.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A colour as `#rrggbb`, the only form stored, so it can be put into CSS safely.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HexColor(String);

impl HexColor {
    /// Parses `#rgb` or `#rrggbb` (any case) into lower-case `#rrggbb`.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let s = raw.trim();
        let hex = s
            .strip_prefix('#')
            .ok_or_else(|| AppError::invalid("Colour", "must start with #"))?;
        if !hex.bytes().all(|b| b.is_ascii_hexdigit()) {
            return Err(AppError::invalid(
                "Colour",
                "must be hexadecimal, like #1a7f5a",
            ));
        }
        let full = match hex.len() {
            3 => hex.chars().flat_map(|c| [c, c]).collect::<String>(),
            6 => hex.to_owned(),
            _ => return Err(AppError::invalid("Colour", "must be #rgb or #rrggbb")),
        };
        Ok(Self(format!("#{}", full.to_ascii_lowercase())))
    }

    /// The colour as `#rrggbb`.
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// A request's host name: lower case, no port, no trailing dot, valid DNS characters only.
#[derive(Debug, Clone, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HostName(String);

impl HostName {
    /// Parses a `Host` header value, exactly `name` or `name:port` (IPv6 literals as
    /// `[::1]:3000`, kept with their brackets); the port is dropped. Anything else is refused:
    /// userinfo (`a@b`), a path, query or fragment, spaces, an empty or non-numeric port or one
    /// above 65535, more than one colon. So `localhost:4301@evil.example` names no host at all.
    pub fn parse(raw: &str) -> Result<Self, AppError> {
        let bad = |why: &str| AppError::invalid("Host", why.to_owned());
        let raw = raw.trim();
        if raw.bytes().any(|b| {
            matches!(b, b'@' | b'/' | b'\\' | b'?' | b'#' | b'%')
                || b.is_ascii_whitespace()
                || b.is_ascii_control()
        }) {
            return Err(bad("must be a host name and an optional port only"));
        }
        let (name, port) = if raw.starts_with('[') {
            let end = raw.find(']').ok_or_else(|| bad("bad IPv6 literal"))?;
            let rest = &raw[end + 1..];
            let port = match rest {
                "" => None,
                r => Some(r.strip_prefix(':').ok_or_else(|| bad("bad IPv6 literal"))?),
            };
            (&raw[..=end], port)
        } else {
            match raw.split_once(':') {
                None => (raw, None),
                Some((name, port)) => (name, Some(port)),
            }
        };
        if let Some(port) = port {
            let valid = !port.is_empty()
                && port.len() <= 5
                && port.bytes().all(|b| b.is_ascii_digit())
                && port.parse::<u32>().is_ok_and(|p| (1..=65_535).contains(&p));
            if !valid {
                return Err(bad("has an invalid port"));
            }
        }
        let name = name.trim_end_matches('.').to_ascii_lowercase();
        if name.is_empty() || name.len() > 253 {
            return Err(bad("missing or too long"));
        }
        let ok = if name.starts_with('[') {
            name.bytes()
                .all(|b| b.is_ascii_hexdigit() || matches!(b, b'[' | b']' | b':' | b'.'))
        } else {
            name.bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || matches!(b, b'-' | b'.'))
        };
        if !ok {
            return Err(bad("contains characters a host name cannot"));
        }
        Ok(Self(name))
    }

    /// The host name.
    pub fn as_str(&self) -> &str {
        &self.0
    }

    /// Whether this is an IP address rather than a name (an IP has no subdomains).
    pub fn is_ip_literal(&self) -> bool {
        self.0.starts_with('[') || self.0.bytes().all(|b| b.is_ascii_digit() || b == b'.')
    }
}

/// Which tenant a host names, before any storage is asked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum HostRoute {
    /// One of the main platform's own domains.
    Platform,
    /// `<slug>.<main domain>`: an agent's subdomain.
    AgentSubdomain(Slug),
    /// Anything else: maybe an agent's verified custom domain.
    CustomDomain(HostName),
}

/// The host every absolute link of a tenant's site uses (WhatsApp messages, QR codes, posters,
/// Stripe return URLs, webhook URLs): the platform's first main domain; for an agent its
/// verified custom domain when it has one, else `<slug>.<first main domain>`. Never a request
/// header, so a forged `Host` cannot put another site into a link.
pub fn site_host(
    kind: TenantKind,
    slug: &str,
    verified_domain: Option<&str>,
    main_domain: &HostName,
) -> String {
    match (kind, verified_domain) {
        (TenantKind::Platform, _) => main_domain.as_str().to_owned(),
        (TenantKind::Agent, Some(d)) => d.to_owned(),
        (TenantKind::Agent, None) => format!("{slug}.{}", main_domain.as_str()),
    }
}

/// Decides what `host` names, given the main platform's domains. The rule is pure so that the
/// request path and the tests agree on it: a main domain is the platform; exactly one label
/// in front of a main domain is an agent slug; everything else is looked up as a custom domain.
pub fn route_host(host: &HostName, main_domains: &[HostName]) -> HostRoute {
    let h = host.as_str();
    if main_domains.iter().any(|d| d.as_str() == h) {
        return HostRoute::Platform;
    }
    for d in main_domains {
        if let Some(label) = h.strip_suffix(d.as_str()).and_then(|p| p.strip_suffix('.'))
            && !label.contains('.')
            && let Ok(slug) = Slug::parse(label)
        {
            return HostRoute::AgentSubdomain(slug);
        }
    }
    HostRoute::CustomDomain(host.clone())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn mains() -> Vec<HostName> {
        vec![
            HostName::parse("localhost").unwrap(),
            HostName::parse("coupons.example").unwrap(),
        ]
    }

    #[test]
    fn a_host_is_a_name_and_an_optional_port_and_nothing_else() {
        for (raw, name) in [
            ("localhost", "localhost"),
            ("localhost:3000", "localhost"),
            ("Demo-Agent.LOCALHOST:65535", "demo-agent.localhost"),
            ("coupons.example.", "coupons.example"),
            ("[::1]:3000", "[::1]"),
            ("[::1]", "[::1]"),
        ] {
            assert_eq!(HostName::parse(raw).unwrap().as_str(), name, "{raw}");
        }
        for raw in [
            "localhost:4301@evil.example",
            "user@localhost",
            "localhost/evil",
            "localhost:3000/x",
            "localhost?x",
            "localhost#x",
            "localhost:",
            "localhost:0",
            "localhost:65536",
            "localhost:30a0",
            "localhost:1:2",
            "local host",
            "bad host!",
            "evil.example\\@localhost",
            "[::1]x",
            "",
        ] {
            assert!(HostName::parse(raw).is_err(), "{raw:?} parsed");
        }
    }

    #[test]
    fn links_use_the_tenants_own_host_never_the_request() {
        let main = HostName::parse("coupons.example").unwrap();
        assert_eq!(
            site_host(TenantKind::Platform, "platform", None, &main),
            "coupons.example"
        );
        assert_eq!(
            site_host(TenantKind::Agent, "superdeals", None, &main),
            "superdeals.coupons.example"
        );
        assert_eq!(
            site_host(
                TenantKind::Agent,
                "superdeals",
                Some("www.superdeals.my"),
                &main
            ),
            "www.superdeals.my"
        );
    }

    #[test]
    fn main_domains_route_to_the_platform_with_or_without_port() {
        for h in [
            "localhost:3000",
            "LOCALHOST",
            "coupons.example.",
            "coupons.example:443",
        ] {
            assert_eq!(
                route_host(&HostName::parse(h).unwrap(), &mains()),
                HostRoute::Platform
            );
        }
    }

    #[test]
    fn one_label_before_a_main_domain_is_an_agent_slug() {
        let r = route_host(
            &HostName::parse("demo-agent.localhost:3000").unwrap(),
            &mains(),
        );
        assert_eq!(
            r,
            HostRoute::AgentSubdomain(Slug::parse("demo-agent").unwrap())
        );
    }

    #[test]
    fn deeper_or_foreign_hosts_are_custom_domains() {
        for h in ["a.b.localhost", "deals.example", "evillocalhost"] {
            let host = HostName::parse(h).unwrap();
            assert_eq!(
                route_host(&host, &mains()),
                HostRoute::CustomDomain(host.clone()),
                "{h}"
            );
        }
    }

    #[test]
    fn hosts_with_odd_characters_are_refused() {
        for h in ["", "exa mple.com", "a/b", "x_y.com", "<script>"] {
            assert!(HostName::parse(h).is_err(), "{h}");
        }
        assert_eq!(HostName::parse("[::1]:3000").unwrap().as_str(), "[::1]");
        assert!(HostName::parse("[::1]").unwrap().is_ip_literal());
        assert!(HostName::parse("127.0.0.1").unwrap().is_ip_literal());
        assert!(!HostName::parse("localhost").unwrap().is_ip_literal());
    }

    #[test]
    fn colours_are_normalised_or_refused() {
        assert_eq!(HexColor::parse("#ABC").unwrap().as_str(), "#aabbcc");
        assert_eq!(HexColor::parse("#1A7F5A").unwrap().as_str(), "#1a7f5a");
        for bad in ["red", "#12", "#1234567", "#ggg", "1a7f5a", "#1a7f5a;}"] {
            assert!(HexColor::parse(bad).is_err(), "{bad}");
        }
    }

    #[test]
    fn slugs_are_bounded_and_plain() {
        assert!(Slug::parse("Demo-Agent").is_ok());
        for bad in ["ab", "-ab", "ab-", "a_b", "a.b", &"a".repeat(41)] {
            assert!(Slug::parse(bad).is_err(), "{bad}");
        }
    }
}

/// A merchant as the merchant directory lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantSummary {
    pub id: String,
    pub company_name: String,
    pub kind: crate::auth::MerchantKind,
    /// `pending_payment`, `pending_agent_topup`, `active` or `expired`.
    pub status: String,
    pub country: String,
    pub city: String,
    pub created_at_ms: i64,
}

/// One merchant with its logins, as its tenant's admins see it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MerchantDetail {
    pub merchant: MerchantSummary,
    pub logins: Vec<StaffMember>,
}

/// A white-label agent as the main platform lists it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentSummary {
    pub tenant_id: String,
    pub slug: String,
    pub brand_name: String,
    pub company_name: String,
    pub merchant_count: i64,
    pub domains: Vec<String>,
}

/// A login of a tenant: staff, agent owner or merchant user.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffMember {
    pub user_id: String,
    pub display_name: String,
    pub email: String,
    /// The login's role; pages name it in their language (`Role::label_in`).
    pub role: crate::auth::Role,
    pub disabled: bool,
    /// The staff permissions held (empty for owners and merchants).
    pub permissions: Vec<crate::auth::Permission>,
    /// Whether this is a staff account the tenant's staff page manages (not the agent's owner,
    /// not a merchant login).
    pub is_staff: bool,
}

/// A tenant's site as its owner sees it: branding and the hosts that serve it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SiteInfo {
    pub branding: Branding,
    pub slug: String,
    /// Every host that serves the site: the subdomains and the verified custom domains.
    pub hosts: Vec<String>,
    /// Custom domains added but not yet verified (they serve nothing yet).
    pub unverified_domains: Vec<String>,
}
