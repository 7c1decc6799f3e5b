//! Tenants: which one a host names, and the directory pages (merchants, agents, staff, site),
//! each scoped by the acting principal's tenant.

use domain::AppError;
use domain::auth::{MerchantKind, Principal};
use domain::i18n::Locale;

use crate::auth::role_from_columns;
use domain::sections::Section;
use domain::tenants::{
    AgentSummary, Branding, HexColor, HostName, HostRoute, MerchantDetail, MerchantSummary,
    SiteInfo, StaffMember, TenantKind, route_host,
};

use crate::{Db, Error, Result};

#[derive(sqlx::FromRow)]
struct TenantRow {
    id: String,
    slug: String,
    kind: String,
    brand_name: String,
    company_name: String,
    logo_url: Option<String>,
    primary_color: String,
    accent_color: String,
    default_locale: String,
    timezone: String,
    /// The earliest verified custom domain, the agent's link host.
    verified_domain: Option<String>,
}

impl TenantRow {
    fn into_branding(self, main_domain: &HostName) -> Result<Branding> {
        let kind = TenantKind::parse(&self.kind)?;
        Ok(Branding {
            site_host: domain::tenants::site_host(
                kind,
                &self.slug,
                self.verified_domain.as_deref(),
                main_domain,
            ),
            tenant_id: self.id,
            kind,
            brand_name: self.brand_name,
            company_name: self.company_name,
            logo_url: self.logo_url,
            primary_color: HexColor::parse(&self.primary_color)?,
            accent_color: HexColor::parse(&self.accent_color)?,
            default_locale: Locale::parse(&self.default_locale).unwrap_or_default(),
            utc_offset_minutes: utc_offset_minutes(&self.timezone),
        })
    }
}

/// The distance of time zone `name` from UTC now, in minutes (UTC for an unknown zone).
fn utc_offset_minutes(name: &str) -> i32 {
    let tz = crate::statements::time_zone(name);
    tz.to_offset(jiff::Timestamp::now()).seconds() / 60
}

const TENANT_COLUMNS: &str = "t.id, t.slug, t.kind, t.brand_name, t.company_name, t.logo_url, t.primary_color, t.accent_color,
    t.default_locale, t.timezone, (select d2.domain from tenant_domains d2 where d2.tenant_id = t.id and d2.verified = 1
     order by d2.created_at_ms, d2.domain limit 1) as verified_domain";

/// The main domain the sites' own links are built on: the first that is a name (an IP address
/// has no subdomains for agents), else the first.
fn link_domain(main_domains: &[HostName]) -> Result<&HostName> {
    main_domains
        .iter()
        .find(|d| !d.is_ip_literal())
        .or_else(|| main_domains.first())
        .ok_or_else(|| crate::Error::Internal("no main domain configured".into()))
}

/// The host of tenant `tenant_id`'s own links ([`Branding::site_host`]): what a job that
/// has no request (a batch's QR links) builds its URLs on.
pub async fn site_host_of(db: &Db, main_domains: &[HostName], tenant_id: &str) -> Result<String> {
    let row: TenantRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {TENANT_COLUMNS} from tenants t where t.id = $1"
    )))
    .bind(tenant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    Ok(row.into_branding(link_domain(main_domains)?)?.site_host)
}

/// The tenant a request's host names, or `None` for a host this installation does not serve.
/// An agent's custom domain counts only once verified. A host that named a site in the last two
/// seconds is answered from [`Db::hosts`] without a query.
pub async fn resolve_host(
    db: &Db,
    host: &HostName,
    main_domains: &[HostName],
) -> Result<Option<Branding>> {
    let now = crate::recent::monotonic_ms();
    if let Some(b) = db.hosts().get(&host.as_str().to_owned(), now) {
        return Ok(Some(b));
    }
    let row: Option<TenantRow> = match route_host(host, main_domains) {
        HostRoute::Platform => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {TENANT_COLUMNS} from tenants t where t.kind = 'platform'"
            )))
            .fetch_optional(db.pool())
            .await?
        }
        HostRoute::AgentSubdomain(slug) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {TENANT_COLUMNS} from tenants t where t.kind = 'agent' and t.slug = $1"
            )))
            .bind(slug.as_str())
            .fetch_optional(db.pool())
            .await?
        }
        HostRoute::CustomDomain(host) => {
            sqlx::query_as(sqlx::AssertSqlSafe(format!(
                "select {TENANT_COLUMNS} from tenants t join tenant_domains d on d.tenant_id = t.id
                 where d.domain = $1 and d.verified = 1 and t.kind = 'agent'"
            )))
            .bind(host.as_str())
            .fetch_optional(db.pool())
            .await?
        }
    };
    let main = link_domain(main_domains)?;
    let branding = row.map(|r| r.into_branding(main)).transpose()?;
    // Only hosts that name a site are kept: a stranger's made-up hosts never fill the cache.
    if let Some(b) = &branding {
        db.hosts().put(host.as_str().to_owned(), now, b.clone());
    }
    Ok(branding)
}

/// Refuses `who` unless their role may open `section`: the shared first check of every
/// dashboard storage call.
pub fn require(who: &Principal, section: Section) -> Result<()> {
    if section.allows(&who.role) {
        Ok(())
    } else {
        Err(AppError::Forbidden.into())
    }
}

#[derive(sqlx::FromRow)]
struct MerchantRow {
    id: String,
    company_name: String,
    kind: String,
    status: String,
    country: String,
    city: String,
    created_at_ms: i64,
}

impl MerchantRow {
    fn into_summary(self) -> Result<MerchantSummary> {
        Ok(MerchantSummary {
            id: self.id,
            company_name: self.company_name,
            kind: MerchantKind::parse(&self.kind)?,
            status: self.status,
            country: self.country,
            city: self.city,
            created_at_ms: self.created_at_ms,
        })
    }
}

const MERCHANT_COLUMNS: &str = "id, company_name, kind, status, country, city, created_at_ms";

/// The most rows a directory page returns.
pub const PAGE_ROWS_MAX: i64 = 200;

/// The merchants of `who`'s own tenant, newest first. The Super Admin sees the main platform's
/// merchants (agents' merchants belong to the agents); an agent sees its own.
pub async fn merchants(db: &Db, who: &Principal) -> Result<Vec<MerchantSummary>> {
    require(who, Section::Merchants)?;
    let rows: Vec<MerchantRow> = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MERCHANT_COLUMNS} from merchants
         where tenant_id = $1 order by created_at_ms desc, id limit $2"
    )))
    .bind(&who.tenant_id)
    .bind(PAGE_ROWS_MAX)
    .fetch_all(db.pool())
    .await?;
    rows.into_iter().map(MerchantRow::into_summary).collect()
}

/// One merchant of `who`'s tenant; a merchant of any other tenant is [`AppError::NotFound`].
pub async fn merchant(db: &Db, who: &Principal, merchant_id: &str) -> Result<MerchantDetail> {
    require(who, Section::Merchants)?;
    let row: MerchantRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {MERCHANT_COLUMNS} from merchants where id = $1 and tenant_id = $2"
    )))
    .bind(merchant_id)
    .bind(&who.tenant_id)
    .fetch_optional(db.pool())
    .await?
    .ok_or(AppError::NotFound)?;
    let merchant = row.into_summary()?;
    let logins = users_where(db, who, "and u.merchant_id = $2", Some(merchant_id)).await?;
    Ok(MerchantDetail { merchant, logins })
}

#[derive(sqlx::FromRow)]
struct UserRow {
    id: String,
    display_name: String,
    email: String,
    kind: String,
    permissions: i64,
    merchant_id: Option<String>,
    merchant_kind: Option<String>,
    disabled: i64,
}

async fn users_where(
    db: &Db,
    who: &Principal,
    filter: &str,
    arg: Option<&str>,
) -> Result<Vec<StaffMember>> {
    let sql = format!(
        "select u.id, u.display_name, u.email, u.kind, u.permissions, u.merchant_id,
                m.kind as merchant_kind, u.disabled
         from users u left join merchants m on m.id = u.merchant_id
         where u.tenant_id = $1 {filter} order by u.created_at_ms, u.id"
    );
    let tenant_id = who.tenant_id.as_str();
    let mut q = sqlx::query_as::<_, UserRow>(sqlx::AssertSqlSafe(sql)).bind(tenant_id);
    if let Some(a) = arg {
        q = q.bind(a);
    }
    let rows = q.fetch_all(db.pool()).await?;
    rows.into_iter()
        .map(|r| {
            let role = role_from_columns(
                &r.id,
                &r.kind,
                who.tenant_kind,
                r.permissions,
                r.merchant_id,
                r.merchant_kind.as_deref(),
            )?;
            let (permissions, is_staff) = match &role {
                domain::auth::Role::PlatformStaff(p) | domain::auth::Role::AgentStaff(p) => {
                    (p.list(), true)
                }
                _ => (Vec::new(), false),
            };
            Ok(StaffMember {
                user_id: r.id,
                display_name: r.display_name,
                email: r.email,
                role: role.clone(),
                disabled: r.disabled != 0,
                permissions,
                is_staff,
            })
        })
        .collect()
}

/// The staff of `who`'s tenant (platform staff, or the agent and its staff).
pub async fn staff(db: &Db, who: &Principal) -> Result<Vec<StaffMember>> {
    require(who, Section::Staff)?;
    users_where(db, who, "and u.kind <> 'merchant'", None).await
}

#[derive(sqlx::FromRow)]
struct AgentRow {
    id: String,
    slug: String,
    brand_name: String,
    company_name: String,
    merchant_count: i64,
}

/// Every agent, for the main platform's Super Admin.
pub async fn agents(db: &Db, who: &Principal) -> Result<Vec<AgentSummary>> {
    require(who, Section::Agents)?;
    agents_where(db, None).await
}

/// One agent, for the main platform's Super Admin; any other id is [`AppError::NotFound`].
pub async fn agent(db: &Db, who: &Principal, tenant_id: &str) -> Result<AgentSummary> {
    require(who, Section::Agents)?;
    let found = agents_where(db, Some(tenant_id)).await?;
    found
        .into_iter()
        .next()
        .ok_or_else(|| AppError::NotFound.into())
}

/// Agents with their merchant counts and verified domains, in two queries.
async fn agents_where(db: &Db, tenant_id: Option<&str>) -> Result<Vec<AgentSummary>> {
    let filter = if tenant_id.is_some() {
        "and t.id = $1"
    } else {
        ""
    };
    let sql = format!(
        "select t.id, t.slug, t.brand_name, t.company_name,
                (select count(*) from merchants m where m.tenant_id = t.id) as merchant_count
         from tenants t where t.kind = 'agent' {filter} order by t.brand_name, t.id limit {PAGE_ROWS_MAX}"
    );
    let mut q = sqlx::query_as::<_, AgentRow>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = tenant_id {
        q = q.bind(id);
    }
    let rows = q.fetch_all(db.pool()).await?;
    let sql = format!(
        "select d.tenant_id, d.domain from tenant_domains d join tenants t on t.id = d.tenant_id
         where d.verified = 1 and t.kind = 'agent' {filter} order by d.domain"
    );
    let mut q = sqlx::query_as::<_, (String, String)>(sqlx::AssertSqlSafe(sql));
    if let Some(id) = tenant_id {
        q = q.bind(id);
    }
    let domains = q.fetch_all(db.pool()).await?;
    Ok(rows
        .into_iter()
        .map(|r| AgentSummary {
            domains: domains
                .iter()
                .filter(|(t, _)| *t == r.id)
                .map(|(_, d)| d.clone())
                .collect(),
            tenant_id: r.id,
            slug: r.slug,
            brand_name: r.brand_name,
            company_name: r.company_name,
            merchant_count: r.merchant_count,
        })
        .collect())
}

/// The agent's own site: branding, the hosts serving it, and domains awaiting verification.
pub async fn site(db: &Db, who: &Principal, main_domains: &[HostName]) -> Result<SiteInfo> {
    require(who, Section::Site)?;
    let tenant: TenantRow = sqlx::query_as(sqlx::AssertSqlSafe(format!(
        "select {TENANT_COLUMNS} from tenants t where t.id = $1"
    )))
    .bind(&who.tenant_id)
    .fetch_one(db.pool())
    .await?;
    let slug = tenant.slug.clone();
    // An IP address has no subdomains, so an IP main domain adds no agent host.
    let mut hosts: Vec<String> = main_domains
        .iter()
        .filter(|d| !d.is_ip_literal())
        .map(|d| format!("{slug}.{}", d.as_str()))
        .collect();
    let domains: Vec<(String, i64)> = sqlx::query_as(
        "select domain, verified from tenant_domains where tenant_id = $1 order by domain",
    )
    .bind(&who.tenant_id)
    .fetch_all(db.pool())
    .await?;
    let (verified, unverified): (Vec<_>, Vec<_>) = domains.into_iter().partition(|(_, v)| *v == 1);
    hosts.extend(verified.into_iter().map(|(d, _)| d));
    Ok(SiteInfo {
        branding: tenant.into_branding(link_domain(main_domains)?)?,
        slug,
        hosts,
        unverified_domains: unverified.into_iter().map(|(d, _)| d).collect(),
    })
}

/// Headline counts for the overview page, each scoped to what the role may see.
pub async fn overview_counts(db: &Db, who: &Principal) -> Result<Vec<(String, i64)>> {
    let count = |sql: &'static str| async move {
        let (n,): (i64,) = sqlx::query_as(sql)
            .bind(&who.tenant_id)
            .fetch_one(db.pool())
            .await?;
        Ok::<i64, Error>(n)
    };
    let mut out = Vec::new();
    if Section::Merchants.allows(&who.role) {
        out.push((
            "Merchants".to_owned(),
            count("select count(*) from merchants where tenant_id = $1").await?,
        ));
        out.push((
            "Active merchants".to_owned(),
            count("select count(*) from merchants where tenant_id = $1 and status = 'active'")
                .await?,
        ));
    }
    if Section::Staff.allows(&who.role) {
        out.push((
            "Staff accounts".to_owned(),
            count("select count(*) from users where tenant_id = $1 and kind <> 'merchant'").await?,
        ));
    }
    if Section::Agents.allows(&who.role) {
        let (n,): (i64,) = sqlx::query_as("select count(*) from tenants where kind = 'agent'")
            .fetch_one(db.pool())
            .await?;
        out.push(("Agents".to_owned(), n));
    }
    Ok(out)
}

/// The company name of a merchant user's merchant (shown on its dashboard).
pub async fn merchant_company(db: &Db, who: &Principal) -> Result<Option<String>> {
    let Some(merchant_id) = who.merchant_id() else {
        return Ok(None);
    };
    let row: Option<(String,)> =
        sqlx::query_as("select company_name from merchants where id = $1 and tenant_id = $2")
            .bind(merchant_id)
            .bind(&who.tenant_id)
            .fetch_optional(db.pool())
            .await?;
    Ok(row.map(|(c,)| c))
}

/// Sets the language of `who`'s site for visitors who chose none and whose browser asks for
/// none of the market's languages. The site's administrators only (the agent owner, the Super
/// Admin: the same who manage its staff).
pub async fn set_default_locale(db: &Db, who: &Principal, locale: Locale) -> Result<()> {
    require(who, Section::Staff)?;
    sqlx::query("update tenants set default_locale = $1 where id = $2")
        .bind(locale.tag())
        .bind(&who.tenant_id)
        .execute(db.pool())
        .await?;
    // Cached brandings carry the default: the next request reads it again.
    db.hosts().forget(|_| true);
    Ok(())
}
