//! The support inbox's storage: conversations, messages and image attachments.
//!
//! Isolation is enforced here, not in the pages: every function first resolves what the
//! acting principal may see of a conversation (as its requester, or as its support side in the
//! principal's own tenant, for a channel the principal answers) and anything else answers
//! [`AppError::NotFound`], exactly like an id that does not exist. Which channel a message goes
//! to is decided by [`domain::support::route_for`] from who writes; nobody routes by hand.

use domain::AppError;
use domain::auth::{MerchantKind, Principal};
use domain::sections::Section;
use domain::support::{
    Channel, ConversationSummary, InboxPage, Message, Requester, Side, Thread, answers, parse_body,
    requester_label, route_for,
};

use crate::images::{ImageLimits, sanitize_off_thread};
use crate::tenants::require;
use crate::{Ctx, Db, Result, ids};

/// Conversations per inbox page.
pub const INBOX_PAGE_ROWS: i64 = 25;
/// The most recent messages a thread shows.
pub const THREAD_MESSAGES_MAX: i64 = 500;
const PREVIEW_CHARS: usize = 140;

/// Which conversation a call is about.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThreadRef<'a> {
    /// The caller's own conversation as a requester (a merchant's or an agent's with its
    /// support side), created by the first message.
    Mine,
    /// A conversation by id, for its support side (or its requester).
    Id(&'a str),
}

#[derive(Debug, Clone, sqlx::FromRow)]
struct ConversationRow {
    id: String,
    channel: String,
    requester_kind: String,
    requester_id: String,
    requester_tenant_id: String,
    support_tenant_id: String,
}

const CONVERSATION_COLUMNS: &str =
    "id, channel, requester_kind, requester_id, requester_tenant_id, support_tenant_id";

/// What the caller may do with one conversation.
struct Access {
    /// `None` while a requester has not written yet.
    conversation: Option<ConversationRow>,
    channel: Channel,
    side: Side,
    requester: Option<Requester>,
}

/// The one rule of who sees a stored conversation: its requester (same requester kind and id,
/// same tenant), or the support side of its own tenant when the caller answers its channel.
fn side_of(who: &Principal, c: &ConversationRow) -> Option<Side> {
    let channel = Channel::parse(&c.channel).ok()?;
    if answers(who).contains(&channel) && c.support_tenant_id == who.tenant_id {
        return Some(Side::Support);
    }
    let route = route_for(who)?;
    (route.requester.kind() == c.requester_kind
        && route.requester.id() == c.requester_id
        && route.requester.tenant_id() == c.requester_tenant_id
        && route.channel == channel)
        .then_some(Side::Requester)
}

async fn conversation_by_id(db: &Db, id: &str) -> Result<Option<ConversationRow>> {
    Ok(sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {CONVERSATION_COLUMNS} from support_conversations where id = $1"
    )))
    .bind(id)
    .fetch_optional(db.pool())
    .await?)
}

async fn open(db: &Db, who: &Principal, target: ThreadRef<'_>) -> Result<Access> {
    require(who, Section::Support)?;
    match target {
        ThreadRef::Mine => {
            let route = route_for(who).ok_or(AppError::Forbidden)?;
            let conversation: Option<ConversationRow> =
                sqlx::query_as(sqlx::AssertSqlSafe(format!(
                    "select {CONVERSATION_COLUMNS} from support_conversations
                 where requester_kind = $1 and requester_id = $2 and requester_tenant_id = $3"
                )))
                .bind(route.requester.kind())
                .bind(route.requester.id())
                .bind(route.requester.tenant_id())
                .fetch_optional(db.pool())
                .await?;
            Ok(Access {
                conversation,
                channel: route.channel,
                side: Side::Requester,
                requester: Some(route.requester),
            })
        }
        ThreadRef::Id(id) => {
            let c = conversation_by_id(db, id)
                .await?
                .ok_or(AppError::NotFound)?;
            let side = side_of(who, &c).ok_or(AppError::NotFound)?;
            Ok(Access {
                channel: Channel::parse(&c.channel)?,
                conversation: Some(c),
                side,
                requester: None,
            })
        }
    }
}

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: String,
    channel: String,
    requester_kind: String,
    requester_name: Option<String>,
    merchant_kind: Option<String>,
    last_message_at_ms: i64,
    last_preview: String,
    support_unread: i64,
}

/// The names behind a conversation's requester, joined the same way everywhere.
const REQUESTER_JOINS: &str =
    "left join merchants m on c.requester_kind = 'merchant' and m.id = c.requester_id
     left join tenants rt on c.requester_kind = 'agent' and rt.id = c.requester_id";

fn merchant_kind(s: Option<&str>) -> Option<MerchantKind> {
    s.and_then(|k| MerchantKind::parse(k).ok())
}

/// The caller's inbox as a support side: the conversations of the channels they answer in
/// their own tenant, newest first, optionally only those with something unread. `before` is
/// the `next` cursor of the previous page. Callers who answer nothing are refused.
pub async fn inbox(
    db: &Db,
    who: &Principal,
    only_unread: bool,
    before: Option<&str>,
    rows: i64,
) -> Result<InboxPage> {
    require(who, Section::Support)?;
    let channels = answers(who);
    if channels.is_empty() {
        return Err(AppError::Forbidden.into());
    }
    let (before_ms, before_id) = match before.filter(|s| !s.is_empty()) {
        Some(cursor) => parse_cursor(cursor)?,
        None => (i64::MAX, String::new()),
    };
    let channel_list = sql_list(channels);
    let unread_filter = if only_unread {
        "and c.support_unread = 1"
    } else {
        ""
    };
    let list: Vec<SummaryRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select c.id, c.channel, c.requester_kind,
                coalesce(m.company_name, rt.brand_name) as requester_name,
                m.kind as merchant_kind, c.last_message_at_ms, c.last_preview, c.support_unread
         from support_conversations c {REQUESTER_JOINS}
         where c.support_tenant_id = $1 and c.channel in ({channel_list}) {unread_filter}
           and (c.last_message_at_ms < $2 or (c.last_message_at_ms = $2 and ($3 = '' or c.id < $3)))
         order by c.last_message_at_ms desc, c.id desc
         limit $4"
    )))
    .bind(&who.tenant_id)
    .bind(before_ms)
    .bind(&before_id)
    .bind(rows + 1)
    .fetch_all(db.pool())
    .await?;
    let (unread_total,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select count(*) from support_conversations c
         where c.support_tenant_id = $1 and c.channel in ({channel_list}) and c.support_unread = 1"
    )))
    .bind(&who.tenant_id)
    .fetch_one(db.pool())
    .await?;
    let more = usize::try_from(rows).is_ok_and(|n| list.len() > n);
    let mut conversations = list
        .into_iter()
        .map(|r| {
            Ok(ConversationSummary {
                channel: Channel::parse(&r.channel)?,
                requester_label: requester_label(
                    &r.requester_kind,
                    merchant_kind(r.merchant_kind.as_deref()),
                )
                .to_owned(),
                requester_name: r.requester_name.unwrap_or_default(),
                id: r.id,
                last_message_at_ms: r.last_message_at_ms,
                preview: r.last_preview,
                unread: r.support_unread != 0,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    let mut next = None;
    if more {
        conversations.pop();
        next = conversations
            .last()
            .map(|c| format!("{}.{}", c.last_message_at_ms, c.id));
    }
    Ok(InboxPage {
        conversations,
        next,
        unread_total,
    })
}

/// `'a', 'b'` for an SQL `in (…)`: the channels' stored names are fixed identifiers, never
/// user input.
fn sql_list(channels: &[Channel]) -> String {
    channels
        .iter()
        .map(|c| format!("'{}'", c.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

fn parse_cursor(cursor: &str) -> Result<(i64, String)> {
    let bad = || AppError::invalid("page", "this page link is not valid; go back to the inbox");
    let (ms, id) = cursor.split_once('.').ok_or_else(bad)?;
    let ms: i64 = ms.parse().map_err(|_| bad())?;
    if id.len() != 32 || !id.bytes().all(|b| b.is_ascii_hexdigit()) {
        return Err(bad().into());
    }
    Ok((ms, id.to_owned()))
}

#[derive(sqlx::FromRow)]
struct NamesRow {
    requester_name: Option<String>,
    merchant_kind: Option<String>,
    support_name: String,
}

#[derive(sqlx::FromRow)]
struct MessageRow {
    id: String,
    side: String,
    author_name: String,
    body: String,
    attachment_key: Option<String>,
    created_at_ms: i64,
    read_at_ms: Option<i64>,
}

/// The names a thread shows for a requester who has not written yet.
async fn names_before_first_message(
    db: &Db,
    requester: &Requester,
    channel: Channel,
) -> Result<NamesRow> {
    let (requester_name, merchant_kind): (String, Option<String>) = match requester {
        Requester::Agent { tenant_id } => {
            sqlx::query_as("select brand_name, null from tenants where id = $1")
                .bind(tenant_id)
                .fetch_one(db.pool())
                .await?
        }
        Requester::Merchant { merchant_id, .. } => {
            sqlx::query_as("select company_name, kind from merchants where id = $1")
                .bind(merchant_id)
                .fetch_one(db.pool())
                .await?
        }
    };
    let support_tenant = support_tenant_for(db, requester, channel).await?;
    let (support_name,): (String,) = sqlx::query_as("select brand_name from tenants where id = $1")
        .bind(&support_tenant)
        .fetch_one(db.pool())
        .await?;
    Ok(NamesRow {
        requester_name: Some(requester_name),
        merchant_kind,
        support_name,
    })
}

/// The tenant that answers `requester` in `channel`.
async fn support_tenant_for(db: &Db, requester: &Requester, channel: Channel) -> Result<String> {
    if channel.answered_by_platform() {
        let (id,): (String,) = sqlx::query_as("select id from tenants where kind = 'platform'")
            .fetch_one(db.pool())
            .await?;
        Ok(id)
    } else {
        Ok(requester.tenant_id().to_owned())
    }
}

/// Marks what the other side wrote as read by `side`, and the conversation as read on it.
async fn mark_read(db: &Db, conversation_id: &str, side: Side, now_ms: i64) -> Result<()> {
    let other = side.other();
    let flag = unread_column(side);
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "update support_messages set read_at_ms = $3
         where conversation_id = $1 and side = $2 and read_at_ms is null",
    )
    .bind(conversation_id)
    .bind(other.as_str())
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "update support_conversations set {flag} = 0 where id = $1 and {flag} = 1"
    )))
    .bind(conversation_id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

const fn unread_column(side: Side) -> &'static str {
    match side {
        Side::Requester => "requester_unread",
        Side::Support => "support_unread",
    }
}

/// A conversation with its latest messages, as the caller's side sees it; opening it marks the
/// other side's messages read. A requester who has not written yet gets an empty thread.
pub async fn thread(
    db: &Db,
    now_ms: i64,
    who: &Principal,
    target: ThreadRef<'_>,
) -> Result<Thread> {
    let access = open(db, who, target).await?;
    let Some(c) = &access.conversation else {
        let requester = access.requester.as_ref().ok_or(AppError::NotFound)?;
        let names = names_before_first_message(db, requester, access.channel).await?;
        return Ok(Thread {
            id: None,
            channel: access.channel,
            reader_side: access.side,
            requester_label: requester_label(
                requester.kind(),
                merchant_kind(names.merchant_kind.as_deref()),
            )
            .to_owned(),
            requester_name: names.requester_name.unwrap_or_default(),
            support_name: names.support_name,
            messages: Vec::new(),
        });
    };
    mark_read(db, &c.id, access.side, now_ms).await?;
    let names: NamesRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select coalesce(m.company_name, rt.brand_name) as requester_name, m.kind as merchant_kind,
                st.brand_name as support_name
         from support_conversations c {REQUESTER_JOINS}
         join tenants st on st.id = c.support_tenant_id
         where c.id = $1"
    )))
    .bind(&c.id)
    .fetch_one(db.pool())
    .await?;
    let mut rows: Vec<MessageRow> = sqlx::query_as(
        "select sm.id, sm.side, u.display_name as author_name, sm.body, sm.attachment_key,
                sm.created_at_ms, sm.read_at_ms
         from support_messages sm join users u on u.id = sm.author_user_id
         where sm.conversation_id = $1
         order by sm.created_at_ms desc, sm.id desc
         limit $2",
    )
    .bind(&c.id)
    .bind(THREAD_MESSAGES_MAX)
    .fetch_all(db.pool())
    .await?;
    rows.reverse();
    let messages = rows
        .into_iter()
        .map(|r| {
            Ok(Message {
                side: Side::parse(&r.side)?,
                has_image: r.attachment_key.is_some(),
                id: r.id,
                author_name: r.author_name,
                body: r.body,
                created_at_ms: r.created_at_ms,
                read_at_ms: r.read_at_ms,
            })
        })
        .collect::<Result<Vec<_>>>()?;
    Ok(Thread {
        id: Some(c.id.clone()),
        channel: access.channel,
        reader_side: access.side,
        requester_label: requester_label(
            &c.requester_kind,
            merchant_kind(names.merchant_kind.as_deref()),
        )
        .to_owned(),
        requester_name: names.requester_name.unwrap_or_default(),
        support_name: names.support_name,
        messages,
    })
}

/// Writes a message (text, an image, or both) from the caller's side of a conversation; the
/// requester's first message creates the conversation in the channel the system picks. The
/// image is checked and re-encoded before anything is stored; any refusal stores nothing.
/// Returns the conversation's id.
pub async fn send(
    ctx: &Ctx,
    who: &Principal,
    target: ThreadRef<'_>,
    body: &str,
    image: Option<&[u8]>,
) -> Result<String> {
    let access = open(&ctx.db, who, target).await?;
    let body = parse_body(body, image.is_some())?;
    let image = match image {
        Some(b) => Some(sanitize_off_thread(b.to_vec(), ImageLimits::ATTACHMENT).await?),
        None => None,
    };
    let now = ctx.clock.now_ms();
    let message_id = ids::new_id();

    let conversation_id = match &access.conversation {
        Some(c) => c.id.clone(),
        None => {
            let requester = access.requester.as_ref().ok_or(AppError::NotFound)?;
            create_conversation(&ctx.db, requester, access.channel, now).await?
        }
    };

    let attachment = match &image {
        Some(img) => {
            let key = format!("support/{message_id}.{}", img.extension());
            ctx.files.put(&key, &img.bytes).await?;
            Some((key, img.mime))
        }
        None => None,
    };
    let preview = match (body.is_empty(), attachment.is_some()) {
        (true, _) => "[image]".to_owned(),
        (false, true) => format!("[image] {}", truncate(&body, PREVIEW_CHARS)),
        (false, false) => truncate(&body, PREVIEW_CHARS),
    };
    let stored = store_message(
        &ctx.db,
        &conversation_id,
        &message_id,
        access.side,
        who,
        &body,
        attachment.as_ref().map(|(k, m)| (k.as_str(), *m)),
        &preview,
        now,
    )
    .await;
    if let Err(e) = stored {
        if let Some((key, _)) = &attachment {
            let _ = ctx.files.delete(key).await;
        }
        return Err(e);
    }
    Ok(conversation_id)
}

async fn create_conversation(
    db: &Db,
    requester: &Requester,
    channel: Channel,
    now_ms: i64,
) -> Result<String> {
    let support_tenant = support_tenant_for(db, requester, channel).await?;
    // Two first messages at once: one insert wins, both use its row.
    sqlx::query(
        "insert into support_conversations
            (id, channel, requester_kind, requester_id, requester_tenant_id, support_tenant_id,
             last_message_at_ms, last_preview, support_unread, requester_unread, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, '', 0, 0, $7)
         on conflict (requester_kind, requester_id) do nothing",
    )
    .bind(ids::new_id())
    .bind(channel.as_str())
    .bind(requester.kind())
    .bind(requester.id())
    .bind(requester.tenant_id())
    .bind(&support_tenant)
    .bind(now_ms)
    .execute(db.pool())
    .await?;
    let (id,): (String,) = sqlx::query_as(
        "select id from support_conversations
         where requester_kind = $1 and requester_id = $2 and requester_tenant_id = $3",
    )
    .bind(requester.kind())
    .bind(requester.id())
    .bind(requester.tenant_id())
    .fetch_one(db.pool())
    .await?;
    Ok(id)
}

#[expect(
    clippy::too_many_arguments,
    reason = "one row's fields, called from one place"
)]
async fn store_message(
    db: &Db,
    conversation_id: &str,
    message_id: &str,
    side: Side,
    who: &Principal,
    body: &str,
    attachment: Option<(&str, &str)>,
    preview: &str,
    now_ms: i64,
) -> Result<()> {
    let other = side.other();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "insert into support_messages
            (id, conversation_id, side, author_user_id, body, attachment_key, attachment_mime,
             created_at_ms, read_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, $8, null)",
    )
    .bind(message_id)
    .bind(conversation_id)
    .bind(side.as_str())
    .bind(&who.user_id)
    .bind(body)
    .bind(attachment.map(|a| a.0))
    .bind(attachment.map(|a| a.1))
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    // Writing answers what the other side wrote: it counts as read.
    sqlx::query(
        "update support_messages set read_at_ms = $3
         where conversation_id = $1 and side = $2 and read_at_ms is null",
    )
    .bind(conversation_id)
    .bind(other.as_str())
    .bind(now_ms)
    .execute(&mut *tx)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "update support_conversations
         set last_message_at_ms = case when last_message_at_ms > $2 then last_message_at_ms else $2 end,
             last_preview = $3, {} = 1, {} = 0
         where id = $1",
        unread_column(other),
        unread_column(side)
    )))
    .bind(conversation_id)
    .bind(now_ms)
    .bind(preview)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Writes an automatic notice from the main platform into an agent's conversation with it
/// (channel 1), in the caller's transaction: the agent sees it unread in its support inbox.
/// The platform's earliest active Super Admin is the author (the messages table names a
/// person); the text says it is automatic. Without such a user nothing is written.
pub(crate) async fn platform_notice_in(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
    agent_tenant_id: &str,
    body: &str,
) -> Result<()> {
    let author: Option<(String, String)> = sqlx::query_as(
        "select t.id, u.id from tenants t join users u on u.tenant_id = t.id
         where t.kind = 'platform' and u.kind = 'platform_staff' and u.disabled = 0
           and (u.permissions & 1) = 1
         order by u.created_at_ms, u.id limit 1",
    )
    .fetch_optional(&mut *conn)
    .await?;
    let Some((platform_id, author_id)) = author else {
        tracing::warn!(
            agent = agent_tenant_id,
            "no Super Admin to sign an automatic notice"
        );
        return Ok(());
    };
    let requester = Requester::Agent {
        tenant_id: agent_tenant_id.to_owned(),
    };
    write_notice_in(
        conn,
        now_ms,
        Channel::AgentToPlatform,
        &requester,
        &platform_id,
        &author_id,
        body,
    )
    .await
}

/// Writes an automatic notice from a merchant's own tenant (the main platform or its agent)
/// into the merchant's support conversation, in the caller's transaction: the merchant sees
/// it unread in its support inbox. The author is the platform's earliest active Super Admin
/// or the agent's owner; without one nothing is written.
pub(crate) async fn merchant_notice_in(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
    tenant_id: &str,
    merchant_id: &str,
    body: &str,
) -> Result<()> {
    let author: Option<(String, String)> = sqlx::query_as(
        "select t.kind, u.id from tenants t join users u on u.tenant_id = t.id
         where t.id = $1 and u.disabled = 0
           and ((t.kind = 'platform' and u.kind = 'platform_staff' and (u.permissions & 1) = 1)
                or (t.kind <> 'platform' and u.kind = 'agent_owner'))
         order by u.created_at_ms, u.id limit 1",
    )
    .bind(tenant_id)
    .fetch_optional(&mut *conn)
    .await?;
    let Some((kind, author_id)) = author else {
        tracing::warn!(
            merchant = merchant_id,
            "no one to sign an automatic notice to a merchant"
        );
        return Ok(());
    };
    let channel = if kind == "platform" {
        Channel::MerchantToPlatform
    } else {
        Channel::MerchantToAgent
    };
    let requester = Requester::Merchant {
        tenant_id: tenant_id.to_owned(),
        merchant_id: merchant_id.to_owned(),
    };
    write_notice_in(
        conn, now_ms, channel, &requester, tenant_id, &author_id, body,
    )
    .await
}

async fn write_notice_in(
    conn: &mut sqlx::AnyConnection,
    now_ms: i64,
    channel: Channel,
    requester: &Requester,
    support_tenant_id: &str,
    author_id: &str,
    body: &str,
) -> Result<()> {
    sqlx::query(
        "insert into support_conversations
            (id, channel, requester_kind, requester_id, requester_tenant_id, support_tenant_id,
             last_message_at_ms, last_preview, support_unread, requester_unread, created_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, '', 0, 0, $7)
         on conflict (requester_kind, requester_id) do nothing",
    )
    .bind(ids::new_id())
    .bind(channel.as_str())
    .bind(requester.kind())
    .bind(requester.id())
    .bind(requester.tenant_id())
    .bind(support_tenant_id)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    let (conversation_id,): (String,) = sqlx::query_as(
        "select id from support_conversations where requester_kind = $1 and requester_id = $2",
    )
    .bind(requester.kind())
    .bind(requester.id())
    .fetch_one(&mut *conn)
    .await?;
    sqlx::query(
        "insert into support_messages
            (id, conversation_id, side, author_user_id, body, attachment_key, attachment_mime,
             created_at_ms, read_at_ms)
         values ($1, $2, $3, $4, $5, null, null, $6, null)",
    )
    .bind(ids::new_id())
    .bind(&conversation_id)
    .bind(Side::Support.as_str())
    .bind(author_id)
    .bind(body)
    .bind(now_ms)
    .execute(&mut *conn)
    .await?;
    sqlx::query(sqlx::AssertSqlSafe(format!(
        "update support_conversations
         set last_message_at_ms = case when last_message_at_ms > $2 then last_message_at_ms else $2 end,
             last_preview = $3, {} = 1
         where id = $1",
        unread_column(Side::Requester)
    )))
    .bind(&conversation_id)
    .bind(now_ms)
    .bind(truncate(body, PREVIEW_CHARS))
    .execute(&mut *conn)
    .await?;
    Ok(())
}

fn truncate(s: &str, chars: usize) -> String {
    let one_line = s.split_whitespace().collect::<Vec<_>>().join(" ");
    if one_line.chars().count() <= chars {
        one_line
    } else {
        let mut t: String = one_line.chars().take(chars).collect();
        t.push('…');
        t
    }
}

/// An attached image: its bytes and type, only for the two sides of its conversation.
pub async fn attachment(ctx: &Ctx, who: &Principal, message_id: &str) -> Result<(Vec<u8>, String)> {
    require(who, Section::Support)?;
    let row: Option<(String, Option<String>, Option<String>)> = sqlx::query_as(
        "select conversation_id, attachment_key, attachment_mime from support_messages where id = $1",
    )
    .bind(message_id)
    .fetch_optional(ctx.db.pool())
    .await?;
    let Some((conversation_id, Some(key), Some(mime))) = row else {
        return Err(AppError::NotFound.into());
    };
    let c = conversation_by_id(&ctx.db, &conversation_id)
        .await?
        .ok_or(AppError::NotFound)?;
    side_of(who, &c).ok_or(AppError::NotFound)?;
    Ok((ctx.files.get(&key).await?, mime))
}

/// How many conversations wait for the caller (for the menu and overview): unread
/// conversations of the inbox they answer, plus their own conversation if a reply is unread.
pub async fn unread_count(db: &Db, who: &Principal) -> Result<i64> {
    if !Section::Support.allows(&who.role) {
        return Ok(0);
    }
    let mut total = 0;
    let channels = answers(who);
    if !channels.is_empty() {
        let list = sql_list(channels);
        let (n,): (i64,) = sqlx::query_as(sqlx::AssertSqlSafe(format!(
            "select count(*) from support_conversations
             where support_tenant_id = $1 and channel in ({list}) and support_unread = 1"
        )))
        .bind(&who.tenant_id)
        .fetch_one(db.pool())
        .await?;
        total += n;
    }
    if let Some(route) = route_for(who) {
        let (n,): (i64,) = sqlx::query_as(
            "select count(*) from support_conversations
             where requester_kind = $1 and requester_id = $2 and requester_tenant_id = $3
               and requester_unread = 1",
        )
        .bind(route.requester.kind())
        .bind(route.requester.id())
        .bind(route.requester.tenant_id())
        .fetch_one(db.pool())
        .await?;
        total += n;
    }
    Ok(total)
}
