//! The main platform's tenant row, and the demo data of a first start: a Super Admin, master
//! staff with each permission, one agent with its own site, staff and branding, and annual and
//! temporary merchants on the main platform and under the agent, and three credit packages.

use domain::auth::{Email, Password, Permission, Permissions};

use crate::auth::{self, NewUser, NewUserKind};
use crate::{Ctx, Error, Result, ids};

/// One demo login, printed on the first start.
#[derive(Debug, Clone)]
pub struct DemoLogin {
    /// Where to log in, e.g. `http://demo-agent.localhost:3000/login`.
    pub url: String,
    pub email: String,
    pub role: String,
}

/// The slug of the demo agent; its site answers on `demo-agent.<main domain>`.
pub const DEMO_AGENT_SLUG: &str = "demo-agent";
/// The demo agent's verified custom domain (`*.localhost` resolves to this machine).
pub const DEMO_AGENT_DOMAIN: &str = "www.superdeals.localhost";

/// Makes sure the main platform's tenant exists; returns its id.
pub async fn ensure_platform(ctx: &Ctx) -> Result<String> {
    if let Some((id,)) =
        sqlx::query_as::<_, (String,)>("select id from tenants where kind = 'platform'")
            .fetch_optional(ctx.db.pool())
            .await?
    {
        return Ok(id);
    }
    let p = &ctx.config.platform;
    let id = ids::new_id();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color,
                              accent_color, country, currency, timezone, created_at_ms)
         values ($1, 'platform', 'platform', $2, $3, null, $4, $5, $6, $7, $8, $9)
         on conflict do nothing",
    )
    .bind(&id)
    .bind(&p.brand_name)
    .bind(&p.company_name)
    .bind(p.primary_color.as_str())
    .bind(p.accent_color.as_str())
    .bind(&p.country)
    .bind(&p.currency)
    .bind(&p.timezone)
    .bind(ctx.clock.now_ms())
    .execute(ctx.db.pool())
    .await?;
    // Another process may have won the race: read back whichever row exists.
    let (id,): (String,) = sqlx::query_as("select id from tenants where kind = 'platform'")
        .fetch_one(ctx.db.pool())
        .await?;
    Ok(id)
}

/// Seeds the demo tenants and users unless any user exists yet. Returns the logins created
/// (empty when the database already had users), all with `password`.
pub async fn demo(ctx: &Ctx, password: &Password) -> Result<Vec<DemoLogin>> {
    let platform_id = ensure_platform(ctx).await?;
    let (users,): (i64,) = sqlx::query_as("select count(*) from users")
        .fetch_one(ctx.db.pool())
        .await?;
    if users > 0 {
        return Ok(Vec::new());
    }
    let platform_url = format!("{}/login", demo_origin(ctx, false));
    let agent_url = format!("{}/login", demo_origin(ctx, true));
    let mut logins = Vec::new();

    let staff = [
        (
            "admin@coupons.test",
            "Aisha (Super Admin)",
            Permission::SuperAdmin,
        ),
        ("support@coupons.test", "Sam (Support)", Permission::Support),
        (
            "ads@coupons.test",
            "Adi (Ad Approver)",
            Permission::AdApprover,
        ),
        (
            "finance@coupons.test",
            "Fiona (Finance Viewer)",
            Permission::FinanceViewer,
        ),
    ];
    let mut admin = None;
    for (email, name, perm) in staff {
        let kind = NewUserKind::PlatformStaff(Permissions::of(&[perm]));
        let user_id = add_user(ctx, &platform_id, email, name, password, kind).await?;
        if perm == Permission::SuperAdmin {
            admin = Some(domain::auth::Principal {
                user_id,
                tenant_id: platform_id.clone(),
                tenant_kind: domain::tenants::TenantKind::Platform,
                display_name: name.into(),
                email: email.into(),
                role: domain::auth::Role::PlatformStaff(Permissions::of(&[perm])),
                locale: None,
            });
        }
        logins.push(DemoLogin {
            url: platform_url.clone(),
            email: email.into(),
            role: perm.label().into(),
        });
    }
    for (email, name, company, kind, city) in [
        (
            "kopi@coupons.test",
            "Kopi Corner owner",
            "Kopi Corner Sdn Bhd",
            "annual",
            "Kuala Lumpur",
        ),
        (
            "bazaar@coupons.test",
            "Pop-Up Bazaar owner",
            "Pop-Up Bazaar",
            "temporary",
            "Penang",
        ),
    ] {
        let m = DemoMerchant {
            email,
            name,
            company,
            kind,
            city,
        };
        logins.push(add_merchant_login(ctx, &platform_id, &platform_url, "", m, password).await?);
    }

    let agent_id = ids::new_id();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color,
                              accent_color, country, currency, timezone, created_at_ms)
         values ($1, 'agent', $2, 'SuperDeals', 'SuperDeals Marketing Sdn Bhd',
                 '/demo/superdeals-logo.svg', '#6d28d9', '#f97316', 'MY', 'MYR', 'Asia/Kuala_Lumpur', $3)",
    )
    .bind(&agent_id)
    .bind(DEMO_AGENT_SLUG)
    .bind(ctx.clock.now_ms())
    .execute(ctx.db.pool())
    .await?;
    sqlx::query("insert into tenant_domains (domain, tenant_id, verified, created_at_ms) values ($1, $2, 1, $3)")
        .bind(DEMO_AGENT_DOMAIN)
        .bind(&agent_id)
        .bind(ctx.clock.now_ms())
        .execute(ctx.db.pool())
        .await?;
    add_user(
        ctx,
        &agent_id,
        "agent@superdeals.test",
        "Daniel (SuperDeals)",
        password,
        NewUserKind::AgentOwner,
    )
    .await?;
    logins.push(DemoLogin {
        url: agent_url.clone(),
        email: "agent@superdeals.test".into(),
        role: "Agent".into(),
    });
    let helpdesk = NewUserKind::AgentStaff(Permissions::of(&[Permission::Support]));
    add_user(
        ctx,
        &agent_id,
        "helpdesk@superdeals.test",
        "Hana (Helpdesk)",
        password,
        helpdesk,
    )
    .await?;
    logins.push(DemoLogin {
        url: agent_url.clone(),
        email: "helpdesk@superdeals.test".into(),
        role: "Agent staff (Support)".into(),
    });
    for (email, name, company, kind, city) in [
        (
            "nasi@superdeals.test",
            "Nasi Lemak House owner",
            "Nasi Lemak House Sdn Bhd",
            "annual",
            "Johor Bahru",
        ),
        (
            "pasar@superdeals.test",
            "Pasar Malam Pop-Up owner",
            "Pasar Malam Pop-Up",
            "temporary",
            "Ipoh",
        ),
    ] {
        let m = DemoMerchant {
            email,
            name,
            company,
            kind,
            city,
        };
        logins.push(add_merchant_login(ctx, &agent_id, &agent_url, " (agent)", m, password).await?);
    }
    let admin = admin.ok_or_else(|| Error::Internal("the demo has no Super Admin".into()))?;
    // The master price sheet: each price with the platform cost an agent pays per sale.
    for (name, credit_type, credits, price, cost, temporary) in [
        (
            "1,000 coupon credits",
            "coupon",
            "1000",
            "5000",
            "3000",
            false,
        ),
        (
            "500 WhatsApp UI credits",
            "wa_ui",
            "500",
            "2500",
            "1500",
            false,
        ),
        (
            "200 WhatsApp BI credits",
            "wa_bi",
            "200",
            "6000",
            "4000",
            false,
        ),
        (
            "Temporary: 100 WhatsApp UI credits",
            "wa_ui",
            "100",
            "1000",
            "600",
            true,
        ),
    ] {
        let new = crate::payments::NewPackage {
            name: name.into(),
            credit_type: credit_type.into(),
            credits: credits.into(),
            price_minor: price.into(),
            currency: ctx.config.platform.currency.clone(),
            platform_cost_minor: cost.into(),
            for_temporary_merchants: temporary,
        };
        crate::payments::create_package(&ctx.db, ctx.clock.now_ms(), &admin, &new).await?;
    }
    for (item, price, cost) in [
        (domain::agents::PriceItem::AnnualFee, "120000", "70000"),
        (domain::agents::PriceItem::Ad7Days, "5000", "3000"),
        (domain::agents::PriceItem::Ad14Days, "9000", "5500"),
        (domain::agents::PriceItem::Ad30Days, "16000", "10000"),
    ] {
        crate::agents::set_price_item(
            &ctx.db,
            ctx.clock.now_ms(),
            &admin,
            &ctx.config.platform.currency,
            item,
            price,
            cost,
        )
        .await?;
    }
    for (name, category, from, to) in [
        (
            "Teal sunrise",
            "Food & drink",
            [15, 118, 110],
            [245, 158, 11],
        ),
        ("Violet night", "Retail", [109, 40, 217], [249, 115, 22]),
    ] {
        let png = gradient_png(from, to)?;
        crate::templates::seed_library_template(
            ctx,
            &platform_id,
            &admin.user_id,
            name,
            category,
            &png,
        )
        .await?;
    }
    // The demo agent and merchants joined before last month began, so a first start already
    // has last month's statements to show (the worker's first pass generates them).
    for sql in [
        "update merchants set created_at_ms = created_at_ms - $1",
        "update tenants set created_at_ms = created_at_ms - $1 where kind = 'agent'",
    ] {
        sqlx::query(sql)
            .bind(DEMO_HISTORY_MS)
            .execute(ctx.db.pool())
            .await?;
    }
    Ok(logins)
}

/// How long before the first start the demo agent and merchants joined: more than a month.
pub const DEMO_HISTORY_MS: i64 = 40 * crate::clock::DAY_MS;

/// A demo merchant's principal (through a session started and ended at once).
async fn demo_principal(
    ctx: &Ctx,
    tenant_id: &str,
    email: &str,
) -> Result<domain::auth::Principal> {
    let (user_id,): (String,) =
        sqlx::query_as("select id from users where tenant_id = $1 and email = $2")
            .bind(tenant_id)
            .bind(email)
            .fetch_one(ctx.db.pool())
            .await?;
    let token = auth::start_session(ctx, &user_id, tenant_id).await?;
    let who = auth::principal(&ctx.db, &token, tenant_id, ctx.clock.now_ms()).await?;
    auth::end_session(&ctx.db, &token).await?;
    who.ok_or_else(|| Error::Internal(format!("demo login {email} has no principal")))
}

/// Where a demo site answers on this machine: the first main domain with the server's port,
/// or the demo agent's subdomain of it.
fn demo_origin(ctx: &Ctx, agent: bool) -> String {
    let main = ctx
        .config
        .main_domains
        .first()
        .map_or("localhost", |d| d.as_str());
    let port = ctx.config.bind_addr.port();
    let scheme = if ctx.config.https { "https" } else { "http" };
    if agent {
        format!("{scheme}://{DEMO_AGENT_SLUG}.{main}:{port}")
    } else {
        format!("{scheme}://{main}:{port}")
    }
}

/// The demo coupon center, seeded by the server after [`demo`] on a first start (kept apart so
/// tests of [`demo`]'s logins see no batches they did not make): a few batches of the demo
/// merchants on both sites, shown in the coupon centers and paid with coupon credits bought for
/// them, and a lucky-draw wheel for Kopi Corner. Does nothing once any batch exists.
pub async fn demo_coupons(ctx: &Ctx) -> Result<()> {
    use domain::coupons::BatchForm;
    use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
    let (batches,): (i64,) = sqlx::query_as("select count(*) from coupon_batches")
        .fetch_one(ctx.db.pool())
        .await?;
    if batches > 0 {
        return Ok(());
    }
    let platform_id = ensure_platform(ctx).await?;
    let agent: Option<(String,)> = sqlx::query_as("select id from tenants where slug = $1")
        .bind(DEMO_AGENT_SLUG)
        .fetch_optional(ctx.db.pool())
        .await?;
    let template: Option<(String,)> = sqlx::query_as(
        "select id from coupon_templates where merchant_id is null order by name limit 1",
    )
    .fetch_optional(ctx.db.pool())
    .await?;
    let (Some((agent_id,)), Some((template_id,))) = (agent, template) else {
        return Ok(());
    };
    let (platform_id, agent_id, template_id) = (&platform_id, &agent_id, &template_id);
    let now = ctx.clock.now_ms();
    let from = domain::time::date_ymd(now);
    let until = |days: i64| domain::time::date_ymd(now + days * 86_400_000);
    let batches = [
        (
            platform_id,
            "kopi@coupons.test",
            "Free kopi with any kaya toast",
            "One regular kopi with any kaya toast set.",
            "cafe",
            "Kuala Lumpur",
            50,
            60,
        ),
        (
            platform_id,
            "kopi@coupons.test",
            "20% off iced drinks",
            "Any iced drink, any size, dine in or take away.",
            "cafe",
            "Kuala Lumpur",
            30,
            14,
        ),
        (
            platform_id,
            "bazaar@coupons.test",
            "RM5 off batik scarves",
            "RM5 off any batik scarf at the weekend bazaar.",
            "clothing",
            "Penang",
            20,
            30,
        ),
        (
            agent_id,
            "nasi@superdeals.test",
            "Free teh tarik with nasi lemak",
            "One teh tarik with any nasi lemak set.",
            "restaurant",
            "Johor Bahru",
            40,
            45,
        ),
    ];
    let mut kopi = None;
    for (tenant_id, email, title, offer, category, city, quantity, days) in batches {
        let who = demo_principal(ctx, tenant_id, email).await?;
        let merchant_id = who
            .merchant_id()
            .ok_or_else(|| Error::Internal(format!("{email} is not a merchant")))?
            .to_owned();
        let words = domain::i18n::Message::new("ledger-demo-credits");
        let purchase = crate::credits::Posting {
            wallet: crate::credits::WalletRef {
                tenant_id: tenant_id.to_owned(),
                owner_type: OwnerType::Merchant,
                owner_id: merchant_id,
                credit_type: CreditType::Coupon,
            },
            action: Action::Purchase,
            amount: quantity,
            related_kind: RelatedKind::None,
            related_id: None,
            description: words.english(),
            message: Some(words),
            idempotency_key: format!("demo-credits-{}", ids::new_id()),
            actor_user_id: None,
        };
        crate::credits::post(&ctx.db, now, &purchase).await?;
        let form = BatchForm {
            title: title.into(),
            offer_details: offer.into(),
            terms: "One per customer. Show the QR code at the counter.".into(),
            category: category.into(),
            country: "MY".into(),
            city: city.into(),
            business_type: "Food & drink".into(),
            quantity: quantity.to_string(),
            valid_from: from.clone(),
            valid_until: until(days),
            template_id: template_id.to_owned(),
            send_whatsapp: false,
            show_in_center: true,
            claim_limit: "1".into(),
        };
        // As the batch form does: its PDF is a job, with QR links to the merchant's own site.
        let b = crate::coupons::generate_batch(ctx, &who, &form, &ids::new_id()).await?;
        if email == "kopi@coupons.test" && kopi.is_none() {
            kopi = Some((who, b.id));
        }
    }
    if let Some((who, batch_id)) = kopi {
        use domain::lucky_draw::{PrizeForm, WheelForm};
        let prize = |label: &str, weight: &str, batch: &str, stock: &str| PrizeForm {
            label: label.into(),
            weight: weight.into(),
            batch_id: batch.into(),
            stock: stock.into(),
        };
        let wheel = WheelForm {
            enabled: true,
            after_claim: true,
            from_store: true,
            spins_per_day: "1".into(),
            prizes: vec![
                prize("Free Kopi", "1", &batch_id, "10"),
                prize("No Prize", "2", "", ""),
                prize("Try Again", "1", "", ""),
            ],
        };
        crate::lucky_draw::save_wheel(ctx, &who, &wheel).await?;
    }
    Ok(())
}

/// A 1,200 × 600 diagonal gradient between two colours, as PNG: a demo coupon template.
fn gradient_png(from: [u8; 3], to: [u8; 3]) -> Result<Vec<u8>> {
    let (w, h) = (1200u32, 600u32);
    let img = image::RgbImage::from_fn(w, h, |x, y| {
        let (t, span) = (i64::from(x + y), i64::from(w + h));
        let mix = |a: u8, b: u8| {
            let v = i64::from(a) + (i64::from(b) - i64::from(a)) * t / span;
            u8::try_from(v).unwrap_or(0)
        };
        image::Rgb([
            mix(from[0], to[0]),
            mix(from[1], to[1]),
            mix(from[2], to[2]),
        ])
    });
    let mut out = std::io::Cursor::new(Vec::new());
    img.write_to(&mut out, image::ImageFormat::Png)
        .map_err(|e| Error::Internal(format!("demo template: {e}")))?;
    Ok(out.into_inner())
}

/// A demo merchant and its login.
struct DemoMerchant<'a> {
    email: &'a str,
    name: &'a str,
    company: &'a str,
    kind: &'a str,
    city: &'a str,
}

async fn add_merchant_login(
    ctx: &Ctx,
    tenant_id: &str,
    url: &str,
    role_suffix: &str,
    m: DemoMerchant<'_>,
    password: &Password,
) -> Result<DemoLogin> {
    let merchant_id = add_merchant(ctx, tenant_id, m.company, m.kind, m.city).await?;
    add_user(
        ctx,
        tenant_id,
        m.email,
        m.name,
        password,
        NewUserKind::Merchant { merchant_id },
    )
    .await?;
    Ok(DemoLogin {
        url: url.to_owned(),
        email: m.email.into(),
        role: format!("{} merchant{role_suffix}", m.kind),
    })
}

async fn add_user(
    ctx: &Ctx,
    tenant_id: &str,
    email: &str,
    name: &str,
    password: &Password,
    kind: NewUserKind,
) -> Result<String> {
    let email = Email::parse(email).map_err(Error::User)?;
    let new = NewUser {
        tenant_id: tenant_id.into(),
        email,
        display_name: name.into(),
        password: password.clone(),
        kind,
    };
    auth::create_user(ctx, new).await
}

async fn add_merchant(
    ctx: &Ctx,
    tenant_id: &str,
    company: &str,
    kind: &str,
    city: &str,
) -> Result<String> {
    let id = ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, $3, $4, 'active', 'MY', $5, $6)",
    )
    .bind(&id)
    .bind(tenant_id)
    .bind(company)
    .bind(kind)
    .bind(city)
    .bind(ctx.clock.now_ms())
    .execute(ctx.db.pool())
    .await?;
    Ok(id)
}
