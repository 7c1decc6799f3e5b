//! Typed configuration, read once at start-up from an optional TOML file and the environment
//! (the environment wins). Every default makes the embedded single-machine run work.

use std::collections::BTreeMap;
use std::net::SocketAddr;
use std::path::PathBuf;

use domain::tenants::{HexColor, HostName};

/// A secret value: usable through [`Secret::expose`], never printed by `Debug` or `Display`.
#[derive(Clone, PartialEq, Eq)]
pub struct Secret(String);

impl Secret {
    /// Wraps a secret.
    pub fn new(s: impl Into<String>) -> Self {
        Self(s.into())
    }

    /// The secret itself; call only where it is used, never to log it.
    pub fn expose(&self) -> &str {
        &self.0
    }
}

impl std::fmt::Debug for Secret {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Secret([redacted])")
    }
}

/// Where the job queue lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum QueueConfig {
    /// A table in the application database (the embedded default).
    Database,
    /// Redis through fred.
    Redis { url: Secret },
}

/// Which sender delivers WhatsApp messages.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum WhatsAppSender {
    /// The sandbox (default): records messages in an outbox and posts simulated status
    /// webhooks through the real webhook handler.
    Sandbox,
    /// Meta's WhatsApp Cloud API.
    Cloud {
        /// `WHATSAPP_TOKEN`: the system user's access token.
        token: Secret,
    },
}

/// The WhatsApp engine's settings.
#[derive(Debug, Clone)]
pub struct WhatsAppConfig {
    /// `WHATSAPP_TOKEN` set means the Cloud API; otherwise the sandbox.
    pub sender: WhatsAppSender,
    /// `WHATSAPP_API_BASE` (default `https://graph.facebook.com/v26.0`); tests point it at a
    /// local fake.
    pub api_base: String,
    /// `WHATSAPP_PHONE_NUMBER_ID`: the sending number's id (required with a token; the
    /// sandbox uses `sandbox`).
    pub phone_number_id: String,
    /// `WHATSAPP_APP_SECRET`: signs Meta's webhooks (required with a token).
    pub app_secret: Option<Secret>,
    /// `WHATSAPP_VERIFY_TOKEN`: answers Meta's subscription challenge.
    pub verify_token: Option<Secret>,
    /// `WHATSAPP_RATE_PER_SEC`: messages per second per sending number (default 80, Meta's
    /// default throughput).
    pub rate_per_sec: u32,
    /// `WHATSAPP_RECIPIENT_GAP_MS`: the least time between two messages to one recipient
    /// (default 6000, Meta's pair rate limit).
    pub recipient_gap_ms: u32,
    /// `WHATSAPP_ATTEMPTS_MAX`: attempts before a transient failure becomes final (default 6).
    pub attempts_max: u32,
    /// `WHATSAPP_RETRY_BASE_MS` / `WHATSAPP_RETRY_CAP_MS`: the backoff's first step and
    /// ceiling (defaults 2000 and 300000).
    pub retry_base_ms: u32,
    pub retry_cap_ms: u32,
    /// `WHATSAPP_SEND_TIMEOUT_MS`: how long one API call may take (default 15000).
    pub send_timeout_ms: u32,
    /// `WHATSAPP_IN_DOUBT_GRACE_MS`: after a worker died mid-send to the Cloud API, how long
    /// to wait for a status webhook proving the send was accepted before sending again
    /// (default 120000).
    pub in_doubt_grace_ms: u32,
    /// `WHATSAPP_REDIS_PREFIX`: the prefix of the engine's Redis keys (default `coupons:wa`).
    pub redis_prefix: String,
    /// `WHATSAPP_TEMPLATE_LANGUAGES`: the languages the platform's message templates
    /// (`coupon_claimed`, `campaign_coupon`) are approved in on its WhatsApp Business Account
    /// (default `en,ms,zh-Hans`); a customer whose language is missing gets the site's default.
    pub template_languages: Vec<domain::i18n::Locale>,
}

/// The main platform's own identity, used on its public pages and statements.
#[derive(Debug, Clone)]
pub struct PlatformIdentity {
    pub brand_name: String,
    pub company_name: String,
    pub country: String,
    pub currency: String,
    pub timezone: String,
    pub primary_color: HexColor,
    pub accent_color: HexColor,
}

/// Where stored files (templates, creatives, support images, batch PDFs, statements) live.
#[derive(Debug, Clone)]
pub enum FilesConfig {
    /// `<DATA_DIR>/files` on this machine: the embedded default (`FILES_URL` unset).
    Disk,
    /// `FILES_URL=s3://bucket/prefix`: an S3-compatible bucket every server and worker shares,
    /// with `S3_ACCESS_KEY_ID` and `S3_SECRET_ACCESS_KEY` (required), `S3_REGION` (default
    /// `us-east-1`) and, for a store other than AWS, `S3_ENDPOINT` (`https://…`, or `http://`
    /// on a private network).
    S3 {
        bucket: String,
        /// Folder inside the bucket, without slashes at either end; may be empty.
        prefix: String,
        endpoint: Option<String>,
        region: String,
        access_key_id: String,
        secret_access_key: Secret,
    },
}

impl FilesConfig {
    fn read<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Self, ConfigError> {
        let Some(url) = get("FILES_URL") else {
            return Ok(Self::Disk);
        };
        let Some(rest) = url.strip_prefix("s3://") else {
            return Err(bad("FILES_URL", "must look like s3://bucket/prefix"));
        };
        let (bucket, prefix) = rest.split_once('/').unwrap_or((rest, ""));
        let bucket_ok = (3..=63).contains(&bucket.len())
            && bucket
                .bytes()
                .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'-' || b == b'.');
        if !bucket_ok {
            return Err(bad(
                "FILES_URL",
                "the bucket must be 3 to 63 lower-case letters, digits, dots or dashes",
            ));
        }
        let prefix = prefix.trim_matches('/');
        // The prefix is the first part of every file's key: the keys' own rule applies.
        if !prefix.is_empty() && crate::files::check_key(prefix).is_err() {
            return Err(bad(
                "FILES_URL",
                "the prefix may hold lower-case letters, digits, -, _ and . between slashes",
            ));
        }
        let endpoint = match get("S3_ENDPOINT") {
            None => None,
            Some(e) if e.starts_with("https://") || e.starts_with("http://") => {
                Some(e.trim_end_matches('/').to_owned())
            }
            Some(_) => return Err(bad("S3_ENDPOINT", "must start with https:// or http://")),
        };
        let required = |k: &str| {
            get(k)
                .filter(|v| !v.trim().is_empty())
                .map(str::to_owned)
                .ok_or_else(|| bad(k, "is required when FILES_URL is set"))
        };
        Ok(Self::S3 {
            bucket: bucket.to_owned(),
            prefix: prefix.to_owned(),
            endpoint,
            region: get("S3_REGION").unwrap_or("us-east-1").to_owned(),
            access_key_id: required("S3_ACCESS_KEY_ID")?,
            secret_access_key: Secret::new(required("S3_SECRET_ACCESS_KEY")?),
        })
    }
}

/// How log lines are written (`LOG_FORMAT`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum LogFormat {
    #[default]
    Text,
    Json,
}

impl LogFormat {
    /// `LOG_FORMAT` before the rest of the configuration is read (logging starts first).
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::read(std::env::var("LOG_FORMAT").ok().as_deref())
    }

    fn read(v: Option<&str>) -> Result<Self, ConfigError> {
        match v.map(str::trim) {
            None | Some("" | "text") => Ok(Self::Text),
            Some("json") => Ok(Self::Json),
            Some(_) => Err(bad("LOG_FORMAT", "must be text or json")),
        }
    }
}

/// The whole configuration.
#[derive(Debug, Clone)]
pub struct Config {
    /// Where the SQLite file, uploads and generated files live (`DATA_DIR`, default `data`).
    pub data_dir: PathBuf,
    /// `DATABASE_URL`; default a SQLite file in the data directory.
    pub database_url: Secret,
    /// `REDIS_URL` set means the queue and rate limits run on Redis.
    pub queue: QueueConfig,
    /// Address to listen on (`BIND_ADDR`, else `LEPTOS_SITE_ADDR`, default `127.0.0.1:3000`).
    pub bind_addr: SocketAddr,
    /// Domains of the main platform (`MAIN_DOMAINS`, comma-separated). An agent's subdomain is
    /// `<slug>.<one of these>`.
    pub main_domains: Vec<HostName>,
    /// `PUBLIC_SCHEME=https` marks session cookies `Secure` (set it behind a TLS proxy).
    pub https: bool,
    /// `PUBLIC_PORT`: the port in the site's own links. Unset: none with https (443), the
    /// `BIND_ADDR` port with http (development), none if that is 80.
    pub public_port: Option<u16>,
    /// `TRUST_PROXY_HEADERS=true` takes the client address from `X-Forwarded-For` and the host
    /// from `X-Forwarded-Host`; only behind a proxy that sets them.
    pub trust_proxy_headers: bool,
    /// How long a login lasts (`SESSION_TTL_HOURS`, default 168, one week).
    pub session_ttl_hours: u32,
    /// Login attempts allowed per client address in 15 minutes (`LOGIN_MAX_PER_ADDRESS`,
    /// default 50); raise it when many users share one address (an office behind NAT).
    pub login_max_per_address: u32,
    /// `SIGNUP_MAX_PER_ADDRESS`: merchant sign-ups per client address per hour (default 10):
    /// enough for an office or a shop's Wi-Fi, too few to probe emails or mass-create merchants.
    pub signup_max_per_address: u32,
    /// The Get Coupon form's rate limits (see [`ClaimLimits`]).
    pub claim_limits: ClaimLimits,
    /// What each merchant may keep of its own uploads (see [`UploadLimits`]).
    pub upload_limits: UploadLimits,
    /// `DEMO_DATA=false` starts without demo tenants and users.
    pub demo_data: bool,
    /// `DEMO_PASSWORD`: the password of every demo user; random when unset.
    pub demo_password: Option<Secret>,
    /// `RUN_WORKER=false` leaves background jobs to separate `worker` processes.
    pub run_worker: bool,
    /// `FILES_URL`: where stored files live (see [`FilesConfig`]).
    pub files: FilesConfig,
    /// `METRICS_ADDR`: where this process serves `GET /metrics` (Prometheus text format), on
    /// its own listener so it never faces the public; unset (the default): not served.
    pub metrics_addr: Option<SocketAddr>,
    /// `LOG_FORMAT`: `text` (the default, for people) or `json` (one JSON object per line, for
    /// log collectors; each request's lines carry its `request_id`).
    pub log_format: LogFormat,
    /// `PAYMENTS`: whether this deployment takes real payments (`stripe`) or runs the sandbox
    /// checkout (`sandbox`, the default), for every tenant alike (see [`PaymentsMode`]).
    pub payments: PaymentsMode,
    /// `STRIPE_WEBHOOK_SECRET`: the main platform's Stripe webhook signing secret; required
    /// with `PAYMENTS=stripe`, refused without it.
    pub stripe_webhook_secret: Option<Secret>,
    /// `STRIPE_SECRET_KEY`: the main platform's Stripe secret key; required with
    /// `PAYMENTS=stripe`, refused without it (a key in a sandbox deployment is a mistake).
    pub stripe_secret_key: Option<Secret>,
    /// `STRIPE_API_BASE`: where Stripe's API answers (default `https://api.stripe.com`); tests
    /// point it at a local fake.
    pub stripe_api_base: String,
    /// `COUPON_SIGNING_SECRET`: the key that signs coupon QR links (at least 32 characters).
    /// Unset, `coupons::signing_secret` generates one on first use and keeps it in
    /// `DATA_DIR/coupon-signing.key`; set it (the same on every machine) when servers and
    /// workers do not share one data directory.
    pub coupon_signing_secret: Option<Secret>,
    /// The WhatsApp engine (`WHATSAPP_*`).
    pub whatsapp: WhatsAppConfig,
    /// `AGENT_KEYS_SECRET`: 64 hex characters, the AES-256-GCM key that seals agents' Stripe
    /// secrets at rest. Unset, the server creates one in `DATA_DIR/agent-keys.key` on first use
    /// and keeps it there (back that file up with the database: without it the stored agent
    /// keys cannot be read and agents must enter them again).
    pub agent_keys_secret: Option<Secret>,
    /// The fonts coupons and statements embed (`PDF_FONT_REGULAR`, `PDF_FONT_BOLD`; default
    /// Noto Sans CJK SC from Debian's `fonts-noto-cjk`, which covers Latin and Chinese).
    pub pdf_fonts: crate::pdf_text::FontPaths,
    /// The main platform's name and defaults (`PLATFORM_BRAND_NAME`, `PLATFORM_COMPANY_NAME`,
    /// `PLATFORM_COUNTRY`, `PLATFORM_CURRENCY`, `PLATFORM_TIMEZONE`).
    pub platform: PlatformIdentity,
}

/// A configuration value that could not be used.
#[derive(Debug, thiserror::Error)]
#[error("configuration {key}: {message}")]
pub struct ConfigError {
    pub key: String,
    pub message: String,
}

fn bad(key: &str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        key: key.to_owned(),
        message: message.into(),
    }
}

/// The keys this configuration reads; a file holding any other key is refused, so a typo
/// does not silently fall back to a default.
const KEYS: &[&str] = &[
    "PDF_FONT_REGULAR",
    "PDF_FONT_BOLD",
    "DATA_DIR",
    "DATABASE_URL",
    "REDIS_URL",
    "BIND_ADDR",
    "LEPTOS_SITE_ADDR",
    "MAIN_DOMAINS",
    "PUBLIC_SCHEME",
    "PUBLIC_PORT",
    "TRUST_PROXY_HEADERS",
    "SESSION_TTL_HOURS",
    "LOGIN_MAX_PER_ADDRESS",
    "SIGNUP_MAX_PER_ADDRESS",
    "TEMPLATES_MAX_PER_MERCHANT",
    "TEMPLATE_BYTES_MAX_PER_MERCHANT",
    "CLAIM_MAX_PER_PHONE",
    "CLAIM_MAX_PER_DEVICE",
    "CLAIM_MAX_PER_ADDRESS",
    "CLAIM_MAX_PER_BATCH",
    "DEMO_DATA",
    "DEMO_PASSWORD",
    "RUN_WORKER",
    "METRICS_ADDR",
    "FILES_URL",
    "S3_ENDPOINT",
    "S3_REGION",
    "S3_ACCESS_KEY_ID",
    "S3_SECRET_ACCESS_KEY",
    "LOG_FORMAT",
    "PAYMENTS",
    "STRIPE_WEBHOOK_SECRET",
    "STRIPE_SECRET_KEY",
    "STRIPE_API_BASE",
    "COUPON_SIGNING_SECRET",
    "WHATSAPP_TOKEN",
    "WHATSAPP_TEMPLATE_LANGUAGES",
    "WHATSAPP_API_BASE",
    "WHATSAPP_PHONE_NUMBER_ID",
    "WHATSAPP_APP_SECRET",
    "WHATSAPP_VERIFY_TOKEN",
    "WHATSAPP_RATE_PER_SEC",
    "WHATSAPP_RECIPIENT_GAP_MS",
    "WHATSAPP_ATTEMPTS_MAX",
    "WHATSAPP_RETRY_BASE_MS",
    "WHATSAPP_RETRY_CAP_MS",
    "WHATSAPP_SEND_TIMEOUT_MS",
    "WHATSAPP_REDIS_PREFIX",
    "WHATSAPP_IN_DOUBT_GRACE_MS",
    "AGENT_KEYS_SECRET",
    "PLATFORM_BRAND_NAME",
    "PLATFORM_COMPANY_NAME",
    "PLATFORM_COUNTRY",
    "PLATFORM_CURRENCY",
    "PLATFORM_TIMEZONE",
    "PLATFORM_PRIMARY_COLOR",
    "PLATFORM_ACCENT_COLOR",
];

impl Config {
    /// The origin (`scheme://host[:port]`) of the site whose own-link host is `site_host`
    /// ([`domain::tenants::Branding::site_host`]): the configured scheme and port, never a
    /// request header.
    pub fn site_origin(&self, site_host: &str) -> String {
        let scheme = if self.https { "https" } else { "http" };
        match self.public_port {
            Some(port) => format!("{scheme}://{site_host}:{port}"),
            None => format!("{scheme}://{site_host}"),
        }
    }

    /// Reads the file named by `COUPONS_CONFIG` (if set), then the process environment.
    pub fn from_env() -> Result<Self, ConfigError> {
        let mut values = BTreeMap::new();
        if let Ok(path) = std::env::var("COUPONS_CONFIG") {
            let text = std::fs::read_to_string(&path)
                .map_err(|e| bad("COUPONS_CONFIG", format!("cannot read {path}: {e}")))?;
            values = parse_file(&text)?;
        }
        for key in KEYS {
            if let Ok(v) = std::env::var(key) {
                values.insert((*key).to_owned(), v);
            }
        }
        Self::from_map(&values)
    }

    /// Builds the configuration from upper-case keys; absent keys take their defaults.
    pub fn from_map(values: &BTreeMap<String, String>) -> Result<Self, ConfigError> {
        let get = |k: &str| values.get(k).map(|v| v.trim()).filter(|v| !v.is_empty());
        let data_dir = PathBuf::from(get("DATA_DIR").unwrap_or("data"));
        let database_url = match get("DATABASE_URL") {
            Some(u) if u.starts_with("sqlite:") || u.starts_with("postgres") => u.to_owned(),
            Some(_) => {
                return Err(bad(
                    "DATABASE_URL",
                    "must start with sqlite: or postgres://",
                ));
            }
            None => format!("sqlite://{}", data_dir.join("coupons.db").display()),
        };
        let queue = match get("REDIS_URL") {
            Some(u) if u.starts_with("redis://") || u.starts_with("rediss://") => {
                QueueConfig::Redis {
                    url: Secret::new(u),
                }
            }
            Some(_) => return Err(bad("REDIS_URL", "must start with redis:// or rediss://")),
            None => QueueConfig::Database,
        };
        let addr = get("BIND_ADDR")
            .or(get("LEPTOS_SITE_ADDR"))
            .unwrap_or("127.0.0.1:3000");
        let bind_addr: SocketAddr = addr.parse().map_err(|_| {
            bad(
                "BIND_ADDR",
                format!("{addr:?} is not an address like 127.0.0.1:3000"),
            )
        })?;
        let main_domains = get("MAIN_DOMAINS")
            .unwrap_or("localhost,127.0.0.1")
            .split(',')
            .map(str::trim)
            .filter(|d| !d.is_empty())
            .map(|d| HostName::parse(d).map_err(|e| bad("MAIN_DOMAINS", e.to_string())))
            .collect::<Result<Vec<_>, _>>()?;
        if main_domains.is_empty() {
            return Err(bad("MAIN_DOMAINS", "name at least one domain"));
        }
        let https = match get("PUBLIC_SCHEME").unwrap_or("http") {
            "http" => false,
            "https" => true,
            other => {
                return Err(bad(
                    "PUBLIC_SCHEME",
                    format!("{other:?} is not http or https"),
                ));
            }
        };
        let public_port = match get("PUBLIC_PORT") {
            Some(p) => Some(
                p.parse::<u16>()
                    .ok()
                    .filter(|p| *p > 0)
                    .ok_or_else(|| bad("PUBLIC_PORT", format!("{p:?} is not a port")))?,
            ),
            None if https => None,
            None => Some(bind_addr.port()),
        }
        .filter(|p| !matches!((https, p), (true, 443) | (false, 80)));
        let session_ttl_hours = parse_num(get("SESSION_TTL_HOURS"), "SESSION_TTL_HOURS", 168)?;
        if !(1..=24 * 90).contains(&session_ttl_hours) {
            return Err(bad("SESSION_TTL_HOURS", "must be between 1 and 2160"));
        }
        let login_max_per_address =
            parse_num(get("LOGIN_MAX_PER_ADDRESS"), "LOGIN_MAX_PER_ADDRESS", 50)?;
        if !(1..=1_000_000).contains(&login_max_per_address) {
            return Err(bad(
                "LOGIN_MAX_PER_ADDRESS",
                "must be between 1 and 1000000",
            ));
        }
        let signup_max_per_address =
            parse_num(get("SIGNUP_MAX_PER_ADDRESS"), "SIGNUP_MAX_PER_ADDRESS", 10)?;
        if !(1..=1_000_000).contains(&signup_max_per_address) {
            return Err(bad(
                "SIGNUP_MAX_PER_ADDRESS",
                "must be between 1 and 1000000",
            ));
        }
        let claim_limits = ClaimLimits::read(&get)?;
        let upload_limits = UploadLimits {
            templates_per_merchant: parse_num(
                get("TEMPLATES_MAX_PER_MERCHANT"),
                "TEMPLATES_MAX_PER_MERCHANT",
                50,
            )?,
            template_bytes_per_merchant: u64::from(parse_num(
                get("TEMPLATE_BYTES_MAX_PER_MERCHANT"),
                "TEMPLATE_BYTES_MAX_PER_MERCHANT",
                200 * 1024 * 1024,
            )?),
        };
        if upload_limits.templates_per_merchant == 0 {
            return Err(bad("TEMPLATES_MAX_PER_MERCHANT", "must be at least 1"));
        }
        if get("STRIPE_SECRET_KEY").is_some() && get("STRIPE_WEBHOOK_SECRET").is_none() {
            return Err(bad(
                "STRIPE_WEBHOOK_SECRET",
                "must be set with STRIPE_SECRET_KEY, or paid credits never land",
            ));
        }
        let coupon_signing_secret = get("COUPON_SIGNING_SECRET").map(Secret::new);
        if coupon_signing_secret
            .as_ref()
            .is_some_and(|s| s.expose().chars().count() < 32)
        {
            return Err(bad(
                "COUPON_SIGNING_SECRET",
                "must be at least 32 characters (e.g. 64 random hex digits)",
            ));
        }
        let color = |k: &str, d: &str| {
            HexColor::parse(get(k).unwrap_or(d)).map_err(|e| bad(k, e.to_string()))
        };
        let text = |k: &str, d: &str| get(k).unwrap_or(d).to_owned();
        let whatsapp = whatsapp_config(&get)?;
        Ok(Self {
            data_dir,
            database_url: Secret::new(database_url),
            queue,
            bind_addr,
            main_domains,
            https,
            public_port,
            trust_proxy_headers: parse_bool(
                get("TRUST_PROXY_HEADERS"),
                "TRUST_PROXY_HEADERS",
                false,
            )?,
            session_ttl_hours,
            login_max_per_address,
            signup_max_per_address,
            claim_limits,
            upload_limits,
            demo_data: parse_bool(get("DEMO_DATA"), "DEMO_DATA", true)?,
            demo_password: get("DEMO_PASSWORD").map(Secret::new),
            run_worker: parse_bool(get("RUN_WORKER"), "RUN_WORKER", true)?,
            metrics_addr: match get("METRICS_ADDR") {
                None => None,
                Some(a) => Some(a.parse().map_err(|_| {
                    bad(
                        "METRICS_ADDR",
                        format!("{a:?} is not an address like 127.0.0.1:9100"),
                    )
                })?),
            },
            log_format: LogFormat::read(get("LOG_FORMAT"))?,
            files: FilesConfig::read(&get)?,
            payments: PaymentsMode::read(&get)?,
            stripe_webhook_secret: get("STRIPE_WEBHOOK_SECRET").map(Secret::new),
            stripe_secret_key: get("STRIPE_SECRET_KEY").map(Secret::new),
            stripe_api_base: get("STRIPE_API_BASE")
                .unwrap_or("https://api.stripe.com")
                .trim_end_matches('/')
                .to_owned(),
            coupon_signing_secret,
            whatsapp,
            agent_keys_secret: match get("AGENT_KEYS_SECRET") {
                Some(k) if k.len() == 64 && k.bytes().all(|b| b.is_ascii_hexdigit()) => {
                    Some(Secret::new(k))
                }
                Some(_) => {
                    return Err(bad(
                        "AGENT_KEYS_SECRET",
                        "must be 64 hex characters (32 random bytes)",
                    ));
                }
                None => None,
            },
            pdf_fonts: {
                let d = crate::pdf_text::FontPaths::default();
                crate::pdf_text::FontPaths {
                    regular: get("PDF_FONT_REGULAR").map_or(d.regular, PathBuf::from),
                    bold: get("PDF_FONT_BOLD").map_or(d.bold, PathBuf::from),
                    family_hint: d.family_hint,
                }
            },
            platform: PlatformIdentity {
                brand_name: text("PLATFORM_BRAND_NAME", "Coupon Central"),
                company_name: text("PLATFORM_COMPANY_NAME", "Coupon Central Sdn Bhd"),
                country: text("PLATFORM_COUNTRY", "MY"),
                currency: text("PLATFORM_CURRENCY", "MYR"),
                timezone: text("PLATFORM_TIMEZONE", "Asia/Kuala_Lumpur"),
                primary_color: color("PLATFORM_PRIMARY_COLOR", "#0f766e")?,
                accent_color: color("PLATFORM_ACCENT_COLOR", "#f59e0b")?,
            },
        })
    }

    /// Whether the database is SQLite (the embedded default).
    pub fn is_sqlite(&self) -> bool {
        self.database_url.expose().starts_with("sqlite:")
    }
}

fn whatsapp_config<'a>(
    get: &impl Fn(&str) -> Option<&'a str>,
) -> Result<WhatsAppConfig, ConfigError> {
    let sender = match get("WHATSAPP_TOKEN") {
        Some(t) => {
            for k in ["WHATSAPP_PHONE_NUMBER_ID", "WHATSAPP_APP_SECRET"] {
                if get(k).is_none() {
                    return Err(bad(k, "must be set with WHATSAPP_TOKEN"));
                }
            }
            WhatsAppSender::Cloud {
                token: Secret::new(t),
            }
        }
        None => WhatsAppSender::Sandbox,
    };
    let api_base = get("WHATSAPP_API_BASE")
        .unwrap_or("https://graph.facebook.com/v26.0")
        .trim_end_matches('/')
        .to_owned();
    if !(api_base.starts_with("https://") || api_base.starts_with("http://")) {
        return Err(bad("WHATSAPP_API_BASE", "must be an http(s) URL"));
    }
    let num = |k: &str, d: u32, lo: u32, hi: u32| -> Result<u32, ConfigError> {
        let n = parse_num(get(k), k, d)?;
        if (lo..=hi).contains(&n) {
            Ok(n)
        } else {
            Err(bad(k, format!("must be between {lo} and {hi}")))
        }
    };
    let phone_number_id = get("WHATSAPP_PHONE_NUMBER_ID").unwrap_or("sandbox");
    if !phone_number_id
        .bytes()
        .all(|b| b.is_ascii_alphanumeric() || b == b'_')
    {
        return Err(bad(
            "WHATSAPP_PHONE_NUMBER_ID",
            "must be the number's id (digits)",
        ));
    }
    Ok(WhatsAppConfig {
        sender,
        api_base,
        phone_number_id: phone_number_id.to_owned(),
        app_secret: get("WHATSAPP_APP_SECRET").map(Secret::new),
        verify_token: get("WHATSAPP_VERIFY_TOKEN").map(Secret::new),
        rate_per_sec: num("WHATSAPP_RATE_PER_SEC", 80, 1, 100_000)?,
        recipient_gap_ms: num("WHATSAPP_RECIPIENT_GAP_MS", 6000, 0, 3_600_000)?,
        attempts_max: num("WHATSAPP_ATTEMPTS_MAX", 6, 1, 50)?,
        retry_base_ms: num("WHATSAPP_RETRY_BASE_MS", 2000, 1, 3_600_000)?,
        retry_cap_ms: num("WHATSAPP_RETRY_CAP_MS", 300_000, 1, 86_400_000)?,
        send_timeout_ms: num("WHATSAPP_SEND_TIMEOUT_MS", 15_000, 10, 600_000)?,
        in_doubt_grace_ms: num("WHATSAPP_IN_DOUBT_GRACE_MS", 120_000, 0, 86_400_000)?,
        redis_prefix: get("WHATSAPP_REDIS_PREFIX")
            .unwrap_or("coupons:wa")
            .to_owned(),
        template_languages: template_languages(get("WHATSAPP_TEMPLATE_LANGUAGES"))?,
    })
}

/// `WHATSAPP_TEMPLATE_LANGUAGES`: a comma-separated list of `en`, `ms`, `zh-Hans` (WhatsApp's
/// `zh_CN` is accepted too); unset means all three.
fn template_languages(raw: Option<&str>) -> Result<Vec<domain::i18n::Locale>, ConfigError> {
    let Some(raw) = raw else {
        return Ok(domain::i18n::Locale::ALL.to_vec());
    };
    let mut out = Vec::new();
    for part in raw.split(',').map(str::trim).filter(|p| !p.is_empty()) {
        match domain::i18n::Locale::parse(part) {
            Some(l) if !out.contains(&l) => out.push(l),
            Some(_) => {}
            None => {
                return Err(bad(
                    "WHATSAPP_TEMPLATE_LANGUAGES",
                    format!("{part:?} is not en, ms or zh-Hans"),
                ));
            }
        }
    }
    if out.is_empty() {
        return Err(bad("WHATSAPP_TEMPLATE_LANGUAGES", "names no language"));
    }
    Ok(out)
}

/// Whether money is real. One setting for the whole deployment, never per tenant, so no
/// configuration lets a sandbox payment activate anything while real money is on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PaymentsMode {
    /// No real money: every tenant's checkout is the sandbox's Pay button (with its banner);
    /// Stripe keys are refused.
    Sandbox,
    /// Real money through Stripe: the main platform's own keys (required) collect its sales,
    /// each agent's own keys collect its merchants' (an agent without keys cannot take
    /// payments); no sandbox route exists.
    Stripe,
}

impl PaymentsMode {
    fn read<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Self, ConfigError> {
        let keys = [get("STRIPE_SECRET_KEY"), get("STRIPE_WEBHOOK_SECRET")];
        match get("PAYMENTS").unwrap_or("sandbox") {
            "sandbox" if keys.iter().any(Option::is_some) => Err(bad(
                "PAYMENTS",
                "is sandbox (the default) but Stripe keys are set: set PAYMENTS=stripe to take real payments, or remove STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET",
            )),
            "sandbox" => Ok(Self::Sandbox),
            "stripe" if keys.iter().any(Option::is_none) => Err(bad(
                "PAYMENTS",
                "is stripe: STRIPE_SECRET_KEY and STRIPE_WEBHOOK_SECRET must both be set",
            )),
            "stripe" => Ok(Self::Stripe),
            other => Err(bad(
                "PAYMENTS",
                format!("must be sandbox or stripe, not {other:?}"),
            )),
        }
    }

    /// Whether this is the sandbox (no real money).
    pub const fn is_sandbox(self) -> bool {
        matches!(self, Self::Sandbox)
    }
}

fn parse_bool(v: Option<&str>, key: &str, default: bool) -> Result<bool, ConfigError> {
    match v.map(str::to_ascii_lowercase).as_deref() {
        None => Ok(default),
        Some("1" | "true" | "yes" | "on") => Ok(true),
        Some("0" | "false" | "no" | "off") => Ok(false),
        Some(other) => Err(bad(key, format!("{other:?} is not true or false"))),
    }
}

/// What each merchant may keep of its own coupon designs: stored templates are refused beyond
/// either cap with a message saying which.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct UploadLimits {
    /// `TEMPLATES_MAX_PER_MERCHANT`: own templates per merchant (default 50).
    pub templates_per_merchant: u32,
    /// `TEMPLATE_BYTES_MAX_PER_MERCHANT`: bytes of own templates per merchant (default 200 MiB).
    pub template_bytes_per_merchant: u64,
}

/// The Get Coupon form's rate limits, each a count in a window. They stop one number, one
/// device, one address or a bot farm from draining offers, without refusing a busy shop: a
/// shop's Wi-Fi or a mall's carrier puts many customers behind one address, so claims from a
/// store link (the poster at the counter) are never limited per address, and the per-address
/// limit of the public coupon center is generous.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct ClaimLimits {
    /// `CLAIM_MAX_PER_PHONE`: claims per phone number per hour on one site (default 10).
    pub per_phone_hour: u32,
    /// `CLAIM_MAX_PER_DEVICE`: claims per remembered device per hour (default 30).
    pub per_device_hour: u32,
    /// `CLAIM_MAX_PER_ADDRESS`: coupon-center claims per client address per 10 minutes
    /// (default 200; store-link claims are not counted per address).
    pub per_address_10min: u32,
    /// `CLAIM_MAX_PER_BATCH`: coupon-center claims per batch per minute (default 600, ten a
    /// second: a crowd fits, a script draining the batch does not).
    pub per_batch_minute: u32,
}

impl ClaimLimits {
    fn read<'a>(get: &impl Fn(&str) -> Option<&'a str>) -> Result<Self, ConfigError> {
        let limit = |key: &str, default: u32| -> Result<u32, ConfigError> {
            let n = parse_num(get(key), key, default)?;
            if (1..=1_000_000).contains(&n) {
                Ok(n)
            } else {
                Err(bad(key, "must be between 1 and 1000000"))
            }
        };
        Ok(Self {
            per_phone_hour: limit("CLAIM_MAX_PER_PHONE", 10)?,
            per_device_hour: limit("CLAIM_MAX_PER_DEVICE", 30)?,
            per_address_10min: limit("CLAIM_MAX_PER_ADDRESS", 200)?,
            per_batch_minute: limit("CLAIM_MAX_PER_BATCH", 600)?,
        })
    }
}

fn parse_num(v: Option<&str>, key: &str, default: u32) -> Result<u32, ConfigError> {
    v.map_or(Ok(default), |s| {
        s.parse()
            .map_err(|_| bad(key, format!("{s:?} is not a number")))
    })
}

/// Reads a TOML file of `key = value` pairs (keys in any case; arrays become comma lists).
fn parse_file(text: &str) -> Result<BTreeMap<String, String>, ConfigError> {
    let table: toml::Table = text
        .parse()
        .map_err(|e| bad("COUPONS_CONFIG", format!("{e}")))?;
    let mut out = BTreeMap::new();
    for (k, v) in table {
        let key = k.to_ascii_uppercase();
        if !KEYS.contains(&key.as_str()) {
            return Err(bad(&key, "is not a known setting"));
        }
        let value = match v {
            toml::Value::String(s) => s,
            toml::Value::Integer(i) => i.to_string(),
            toml::Value::Boolean(b) => b.to_string(),
            toml::Value::Array(items) => items
                .iter()
                .map(|i| {
                    i.as_str()
                        .map(str::to_owned)
                        .ok_or_else(|| bad(&key, "lists must hold strings"))
                })
                .collect::<Result<Vec<_>, _>>()?
                .join(","),
            _ => return Err(bad(&key, "must be a string, number, boolean or list")),
        };
        out.insert(key, value);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn map(pairs: &[(&str, &str)]) -> BTreeMap<String, String> {
        pairs
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect()
    }

    #[test]
    fn defaults_make_the_embedded_run_work() {
        let c = Config::from_map(&BTreeMap::new()).unwrap();
        assert!(c.is_sqlite());
        assert_eq!(c.database_url.expose(), "sqlite://data/coupons.db");
        assert_eq!(c.queue, QueueConfig::Database);
        assert_eq!(c.bind_addr.to_string(), "127.0.0.1:3000");
        assert!(c.demo_data && c.run_worker && !c.https);
    }

    #[test]
    fn secrets_never_print() {
        let c = Config::from_map(&map(&[
            ("DATABASE_URL", "postgres://u:hunter2@db/x"),
            ("REDIS_URL", "redis://:hunter2@r:6379"),
            ("DEMO_PASSWORD", "hunter2"),
            ("PAYMENTS", "stripe"),
            ("STRIPE_SECRET_KEY", "sk_live_hunter2"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_hunter2"),
            (
                "COUPON_SIGNING_SECRET",
                "hunter2-hunter2-hunter2-hunter2-hunter2",
            ),
            (
                "AGENT_KEYS_SECRET",
                "feedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedfacefeedface",
            ),
        ]))
        .unwrap();
        let printed = format!("{c:?}");
        assert!(!printed.contains("hunter2"), "{printed}");
        assert!(!printed.contains("feedface"), "{printed}");
    }

    #[test]
    fn every_key_the_configuration_reads_is_read_from_the_environment() {
        // `from_env` reads only the listed keys: a key missing from KEYS would be silently
        // ignored in production while tests (which use `from_map`) pass.
        let source = include_str!("config.rs");
        let mut missing = Vec::new();
        for part in source.split("get(\"").skip(1) {
            let key: String = part
                .chars()
                .take_while(|c| c.is_ascii_uppercase() || *c == '_')
                .collect();
            if !key.is_empty()
                && part[key.len()..].starts_with("\")")
                && !KEYS.contains(&key.as_str())
            {
                missing.push(key);
            }
        }
        assert!(missing.is_empty(), "not in KEYS: {missing:?}");
    }

    #[test]
    fn bad_values_name_their_key() {
        for (k, v) in [
            ("DATABASE_URL", "mysql://x"),
            ("REDIS_URL", "http://x"),
            ("BIND_ADDR", "nowhere"),
            ("PUBLIC_SCHEME", "ftp"),
            ("DEMO_DATA", "maybe"),
            ("SESSION_TTL_HOURS", "0"),
            ("LOGIN_MAX_PER_ADDRESS", "0"),
            ("SIGNUP_MAX_PER_ADDRESS", "0"),
            ("CLAIM_MAX_PER_ADDRESS", "0"),
            ("CLAIM_MAX_PER_BATCH", "many"),
            ("MAIN_DOMAINS", "bad host"),
            ("PLATFORM_PRIMARY_COLOR", "green"),
            ("COUPON_SIGNING_SECRET", "too-short"),
            ("WHATSAPP_PHONE_NUMBER_ID", "12 34"),
            ("WHATSAPP_RATE_PER_SEC", "0"),
            ("WHATSAPP_API_BASE", "graph.facebook.com"),
            ("AGENT_KEYS_SECRET", "short"),
            ("PAYMENTS", "live"),
            ("PUBLIC_PORT", "0"),
            ("PUBLIC_PORT", "http"),
        ] {
            let e = Config::from_map(&map(&[(k, v)])).unwrap_err();
            assert_eq!(e.key, k);
        }
    }

    #[test]
    fn the_sites_own_links_take_the_configured_scheme_and_port() {
        let dev = Config::from_map(&BTreeMap::new()).unwrap();
        assert_eq!(dev.site_origin("localhost"), "http://localhost:3000");
        let prod = Config::from_map(&map(&[("PUBLIC_SCHEME", "https")])).unwrap();
        assert_eq!(
            prod.site_origin("coupons.example"),
            "https://coupons.example"
        );
        let odd =
            Config::from_map(&map(&[("PUBLIC_SCHEME", "https"), ("PUBLIC_PORT", "8443")])).unwrap();
        assert_eq!(
            odd.site_origin("coupons.example"),
            "https://coupons.example:8443"
        );
        let plain80 = Config::from_map(&map(&[("BIND_ADDR", "0.0.0.0:80")])).unwrap();
        assert_eq!(
            plain80.site_origin("coupons.example"),
            "http://coupons.example"
        );
    }

    #[test]
    fn money_is_real_or_sandbox_for_the_whole_deployment_never_both() {
        let c = Config::from_map(&BTreeMap::new()).unwrap();
        assert_eq!(c.payments, PaymentsMode::Sandbox);
        // Live mode needs the platform's own keys; the server refuses to start without them.
        for partial in [
            &[("PAYMENTS", "stripe")][..],
            &[("PAYMENTS", "stripe"), ("STRIPE_SECRET_KEY", "sk_live_x")],
            &[("PAYMENTS", "stripe"), ("STRIPE_WEBHOOK_SECRET", "whsec_x")],
        ] {
            let e = Config::from_map(&map(partial)).unwrap_err();
            assert!(
                e.key == "PAYMENTS" || e.key.starts_with("STRIPE_"),
                "{partial:?}: {}",
                e.key
            );
        }
        // Keys in a sandbox deployment are refused rather than half-used.
        for keys in [
            &[("STRIPE_SECRET_KEY", "sk_live_x")][..],
            &[
                ("PAYMENTS", "sandbox"),
                ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
            ],
        ] {
            let e = Config::from_map(&map(keys)).unwrap_err();
            assert!(
                e.key == "PAYMENTS" || e.key.starts_with("STRIPE_"),
                "{keys:?}: {}",
                e.key
            );
        }
        let live = Config::from_map(&map(&[
            ("PAYMENTS", "stripe"),
            ("STRIPE_SECRET_KEY", "sk_live_x"),
            ("STRIPE_WEBHOOK_SECRET", "whsec_x"),
        ]))
        .unwrap();
        assert_eq!(live.payments, PaymentsMode::Stripe);
    }

    #[test]
    fn files_are_read_and_unknown_keys_refused() {
        let m =
            parse_file("main_domains = [\"coupons.example\", \"localhost\"]\ndemo_data = false\n")
                .unwrap();
        let c = Config::from_map(&m).unwrap();
        assert_eq!(c.main_domains.len(), 2);
        assert!(!c.demo_data);
        assert_eq!(
            parse_file("main_domain = \"x\"").unwrap_err().key,
            "MAIN_DOMAIN"
        );
    }
}
