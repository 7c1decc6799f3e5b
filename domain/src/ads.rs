//! Paid advertisements: what an ad is (banner or video, 7/14/30 days, targeting), the states
//! it moves through, the creation form's rules, the video container checks, and the views the
//! pages show. Pure: storage, payment and counting live in `backend::ads`.

use serde::{Deserialize, Serialize};

use crate::AppError;
use crate::agents::PriceItem;

/// One day in milliseconds.
pub const DAY_MS: i64 = 86_400_000;
/// The largest accepted video file.
pub const VIDEO_MAX_BYTES: usize = 20 * 1024 * 1024;
/// The longest accepted video, in seconds (as its container states it: MP4's `mvhd`, WebM's
/// Segment Info Duration).
pub const VIDEO_MAX_SECONDS: u64 = 30;
/// The most cities one ad may target.
pub const CITIES_MAX: usize = 20;

/// What the ad shows.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdKind {
    Banner,
    Video,
}

impl AdKind {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::Banner => "banner",
            Self::Video => "video",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        match s {
            "banner" => Ok(Self::Banner),
            "video" => Ok(Self::Video),
            _ => Err(AppError::invalid("Ad type", "must be banner or video")),
        }
    }
}

/// How long an approved ad runs.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdDuration {
    Days7,
    Days14,
    Days30,
}

impl AdDuration {
    pub const fn days(self) -> i64 {
        match self {
            Self::Days7 => 7,
            Self::Days14 => 14,
            Self::Days30 => 30,
        }
    }

    /// The price sheet line that prices it.
    pub const fn price_item(self) -> PriceItem {
        match self {
            Self::Days7 => PriceItem::Ad7Days,
            Self::Days14 => PriceItem::Ad14Days,
            Self::Days30 => PriceItem::Ad30Days,
        }
    }

    pub fn from_days(days: i64) -> Result<Self, AppError> {
        match days {
            7 => Ok(Self::Days7),
            14 => Ok(Self::Days14),
            30 => Ok(Self::Days30),
            _ => Err(AppError::invalid("Duration", "must be 7, 14 or 30 days")),
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        Self::from_days(
            s.trim()
                .parse()
                .map_err(|_| AppError::invalid("Duration", "must be 7, 14 or 30 days"))?,
        )
    }
}

/// Where an ad is in its life.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum AdState {
    /// Created; its payment has not arrived.
    PendingPayment,
    /// Paid; waits for an approver.
    Pending,
    /// Approved; runs from its start for its duration.
    Approved,
    /// Rejected with a reason; its payment was refunded.
    Rejected,
    /// Ran its full duration.
    Expired,
}

impl AdState {
    pub const fn as_str(self) -> &'static str {
        match self {
            Self::PendingPayment => "pending_payment",
            Self::Pending => "pending",
            Self::Approved => "approved",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }

    pub fn parse(s: &str) -> Result<Self, AppError> {
        Ok(match s {
            "pending_payment" => Self::PendingPayment,
            "pending" => Self::Pending,
            "approved" => Self::Approved,
            "rejected" => Self::Rejected,
            "expired" => Self::Expired,
            _ => return Err(AppError::invalid("State", format!("unknown ad state {s}"))),
        })
    }

    pub const fn label(self) -> &'static str {
        match self {
            Self::PendingPayment => "Awaiting payment",
            Self::Pending => "Awaiting approval",
            Self::Approved => "Approved",
            Self::Rejected => "Rejected",
            Self::Expired => "Expired",
        }
    }
}

/// Who sees an ad: everyone on the site, everyone in one country, or some cities of it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum Targeting {
    Everywhere,
    Country(String),
    Cities {
        country: String,
        cities: Vec<String>,
    },
}

impl Targeting {
    /// Builds the targeting from the form: an empty country means everywhere; cities are one
    /// per line or comma-separated, trimmed, de-duplicated case-insensitively.
    pub fn parse(country: &str, cities: &str) -> Result<Self, AppError> {
        let country = country.trim();
        let mut list: Vec<String> = Vec::new();
        for c in cities.split([',', '\n']) {
            let c = c.trim();
            if c.is_empty() {
                continue;
            }
            if c.chars().count() > 80 {
                return Err(AppError::invalid("Cities", "a city name is too long"));
            }
            if !list.iter().any(|x| x.eq_ignore_ascii_case(c)) {
                list.push(c.to_owned());
            }
        }
        if country.is_empty() {
            if !list.is_empty() {
                return Err(AppError::invalid("Cities", "choose the country first"));
            }
            return Ok(Self::Everywhere);
        }
        let code = country.to_ascii_uppercase();
        if code.len() != 2 || !code.chars().all(|c| c.is_ascii_uppercase()) {
            return Err(AppError::invalid(
                "Country",
                "must be a two-letter country code, e.g. MY",
            ));
        }
        if list.len() > CITIES_MAX {
            return Err(AppError::invalid(
                "Cities",
                format!("at most {CITIES_MAX} cities"),
            ));
        }
        Ok(if list.is_empty() {
            Self::Country(code)
        } else {
            Self::Cities {
                country: code,
                cities: list,
            }
        })
    }

    /// The targeting for people: "Everywhere", "MY", or "MY: Kuala Lumpur, Penang".
    pub fn label(&self) -> String {
        match self {
            Self::Everywhere => "Everywhere".to_owned(),
            Self::Country(c) => c.clone(),
            Self::Cities { country, cities } => format!("{country}: {}", cities.join(", ")),
        }
    }

    /// Whether a viewer filtering by `country` / `city` sees it.
    pub fn matches(&self, country: &str, city: Option<&str>) -> bool {
        match self {
            Self::Everywhere => true,
            Self::Country(c) => c.eq_ignore_ascii_case(country),
            Self::Cities { country: c, cities } => {
                c.eq_ignore_ascii_case(country)
                    && city.is_some_and(|v| cities.iter().any(|x| x.eq_ignore_ascii_case(v.trim())))
            }
        }
    }
}

/// A validated creation form.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewAd {
    pub title: String,
    pub kind: AdKind,
    pub duration: AdDuration,
    pub target_url: String,
    /// Midnight UTC of the start date.
    pub starts_at_ms: i64,
    pub targeting: Targeting,
}

/// The raw creation form.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdForm {
    pub title: String,
    pub kind: String,
    pub duration_days: String,
    pub target_url: String,
    /// `YYYY-MM-DD`.
    pub start_date: String,
    pub country: String,
    pub cities: String,
}

/// Checks a click-through link: absolute `http://` or `https://` with a host, no spaces or
/// control characters, at most 2,000 characters.
pub fn parse_target_url(raw: &str) -> Result<String, AppError> {
    let url = raw.trim();
    let rest = url
        .strip_prefix("https://")
        .or_else(|| url.strip_prefix("http://"))
        .ok_or_else(|| AppError::invalid("Link", "must start with http:// or https://"))?;
    let host = rest.split(['/', '?', '#']).next().unwrap_or("");
    if host.is_empty() || host.starts_with(':') || host.contains('@') {
        return Err(AppError::invalid("Link", "must name a web site"));
    }
    if url.len() > 2_000 || url.chars().any(|c| c.is_whitespace() || c.is_control()) {
        return Err(AppError::invalid("Link", "is not a valid web address"));
    }
    Ok(url.to_owned())
}

impl AdForm {
    /// Validates the form; the start date may be today (UTC) or later.
    pub fn parse(&self, now_ms: i64) -> Result<NewAd, AppError> {
        let title = self.title.trim();
        if title.is_empty() || title.chars().count() > 120 {
            return Err(AppError::invalid("Title", "must be 1 to 120 characters"));
        }
        let kind = AdKind::parse(self.kind.trim())?;
        let duration = AdDuration::parse(&self.duration_days)?;
        let target_url = parse_target_url(&self.target_url)?;
        let starts_at_ms = crate::time::parse_date_ms(self.start_date.trim())
            .map_err(|_| AppError::invalid("Start date", "must be a date like 2026-12-01"))?;
        let today = now_ms - now_ms.rem_euclid(DAY_MS);
        if starts_at_ms < today {
            return Err(AppError::invalid("Start date", "cannot be in the past"));
        }
        Ok(NewAd {
            title: title.to_owned(),
            kind,
            duration,
            target_url,
            starts_at_ms,
            targeting: Targeting::parse(&self.country, &self.cities)?,
        })
    }
}

/// Checks a rejection reason: required, at most 500 characters.
pub fn parse_reason(raw: &str) -> Result<String, AppError> {
    let r = raw.trim();
    if r.is_empty() {
        return Err(AppError::invalid("Reason", "tell the advertiser why"));
    }
    if r.chars().count() > 500 {
        return Err(AppError::invalid("Reason", "at most 500 characters"));
    }
    Ok(r.to_owned())
}

/// A video container this platform accepts.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum VideoFormat {
    Mp4,
    WebM,
}

impl VideoFormat {
    pub const fn mime(self) -> &'static str {
        match self {
            Self::Mp4 => "video/mp4",
            Self::WebM => "video/webm",
        }
    }
}

/// Checks a video upload: size, container signature (an MP4 `ftyp` box or the WebM EBML
/// header), and the duration the container states (MP4's `moov/mvhd` box, WebM's Segment
/// Info Duration); a file that does not state it is refused, since its length is unknown.
pub fn check_video(bytes: &[u8]) -> Result<VideoFormat, AppError> {
    if bytes.is_empty() {
        return Err(AppError::invalid("Video", "the file is empty"));
    }
    if bytes.len() > VIDEO_MAX_BYTES {
        return Err(AppError::invalid(
            "Video",
            format!("at most {} MB", VIDEO_MAX_BYTES / 1024 / 1024),
        ));
    }
    if bytes.len() >= 8 && &bytes[4..8] == b"ftyp" {
        let secs = mp4_duration_secs(bytes)
            .ok_or_else(|| AppError::invalid("Video", "the MP4 file has no readable duration"))?;
        if secs > VIDEO_MAX_SECONDS as f64 {
            return Err(AppError::invalid(
                "Video",
                format!("at most {VIDEO_MAX_SECONDS} seconds long"),
            ));
        }
        return Ok(VideoFormat::Mp4);
    }
    if bytes.starts_with(&[0x1A, 0x45, 0xDF, 0xA3]) {
        let secs = webm_duration_secs(bytes)
            .ok_or_else(|| AppError::invalid("Video", "the WebM file does not state its length"))?;
        if secs > VIDEO_MAX_SECONDS as f64 {
            return Err(AppError::invalid(
                "Video",
                format!("at most {VIDEO_MAX_SECONDS} seconds long"),
            ));
        }
        return Ok(VideoFormat::WebM);
    }
    Err(AppError::invalid("Video", "must be an MP4 or WebM file"))
}

fn be(bytes: &[u8], at: usize, n: usize) -> Option<u64> {
    let s = bytes.get(at..at.checked_add(n)?)?;
    Some(s.iter().fold(0u64, |acc, b| (acc << 8) | u64::from(*b)))
}

/// The boxes directly inside `bytes[start..end]`: (type, body start, body end).
fn boxes(bytes: &[u8], start: usize, end: usize) -> Vec<([u8; 4], usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while at + 8 <= end {
        let Some(size) = be(bytes, at, 4) else { break };
        let Some(kind) = bytes.get(at + 4..at + 8) else {
            break;
        };
        let mut kind4 = [0u8; 4];
        kind4.copy_from_slice(kind);
        let (header, size) = match size {
            1 => match be(bytes, at + 8, 8) {
                Some(s) => (16usize, s),
                None => break,
            },
            0 => (8, (end - at) as u64),
            s => (8, s),
        };
        let Ok(size) = usize::try_from(size) else {
            break;
        };
        if size < header || at + size > end {
            break;
        }
        out.push((kind4, at + header, at + size));
        at += size;
    }
    out
}

/// The duration in seconds an MP4's movie header states.
pub fn mp4_duration_secs(bytes: &[u8]) -> Option<f64> {
    let (_, ms, me) = boxes(bytes, 0, bytes.len())
        .into_iter()
        .find(|(k, _, _)| k == b"moov")?;
    let (_, hs, _) = boxes(bytes, ms, me)
        .into_iter()
        .find(|(k, _, _)| k == b"mvhd")?;
    let version = *bytes.get(hs)?;
    let (timescale, duration) = if version == 1 {
        (be(bytes, hs + 20, 4)?, be(bytes, hs + 24, 8)?)
    } else {
        (be(bytes, hs + 12, 4)?, be(bytes, hs + 16, 4)?)
    };
    if timescale == 0 {
        return None;
    }
    Some(duration as f64 / timescale as f64)
}

/// An EBML variable-length integer at `at`: its value without the length marker, its length,
/// and whether it is the reserved "unknown size" (all value bits set).
fn vint(bytes: &[u8], at: usize) -> Option<(u64, usize, bool)> {
    let first = *bytes.get(at)?;
    if first == 0 {
        return None;
    }
    let len = usize::try_from(first.leading_zeros()).ok()? + 1;
    let mut value = u64::from(first) & (0xFF_u64 >> len);
    for i in 1..len {
        value = (value << 8) | u64::from(*bytes.get(at + i)?);
    }
    let all_ones = (1_u64 << (7 * len)) - 1;
    Some((value, len, value == all_ones))
}

/// The EBML elements directly inside `bytes[start..end]`: (id with its marker, body start, body
/// end). An element of unknown size runs to `end`.
fn ebml_children(bytes: &[u8], start: usize, end: usize) -> Vec<(u64, usize, usize)> {
    let mut out = Vec::new();
    let mut at = start;
    while at < end {
        let Some(first) = bytes.get(at) else { break };
        let Ok(id_len) = usize::try_from(first.leading_zeros() + 1) else {
            break;
        };
        if id_len > 4 {
            break;
        }
        let Some(id) = be(bytes, at, id_len) else {
            break;
        };
        let Some((size, size_len, unknown)) = vint(bytes, at + id_len) else {
            break;
        };
        let body = at + id_len + size_len;
        let body_end = if unknown {
            end
        } else {
            match usize::try_from(size).ok().and_then(|s| body.checked_add(s)) {
                Some(e) if e <= end => e,
                _ => break,
            }
        };
        out.push((id, body, body_end));
        if body_end <= at {
            break;
        }
        at = body_end;
    }
    out
}

/// The duration in seconds a WebM's Segment Info states (Duration in TimecodeScale units,
/// nanoseconds each unless it says otherwise).
pub fn webm_duration_secs(bytes: &[u8]) -> Option<f64> {
    const SEGMENT: u64 = 0x1853_8067;
    const INFO: u64 = 0x1549_A966;
    const TIMECODE_SCALE: u64 = 0x2A_D7B1;
    const DURATION: u64 = 0x4489;
    let (_, ss, se) = ebml_children(bytes, 0, bytes.len())
        .into_iter()
        .find(|(id, _, _)| *id == SEGMENT)?;
    let (_, is, ie) = ebml_children(bytes, ss, se)
        .into_iter()
        .find(|(id, _, _)| *id == INFO)?;
    let mut scale_ns = 1_000_000_u64;
    let mut duration = None;
    for (id, s, e) in ebml_children(bytes, is, ie) {
        let len = e - s;
        if id == TIMECODE_SCALE && (1..=8).contains(&len) {
            scale_ns = be(bytes, s, len)?;
        } else if id == DURATION {
            duration = Some(match len {
                4 => f64::from(f32::from_bits(u32::try_from(be(bytes, s, 4)?).ok()?)),
                8 => f64::from_bits(be(bytes, s, 8)?),
                _ => return None,
            });
        }
    }
    let d = duration?;
    if !d.is_finite() || d < 0.0 || scale_ns == 0 {
        return None;
    }
    Some(d * scale_ns as f64 / 1e9)
}

/// One state change: who and when.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdEvent {
    pub state: AdState,
    pub at_ms: i64,
    /// The user's display name, or `None` for the system (payment webhook, expiry job).
    pub by: Option<String>,
}

/// Impressions and clicks on one UTC day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdDay {
    /// Midnight UTC.
    pub day_ms: i64,
    pub impressions: i64,
    pub clicks: i64,
}

/// An ad as the advertiser's page and the approval queue show it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdSummary {
    pub id: String,
    pub tenant_id: String,
    pub advertiser: String,
    pub title: String,
    pub kind: AdKind,
    pub duration_days: i64,
    pub target_url: String,
    pub targeting: Targeting,
    pub state: AdState,
    pub starts_at_ms: i64,
    pub ends_at_ms: i64,
    pub price_minor: i64,
    pub currency: String,
    pub reject_reason: Option<String>,
    pub refunded: bool,
    pub history: Vec<AdEvent>,
    pub days: Vec<AdDay>,
}

/// What one duration costs the advertiser now, from the master price sheet.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AdPrice {
    pub days: i64,
    pub price_minor: i64,
    pub currency: String,
}

/// An ad to show on a page, with its beacon token.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServedAd {
    pub id: String,
    pub title: String,
    pub kind: AdKind,
    /// The creative's file key.
    pub creative_key: String,
    pub creative_mime: String,
    /// The signed, short-lived token for the impression beacon and the click redirect.
    pub token: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    const NOW: i64 = 1_795_564_800_000 + 3_600_000; // 2026-11-25T01:00Z

    fn form() -> AdForm {
        AdForm {
            title: "Kopi deals".into(),
            kind: "banner".into(),
            duration_days: "7".into(),
            target_url: "https://kopi.example/deal".into(),
            start_date: "2026-11-25".into(),
            country: "my".into(),
            cities: "Kuala Lumpur, Penang\nkuala lumpur".into(),
        }
    }

    #[test]
    fn a_good_form_parses_and_today_is_allowed() {
        let ad = form().parse(NOW).unwrap();
        assert_eq!(ad.duration.price_item(), PriceItem::Ad7Days);
        assert_eq!(ad.starts_at_ms, 1_795_564_800_000);
        assert_eq!(
            ad.targeting,
            Targeting::Cities {
                country: "MY".into(),
                cities: vec!["Kuala Lumpur".into(), "Penang".into()]
            }
        );
    }

    #[test]
    fn bad_forms_name_their_field() {
        let field = |f: AdForm| match f.parse(NOW) {
            Err(AppError::InvalidInput { field, .. }) => field,
            other => panic!("{other:?}"),
        };
        for url in [
            "javascript:alert(1)",
            "ftp://x",
            "https://",
            "http://a b",
            "https://u@h",
        ] {
            assert_eq!(
                field(AdForm {
                    target_url: url.into(),
                    ..form()
                }),
                "Link"
            );
        }
        assert_eq!(
            field(AdForm {
                start_date: "2026-11-24".into(),
                ..form()
            }),
            "Start date"
        );
        assert_eq!(
            field(AdForm {
                duration_days: "10".into(),
                ..form()
            }),
            "Duration"
        );
        assert_eq!(
            field(AdForm {
                country: String::new(),
                ..form()
            }),
            "Cities"
        );
        assert_eq!(
            field(AdForm {
                kind: "popup".into(),
                ..form()
            }),
            "Ad type"
        );
    }

    #[test]
    fn targeting_reads_well() {
        assert_eq!(Targeting::parse("", "").unwrap().label(), "Everywhere");
        assert_eq!(Targeting::parse("sg", "").unwrap().label(), "SG");
        assert_eq!(
            Targeting::parse("MY", "Penang,Ipoh").unwrap().label(),
            "MY: Penang, Ipoh"
        );
    }

    #[test]
    fn targeting_matrix() {
        let every = Targeting::parse("", "").unwrap();
        let my = Targeting::parse("MY", "").unwrap();
        let kl = Targeting::parse("MY", "Kuala Lumpur").unwrap();
        for (t, country, city, want) in [
            (&every, "SG", None, true),
            (&every, "MY", Some("Penang"), true),
            (&my, "MY", None, true),
            (&my, "MY", Some("Penang"), true),
            (&my, "SG", None, false),
            (&kl, "MY", Some("kuala lumpur"), true),
            (&kl, "MY", Some("Penang"), false),
            (&kl, "MY", None, false),
            (&kl, "SG", Some("Kuala Lumpur"), false),
        ] {
            assert_eq!(t.matches(country, city), want, "{t:?} {country} {city:?}");
        }
    }

    fn mp4(timescale: u32, duration: u32) -> Vec<u8> {
        let mut mvhd = vec![0u8; 100];
        mvhd[12..16].copy_from_slice(&timescale.to_be_bytes());
        mvhd[16..20].copy_from_slice(&duration.to_be_bytes());
        let mut out = Vec::new();
        out.extend_from_slice(&16u32.to_be_bytes());
        out.extend_from_slice(b"ftypisom\0\0\0\0");
        let moov_len = 8 + 8 + mvhd.len();
        out.extend_from_slice(&u32::try_from(moov_len).unwrap().to_be_bytes());
        out.extend_from_slice(b"moov");
        out.extend_from_slice(&u32::try_from(8 + mvhd.len()).unwrap().to_be_bytes());
        out.extend_from_slice(b"mvhd");
        out.extend_from_slice(&mvhd);
        out
    }

    /// A minimal WebM: the EBML header, then a Segment of unknown size (as live encoders
    /// write it) holding Info with `scale` (if any) and `duration` (if any), then a Cluster.
    fn webm(scale: Option<u32>, duration: Option<&[u8]>) -> Vec<u8> {
        let mut info = Vec::new();
        if let Some(s) = scale {
            info.extend_from_slice(&[0x2A, 0xD7, 0xB1, 0x84]);
            info.extend_from_slice(&s.to_be_bytes());
        }
        if let Some(d) = duration {
            info.extend_from_slice(&[0x44, 0x89, 0x80 | u8::try_from(d.len()).unwrap()]);
            info.extend_from_slice(d);
        }
        let mut out = vec![0x1A, 0x45, 0xDF, 0xA3, 0x84, 0x42, 0x82, 0x81, 0x00];
        out.extend_from_slice(&[
            0x18, 0x53, 0x80, 0x67, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF,
        ]);
        out.extend_from_slice(&[
            0x15,
            0x49,
            0xA9,
            0x66,
            0x80 | u8::try_from(info.len()).unwrap(),
        ]);
        out.extend_from_slice(&info);
        out.extend_from_slice(&[
            0x1F, 0x43, 0xB6, 0x75, 0x01, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xFF, 0xE7, 0x81,
            0x00,
        ]);
        out
    }

    #[test]
    fn webm_length_comes_from_segment_info() {
        let ms = |v: f64| v.to_bits().to_be_bytes();
        assert_eq!(
            webm_duration_secs(&webm(None, Some(&ms(15_000.0)))),
            Some(15.0)
        );
        assert_eq!(
            webm_duration_secs(&webm(Some(1_000), Some(&ms(2_500_000.0)))),
            Some(2.5),
            "TimecodeScale in nanoseconds"
        );
        let f32_ms = 12_000.0_f32.to_bits().to_be_bytes();
        assert_eq!(webm_duration_secs(&webm(None, Some(&f32_ms))), Some(12.0));
        assert_eq!(webm_duration_secs(&webm(None, None)), None);
        assert_eq!(
            check_video(&webm(None, Some(&ms(29_900.0)))),
            Ok(VideoFormat::WebM)
        );
        assert!(check_video(&webm(None, Some(&ms(31_000.0)))).is_err());
        assert!(check_video(&webm(None, None)).is_err());
        let mut cut = webm(None, Some(&ms(15_000.0)));
        cut.truncate(20);
        assert_eq!(webm_duration_secs(&cut), None);
    }

    #[test]
    fn videos_are_checked_by_signature_and_mp4_length() {
        assert_eq!(check_video(&mp4(1000, 15_000)), Ok(VideoFormat::Mp4));
        assert!(check_video(&mp4(1000, 31_000)).is_err());
        assert_eq!(mp4_duration_secs(&mp4(600, 6000)), Some(10.0));
        // A WebM that does not state its length is refused.
        assert!(check_video(&[0x1A, 0x45, 0xDF, 0xA3, 0, 0]).is_err());
        assert!(check_video(b"\x89PNG\r\n\x1a\n").is_err());
        let mut truncated = mp4(1000, 1000);
        truncated.truncate(30);
        assert!(check_video(&truncated).is_err());
    }
}
