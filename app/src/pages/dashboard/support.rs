use leptos::prelude::*;

use crate::components::error_banner::ErrorBanner;
use leptos_meta::Title;
use leptos_router::hooks::{use_params_map, use_query_map};

use crate::api::session::get_session_info;
use crate::api::support::{SupportHome, get_support_home, get_support_thread};
use crate::components::dashboard_frame::framed;
use crate::i18n::t;
use domain::support::{ConversationSummary, InboxPage, Side, Thread};

/// `/dashboard/support`: the inbox for those who answer (newest first, unread filter, paged),
/// or a merchant's own conversation with its support side.
#[component]
pub fn SupportPage() -> impl IntoView {
    let query = use_query_map();
    let params = move || {
        query.with(|q| {
            (
                q.get("unread").unwrap_or_default(),
                q.get("before").unwrap_or_default(),
                q.get("error").unwrap_or_default(),
            )
        })
    };
    let data = Resource::new(
        move || {
            let (u, b, _) = params();
            (u, b)
        },
        // The page first (opening a conversation marks it read), then the menu's unread count.
        |(u, b)| async move {
            let home = get_support_home(u, b).await;
            (get_session_info().await, home)
        },
    );
    view! {
        <Title text=t!("support-title")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let (_, _, error) = params();
                let (session, home) = data.await;
                framed(session, home, move |home| match home {
                    SupportHome::Own(thread) => thread_view(thread, error),
                    SupportHome::Inbox { page, own_unread, only_unread } => {
                        inbox_view(page, own_unread, only_unread)
                    }
                })
            })}
        </Suspense>
    }
}

/// `/dashboard/support/<id>` (or `/dashboard/support/mine`): one conversation.
#[component]
pub fn SupportThreadPage() -> impl IntoView {
    let params = use_params_map();
    let query = use_query_map();
    let id = move || params.read().get("id").unwrap_or_default();
    let data = Resource::new(id, |id| async move {
        let thread = get_support_thread(id).await;
        (get_session_info().await, thread)
    });
    view! {
        <Title text=t!("support-conversation")/>
        <Suspense fallback=|| view! { <p class="loading">{t!("site-loading")}</p> }>
            {move || Suspend::new(async move {
                let error = query.with(|q| q.get("error").unwrap_or_default());
                let (session, thread) = data.await;
                framed(session, thread, move |t| thread_view(t, error))
            })}
        </Suspense>
    }
}

fn inbox_view(page: InboxPage, own_unread: Option<bool>, only_unread: bool) -> AnyView {
    let rows = if page.conversations.is_empty() {
        let text = if only_unread {
            t!("support-nothing-unread")
        } else {
            t!("support-no-messages")
        };
        view! { <tr><td colspan="4" class="empty">{text}</td></tr> }.into_any()
    } else {
        page.conversations
            .into_iter()
            .map(inbox_row)
            .collect_view()
            .into_any()
    };
    let older = page.next.map(|n| {
        let href = format!(
            "/dashboard/support?unread={}&before={n}",
            if only_unread { "1" } else { "" }
        );
        view! { <p><a href=href>{t!("support-older")}</a></p> }
    });
    let own = own_unread.map(|unread| {
        view! {
            <div class="card own-support">
                <strong>{t!("support-own")}</strong>
                {unread.then(|| view! { <span class="badge">{t!("support-new-reply")}</span> })}
                <a class="button ghost" href="/dashboard/support/mine">{t!("support-open")}</a>
            </div>
        }
    });
    view! {
        <h1>{t!("section-support")}</h1>
        {own}
        <nav class="tabs" aria-label=t!("support-filter")>
            <a href="/dashboard/support" aria-current=(!only_unread).then_some("page")>{t!("support-all")}</a>
            <a href="/dashboard/support?unread=1" aria-current=only_unread.then_some("page")>
                {t!("support-unread-tab", count = page.unread_total)}
            </a>
        </nav>
        <table class="table inbox" data-testid="inbox">
            <thead><tr><th>{t!("support-col-from")}</th><th>{t!("support-col-role")}</th><th>{t!("support-col-last-message")}</th><th>{t!("support-col-time")}</th></tr></thead>
            <tbody>{rows}</tbody>
        </table>
        {older}
    }
    .into_any()
}

fn inbox_row(c: ConversationSummary) -> impl IntoView {
    let href = format!("/dashboard/support/{}", c.id);
    let class = if c.unread { "unread" } else { "" };
    let role = requester_text(&c.requester_label);
    view! {
        <tr class=class data-unread=c.unread.to_string()>
            <td>
                <a href=href>{c.requester_name}</a>
                {c.unread.then(|| view! { <span class="dot" title=t!("support-unread-title")>"●"<span class="sr-only">" "{t!("support-unread-sr")}</span></span> })}
            </td>
            <td>{role}</td>
            <td class="preview">{c.preview}</td>
            <td class="when">{crate::i18n::date_time(c.last_message_at_ms)}</td>
        </tr>
    }
}

fn thread_view(t: Thread, error: String) -> AnyView {
    let heading = match t.reader_side {
        Side::Support => format!(
            "{} · {}",
            t.requester_name,
            requester_text(&t.requester_label)
        ),
        Side::Requester => t!("support-from", name = t.support_name.as_str()),
    };
    // A requester always writes in its own conversation; the support side names it.
    let target = match (t.reader_side, &t.id) {
        (Side::Support, Some(id)) => id.clone(),
        _ => "mine".to_owned(),
    };
    let reader = t.reader_side;
    let empty = t.messages.is_empty().then(|| {
        view! { <p class="lead">{t!("support-thread-empty")}</p> }
    });
    let last = t.messages.len().saturating_sub(1);
    let messages = t
        .messages
        .into_iter()
        .enumerate()
        .map(|(i, m)| {
            let mine = m.side == reader;
            let class = if mine { "msg mine" } else { "msg theirs" };
            let image = m.has_image.then(|| {
                let src = format!("/dashboard/support/attachments/{}", m.id);
                let href = src.clone();
                let alt = t!("support-attached-image");
                view! { <a href=href target="_blank"><img src=src alt=alt loading="lazy"/></a> }
            });
            let seen = (mine && m.read_at_ms.is_some()).then(|| view! { <span class="seen">" · "{t!("support-read")}</span> });
            view! {
                <li class=class id=(i == last).then_some("latest")>
                    <div class="meta"><strong>{m.author_name}</strong>" · "{crate::i18n::date_time(m.created_at_ms)}{seen}</div>
                    {(!m.body.is_empty()).then(|| view! { <p class="body">{m.body}</p> })}
                    {image}
                </li>
            }
        })
        .collect_view();
    let back = (reader == Side::Support)
        .then(|| view! { <p><a href="/dashboard/support">{t!("support-back-inbox")}</a></p> });
    let error = view! { <ErrorBanner token=error/> };
    view! {
        {back}
        <h1>{heading}</h1>
        {empty}
        <ol class="thread" data-testid="thread">{messages}</ol>
        <form class="card composer" method="post" action="/dashboard/support/send" enctype="multipart/form-data">
            <input type="hidden" name="conversation" value=target/>
            {error}
            <label>{t!("support-message")}
                <textarea name="body" rows="4" maxlength=domain::support::BODY_CHARS_MAX></textarea>
            </label>
            <label>{t!("support-image")}
                <input type="file" name="image" accept="image/png,image/jpeg,image/webp"/>
            </label>
            <button type="submit">{t!("support-send")}</button>
        </form>
    }
    .into_any()
}

/// The sender's role ("Agent", "Merchant", "Temporary Merchant", as the backend names it) in
/// the page's language.
fn requester_text(label: &str) -> String {
    match label {
        "Agent" => t!("support-role-agent"),
        "Merchant" => t!("support-role-merchant"),
        "Temporary Merchant" => t!("support-role-temporary-merchant"),
        other => other.to_owned(),
    }
}
