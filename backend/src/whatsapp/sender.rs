//! Who delivers a message: the sandbox (default) or Meta's WhatsApp Cloud API. Both take the
//! same [`Outgoing`] message and answer with WhatsApp's message id (`wamid`) or a
//! [`SendFailure`] that [`domain::whatsapp::classify_failure`] sorts into retry or fail.
//!
//! Cloud API formats (Meta's "Send messages" reference): `POST {base}/{phone-number-id}/messages`
//! with a Bearer token and `{"messaging_product":"whatsapp","recipient_type":"individual",
//! "to":…,"type":"text"|"image"|"template",…}`; success is `{"messaging_product":"whatsapp",
//! "contacts":[{"input","wa_id"}],"messages":[{"id":"wamid…"}]}`; failure is the Graph API
//! error object `{"error":{"message","type","code","error_subcode","error_data":{
//! "messaging_product","details"},"fbtrace_id"}}`. Every request carries our message id in
//! `biz_opaque_callback_data`, which Meta echoes in the status webhooks: that is how a send
//! interrupted by a crash is recognised (see `dispatch`).

use std::time::Duration;

use serde::{Deserialize, Serialize};
use serde_json::{Value, json};

use domain::AppError;
use domain::whatsapp::SendFailure;

use crate::config::{Secret, WhatsAppConfig, WhatsAppSender};
use crate::{Db, Error, Result};

/// What a message says. The coupon image travels as an image message (inside the customer's
/// 24-hour window) or as a template's image header (anywhere, e.g. business-initiated).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum Content {
    /// Plain text (only inside the 24-hour customer service window).
    Text { body: String },
    /// An image with an optional caption (only inside the window): a public `link` or an
    /// uploaded `media_id`, exactly one of them.
    Image {
        link: Option<String>,
        media_id: Option<String>,
        caption: Option<String>,
    },
    /// An approved template (allowed anywhere), with an optional image header and the body's
    /// `{{1}}`, `{{2}}`… parameters.
    Template {
        name: String,
        language: String,
        header_image_link: Option<String>,
        body_params: Vec<String>,
    },
}

/// The Cloud API's limits on what a message may carry.
pub const TEXT_MAX_CHARS: usize = 4096;
/// See [`TEXT_MAX_CHARS`].
pub const CAPTION_MAX_CHARS: usize = 1024;

impl Content {
    /// Checks the content against the Cloud API's limits, naming the bad field.
    pub fn check(&self) -> Result<(), AppError> {
        let url = |s: &str| s.starts_with("https://") || s.starts_with("http://");
        match self {
            Self::Text { body } => {
                let n = body.trim().chars().count();
                if n == 0 || n > TEXT_MAX_CHARS {
                    return Err(AppError::invalid("Message", "must be 1 to 4096 characters"));
                }
            }
            Self::Image {
                link,
                media_id,
                caption,
            } => {
                match (link, media_id) {
                    (Some(l), None) if url(l) => {}
                    (None, Some(m)) if !m.is_empty() && m.bytes().all(|b| b.is_ascii_digit()) => {}
                    _ => {
                        return Err(AppError::invalid(
                            "Image",
                            "give either a public http(s) link or an uploaded media id",
                        ));
                    }
                }
                if caption
                    .as_ref()
                    .is_some_and(|c| c.chars().count() > CAPTION_MAX_CHARS)
                {
                    return Err(AppError::invalid(
                        "Caption",
                        "must be at most 1024 characters",
                    ));
                }
            }
            Self::Template {
                name,
                language,
                header_image_link,
                body_params,
            } => {
                if name.is_empty()
                    || name.len() > 512
                    || !name
                        .bytes()
                        .all(|b| b.is_ascii_lowercase() || b.is_ascii_digit() || b == b'_')
                {
                    return Err(AppError::invalid(
                        "Template",
                        "name is lower-case letters, digits and underscores",
                    ));
                }
                if language.is_empty()
                    || language.len() > 10
                    || !language
                        .bytes()
                        .all(|b| b.is_ascii_alphabetic() || b == b'_')
                {
                    return Err(AppError::invalid(
                        "Language",
                        "must be a code like en or en_US",
                    ));
                }
                if header_image_link.as_deref().is_some_and(|l| !url(l)) {
                    return Err(AppError::invalid("Header image", "must be an http(s) link"));
                }
                if body_params.len() > 20 || body_params.iter().any(|p| p.trim().is_empty()) {
                    return Err(AppError::invalid(
                        "Template parameters",
                        "at most 20, none empty",
                    ));
                }
            }
        }
        Ok(())
    }

    /// A one-line preview for logs and the sandbox phone.
    pub fn preview(&self) -> String {
        let s = match self {
            Self::Text { body } => body.clone(),
            Self::Image { caption, .. } => format!("[image] {}", caption.as_deref().unwrap_or("")),
            Self::Template {
                name,
                language,
                body_params,
                ..
            } => format!("[template {name} · {language}] {}", body_params.join(" · ")),
        };
        s.chars().take(200).collect()
    }

    /// The text a customer reads: a template as the platform registered it with Meta in its
    /// language (our copy, `wa-tpl-<name>` in the locale files, with `{ $p1 }`… for its
    /// parameters) and the language's tag; other content as sent. The sandbox phone shows it.
    pub fn customer_text(&self) -> (String, Option<domain::i18n::Locale>) {
        use domain::i18n::{self, Arg, Locale};
        match self {
            Self::Text { body } => (body.clone(), None),
            Self::Image { caption, .. } => (caption.clone().unwrap_or_default(), None),
            Self::Template {
                name,
                language,
                body_params,
                ..
            } => {
                let locale = Locale::parse(language);
                let key = format!("wa-tpl-{name}");
                let l = locale.unwrap_or_default();
                if !i18n::has(l, &key) {
                    return (
                        format!("[template {name}] {}", body_params.join(" · ")),
                        locale,
                    );
                }
                let names: Vec<String> = (1..=body_params.len()).map(|i| format!("p{i}")).collect();
                let args: Vec<(&str, Arg)> = names
                    .iter()
                    .zip(body_params)
                    .map(|(n, v)| (n.as_str(), Arg::from(v)))
                    .collect();
                (i18n::t_args(l, &key, &args), locale)
            }
        }
    }
}

/// The Cloud API request body for `content` to `to`, carrying `message_id` back to us in the
/// status webhooks.
pub fn request_body(to: &str, content: &Content, message_id: &str) -> Value {
    let mut body = json!({
        "messaging_product": "whatsapp",
        "recipient_type": "individual",
        "to": to,
        "biz_opaque_callback_data": message_id,
    });
    let (kind, part) = match content {
        Content::Text { body } => ("text", json!({ "preview_url": false, "body": body })),
        Content::Image {
            link,
            media_id,
            caption,
        } => {
            let mut image = serde_json::Map::new();
            if let Some(l) = link {
                image.insert("link".into(), json!(l));
            }
            if let Some(m) = media_id {
                image.insert("id".into(), json!(m));
            }
            if let Some(c) = caption {
                image.insert("caption".into(), json!(c));
            }
            ("image", Value::Object(image))
        }
        Content::Template {
            name,
            language,
            header_image_link,
            body_params,
        } => {
            let mut components = Vec::new();
            if let Some(l) = header_image_link {
                components.push(json!({
                    "type": "header",
                    "parameters": [{ "type": "image", "image": { "link": l } }]
                }));
            }
            if !body_params.is_empty() {
                let params: Vec<Value> = body_params
                    .iter()
                    .map(|p| json!({ "type": "text", "text": p }))
                    .collect();
                components.push(json!({ "type": "body", "parameters": params }));
            }
            (
                "template",
                json!({ "name": name, "language": { "code": language }, "components": components }),
            )
        }
    };
    body["type"] = json!(kind);
    body[kind] = part;
    body
}

/// A message ready to go out.
#[derive(Debug, Clone)]
pub struct Outgoing {
    pub message_id: String,
    pub tenant_id: String,
    pub merchant_id: String,
    /// International digits.
    pub recipient: String,
    pub content: Content,
}

/// The Cloud API's address and credentials.
#[derive(Debug, Clone)]
pub struct CloudApi {
    pub api_base: String,
    pub phone_number_id: String,
    pub token: Secret,
    pub timeout: Duration,
}

/// The configured sender.
#[derive(Debug, Clone)]
pub enum Sender {
    Sandbox,
    Cloud(CloudApi),
}

#[derive(Deserialize)]
struct Accepted {
    messages: Vec<AcceptedMessage>,
}

#[derive(Deserialize)]
struct AcceptedMessage {
    id: String,
}

#[derive(Deserialize)]
struct GraphErrorBody {
    error: GraphError,
}

#[derive(Deserialize)]
struct GraphError {
    code: i64,
    #[serde(default)]
    message: String,
    #[serde(default)]
    error_data: Option<GraphErrorData>,
}

#[derive(Deserialize)]
struct GraphErrorData {
    #[serde(default)]
    details: String,
}

/// The sandbox's WhatsApp id for a message: derived from the message id, so sending the same
/// message again yields the same id and the outbox keeps one copy.
pub fn sandbox_wamid(message_id: &str) -> String {
    format!("wamid.SANDBOX{message_id}")
}

impl Sender {
    /// The sender the configuration names.
    pub fn from_config(c: &WhatsAppConfig) -> Self {
        match &c.sender {
            WhatsAppSender::Sandbox => Self::Sandbox,
            WhatsAppSender::Cloud { token } => Self::Cloud(CloudApi {
                api_base: c.api_base.clone(),
                phone_number_id: c.phone_number_id.clone(),
                token: token.clone(),
                timeout: Duration::from_millis(u64::from(c.send_timeout_ms)),
            }),
        }
    }

    /// Whether sending the same message again is harmless (the sandbox keys its outbox by
    /// message id; the Cloud API has no idempotency key for messages).
    pub fn resends_idempotently(&self) -> bool {
        matches!(self, Self::Sandbox)
    }

    /// Sends one message. `Ok(Ok(wamid))` when accepted, `Ok(Err(failure))` when the API said
    /// no or did not answer; `Err` only for our own failures (the database).
    pub async fn send(
        &self,
        db: &Db,
        now_ms: i64,
        m: &Outgoing,
    ) -> Result<std::result::Result<String, SendFailure>> {
        match self {
            Self::Sandbox => {
                let wamid = sandbox_wamid(&m.message_id);
                let content = serde_json::to_string(&m.content)
                    .map_err(|e| Error::Internal(format!("content json: {e}")))?;
                sqlx::query(
                    "insert into wa_sandbox_outbox (message_id, wamid, tenant_id, merchant_id, recipient, content,
                                                    created_at_ms, stage, next_due_ms)
                     values ($1, $2, $3, $4, $5, $6, $7, 0, $8) on conflict (message_id) do nothing",
                )
                .bind(&m.message_id)
                .bind(&wamid)
                .bind(&m.tenant_id)
                .bind(&m.merchant_id)
                .bind(&m.recipient)
                .bind(content)
                .bind(now_ms)
                .bind(now_ms + super::sandbox::SENT_AFTER_MS)
                .execute(db.pool())
                .await?;
                Ok(Ok(wamid))
            }
            Self::Cloud(api) => Ok(cloud_send(api, m).await),
        }
    }
}

async fn cloud_send(api: &CloudApi, m: &Outgoing) -> std::result::Result<String, SendFailure> {
    let client = crate::stripe::http_client().map_err(|e| SendFailure::Network(e.to_string()))?;
    let body = request_body(&m.recipient, &m.content, &m.message_id);
    let res = client
        .post(format!("{}/{}/messages", api.api_base, api.phone_number_id))
        .bearer_auth(api.token.expose())
        .timeout(api.timeout)
        .json(&body)
        .send()
        .await
        .map_err(|e| {
            if e.is_timeout() {
                SendFailure::Timeout
            } else {
                SendFailure::Network(e.to_string().chars().take(200).collect())
            }
        })?;
    let status = res.status().as_u16();
    let bytes = res.bytes().await.map_err(|e| {
        if e.is_timeout() {
            SendFailure::Timeout
        } else {
            SendFailure::Network(e.to_string().chars().take(200).collect())
        }
    })?;
    if (200..300).contains(&status) {
        return serde_json::from_slice::<Accepted>(&bytes)
            .ok()
            .and_then(|a| a.messages.into_iter().next())
            .map(|m| m.id)
            .ok_or(SendFailure::Http {
                http_status: status,
            });
    }
    match serde_json::from_slice::<GraphErrorBody>(&bytes) {
        Ok(GraphErrorBody { error }) => {
            let details = error.error_data.map(|d| d.details).unwrap_or_default();
            let message = if details.is_empty() {
                error.message
            } else {
                format!("{} ({details})", error.message)
            };
            Err(SendFailure::Api {
                http_status: status,
                code: error.code,
                message,
            })
        }
        Err(_) => Err(SendFailure::Http {
            http_status: status,
        }),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn request_bodies_follow_the_cloud_api_shapes() {
        let t = request_body("60123456789", &Content::Text { body: "Hi".into() }, "m1");
        assert_eq!(t["type"], "text");
        assert_eq!(t["text"]["body"], "Hi");
        assert_eq!(t["messaging_product"], "whatsapp");
        assert_eq!(t["biz_opaque_callback_data"], "m1");
        let i = request_body(
            "60123456789",
            &Content::Image {
                link: Some("https://x.test/c.png".into()),
                media_id: None,
                caption: Some("Serial A1".into()),
            },
            "m2",
        );
        assert_eq!(i["image"]["link"], "https://x.test/c.png");
        assert_eq!(i["image"]["caption"], "Serial A1");
        let tpl = request_body(
            "60123456789",
            &Content::Template {
                name: "coupon_ready".into(),
                language: "en".into(),
                header_image_link: Some("https://x.test/c.png".into()),
                body_params: vec!["Anna".into()],
            },
            "m3",
        );
        assert_eq!(tpl["template"]["language"]["code"], "en");
        assert_eq!(tpl["template"]["components"][0]["type"], "header");
        assert_eq!(
            tpl["template"]["components"][0]["parameters"][0]["image"]["link"],
            "https://x.test/c.png"
        );
        assert_eq!(
            tpl["template"]["components"][1]["parameters"][0]["text"],
            "Anna"
        );
    }

    #[test]
    fn content_is_checked_against_the_api_limits() {
        assert!(Content::Text { body: " ".into() }.check().is_err());
        assert!(
            Content::Text {
                body: "x".repeat(4097)
            }
            .check()
            .is_err()
        );
        let both = Content::Image {
            link: Some("https://a".into()),
            media_id: Some("1".into()),
            caption: None,
        };
        assert!(both.check().is_err());
        let neither = Content::Image {
            link: None,
            media_id: None,
            caption: None,
        };
        assert!(neither.check().is_err());
        let tpl = Content::Template {
            name: "Coupon Ready".into(),
            language: "en".into(),
            header_image_link: None,
            body_params: vec![],
        };
        assert!(tpl.check().is_err());
    }
}
