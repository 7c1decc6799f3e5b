//! Monthly statements on SQLite and PostgreSQL: figures from the ledger in each tenant's time
//! zone, reconciled balances, deterministic regeneration, the schedule (once per owner and
//! month with several workers, catch-up, expired claims), who may read what, and the PDF.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::BTreeMap;

use backend::clock::{DAY_MS, HOUR_MS, MINUTE_MS};
use backend::credits::{self, Posting, WalletRef};
use backend::statements::{self, RunReport};
use backend::testing::TestEnv;
use backend::{Ctx, Error, on_both_engines};
use domain::AppError;
use domain::auth::{MerchantKind, Permission, Permissions, Principal, Role};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::statements::{Body, Figures, Month};
use domain::tenants::TenantKind;

/// Epoch ms of a UTC date and hour.
fn utc(y: i64, m: u32, d: u32, h: i64) -> i64 {
    domain::time::days_from_civil(y, m, d) * DAY_MS + h * HOUR_MS
}

const OCT: Month = Month {
    year: 2026,
    month: 10,
};
const SEP: Month = Month {
    year: 2026,
    month: 9,
};

struct World {
    platform: String,
    agent: String,
    other_agent: String,
    /// On the main platform (Asia/Kuala_Lumpur).
    m1: String,
    /// Under the agent (America/New_York), created 15 October.
    m2: String,
    /// Under the agent, created 2 September.
    m3: String,
}

async fn tenant(
    ctx: &Ctx,
    slug: &str,
    company: &str,
    tz: &str,
    currency: &str,
    country: &str,
) -> String {
    let id = backend::ids::new_id();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color, accent_color,
                              country, currency, timezone, created_at_ms)
         values ($1, 'agent', $2, $3, $4, null, '#000000', '#ffffff', $5, $6, $7, $8)",
    )
    .bind(&id)
    .bind(slug)
    .bind(slug)
    .bind(company)
    .bind(country)
    .bind(currency)
    .bind(tz)
    .bind(utc(2026, 9, 1, 0))
    .execute(ctx.db.pool())
    .await
    .unwrap();
    id
}

async fn merchant(
    ctx: &Ctx,
    tenant: &str,
    company: &str,
    country: &str,
    created_ms: i64,
) -> String {
    let id = backend::ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, $3, 'annual', 'active', $4, 'Town', $5)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(company)
    .bind(country)
    .bind(created_ms)
    .execute(ctx.db.pool())
    .await
    .unwrap();
    id
}

async fn post(
    ctx: &Ctx,
    w: (&str, OwnerType, &str, CreditType),
    action: Action,
    amount: i64,
    at_ms: i64,
) {
    let (tenant, owner_type, owner, credit_type) = w;
    credits::post(
        &ctx.db,
        at_ms,
        &Posting {
            wallet: WalletRef {
                tenant_id: tenant.into(),
                owner_type,
                owner_id: owner.into(),
                credit_type,
            },
            action,
            amount,
            related_kind: RelatedKind::None,
            related_id: None,
            description: format!("{} of {amount}", action.as_str()),
            message: None,
            idempotency_key: backend::ids::new_id(),
            actor_user_id: None,
        },
    )
    .await
    .unwrap();
}

async fn charge(
    ctx: &Ctx,
    agent: &str,
    merchant: &str,
    kind: &str,
    price: i64,
    cost: i64,
    at_ms: i64,
) {
    sqlx::query(
        "insert into agent_charges (id, tenant_id, merchant_id, kind, payment_id, price_minor, platform_cost_minor,
                                    currency, status, created_at_ms, settled_at_ms)
         values ($1, $2, $3, $4, $5, $6, $7, 'USD', 'settled', $8, $8)",
    )
    .bind(backend::ids::new_id())
    .bind(agent)
    .bind(merchant)
    .bind(kind)
    .bind(backend::ids::new_id())
    .bind(price)
    .bind(cost)
    .bind(at_ms)
    .execute(ctx.db.pool())
    .await
    .unwrap();
}

/// Two tenants in different time zones, three merchants, and ledger lines around October's
/// bounds. Lines dated after the first schedule run are posted by [`later_lines`].
async fn world(env: &TestEnv) -> World {
    let ctx = &env.ctx;
    env.clock.set(utc(2026, 9, 1, 0));
    let platform = backend::seed::ensure_platform(ctx).await.unwrap();
    let agent = tenant(
        ctx,
        "nyagent",
        "Empire Deals LLC",
        "America/New_York",
        "USD",
        "US",
    )
    .await;
    let other_agent = tenant(
        ctx,
        "other",
        "Other Agent Sdn Bhd",
        "Asia/Kuala_Lumpur",
        "MYR",
        "MY",
    )
    .await;
    let m1 = merchant(ctx, &platform, "Kedai Runcit Ali", "MY", utc(2026, 9, 1, 0)).await;
    let m2 = merchant(ctx, &agent, "Brooklyn Bagels", "US", utc(2026, 10, 15, 0)).await;
    let m3 = merchant(ctx, &agent, "Queens Pizza", "US", utc(2026, 9, 2, 0)).await;

    let c1 = (
        platform.as_str(),
        OwnerType::Merchant,
        m1.as_str(),
        CreditType::Coupon,
    );
    post(ctx, c1, Action::Purchase, 100, utc(2026, 9, 20, 12)).await;
    post(ctx, c1, Action::Deduct, -10, utc(2026, 10, 5, 12)).await;
    post(ctx, c1, Action::Refund, 3, utc(2026, 10, 20, 12)).await;
    // 20:00 on 31 October in Kuala Lumpur: still October there.
    post(ctx, c1, Action::Purchase, 50, utc(2026, 10, 31, 12)).await;
    let u1 = (
        platform.as_str(),
        OwnerType::Merchant,
        m1.as_str(),
        CreditType::WaUi,
    );
    post(ctx, u1, Action::Purchase, 20, utc(2026, 10, 7, 0)).await;
    post(ctx, u1, Action::Deduct, -2, utc(2026, 10, 8, 0)).await;
    let b2 = (
        agent.as_str(),
        OwnerType::Merchant,
        m2.as_str(),
        CreditType::WaBi,
    );
    post(ctx, b2, Action::Purchase, 40, utc(2026, 10, 16, 0)).await;
    let money = (
        agent.as_str(),
        OwnerType::Agent,
        agent.as_str(),
        CreditType::Money,
    );
    post(ctx, money, Action::Purchase, 10_000, utc(2026, 10, 2, 0)).await;
    post(ctx, money, Action::Deduct, -2_500, utc(2026, 10, 10, 0)).await;
    charge(
        ctx,
        &agent,
        &m2,
        "annual_fee",
        5_000,
        2_500,
        utc(2026, 10, 10, 0),
    )
    .await;
    World {
        platform,
        agent,
        other_agent,
        m1,
        m2,
        m3,
    }
}

/// Lines after Kuala Lumpur's October ended: one on 1 November there (17:00 UTC on 31
/// October), one at 22:00 on 31 October in New York (02:00 UTC on 1 November), and a charge
/// in November.
async fn later_lines(env: &TestEnv, w: &World) {
    let ctx = &env.ctx;
    let c1 = (
        w.platform.as_str(),
        OwnerType::Merchant,
        w.m1.as_str(),
        CreditType::Coupon,
    );
    post(ctx, c1, Action::Deduct, -7, utc(2026, 10, 31, 17)).await;
    let b2 = (
        w.agent.as_str(),
        OwnerType::Merchant,
        w.m2.as_str(),
        CreditType::WaBi,
    );
    post(ctx, b2, Action::Deduct, -5, utc(2026, 11, 1, 2)).await;
    charge(
        ctx,
        &w.agent,
        &w.m2,
        "package",
        3_000,
        1_000,
        utc(2026, 11, 2, 0),
    )
    .await;
}

/// Runs the schedule at 00:30 on 1 November in Kuala Lumpur, then (after the later lines) at
/// 00:30 on 1 November in New York.
async fn run_schedule(env: &TestEnv, w: &World) -> (RunReport, RunReport) {
    env.clock.set(utc(2026, 10, 31, 16) + 30 * MINUTE_MS);
    let first = statements::run_due(&env.ctx).await.unwrap();
    later_lines(env, w).await;
    env.clock.set(utc(2026, 11, 1, 4) + 30 * MINUTE_MS);
    let second = statements::run_due(&env.ctx).await.unwrap();
    (first, second)
}

async fn stored(env: &TestEnv, t: OwnerType, id: &str, m: Month) -> Figures {
    statements::stored_figures(&env.ctx.db, t, id, m)
        .await
        .unwrap()
        .unwrap_or_else(|| panic!("no {m} statement for {id}"))
}

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

on_both_engines!(
    statements_follow_the_ledger_in_each_tenant_time_zone_and_reconcile,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let (first, second) = run_schedule(&env, &w).await;
        // Kuala Lumpur's October: master, m1 and the other agent; New York is still in
        // October, so the agent gets September (itself and m3, not m2, which came later).
        assert_eq!(first.generated, 5, "{first:?}");
        // Then New York's October: the agent, m2 and m3. Kuala Lumpur is done.
        assert_eq!(second.generated, 3, "{second:?}");
        assert_eq!(statements::run_due(&env.ctx).await.unwrap().generated, 0);
        assert!(
            statements::stored_figures(&env.ctx.db, OwnerType::Merchant, &w.m2, SEP)
                .await
                .unwrap()
                .is_none()
        );

        let f = stored(&env, OwnerType::Merchant, &w.m1, OCT).await;
        assert!(f.reconciles());
        assert_eq!(f.header.company_name, "Kedai Runcit Ali");
        assert_eq!(f.header.period, "1 October 2026 to 31 October 2026");
        assert_eq!(f.header.statement_date, "2026-11-01");
        assert_eq!(f.header.currency, "MYR");
        let Body::Merchant(m) = &f.body else {
            panic!("not a merchant body")
        };
        let coupon = &m.wallets[0];
        assert_eq!((coupon.opening, coupon.closing), (100, 143));
        assert_eq!(
            coupon.lines.iter().map(|l| l.amount).collect::<Vec<_>>(),
            vec![-10, 3, 50]
        );
        assert_eq!(
            coupon.lines[2].at, "2026-10-31 20:00",
            "local time of the line"
        );
        assert_eq!(
            (
                m.wallets[1].opening,
                m.wallets[1].closing,
                m.wa_ui_credits_used
            ),
            (0, 18, 2)
        );
        assert_eq!((m.wallets[2].opening, m.wallets[2].closing), (0, 0));

        let f = stored(&env, OwnerType::Merchant, &w.m2, OCT).await;
        assert!(f.reconciles());
        let Body::Merchant(m) = &f.body else {
            panic!("not a merchant body")
        };
        // 22:00 on 31 October in New York belongs to its October.
        assert_eq!(
            m.wallets[2]
                .lines
                .iter()
                .map(|l| l.amount)
                .collect::<Vec<_>>(),
            vec![40, -5]
        );
        assert_eq!((m.wallets[2].closing, m.wa_bi_credits_used), (35, 5));

        let f = stored(&env, OwnerType::Agent, &w.agent, OCT).await;
        assert!(f.reconciles());
        assert_eq!(
            (f.header.company_name.as_str(), f.header.currency.as_str()),
            ("Empire Deals LLC", "USD")
        );
        let Body::Agent(a) = &f.body else {
            panic!("not an agent body")
        };
        assert_eq!(a.new_merchants, 1);
        assert_eq!(
            (
                a.annual_fee_income,
                a.package_income,
                a.costs_deducted,
                a.net_profit
            ),
            (5_000, 0, 2_500, 2_500)
        );
        assert_eq!((a.wallet.opening, a.wallet.closing), (0, 7_500));

        let f = stored(&env, OwnerType::Master, &w.platform, OCT).await;
        assert!(f.reconciles());
        let Body::Master(m) = &f.body else {
            panic!("not a master body")
        };
        let bal: BTreeMap<&str, (i64, i64, i64)> = m
            .balances
            .iter()
            .map(|b| (b.credit_type.as_str(), (b.opening, b.movements, b.closing)))
            .collect();
        assert_eq!(bal["coupon"], (100, 43, 143));
        assert_eq!(bal["wa_ui"], (0, 18, 18));
        assert_eq!(
            bal["wa_bi"],
            (0, 40, 40),
            "the New York line of 1 November UTC is not in Kuala Lumpur's October"
        );
        assert_eq!(bal["money"], (0, 7_500, 7_500));
        assert_eq!(m.appendix_lines, 8);
        assert_eq!(m.revenue.len(), 1);
        assert_eq!(
            (
                m.revenue[0].currency.as_str(),
                m.revenue[0].from_agents,
                m.revenue[0].total
            ),
            ("USD", 2_500, 2_500)
        );
        assert_eq!(m.ad_revenue, 0);
        let us = m.countries.iter().find(|c| c.country == "US").unwrap();
        assert_eq!((us.merchants, us.new_merchants), (2, 1));
        assert_eq!(m.top_agents_by_revenue[0].company_name, "Empire Deals LLC");
        assert_eq!(m.top_agents_by_revenue[0].revenue, 5_000);
        assert_eq!(m.top_agents_by_merchants[0].merchants, 2);
        assert!(
            m.top_agents_by_merchants
                .iter()
                .any(|a| a.company_name == "Other Agent Sdn Bhd" && a.merchants == 0)
        );

        // September of the agent: its statement exists, with nothing in it.
        let f = stored(&env, OwnerType::Agent, &w.agent, SEP).await;
        let Body::Agent(a) = &f.body else {
            panic!("not an agent body")
        };
        assert_eq!(
            (a.wallet.opening, a.wallet.closing, a.wallet.lines.len()),
            (0, 0, 0)
        );
    }
);

fn principal(tenant: &str, kind: TenantKind, role: Role) -> Principal {
    Principal {
        user_id: backend::ids::new_id(),
        tenant_id: tenant.into(),
        tenant_kind: kind,
        display_name: "Someone".into(),
        email: "someone@test.test".into(),
        role,
        locale: None,
    }
}

fn staff(tenant: &str, perms: &[Permission]) -> Principal {
    principal(
        tenant,
        TenantKind::Platform,
        Role::PlatformStaff(Permissions::of(perms)),
    )
}

fn merchant_login(tenant: &str, kind: TenantKind, id: &str) -> Principal {
    principal(
        tenant,
        kind,
        Role::Merchant {
            merchant_id: id.into(),
            kind: MerchantKind::Annual,
        },
    )
}

on_both_engines!(
    regenerating_a_month_gives_the_same_figures_and_only_the_super_admin_may,
    |env: TestEnv| async move {
        let w = world(&env).await;
        run_schedule(&env, &w).await;
        let owners = [
            (OwnerType::Master, w.platform.clone()),
            (OwnerType::Merchant, w.m1.clone()),
            (OwnerType::Agent, w.agent.clone()),
            (OwnerType::Merchant, w.m2.clone()),
            (OwnerType::Merchant, w.m3.clone()),
        ];
        let mut before = Vec::new();
        for (t, id) in &owners {
            before.push(stored(&env, *t, id, OCT).await);
        }
        // More lines arrive in November, weeks later.
        env.clock.set(utc(2026, 11, 20, 0));
        let c1 = (
            w.platform.as_str(),
            OwnerType::Merchant,
            w.m1.as_str(),
            CreditType::Coupon,
        );
        post(&env.ctx, c1, Action::Deduct, -1, utc(2026, 11, 20, 0)).await;

        let admin = staff(&w.platform, &[Permission::SuperAdmin]);
        let written = statements::regenerate_month(&env.ctx, &admin, "2026-10")
            .await
            .unwrap();
        assert_eq!(written, 6, "five owners and the other agent");
        for ((t, id), b) in owners.iter().zip(&before) {
            assert_eq!(&stored(&env, *t, id, OCT).await, b, "{t:?} {id}");
        }
        // The month must be over, well formed, and asked for by the Super Admin.
        let e = user_error(
            statements::regenerate_month(&env.ctx, &admin, "2026-11")
                .await
                .unwrap_err(),
        );
        assert!(matches!(e, AppError::InvalidInput { .. }), "{e:?}");
        let e = user_error(
            statements::regenerate_month(&env.ctx, &admin, "2026-13")
                .await
                .unwrap_err(),
        );
        assert!(matches!(e, AppError::InvalidInput { .. }), "{e:?}");
        let finance = staff(&w.platform, &[Permission::FinanceViewer]);
        let e = user_error(
            statements::regenerate_month(&env.ctx, &finance, "2026-10")
                .await
                .unwrap_err(),
        );
        assert_eq!(e, AppError::Forbidden);
        let agent_owner = principal(&w.agent, TenantKind::Agent, Role::AgentOwner);
        let e = user_error(
            statements::regenerate_month(&env.ctx, &agent_owner, "2026-10")
                .await
                .unwrap_err(),
        );
        assert_eq!(e, AppError::Forbidden);
        // Regenerating a month nobody had yet (the schedule only does last month) makes it.
        let written = statements::regenerate_month(&env.ctx, &admin, "2026-09")
            .await
            .unwrap();
        assert_eq!(
            written,
            2 + 2 + 1,
            "master and m1; agent and m3; the other agent"
        );
    }
);

on_both_engines!(
    several_workers_generate_each_statement_exactly_once,
    |env: TestEnv| async move {
        let w = world(&env).await;
        later_lines(&env, &w).await;
        // Down on 1 November everywhere; the workers start on the 25th and catch up.
        env.clock.set(utc(2026, 11, 25, 0));
        let mut tasks = Vec::new();
        for _ in 0..4 {
            let ctx = env.ctx.clone();
            tasks.push(tokio::spawn(async move {
                statements::run_due(&ctx).await.unwrap()
            }));
        }
        let mut generated = 0;
        for t in tasks {
            generated += t.await.unwrap().generated;
        }
        // Platform: master, m1; agent: itself, m2, m3; the other agent: itself.
        assert_eq!(generated, 6);
        let rows: i64 = sqlx::query_scalar(
            "select count(*) from statements where month = '2026-10' and status = 'ready'",
        )
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(rows, 6);
        let total: i64 = sqlx::query_scalar("select count(*) from statements")
            .fetch_one(env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(total, 6);
        // Tenants whose statements another worker was generating complete on the next pass;
        // after that a pass has nothing to do.
        assert_eq!(statements::run_due(&env.ctx).await.unwrap().generated, 0);
        assert_eq!(
            statements::run_due(&env.ctx).await.unwrap(),
            RunReport::default()
        );
        let runs: i64 =
            sqlx::query_scalar("select count(*) from statement_runs where month = '2026-10'")
                .fetch_one(env.ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(runs, 3);
        // Figures are the same whoever generated them.
        let f = stored(&env, OwnerType::Merchant, &w.m2, OCT).await;
        let Body::Merchant(m) = &f.body else {
            panic!("not a merchant body")
        };
        assert_eq!(m.wallets[2].closing, 35);
    }
);

on_both_engines!(
    a_claim_left_by_a_crashed_worker_is_taken_over_after_its_lease,
    |env: TestEnv| async move {
        let w = world(&env).await;
        later_lines(&env, &w).await;
        let now = utc(2026, 11, 2, 0);
        env.clock.set(now);
        // A worker claimed m1's October and died.
        sqlx::query(
            "insert into statements (id, tenant_id, owner_type, owner_id, month, company_name, status,
                                     lease_until_ms, created_at_ms)
             values ('crashed', $1, 'merchant', $2, '2026-10', 'x', 'generating', $3, $4)",
        )
        .bind(&w.platform)
        .bind(&w.m1)
        .bind(now + statements::CLAIM_LEASE_MS)
        .bind(now)
        .execute(env.ctx.db.pool())
        .await
        .unwrap();
        let r = statements::run_due(&env.ctx).await.unwrap();
        assert_eq!(r.generated, 5, "all but the claimed one");
        assert_eq!(r.tenants_completed, 2, "the platform waits for m1");
        assert!(
            statements::stored_figures(&env.ctx.db, OwnerType::Merchant, &w.m1, OCT)
                .await
                .unwrap()
                .is_none()
        );
        env.clock.advance(statements::CLAIM_LEASE_MS + 1);
        let r = statements::run_due(&env.ctx).await.unwrap();
        assert_eq!((r.generated, r.tenants_completed), (1, 1));
        let f = stored(&env, OwnerType::Merchant, &w.m1, OCT).await;
        assert_eq!(f.header.company_name, "Kedai Runcit Ali");
        let Body::Merchant(m) = &f.body else {
            panic!("not a merchant body")
        };
        assert_eq!(m.wallets[0].closing, 143);
    }
);

on_both_engines!(who_may_read_which_statement, |env: TestEnv| async move {
    let w = world(&env).await;
    run_schedule(&env, &w).await;
    let db = &env.ctx.db;
    let all: Vec<(String, String, String)> =
        sqlx::query_as("select id, owner_type, owner_id from statements order by id")
            .fetch_all(db.pool())
            .await
            .unwrap();
    let id_of = |t: &str, o: &str| {
        all.iter()
            .filter(|r| r.1 == t && r.2 == o)
            .map(|r| r.0.clone())
            .collect::<Vec<_>>()
    };
    let master = id_of("master", &w.platform);
    let m1 = id_of("merchant", &w.m1);
    let agent = id_of("agent", &w.agent);
    let m2 = id_of("merchant", &w.m2);
    let m3 = id_of("merchant", &w.m3);
    let every: Vec<String> = all.iter().map(|r| r.0.clone()).collect();
    let agent_side: Vec<String> = [agent.clone(), m2.clone(), m3.clone()].concat();

    let cases: Vec<(&str, Principal, Vec<String>)> = vec![
        (
            "super admin",
            staff(&w.platform, &[Permission::SuperAdmin]),
            every.clone(),
        ),
        (
            "finance viewer",
            staff(&w.platform, &[Permission::FinanceViewer]),
            every.clone(),
        ),
        (
            "agent owner",
            principal(&w.agent, TenantKind::Agent, Role::AgentOwner),
            agent_side.clone(),
        ),
        (
            "agent finance staff",
            principal(
                &w.agent,
                TenantKind::Agent,
                Role::AgentStaff(Permissions::of(&[Permission::FinanceViewer])),
            ),
            agent_side.clone(),
        ),
        (
            "other agent",
            principal(&w.other_agent, TenantKind::Agent, Role::AgentOwner),
            id_of("agent", &w.other_agent),
        ),
        (
            "merchant m1",
            merchant_login(&w.platform, TenantKind::Platform, &w.m1),
            m1.clone(),
        ),
        (
            "merchant m2",
            merchant_login(&w.agent, TenantKind::Agent, &w.m2),
            m2.clone(),
        ),
    ];
    assert_eq!(every.len(), 8);
    for (name, who, allowed) in &cases {
        let mut listed: Vec<String> = statements::list(db, who)
            .await
            .unwrap()
            .into_iter()
            .map(|s| s.id)
            .collect();
        listed.sort();
        let mut want = allowed.clone();
        want.sort();
        assert_eq!(listed, want, "{name} lists");
        for id in &every {
            let r = statements::open(db, who, id).await;
            if allowed.contains(id) {
                let (s, key) = r.unwrap();
                assert_eq!(&s.id, id);
                assert!(env.ctx.files.get(&key).await.unwrap().starts_with(b"%PDF-"));
            } else {
                assert_eq!(
                    user_error(r.unwrap_err()),
                    AppError::NotFound,
                    "{name} opens {id}"
                );
            }
        }
        let guessed = statements::open(db, who, "00000000000000000000000000000000").await;
        assert_eq!(
            user_error(guessed.unwrap_err()),
            AppError::NotFound,
            "{name} guesses"
        );
    }
    // Without the Statements section: platform support staff, agent staff without finance.
    for who in [
        staff(&w.platform, &[Permission::Support]),
        principal(
            &w.agent,
            TenantKind::Agent,
            Role::AgentStaff(Permissions::of(&[Permission::Support])),
        ),
    ] {
        assert_eq!(
            user_error(statements::list(db, &who).await.unwrap_err()),
            AppError::Forbidden
        );
        assert_eq!(
            user_error(statements::open(db, &who, &master[0]).await.unwrap_err()),
            AppError::Forbidden
        );
    }
    let finance = staff(&w.platform, &[Permission::FinanceViewer]);
    let f = statements::figures(db, &finance, &m1[0]).await.unwrap();
    assert_eq!(f.header.company_name, "Kedai Runcit Ali");
});

fn run(cmd: &str, args: &[&str]) -> std::process::Output {
    let out = std::process::Command::new(cmd)
        .args(args)
        .output()
        .unwrap_or_else(|e| panic!("{cmd}: {e}"));
    assert!(
        out.status.success(),
        "{cmd} failed: {}",
        String::from_utf8_lossy(&out.stderr)
    );
    out
}

on_both_engines!(
    a_chinese_company_name_prints_exactly_on_its_statement,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let m = merchant(
            &env.ctx,
            &w.platform,
            "好味茶室 Sdn Bhd",
            "MY",
            utc(2026, 9, 1, 0),
        )
        .await;
        let c = (
            w.platform.as_str(),
            OwnerType::Merchant,
            m.as_str(),
            CreditType::Coupon,
        );
        post(&env.ctx, c, Action::Purchase, 25, utc(2026, 10, 3, 0)).await;
        // A line posted as a message prints in the statement's language; the stored words
        // stay English.
        let words = domain::i18n::Message::new("ledger-bought")
            .with("credits", 1_000)
            .with("type", "coupon");
        credits::post(
            &env.ctx.db,
            utc(2026, 10, 4, 0),
            &Posting {
                wallet: WalletRef {
                    tenant_id: w.platform.clone(),
                    owner_type: OwnerType::Merchant,
                    owner_id: m.clone(),
                    credit_type: CreditType::Coupon,
                },
                action: Action::Purchase,
                amount: 1_000,
                related_kind: RelatedKind::None,
                related_id: None,
                description: words.english(),
                message: Some(words),
                idempotency_key: backend::ids::new_id(),
                actor_user_id: None,
            },
        )
        .await
        .unwrap();
        // The site reads Chinese: the statement's own words follow.
        sqlx::query("update tenants set default_locale = 'zh-Hans' where id = $1")
            .bind(&w.platform)
            .execute(env.ctx.db.pool())
            .await
            .unwrap();
        run_schedule(&env, &w).await;
        let key = statements::file_key(OwnerType::Merchant, &m, OCT);
        let path = env.ctx.files.local_path(&key).unwrap();
        let text =
            String::from_utf8(run("pdftotext", &[path.to_str().unwrap(), "-"]).stdout).unwrap();
        assert!(text.contains("好味茶室 Sdn Bhd"), "{text}");
        assert!(text.contains("商家对账单"), "{text}");
        assert!(text.contains("2026年10月1日"), "{text}");
        assert!(text.contains("购买 1,000 优惠券点数"), "{text}");
        assert!(!text.contains("Bought"), "{text}");
        assert!(!text.contains('?'), "nothing printed as ?: {text}");
    }
);

on_both_engines!(
    the_pdf_shows_the_company_and_closing_balances_and_long_ledgers_paginate,
    |env: TestEnv| async move {
        let w = world(&env).await;
        // A long month for m1's BI wallet: 150 lines.
        let b1 = (
            w.platform.as_str(),
            OwnerType::Merchant,
            w.m1.as_str(),
            CreditType::WaBi,
        );
        post(&env.ctx, b1, Action::Purchase, 1_000, utc(2026, 10, 1, 0)).await;
        for i in 0..149 {
            post(
                &env.ctx,
                b1,
                Action::Deduct,
                -1,
                utc(2026, 10, 2, 0) + i * MINUTE_MS,
            )
            .await;
        }
        run_schedule(&env, &w).await;
        let key = statements::file_key(OwnerType::Merchant, &w.m1, OCT);
        let path = env.ctx.files.local_path(&key).unwrap();
        let path = path.to_str().unwrap();
        let text = String::from_utf8(run("pdftotext", &["-layout", path, "-"]).stdout).unwrap();
        assert!(text.contains("Kedai Runcit Ali"), "{text}");
        assert!(text.contains("Merchant statement"));
        assert!(text.contains("1 October 2026 to 31 October 2026"));
        // Closing balances: coupon 143, WhatsApp UI 18, WhatsApp BI 1,000 - 149 = 851.
        for closing in ["143", "18", "851"] {
            assert!(
                text.lines()
                    .any(|l| l.contains("Closing balance") && l.trim_end().ends_with(closing)),
                "closing {closing} in {text}"
            );
        }
        let pages = text.matches("Page ").count();
        assert!(pages >= 3, "{pages} pages");
        assert!(text.contains(&format!("Page {pages} of {pages}")), "{text}");
        assert!(text.contains("Page 1 of"));
        // The ledger table's header is on every page it runs onto.
        assert!(text.matches("Balance").count() >= pages, "{text}");
        assert!(text.contains("Ads bought"), "{text}");

        let dir = env.dir.join("png");
        std::fs::create_dir_all(&dir).unwrap();
        let prefix = dir.join("page");
        run(
            "pdftoppm",
            &["-png", "-r", "40", path, prefix.to_str().unwrap()],
        );
        let mut pngs: Vec<_> = std::fs::read_dir(&dir)
            .unwrap()
            .map(|e| e.unwrap().path())
            .collect();
        pngs.sort();
        assert_eq!(pngs.len(), pages);
        for p in pngs {
            let img = image::open(&p).unwrap().to_luma8();
            let dark = img.pixels().filter(|px| px.0[0] < 128).count();
            assert!(dark > 500, "{} is blank ({dark} dark pixels)", p.display());
        }

        // The agent's and the master's PDFs carry their company names and closings too.
        for (t, id, name, closing) in [
            (
                OwnerType::Agent,
                w.agent.as_str(),
                "Empire Deals LLC",
                "USD 75.00",
            ),
            (
                OwnerType::Master,
                w.platform.as_str(),
                "Coupon Central Sdn Bhd",
                "143",
            ),
        ] {
            let path = env
                .ctx
                .files
                .local_path(&statements::file_key(t, id, OCT))
                .unwrap();
            let text = String::from_utf8(
                run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]).stdout,
            )
            .unwrap();
            assert!(text.contains(name), "{text}");
            assert!(text.contains(closing), "{closing} in {text}");
            if t == OwnerType::Master {
                // The appendix prints every line of the month (8 + 150 here), over pages.
                assert_eq!(
                    text.matches("deduct of -1 ").count() + text.matches("deduct of -1\n").count(),
                    149,
                    "{text}"
                );
                assert!(
                    text.matches("Appendix: every ledger line").count() >= 3,
                    "{text}"
                );
                let pages = text.matches("Page ").count();
                assert!(text.contains(&format!("Page {pages} of {pages}")), "{text}");
            }
        }
    }
);

async fn batch(
    ctx: &Ctx,
    w: &World,
    id: &str,
    quantity: i64,
    created_ms: i64,
    refunded: Option<(i64, i64)>,
) {
    sqlx::query(
        "insert into coupon_templates (id, tenant_id, merchant_id, name, category, enabled, file_key, mime,
                                       width, height, created_by_user_id, created_at_ms)
         values ($1, $2, null, 'T', 'Food', 1, 'k', 'image/png', 10, 10, 'u', $3) on conflict (id) do nothing",
    )
    .bind("tpl")
    .bind(&w.platform)
    .bind(created_ms)
    .execute(ctx.db.pool())
    .await
    .unwrap();
    sqlx::query(
        "insert into coupon_batches (id, tenant_id, merchant_id, request_key, title, offer_details, terms, category,
                                     country, city, business_type, quantity, valid_from_ms, valid_until_ms,
                                     template_id, send_whatsapp, show_in_center, claim_limit, created_by_user_id,
                                     created_at_ms, pdf_status, pdf_done, refunded_at_ms, refunded_count)
         values ($1, $2, $3, $1, 'Deal', 'Offer', 'Terms', 'Food', 'MY', 'KL', 'Cafe', $4, $5, $6, 'tpl', 0, 1, 1,
                 'u', $5, 'ready', 0, $7, $8)",
    )
    .bind(id)
    .bind(&w.platform)
    .bind(&w.m1)
    .bind(quantity)
    .bind(created_ms)
    .bind(created_ms + 20 * DAY_MS)
    .bind(refunded.map(|r| r.0))
    .bind(refunded.map(|r| r.1))
    .execute(ctx.db.pool())
    .await
    .unwrap();
}

async fn coupon(ctx: &Ctx, batch: &str, seq: i64, taken: Option<i64>, redeemed: Option<i64>) {
    let status = match (taken, redeemed) {
        (_, Some(_)) => "redeemed",
        (Some(_), None) => "taken",
        (None, None) => "expired",
    };
    sqlx::query(
        "insert into coupons (serial, batch_id, seq, status, taken_at_ms, redeemed_at_ms)
         values ($1, $2, $3, $4, $5, $6)",
    )
    .bind(format!("{batch}-{seq}"))
    .bind(batch)
    .bind(seq)
    .bind(status)
    .bind(taken)
    .bind(redeemed)
    .execute(ctx.db.pool())
    .await
    .unwrap();
}

async fn message(ctx: &Ctx, w: &World, class: &str, state: &str, status: &str, created_ms: i64) {
    let id = backend::ids::new_id();
    sqlx::query(
        "insert into wa_messages (id, tenant_id, merchant_id, trigger, class, credit_type, recipient, sender_phone_id,
                                  content, cost_credits, status, state, wamid, created_at_ms, updated_at_ms)
         values ($1, $2, $3, 'claim', $4, $5, '60123456789', 'p', '{}', 1, $6, $7, $8, $9, $9)",
    )
    .bind(&id)
    .bind(&w.platform)
    .bind(&w.m1)
    .bind(class)
    .bind(format!("wa_{class}"))
    .bind(status)
    .bind(state)
    .bind((state == "accepted").then(|| format!("wamid.{id}")))
    .bind(created_ms)
    .execute(ctx.db.pool())
    .await
    .unwrap();
}

on_both_engines!(
    a_merchant_statement_counts_its_coupons_and_whatsapp_messages_of_the_month,
    |env: TestEnv| async move {
        let w = world(&env).await;
        let ctx = &env.ctx;
        // Batch A: made 3 October, 10 coupons; on 26 October in Kuala Lumpur (17:00 UTC on the
        // 25th) its 4 never-taken coupons were refunded.
        batch(
            ctx,
            &w,
            "A",
            10,
            utc(2026, 10, 3, 0),
            Some((utc(2026, 10, 25, 17), 4)),
        )
        .await;
        // Batch B: made in September; refunded in November.
        batch(
            ctx,
            &w,
            "B",
            5,
            utc(2026, 9, 28, 0),
            Some((utc(2026, 10, 31, 17), 5)),
        )
        .await;
        coupon(
            ctx,
            "A",
            0,
            Some(utc(2026, 10, 5, 0)),
            Some(utc(2026, 10, 6, 0)),
        )
        .await;
        coupon(
            ctx,
            "A",
            1,
            Some(utc(2026, 10, 5, 0)),
            Some(utc(2026, 10, 6, 0)),
        )
        .await;
        coupon(ctx, "A", 2, Some(utc(2026, 10, 5, 0)), None).await;
        coupon(ctx, "A", 3, None, None).await;
        // Taken at 04:00 on 1 October in Kuala Lumpur; redeemed on 1 November there.
        coupon(
            ctx,
            "B",
            0,
            Some(utc(2026, 9, 30, 20)),
            Some(utc(2026, 10, 31, 18)),
        )
        .await;
        // Taken in September there.
        coupon(ctx, "B", 1, Some(utc(2026, 9, 30, 10)), None).await;

        for status in ["sent", "delivered", "read", "failed"] {
            message(ctx, &w, "ui", "accepted", status, utc(2026, 10, 9, 0)).await;
        }
        message(ctx, &w, "ui", "failed", "failed", utc(2026, 10, 9, 0)).await;
        message(ctx, &w, "ui", "accepted", "read", utc(2026, 9, 9, 0)).await;
        message(ctx, &w, "bi", "accepted", "delivered", utc(2026, 10, 9, 0)).await;
        message(ctx, &w, "bi", "accepted", "sent", utc(2026, 10, 9, 0)).await;
        message(ctx, &w, "bi", "queued", "queued", utc(2026, 10, 31, 15)).await;

        env.clock.set(utc(2026, 11, 2, 0));
        statements::run_due(ctx).await.unwrap();
        let f = stored(&env, OwnerType::Merchant, &w.m1, OCT).await;
        let Body::Merchant(m) = &f.body else {
            panic!("not a merchant body")
        };
        assert_eq!(
            (
                m.coupons_generated,
                m.coupons_taken,
                m.coupons_redeemed,
                m.coupons_expired_refunded
            ),
            (10, 4, 2, 4)
        );
        assert_eq!(
            (m.wa_ui_success, m.wa_ui_fail, m.wa_bi_success, m.wa_bi_fail),
            (3, 2, 2, 0)
        );
        let text = {
            let path = ctx
                .files
                .local_path(&statements::file_key(OwnerType::Merchant, &w.m1, OCT))
                .unwrap();
            String::from_utf8(run("pdftotext", &["-layout", path.to_str().unwrap(), "-"]).stdout)
                .unwrap()
        };
        let row = |label: &str| {
            text.lines()
                .find(|l| l.contains(label))
                .unwrap_or_default()
                .split_whitespace()
                .collect::<Vec<_>>()
                .join(" ")
        };
        assert!(row("Coupons generated").ends_with(" 10"), "{text}");
        assert!(row("Expired, never taken").ends_with(" 4"), "{text}");
        assert!(
            row("User-initiated (UI)").ends_with("3 2 2"),
            "sent, failed, credits used: {text}"
        );
        // The master counts messages sent (accepted and not reported failed) platform-wide: the
        // September one is not in October.
        let master = stored(&env, OwnerType::Master, &w.platform, OCT).await;
        let Body::Master(mm) = &master.body else {
            panic!("not a master body")
        };
        assert_eq!((mm.wa_ui_volume, mm.wa_bi_volume), (3, 2));
    }
);
