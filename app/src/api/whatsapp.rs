//! The WhatsApp page: the message log, counts per day and class, totals, and the sandbox
//! outbox. Messages are sent by the engine (`backend::whatsapp`), never from this page.

use domain::whatsapp::{DailyCount, LogPage, VolumeTotals};
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// A message in the sandbox outbox, as the phone view shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PhoneView {
    pub recipient: String,
    /// What the phone shows: the text, the caption, or the template's text in its language.
    pub text: String,
    /// A template's name and WhatsApp language code (`en`, `ms`, `zh_CN`).
    pub template: Option<String>,
    pub language: Option<String>,
    /// An image the message carries, if any.
    pub image: Option<String>,
    pub status: String,
    pub created_at_ms: i64,
}

/// Everything the WhatsApp page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WhatsAppView {
    pub log: LogPage,
    /// The last 30 days, oldest first.
    pub daily: Vec<DailyCount>,
    /// Per tenant (master), per merchant (agent), or the merchant's own row.
    pub totals: Vec<VolumeTotals>,
    /// Messages refused for lack of credits in the last 7 days.
    pub refused_no_credits: i64,
    /// The sandbox's phone view, when the sandbox sender is in use.
    pub outbox: Option<Vec<PhoneView>>,
}

/// Messages per log page.
pub const LOG_PAGE_ROWS: i64 = 50;

/// The WhatsApp page for the signed-in user, filtered by status and class (empty for all).
#[server(endpoint = "whatsapp")]
pub async fn get_whatsapp(
    status: String,
    class: String,
    offset: String,
) -> Result<WhatsAppView, ApiError> {
    use crate::ssr;
    use backend::whatsapp::{Content, logs, sandbox};
    use domain::whatsapp::{LogQuery, MessageClass, Status};
    let (ctx, who) = ssr::require(domain::sections::Section::WhatsApp)?;
    let map = |e| ssr::backend(e, "whatsapp page");
    let query = LogQuery {
        status: (!status.is_empty())
            .then(|| Status::parse(&status))
            .transpose()
            .map_err(ssr::fail)?,
        class: (!class.is_empty())
            .then(|| MessageClass::parse(&class))
            .transpose()
            .map_err(ssr::fail)?,
        from_ms: None,
        until_ms: None,
        offset: (!offset.is_empty())
            .then(|| offset.parse::<i64>())
            .transpose()
            .map_err(|_| ssr::fail(domain::AppError::invalid("page", "is not a number")))?,
    };
    let now = ctx.clock.now_ms();
    let day = backend::clock::DAY_MS;
    let since = (now.div_euclid(day) - 29) * day;
    let log = logs::message_page(&ctx.db, &who, &query, LOG_PAGE_ROWS)
        .await
        .map_err(map)?;
    let daily = logs::daily_counts(&ctx.db, &who, since, now + 1)
        .await
        .map_err(map)?;
    let totals = logs::volume_totals(&ctx.db, &who, since, now + 1)
        .await
        .map_err(map)?;
    let refused_no_credits = logs::insufficient_credit_failures(&ctx.db, &who, now - 7 * day)
        .await
        .map_err(map)?;
    let outbox = if matches!(
        ctx.config.whatsapp.sender,
        backend::config::WhatsAppSender::Sandbox
    ) {
        let list = sandbox::outbox(&ctx.db, &who, 20).await.map_err(map)?;
        Some(
            list.into_iter()
                .map(|m| {
                    let (text, language) = m.content.customer_text();
                    let (image, template) = match m.content {
                        Content::Text { .. } => (None, None),
                        Content::Image { link, .. } => (link, None),
                        Content::Template {
                            header_image_link,
                            name,
                            ..
                        } => (header_image_link, Some(name)),
                    };
                    PhoneView {
                        recipient: m.recipient,
                        text,
                        template,
                        language: language.map(|l| l.whatsapp_code().to_owned()),
                        image,
                        status: m.status,
                        created_at_ms: m.created_at_ms,
                    }
                })
                .collect(),
        )
    } else {
        None
    };
    Ok(WhatsAppView {
        log,
        daily,
        totals,
        refused_no_credits,
        outbox,
    })
}
