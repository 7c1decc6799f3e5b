//! `GET /dashboard/ledger.csv`: the ledger lines the caller may read, with the page's filters.

use axum::Extension;
use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use http::{StatusCode, header};
use serde::Deserialize;

use app::ssr::RequestUser;
use backend::credits::{ledger_page, ledger_scope};
use domain::credits::parse_ledger_query;
use domain::time::date_ymd;

use crate::AppState;
use crate::routes::pages::{plain, refusal};

/// The most lines one export holds.
pub const CSV_ROWS_MAX: usize = 100_000;
const CSV_PAGE_ROWS: i64 = 1_000;

/// The filters, as on the ledger page.
#[derive(Debug, Default, Deserialize)]
pub struct Filters {
    #[serde(default)]
    credit_type: String,
    #[serde(default)]
    action: String,
    #[serde(default)]
    from: String,
    #[serde(default)]
    until: String,
}

/// See the module documentation.
pub async fn ledger_csv(
    State(state): State<AppState>,
    Extension(RequestUser(user)): Extension<RequestUser>,
    Query(f): Query<Filters>,
) -> Response {
    let Some(who) = user else {
        return plain(
            StatusCode::UNAUTHORIZED,
            "page-log-in",
            "page-log-in-ledger",
        );
    };
    let fail = |e: domain::AppError| refusal("page-cannot-export", &e);
    let scope = match ledger_scope(&who) {
        Ok(s) => s,
        Err(e) => return fail(e.into_app("ledger export")),
    };
    let mut q = match parse_ledger_query(&f.credit_type, &f.action, &f.from, &f.until, "") {
        Ok(q) => q,
        Err(e) => return fail(e),
    };
    let header = [
        "date",
        "owner_type",
        "owner_id",
        "owner",
        "credit_type",
        "action",
        "amount",
        "balance_after",
        "related_kind",
        "related_id",
        "description",
        "line_id",
    ];
    let mut rows: Vec<Vec<String>> = Vec::new();
    let mut written = 0;
    loop {
        let page = match ledger_page(&state.ctx.db, &scope, &q, CSV_PAGE_ROWS).await {
            Ok(p) => p,
            Err(e) => return fail(e.into_app("ledger export")),
        };
        for l in &page.lines {
            rows.push(vec![
                date_ymd(l.created_at_ms),
                l.owner_type.as_str().to_owned(),
                l.owner_id.clone(),
                l.owner_name.clone(),
                l.credit_type.as_str().to_owned(),
                l.action.as_str().to_owned(),
                l.amount.to_string(),
                l.balance_after.to_string(),
                l.related_kind.as_str().to_owned(),
                l.related_id.clone().unwrap_or_default(),
                l.description.clone(),
                l.id.clone(),
            ]);
        }
        written += page.lines.len();
        match page.next {
            Some(next) if written < CSV_ROWS_MAX => q.before = Some(next),
            _ => break,
        }
    }
    let out = match backend::csv::to_string(&header, &rows) {
        Ok(s) => s,
        Err(e) => return fail(e.into_app("ledger export")),
    };
    (
        [
            (header::CONTENT_TYPE, "text/csv; charset=utf-8"),
            (
                header::CONTENT_DISPOSITION,
                "attachment; filename=\"ledger.csv\"",
            ),
        ],
        out,
    )
        .into_response()
}
