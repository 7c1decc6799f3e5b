//! Monthly statements: the list a reader may see, and the Super Admin's regeneration.

use domain::statements::StatementSummary;
use leptos::prelude::*;
use serde::{Deserialize, Serialize};

use crate::error::ApiError;

/// What the statements page shows.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StatementsView {
    /// Newest month first.
    pub statements: Vec<StatementSummary>,
    /// Whether the reader may regenerate a month (the Super Admin).
    pub can_regenerate: bool,
}

/// The statements the caller may read.
#[server(endpoint = "statements")]
pub async fn get_statements() -> Result<StatementsView, ApiError> {
    use crate::ssr;
    use domain::auth::{Permission, Role};
    let (ctx, who) = ssr::require(domain::sections::Section::Statements)?;
    let statements = backend::statements::list(&ctx.db, &who)
        .await
        .map_err(|e| ssr::backend(e, "statements"))?;
    let can_regenerate =
        matches!(who.role, Role::PlatformStaff(_)) && who.role.has(Permission::SuperAdmin);
    Ok(StatementsView {
        statements,
        can_regenerate,
    })
}

/// Regenerates every statement of `month` (`YYYY-MM`); Super Admin only. Returns how many
/// were written.
#[server(endpoint = "regenerate_statements")]
pub async fn regenerate_statements(month: String) -> Result<u64, ApiError> {
    use crate::ssr;
    let (ctx, who) = ssr::require(domain::sections::Section::Statements)?;
    backend::statements::regenerate_month(&ctx, &who, &month)
        .await
        .map_err(|e| ssr::backend(e, "regenerate statements"))
}
