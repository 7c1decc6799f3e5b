//! Errors carried back to a page after a plain form post. The redirect's `error` parameter
//! holds the error itself, serialised and signed with the deployment's key (the coupon
//! signing key, under its own prefix) and short-lived, so a page shows only messages this
//! product made: `?error=Your account is suspended…` or any forged or stale token shows
//! nothing.

use hmac::{Hmac, Mac};
use serde::{Deserialize, Serialize};
use sha2::Sha256;

use domain::AppError;
use domain::coupons::{b64url_decode, b64url_encode};

use crate::config::Config;
use crate::{Error, Result, coupons};

/// How long a page shows an error token after the redirect that carried it.
pub const ERROR_TOKEN_TTL_MS: i64 = 15 * 60 * 1000;
const TAG_BYTES: usize = 16;

#[derive(Serialize, Deserialize)]
struct Carried {
    /// The error.
    e: AppError,
    /// When it was issued (epoch milliseconds).
    t: i64,
}

fn mac(config: &Config, payload: &str) -> Result<Hmac<Sha256>> {
    coupons::keyed_mac(config, b"page-error-v1:", payload.as_bytes())
}

/// The `error` parameter value that carries `e` back to a page.
pub fn error_token(config: &Config, e: &AppError, now_ms: i64) -> Result<String> {
    let json = serde_json::to_vec(&Carried {
        e: e.clone(),
        t: now_ms,
    })
    .map_err(|e| Error::Internal(format!("error token: {e}")))?;
    let payload = b64url_encode(&json);
    let tag = mac(config, &payload)?.finalize().into_bytes();
    Ok(format!("{payload}.{}", b64url_encode(&tag[..TAG_BYTES])))
}

/// The error `token` carries, when this deployment signed it within
/// [`ERROR_TOKEN_TTL_MS`]; `None` for anything else (forged, altered, stale, plain text).
pub fn read_error(config: &Config, token: &str, now_ms: i64) -> Option<AppError> {
    let (payload, tag) = token.trim().rsplit_once('.')?;
    let tag = b64url_decode(tag).filter(|t| t.len() == TAG_BYTES)?;
    mac(config, payload)
        .ok()?
        .verify_truncated_left(&tag)
        .ok()?;
    let carried: Carried = serde_json::from_slice(&b64url_decode(payload)?).ok()?;
    (now_ms >= carried.t && now_ms - carried.t <= ERROR_TOKEN_TTL_MS).then_some(carried.e)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_errors_this_deployment_signed_recently_come_back() {
        let dir = std::env::temp_dir().join(format!("flash-{}", crate::ids::random_hex(4)));
        let config = Config::from_map(
            &[
                (
                    "COUPON_SIGNING_SECRET".to_owned(),
                    "0123456789abcdef0123456789abcdef".to_owned(),
                ),
                ("DATA_DIR".to_owned(), dir.display().to_string()),
            ]
            .into(),
        )
        .unwrap_or_else(|e| panic!("{e}"));
        let e = AppError::invalid("Title", "is required");
        let token = error_token(&config, &e, 1_000).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(read_error(&config, &token, 2_000), Some(e));
        assert_eq!(
            read_error(&config, &token, 1_000 + ERROR_TOKEN_TTL_MS + 1),
            None
        );
        assert_eq!(
            read_error(&config, "Your account is suspended. Call +60 12", 2_000),
            None
        );
        let (payload, tag) = token.rsplit_once('.').unwrap_or_default();
        let forged =
            b64url_encode(br#"{"e":{"InvalidInput":{"field":"x","message":"call me"}},"t":1000}"#);
        assert_eq!(read_error(&config, &format!("{forged}.{tag}"), 2_000), None);
        assert_eq!(
            read_error(&config, &format!("{payload}.AAAAAAAAAAAAAAAAAAAAAA"), 2_000),
            None
        );
    }
}
