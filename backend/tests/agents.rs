//! Agents: the master price sheet only the Super Admin changes, the prepaid agent wallet that
//! pays platform costs in the same transaction as the merchant's activation or credits, agents'
//! own Stripe keys (checked, sealed, used for their merchants' checkouts and webhooks), merchant
//! sign-up and memberships, and custom domains. On SQLite and PostgreSQL, with Stripe faked by
//! a local server.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::HashMap;
use std::sync::{Arc, Mutex};

use backend::agents::{self, TxtResolver};
use backend::memberships::{self, MerchantSignUp};
use backend::paid::{Applied, Item};
use backend::payments;
use backend::testing::{DEMO_PASSWORD, T0_MS, TestEnv};
use backend::{Ctx, Error, on_both_engines};
use domain::AppError;
use domain::agents::{MerchantState, PriceItem, PriceLineKind};
use domain::auth::{Password, Principal};
use domain::credits::{CreditType, OwnerType};
use domain::tenants::HostName;

const DAY_MS: i64 = 86_400_000;

fn user_error(e: Error) -> AppError {
    match e {
        Error::User(u) => u,
        other => panic!("expected a user error, got {other}"),
    }
}

async fn seed(env: &TestEnv) {
    backend::seed::demo(&env.ctx, &Password::parse(DEMO_PASSWORD).unwrap())
        .await
        .unwrap();
}

async fn login(ctx: &Ctx, email: &str) -> Principal {
    let (tenant,): (String,) = sqlx::query_as("select tenant_id from users where email = $1")
        .bind(email)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
    backend::auth::login(ctx, &tenant, email, DEMO_PASSWORD, "127.0.0.1")
        .await
        .unwrap()
        .0
}

async fn tenant_of(ctx: &Ctx, host: &str) -> String {
    backend::tenants::resolve_host(
        &ctx.db,
        &HostName::parse(host).unwrap(),
        &ctx.config.main_domains,
    )
    .await
    .unwrap()
    .unwrap()
    .tenant_id
}

async fn agent_balance(ctx: &Ctx, tenant: &str) -> i64 {
    backend::credits::balances(&ctx.db, OwnerType::Agent, tenant, &[CreditType::Money])
        .await
        .unwrap()[0]
        .balance
}

async fn balance(ctx: &Ctx, merchant: &str, t: CreditType) -> i64 {
    backend::credits::balances(&ctx.db, OwnerType::Merchant, merchant, &[t])
        .await
        .unwrap()[0]
        .balance
}

async fn merchant_status(ctx: &Ctx, merchant: &str) -> (String, Option<i64>) {
    sqlx::query_as("select status, renews_at_ms from merchants where id = $1")
        .bind(merchant)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap()
}

async fn audit_clean(ctx: &Ctx) {
    let v = backend::credits::audit(&ctx.db).await.unwrap();
    assert!(v.is_empty(), "{v:?}");
}

/// Pays any sandbox payment (package, annual fee or top-up) through the webhook path.
async fn sandbox_pay(
    ctx: &Ctx,
    now: i64,
    event: &str,
    item: Item,
    id: &str,
    amount: i64,
    currency: &str,
) -> Applied {
    let body = backend::stripe::session_completed_event(event, item.as_str(), id, amount, currency)
        .unwrap();
    let secret = backend::stripe::sandbox_secret();
    let sig = backend::stripe::sign(secret, &body, now).unwrap();
    backend::checkout::handle_webhook(&ctx.db, now, "sandbox", secret, &sig, &body)
        .await
        .unwrap()
}

async fn top_up(ctx: &Ctx, owner: &Principal, amount: i64) -> Applied {
    let now = ctx.clock.now_ms();
    let t = agents::start_top_up(&ctx.db, now, owner, &amount.to_string(), "sandbox")
        .await
        .unwrap();
    sandbox_pay(
        ctx,
        now,
        &format!("evt_{}", t.id),
        Item::TopUp,
        &t.id,
        t.amount_minor,
        &t.currency,
    )
    .await
}

/// Signs up an annual merchant on `host` and returns its login.
async fn sign_up(ctx: &Ctx, host: &str, company: &str, email: &str, kind: &str) -> Principal {
    let tenant = tenant_of(ctx, host).await;
    let form = MerchantSignUp {
        company_name: company.into(),
        kind: kind.into(),
        country: "my".into(),
        city: "Kuching".into(),
        display_name: format!("{company} owner"),
        email: email.into(),
        password: DEMO_PASSWORD.into(),
    };
    memberships::sign_up_merchant(ctx, ctx.clock.now_ms(), &tenant, &form, "127.0.0.1")
        .await
        .unwrap();
    login(ctx, email).await
}

/// Starts and pays (in the sandbox) the annual fee of `who`.
async fn pay_fee(ctx: &Ctx, who: &Principal) -> Applied {
    let now = ctx.clock.now_ms();
    let m = memberships::start_membership_payment(&ctx.db, now, who, "sandbox")
        .await
        .unwrap();
    sandbox_pay(
        ctx,
        now,
        &format!("evt_{}", m.id),
        Item::Membership,
        &m.id,
        m.amount_minor,
        &m.currency,
    )
    .await
}

on_both_engines!(
    only_the_super_admin_changes_prices_and_agents_read_their_profit,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let admin = login(ctx, "admin@coupons.test").await;
        let agent = login(ctx, "agent@superdeals.test").await;
        let others = [
            agent.clone(),
            login(ctx, "helpdesk@superdeals.test").await,
            login(ctx, "finance@coupons.test").await,
            login(ctx, "support@coupons.test").await,
            login(ctx, "nasi@superdeals.test").await,
        ];
        let before = agents::price_sheet(&ctx.db, &admin, None).await.unwrap();
        let pkg = before
            .lines
            .iter()
            .find_map(|l| match &l.kind {
                PriceLineKind::Package { package_id, .. } => Some(package_id.clone()),
                PriceLineKind::Item(_) => None,
            })
            .unwrap();
        for who in &others {
            let r =
                agents::set_price_item(&ctx.db, T0_MS, who, "MYR", PriceItem::AnnualFee, "1", "0")
                    .await;
            assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
            let r = agents::set_package_price(&ctx.db, who, &pkg, "1", "0").await;
            assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
            let r = payments::set_package_active(&ctx.db, who, &pkg, false).await;
            assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
            let new = payments::NewPackage {
                name: "cheap".into(),
                credit_type: "coupon".into(),
                credits: "1000000".into(),
                price_minor: "1".into(),
                currency: "MYR".into(),
                ..Default::default()
            };
            let r = payments::create_package(&ctx.db, T0_MS, who, &new).await;
            assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
        }
        assert_eq!(
            agents::price_sheet(&ctx.db, &admin, None).await.unwrap(),
            before
        );
        // The agent reads its own currency's sheet, read-only, with its profit per item.
        let sheet = agents::price_sheet(&ctx.db, &agent, Some("USD"))
            .await
            .unwrap();
        assert!(!sheet.editable);
        assert_eq!(sheet.currency, "MYR");
        let fee = sheet
            .lines
            .iter()
            .find(|l| l.kind == PriceLineKind::Item(PriceItem::AnnualFee))
            .unwrap();
        assert_eq!(
            (
                fee.price_minor,
                fee.platform_cost_minor,
                fee.agent_profit_minor
            ),
            (120_000, 70_000, 50_000)
        );
        assert!(
            sheet
                .lines
                .iter()
                .all(|l| l.agent_profit_minor == l.price_minor - l.platform_cost_minor)
        );
        assert!(sheet.lines.iter().any(|l| matches!(
            l.kind,
            PriceLineKind::Package {
                for_temporary_merchants: true,
                ..
            }
        )));
        // Merchants and staff without the section see nothing.
        let r = agents::price_sheet(&ctx.db, &others[4], None).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
        // The Super Admin's changes apply; bad ones are refused and change nothing.
        for (price, cost) in [("0", "0"), ("100", "101"), ("abc", "1"), ("100", "-5")] {
            let r = agents::set_price_item(
                &ctx.db,
                T0_MS,
                &admin,
                "MYR",
                PriceItem::Ad7Days,
                price,
                cost,
            )
            .await;
            assert!(
                matches!(user_error(r.unwrap_err()), AppError::InvalidInput { .. }),
                "{price}/{cost}"
            );
        }
        agents::set_price_item(
            &ctx.db,
            T0_MS,
            &admin,
            "myr",
            PriceItem::AnnualFee,
            "150000",
            "90000",
        )
        .await
        .unwrap();
        agents::set_package_price(&ctx.db, &admin, &pkg, "7000", "4000")
            .await
            .unwrap();
        let sheet = agents::price_sheet(&ctx.db, &agent, None).await.unwrap();
        let fee = sheet
            .lines
            .iter()
            .find(|l| l.kind == PriceLineKind::Item(PriceItem::AnnualFee))
            .unwrap();
        assert_eq!(fee.agent_profit_minor, 60_000);
        let p = sheet
            .lines
            .iter()
            .find(|l| matches!(&l.kind, PriceLineKind::Package { package_id, .. } if *package_id == pkg))
            .unwrap();
        assert_eq!((p.price_minor, p.agent_profit_minor), (7000, 3000));
    }
);

on_both_engines!(
    an_agent_merchants_purchase_takes_the_platform_cost_from_the_agent_wallet_atomically,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let agent = login(ctx, "agent@superdeals.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let nasi_id = nasi.merchant_id().unwrap().to_owned();
        let pkg =
            payments::packages_for(&ctx.db, &nasi.tenant_id, domain::auth::MerchantKind::Annual)
                .await
                .unwrap()
                .into_iter()
                .find(|p| p.credit_type == "coupon")
                .unwrap();
        assert_eq!((pkg.price_minor, pkg.platform_cost_minor), (5000, 3000));
        // A temporary package is not for an annual merchant.
        let temp = payments::packages_for(
            &ctx.db,
            &nasi.tenant_id,
            domain::auth::MerchantKind::Temporary,
        )
        .await
        .unwrap();
        assert_eq!(temp.len(), 1);
        let r = payments::start_purchase(
            &ctx.db,
            T0_MS,
            &nasi.tenant_id,
            &nasi_id,
            &temp[0].id,
            "sandbox",
        )
        .await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::InvalidInput { .. }
        ));

        assert!(matches!(
            top_up(ctx, &agent, 10_000).await,
            Applied::ToppedUp { settled: 0, .. }
        ));
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 10_000);
        let p = payments::start_purchase(
            &ctx.db,
            T0_MS,
            &nasi.tenant_id,
            &nasi_id,
            &pkg.id,
            "sandbox",
        )
        .await
        .unwrap();
        assert_eq!(p.payee_tenant_id.as_deref(), Some(agent.tenant_id.as_str()));
        let applied = sandbox_pay(
            ctx,
            T0_MS,
            "evt_pkg_1",
            Item::Package,
            &p.id,
            p.amount_minor,
            &p.currency,
        )
        .await;
        assert!(matches!(applied, Applied::Credited { .. }));
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 7_000);
        assert_eq!(balance(ctx, &nasi_id, CreditType::Coupon).await, 1000);
        // Replays of the event, or other events for the same payment, change nothing.
        assert_eq!(
            sandbox_pay(
                ctx,
                T0_MS,
                "evt_pkg_1",
                Item::Package,
                &p.id,
                p.amount_minor,
                &p.currency
            )
            .await,
            Applied::Duplicate
        );
        assert_eq!(
            sandbox_pay(
                ctx,
                T0_MS,
                "evt_pkg_2",
                Item::Package,
                &p.id,
                p.amount_minor,
                &p.currency
            )
            .await,
            Applied::Duplicate
        );
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 7_000);
        assert_eq!(balance(ctx, &nasi_id, CreditType::Coupon).await, 1000);
        // A main-platform merchant's purchase costs no agent anything.
        let kopi = login(ctx, "kopi@coupons.test").await;
        let kp = payments::start_purchase(
            &ctx.db,
            T0_MS,
            &kopi.tenant_id,
            kopi.merchant_id().unwrap(),
            &pkg.id,
            "sandbox",
        )
        .await
        .unwrap();
        assert_eq!(kp.payee_tenant_id, None);
        sandbox_pay(
            ctx,
            T0_MS,
            "evt_kopi",
            Item::Package,
            &kp.id,
            kp.amount_minor,
            &kp.currency,
        )
        .await;
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 7_000);
        let summary = agents::wallet_summary(&ctx.db, &agent).await.unwrap();
        assert_eq!(summary.balance_minor, 7_000);
        assert_eq!(summary.totals.package_income_minor, 5000);
        assert_eq!(summary.totals.platform_costs_minor, 3000);
        assert_eq!(summary.totals.profit_minor, 2000);
        assert_eq!(summary.merchants.len(), 2);
        let r = agents::wallet_summary(&ctx.db, &nasi).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
        audit_clean(ctx).await;
    }
);

on_both_engines!(
    an_uncovered_fee_waits_as_pending_agent_top_up_and_a_top_up_activates_it_once,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let agent = login(ctx, "agent@superdeals.test").await;
        let m = sign_up(
            ctx,
            "demo-agent.localhost",
            "Roti Canai Co",
            "roti@example.com",
            "annual",
        )
        .await;
        let mid = m.merchant_id().unwrap().to_owned();
        assert_eq!(
            m.tenant_id, agent.tenant_id,
            "the merchant belongs to the agent whose host it used"
        );
        assert_eq!(merchant_status(ctx, &mid).await.0, "pending_payment");
        let r = memberships::merchant_can_spend(&ctx.db, T0_MS, &mid).await;
        assert!(matches!(
            user_error(r.unwrap_err()),
            AppError::MembershipInactive { .. }
        ));

        assert!(matches!(
            pay_fee(ctx, &m).await,
            Applied::PendingAgentTopUp { .. }
        ));
        assert_eq!(
            merchant_status(ctx, &mid).await,
            ("pending_agent_topup".to_owned(), None)
        );
        assert!(
            memberships::merchant_can_spend(&ctx.db, T0_MS, &mid)
                .await
                .is_err()
        );
        let s = agents::wallet_summary(&ctx.db, &agent).await.unwrap();
        assert_eq!(
            (s.totals.pending_count, s.totals.pending_costs_minor),
            (1, 70_000)
        );
        // The agent is told in its support inbox, from the platform's side, unread.
        let notice =
            backend::support::thread(&ctx.db, T0_MS, &agent, backend::support::ThreadRef::Mine)
                .await
                .unwrap();
        let last = notice
            .messages
            .last()
            .expect("a notice in the agent's inbox");
        assert_eq!(last.side, domain::support::Side::Support);
        assert!(
            last.body
                .contains("Roti Canai Co paid the annual merchant fee (RM 1,200.00)")
                && last.body.contains("RM 700.00 waits for your wallet top-up"),
            "{}",
            last.body
        );
        // Not enough yet: still waiting, and the top-up stays on the wallet.
        env.clock.advance(1_000);
        assert!(matches!(
            top_up(ctx, &agent, 50_000).await,
            Applied::ToppedUp { settled: 0, .. }
        ));
        assert_eq!(merchant_status(ctx, &mid).await.0, "pending_agent_topup");
        env.clock.advance(1_000);
        assert!(matches!(
            top_up(ctx, &agent, 30_000).await,
            Applied::ToppedUp { settled: 1, .. }
        ));
        let (status, renews) = merchant_status(ctx, &mid).await;
        assert_eq!(status, "active");
        assert_eq!(renews, Some(T0_MS + 2_000 + 365 * DAY_MS));
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 10_000);
        memberships::merchant_can_spend(&ctx.db, T0_MS + 2_000, &mid)
            .await
            .unwrap();
        // Further top-ups never complete it again.
        assert!(matches!(
            top_up(ctx, &agent, 70_000).await,
            Applied::ToppedUp { settled: 0, .. }
        ));
        assert_eq!(agent_balance(ctx, &agent.tenant_id).await, 80_000);
        let (deducts,): (i64,) = sqlx::query_as(
            "select count(*) from ledger_entries where owner_type = 'agent' and action = 'deduct'",
        )
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(deducts, 1);
        let s = agents::wallet_summary(&ctx.db, &agent).await.unwrap();
        assert_eq!(s.totals.annual_fee_income_minor, 120_000);
        assert_eq!(s.totals.profit_minor, 50_000);
        assert_eq!(s.totals.pending_count, 0);
        audit_clean(ctx).await;
    }
);

on_both_engines!(
    concurrent_top_ups_complete_waiting_items_oldest_first_each_exactly_once,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let agent = login(ctx, "agent@superdeals.test").await;
        let mut merchants = Vec::new();
        for i in 0..6 {
            env.clock.advance(1_000);
            let m = sign_up(
                ctx,
                "demo-agent.localhost",
                &format!("Shop {i}"),
                &format!("shop{i}@example.com"),
                "annual",
            )
            .await;
            assert!(matches!(
                pay_fee(ctx, &m).await,
                Applied::PendingAgentTopUp { .. }
            ));
            merchants.push(m.merchant_id().unwrap().to_owned());
        }
        // Ten top-ups of 30,000 at once cover four of the six 70,000 costs (280,000 of 300,000).
        env.clock.advance(1_000);
        let mut tasks = Vec::new();
        for _ in 0..10 {
            let ctx = ctx.clone();
            let agent = agent.clone();
            tasks.push(tokio::spawn(
                async move { top_up(&ctx, &agent, 30_000).await },
            ));
        }
        let mut settled = 0;
        for t in tasks {
            if let Applied::ToppedUp { settled: n, .. } = t.await.unwrap() {
                settled += n;
            }
        }
        assert_eq!(settled, 4);
        let mut states = Vec::new();
        for m in &merchants {
            states.push(merchant_status(ctx, m).await.0);
        }
        assert_eq!(
            states,
            [
                "active",
                "active",
                "active",
                "active",
                "pending_agent_topup",
                "pending_agent_topup"
            ],
            "the oldest waiting items complete first"
        );
        assert_eq!(
            agent_balance(ctx, &agent.tenant_id).await,
            300_000 - 4 * 70_000
        );
        // Concurrent deliveries of new events for paid fees, plus two more top-ups: the last
        // two complete, once each.
        let mut tasks = Vec::new();
        for i in 0..2 {
            let ctx = ctx.clone();
            let agent = agent.clone();
            tasks.push(tokio::spawn(async move {
                let _ = i;
                top_up(&ctx, &agent, 70_000).await
            }));
        }
        for t in tasks {
            t.await.unwrap();
        }
        for m in &merchants {
            assert_eq!(merchant_status(ctx, m).await.0, "active");
        }
        let (deducts, total): (i64, i64) = sqlx::query_as(
            "select count(*), cast(coalesce(sum(amount), 0) as bigint) from ledger_entries
             where owner_type = 'agent' and action = 'deduct'",
        )
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
        assert_eq!((deducts, total), (6, -6 * 70_000));
        assert_eq!(
            agent_balance(ctx, &agent.tenant_id).await,
            300_000 + 140_000 - 420_000
        );
        audit_clean(ctx).await;
    }
);

on_both_engines!(
    concurrent_merchant_payments_and_top_ups_never_double_charge_or_strand_an_item,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let agent = login(ctx, "agent@superdeals.test").await;
        let mut fees = Vec::new();
        for i in 0..8 {
            let m = sign_up(
                ctx,
                "demo-agent.localhost",
                &format!("Stall {i}"),
                &format!("stall{i}@example.com"),
                "annual",
            )
            .await;
            let p = memberships::start_membership_payment(&ctx.db, T0_MS, &m, "sandbox")
                .await
                .unwrap();
            fees.push((m.merchant_id().unwrap().to_owned(), p));
        }
        // Eight fee payments (each delivered twice) race four top-ups that cover them all.
        let mut tasks = Vec::new();
        for (_, p) in &fees {
            for dup in 0..2 {
                let ctx = ctx.clone();
                let p = p.clone();
                tasks.push(tokio::spawn(async move {
                    sandbox_pay(
                        &ctx,
                        T0_MS,
                        &format!("evt_{}_{dup}", p.id),
                        Item::Membership,
                        &p.id,
                        p.amount_minor,
                        &p.currency,
                    )
                    .await
                }));
            }
        }
        for _ in 0..4 {
            let ctx = ctx.clone();
            let agent = agent.clone();
            tasks.push(tokio::spawn(
                async move { top_up(&ctx, &agent, 140_000).await },
            ));
        }
        for t in tasks {
            t.await.unwrap();
        }
        for (m, _) in &fees {
            assert_eq!(
                merchant_status(ctx, m).await.0,
                "active",
                "no paid item is left waiting"
            );
        }
        assert_eq!(
            agent_balance(ctx, &agent.tenant_id).await,
            4 * 140_000 - 8 * 70_000
        );
        let (charges,): (i64,) =
            sqlx::query_as("select count(*) from agent_charges where status = 'settled'")
                .fetch_one(ctx.db.pool())
                .await
                .unwrap();
        assert_eq!(charges, 8);
        audit_clean(ctx).await;
    }
);

/// A local stand-in for Stripe: `GET /v1/balance` answers for the keys it knows (livemode as
/// given), `POST /v1/checkout/sessions` records which key created each session.
struct FakeStripe {
    base: String,
    sessions: Arc<Mutex<Vec<(String, String)>>>,
}

async fn fake_stripe(keys: &[(&str, bool)]) -> FakeStripe {
    use axum::http::{HeaderMap, StatusCode};
    use axum::routing::{get, post};
    let known: Arc<HashMap<String, bool>> =
        Arc::new(keys.iter().map(|(k, l)| ((*k).to_owned(), *l)).collect());
    let sessions = Arc::new(Mutex::new(Vec::new()));
    let key_of = |h: &HeaderMap| {
        h.get("authorization")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default()
            .to_owned()
    };
    let k1 = known.clone();
    let k2 = known.clone();
    let record = sessions.clone();
    let app = axum::Router::new()
        .route(
            "/v1/balance",
            get(move |h: HeaderMap| {
                let known = k1.clone();
                async move {
                    match known.get(&key_of(&h)) {
                        Some(live) => (StatusCode::OK, format!(r#"{{"object":"balance","available":[{{"amount":0,"currency":"myr"}}],"livemode":{live},"pending":[]}}"#)),
                        None => (StatusCode::UNAUTHORIZED, r#"{"error":{"message":"Invalid API Key provided","type":"invalid_request_error"}}"#.to_owned()),
                    }
                }
            }),
        )
        .route(
            "/v1/checkout/sessions",
            post(move |h: HeaderMap, body: String| {
                let known = k2.clone();
                let record = record.clone();
                async move {
                    let key = key_of(&h);
                    if !known.contains_key(&key) {
                        return (StatusCode::UNAUTHORIZED, r#"{"error":{"message":"Invalid API Key provided"}}"#.to_owned());
                    }
                    let reference = body
                        .split('&')
                        .find_map(|kv| kv.strip_prefix("client_reference_id="))
                        .unwrap_or_default()
                        .to_owned();
                    record.lock().unwrap().push((key, reference.clone()));
                    (StatusCode::OK, format!(r#"{{"id":"cs_test_{reference}","object":"checkout.session","url":"https://checkout.stripe.test/c/pay/cs_test_{reference}"}}"#))
                }
            }),
        );
    let listener = tokio::net::TcpListener::bind("127.0.0.1:0").await.unwrap();
    let addr = listener.local_addr().unwrap();
    tokio::spawn(async move { axum::serve(listener, app).await.unwrap() });
    FakeStripe {
        base: format!("http://{addr}"),
        sessions,
    }
}

const MASTER_KEY: &str = "sk_test_master0000000000";
const AGENT_A_KEY: &str = "sk_test_agentA1111111111abcd";
const AGENT_A_WHSEC: &str = "whsec_agentA1111111111";
const AGENT_B_KEY: &str = "sk_test_agentB2222222222wxyz";
const AGENT_B_WHSEC: &str = "whsec_agentB2222222222";
const LIVE_KEY: &str = "sk_live_realacct333333333";
const LYING_KEY: &str = "sk_test_actuallylive4444";

/// The test's context pointed at the fake Stripe, with the master's keys set.
fn with_stripe(env: &TestEnv, base: &str) -> Ctx {
    let mut config = (*env.ctx.config).clone();
    config.stripe_api_base = base.to_owned();
    config.payments = backend::config::PaymentsMode::Stripe;
    config.stripe_secret_key = Some(backend::config::Secret::new(MASTER_KEY));
    config.stripe_webhook_secret = Some(backend::config::Secret::new("whsec_master000000"));
    let mut ctx = env.ctx.clone();
    ctx.config = Arc::new(config);
    ctx
}

/// A second agent, "Other Agent", with an owner `owner@other.test`.
async fn second_agent(ctx: &Ctx) -> Principal {
    let id = backend::ids::new_id();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color, accent_color,
                              country, currency, timezone, created_at_ms)
         values ($1, 'agent', 'other', 'Other', 'Other Agent Sdn Bhd', null, '#000000', '#ffffff', 'MY', 'MYR',
                 'Asia/Kuala_Lumpur', $2)",
    )
    .bind(&id)
    .bind(T0_MS)
    .execute(ctx.db.pool())
    .await
    .unwrap();
    backend::auth::create_user(
        ctx,
        backend::auth::NewUser {
            tenant_id: id,
            email: domain::auth::Email::parse("owner@other.test").unwrap(),
            display_name: "Other owner".into(),
            password: Password::parse(DEMO_PASSWORD).unwrap(),
            kind: backend::auth::NewUserKind::AgentOwner,
        },
    )
    .await
    .unwrap();
    login(ctx, "owner@other.test").await
}

on_both_engines!(
    agent_keys_are_checked_with_stripe_sealed_and_shown_masked,
    |env: TestEnv| async move {
        seed(&env).await;
        let stripe = fake_stripe(&[
            (MASTER_KEY, false),
            (AGENT_A_KEY, false),
            (LIVE_KEY, true),
            (LYING_KEY, true),
        ])
        .await;
        let ctx = with_stripe(&env, &stripe.base);
        let agent = login(&ctx, "agent@superdeals.test").await;
        let save = |pk: &'static str, sk: &'static str, wh: &'static str| {
            let ctx = ctx.clone();
            let agent = agent.clone();
            async move { agents::save_stripe_keys(&ctx, T0_MS, &agent, pk, sk, wh).await }
        };
        // A key Stripe does not know, a mixed pair, and a key whose mode Stripe contradicts.
        let e = user_error(
            save("pk_test_abcdefgh", "sk_test_unknown99999999", "")
                .await
                .unwrap_err(),
        );
        assert!(
            matches!(&e, AppError::StripeKeysRejected { reason } if reason.contains("401")),
            "{e}"
        );
        let e = user_error(save("pk_test_abcdefgh", LIVE_KEY, "").await.unwrap_err());
        assert!(
            e.to_string()
                .contains("live key but the publishable key is a test key"),
            "{e}"
        );
        let e = user_error(save("pk_test_abcdefgh", LYING_KEY, "").await.unwrap_err());
        assert!(
            e.to_string().contains("Stripe says it is a live key"),
            "{e}"
        );
        assert_eq!(agents::stripe_keys(&ctx.db, &agent).await.unwrap(), None);
        // Others may not save or read them.
        let staff = login(&ctx, "helpdesk@superdeals.test").await;
        let r = agents::save_stripe_keys(&ctx, T0_MS, &staff, "pk_test_abcdefgh", AGENT_A_KEY, "")
            .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
        assert_eq!(
            user_error(agents::stripe_keys(&ctx.db, &staff).await.unwrap_err()),
            AppError::Forbidden
        );

        let view = save("pk_test_abcdefgh", AGENT_A_KEY, AGENT_A_WHSEC)
            .await
            .unwrap();
        assert_eq!(view.secret_key_hint, "sk_test_…abcd");
        assert_eq!(view.webhook_secret_hint.as_deref(), Some("whsec_…1111"));
        assert_eq!(
            view.webhook_path,
            format!("/webhooks/stripe/agents/{}", agent.tenant_id)
        );
        assert_eq!(
            agents::stripe_keys(&ctx.db, &agent).await.unwrap(),
            Some(view.clone())
        );
        let printed = format!("{view:?}");
        assert!(!printed.contains(AGENT_A_KEY) && !printed.contains(AGENT_A_WHSEC));
        // At rest: ciphertext only, bound to this agent; the sealing key lives in DATA_DIR.
        let (sealed, wh_sealed): (String, String) = sqlx::query_as(
            "select secret_key_sealed, webhook_secret_sealed from agent_stripe_keys where tenant_id = $1",
        )
        .bind(&agent.tenant_id)
        .fetch_one(ctx.db.pool())
        .await
        .unwrap();
        assert!(!sealed.contains("agentA") && !wh_sealed.contains("agentA"));
        assert!(env.dir.join(agents::KEY_FILE).exists());
        let ring = agents::KeyRing::load(&ctx.config).unwrap();
        assert_eq!(
            ring.open(&agent.tenant_id, "secret_key", &sealed)
                .unwrap()
                .expose(),
            AGENT_A_KEY
        );
        assert!(ring.open("another-tenant", "secret_key", &sealed).is_err());
        assert!(
            ring.open(&agent.tenant_id, "webhook_secret", &sealed)
                .is_err()
        );
        // A different configured key cannot open it.
        let mut other = (*ctx.config).clone();
        other.agent_keys_secret = Some(backend::config::Secret::new("11".repeat(32)));
        assert!(
            agents::KeyRing::load(&other)
                .unwrap()
                .open(&agent.tenant_id, "secret_key", &sealed)
                .is_err()
        );
    }
);

on_both_engines!(
    agent_merchants_pay_with_the_agents_key_and_only_the_agents_webhook_completes_them,
    |env: TestEnv| async move {
        seed(&env).await;
        let stripe = fake_stripe(&[
            (MASTER_KEY, false),
            (AGENT_A_KEY, false),
            (AGENT_B_KEY, false),
        ])
        .await;
        let ctx = with_stripe(&env, &stripe.base);
        let agent_a = login(&ctx, "agent@superdeals.test").await;
        let agent_b = second_agent(&ctx).await;
        let nasi = login(&ctx, "nasi@superdeals.test").await;
        let nasi_id = nasi.merchant_id().unwrap().to_owned();
        let pkg =
            payments::packages_for(&ctx.db, &nasi.tenant_id, domain::auth::MerchantKind::Annual)
                .await
                .unwrap()
                .remove(0);
        let p =
            payments::start_purchase(&ctx.db, T0_MS, &nasi.tenant_id, &nasi_id, &pkg.id, "stripe")
                .await
                .unwrap();
        // Before the agent connects Stripe, its merchants cannot pay by card (never the master).
        let r = backend::checkout::package_checkout(
            &ctx,
            &p,
            domain::i18n::Locale::En,
            "http://a/ok",
            "http://a/no",
        )
        .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::PaymentsNotConnected);
        // Live mode never falls back to the sandbox: the agent's site cannot take payments
        // until it connects its keys; the platform's own sales go through its Stripe.
        let r = agents::checkout_provider(&ctx, Some(&agent_a.tenant_id)).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::PaymentsNotConnected);
        assert_eq!(
            agents::checkout_provider(&ctx, None).await.unwrap(),
            "stripe"
        );
        // A sandbox payment started before the switch cannot be paid with the sandbox's
        // button in live mode (its page and Pay route are not found); in sandbox mode it can.
        let old = payments::start_purchase(
            &ctx.db,
            T0_MS,
            &nasi.tenant_id,
            &nasi_id,
            &pkg.id,
            "sandbox",
        )
        .await
        .unwrap();
        let r = backend::checkout::sandbox_checkout(&ctx, &nasi, &old.id).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        assert!(
            backend::checkout::sandbox_checkout(&env.ctx, &nasi, &old.id)
                .await
                .is_ok()
        );
        // ...but a Stripe payment never shows there, in either mode.
        let r = backend::checkout::sandbox_checkout(&env.ctx, &nasi, &p.id).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        agents::save_stripe_keys(
            &ctx,
            T0_MS,
            &agent_a,
            "pk_test_aaaaaaaa",
            AGENT_A_KEY,
            AGENT_A_WHSEC,
        )
        .await
        .unwrap();
        agents::save_stripe_keys(
            &ctx,
            T0_MS,
            &agent_b,
            "pk_test_bbbbbbbb",
            AGENT_B_KEY,
            AGENT_B_WHSEC,
        )
        .await
        .unwrap();
        let url = backend::checkout::package_checkout(
            &ctx,
            &p,
            domain::i18n::Locale::En,
            "http://a/ok",
            "http://a/no",
        )
        .await
        .unwrap();
        assert!(url.ends_with(&p.id));
        assert_eq!(
            agents::checkout_provider(&ctx, Some(&agent_a.tenant_id))
                .await
                .unwrap(),
            "stripe"
        );
        // In sandbox mode the same connected keys are not used: no real money anywhere.
        assert_eq!(
            agents::checkout_provider(&env.ctx, Some(&agent_a.tenant_id))
                .await
                .unwrap(),
            "sandbox"
        );
        // Annual fees of the agent's merchants go to the agent's key too; the platform's own
        // merchants and agents' top-ups use the master key.
        let m = sign_up(
            &ctx,
            "demo-agent.localhost",
            "Teh Tarik",
            "teh@example.com",
            "annual",
        )
        .await;
        let fee = memberships::start_membership_payment(&ctx.db, T0_MS, &m, "stripe")
            .await
            .unwrap();
        backend::checkout::membership_checkout(
            &ctx,
            &fee,
            domain::i18n::Locale::En,
            "http://a/ok",
            "http://a/no",
        )
        .await
        .unwrap();
        let kopi = login(&ctx, "kopi@coupons.test").await;
        let kp = payments::start_purchase(
            &ctx.db,
            T0_MS,
            &kopi.tenant_id,
            kopi.merchant_id().unwrap(),
            &pkg.id,
            "stripe",
        )
        .await
        .unwrap();
        backend::checkout::package_checkout(
            &ctx,
            &kp,
            domain::i18n::Locale::En,
            "http://a/ok",
            "http://a/no",
        )
        .await
        .unwrap();
        let t = agents::start_top_up(&ctx.db, T0_MS, &agent_a, "100000", "stripe")
            .await
            .unwrap();
        backend::checkout::top_up_checkout(
            &ctx,
            &t,
            domain::i18n::Locale::En,
            "http://a/ok",
            "http://a/no",
        )
        .await
        .unwrap();
        let seen = stripe.sessions.lock().unwrap().clone();
        assert_eq!(
            seen,
            vec![
                (AGENT_A_KEY.to_owned(), p.id.clone()),
                (AGENT_A_KEY.to_owned(), fee.id.clone()),
                (MASTER_KEY.to_owned(), kp.id.clone()),
                (MASTER_KEY.to_owned(), t.id.clone()),
            ]
        );

        // The master's webhook completes the top-up; it cannot complete the agent's sale.
        let master = "whsec_master000000";
        let body = backend::stripe::session_completed_event(
            "evt_t",
            "top_up",
            &t.id,
            t.amount_minor,
            &t.currency,
        )
        .unwrap();
        let sig = backend::stripe::sign(master, &body, T0_MS).unwrap();
        assert!(matches!(
            backend::checkout::handle_webhook(&ctx.db, T0_MS, "stripe", master, &sig, &body)
                .await
                .unwrap(),
            Applied::ToppedUp { .. }
        ));
        let body = backend::checkout::completed_event("evt_p_master", &p).unwrap();
        let sig = backend::stripe::sign(master, &body, T0_MS).unwrap();
        let r =
            backend::checkout::handle_webhook(&ctx.db, T0_MS, "stripe", master, &sig, &body).await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        // Signed with agent B's secret: refused at A's URL, and not found at B's own URL.
        let body = backend::checkout::completed_event("evt_p", &p).unwrap();
        let forged = backend::stripe::sign(AGENT_B_WHSEC, &body, T0_MS).unwrap();
        let r = backend::checkout::handle_agent_webhook(
            &ctx,
            T0_MS,
            &agent_a.tenant_id,
            &forged,
            &body,
        )
        .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::BadSignature);
        let r = backend::checkout::handle_agent_webhook(
            &ctx,
            T0_MS,
            &agent_b.tenant_id,
            &forged,
            &body,
        )
        .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        assert_eq!(balance(&ctx, &nasi_id, CreditType::Coupon).await, 0);
        // Agent A's own signed event lands once; a replay changes nothing.
        let sig = backend::stripe::sign(AGENT_A_WHSEC, &body, T0_MS).unwrap();
        let first =
            backend::checkout::handle_agent_webhook(&ctx, T0_MS, &agent_a.tenant_id, &sig, &body)
                .await
                .unwrap();
        assert!(matches!(first, Applied::Credited { .. }));
        let again =
            backend::checkout::handle_agent_webhook(&ctx, T0_MS, &agent_a.tenant_id, &sig, &body)
                .await
                .unwrap();
        assert_eq!(again, Applied::Duplicate);
        assert_eq!(
            balance(&ctx, &nasi_id, CreditType::Coupon).await,
            pkg.credits
        );
        assert_eq!(
            agent_balance(&ctx, &agent_a.tenant_id).await,
            100_000 - pkg.platform_cost_minor
        );
        assert_eq!(agent_balance(&ctx, &agent_b.tenant_id).await, 0);
        // An agent without a webhook secret verifies nothing.
        let r = backend::checkout::handle_agent_webhook(&ctx, T0_MS, "no-such-agent", &sig, &body)
            .await;
        assert_eq!(user_error(r.unwrap_err()), AppError::BadSignature);
        audit_clean(&ctx).await;
    }
);

on_both_engines!(
    memberships_expire_on_their_renewal_date_and_lose_nothing,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let m = sign_up(
            ctx,
            "localhost",
            "Laksa Place",
            "laksa@example.com",
            "annual",
        )
        .await;
        let mid = m.merchant_id().unwrap().to_owned();
        let platform = tenant_of(ctx, "localhost").await;
        assert_eq!(m.tenant_id, platform);
        let t = sign_up(
            ctx,
            "localhost",
            "Night Stall",
            "night@example.com",
            "temporary",
        )
        .await;
        memberships::merchant_can_spend(&ctx.db, T0_MS, t.merchant_id().unwrap())
            .await
            .unwrap();
        // Bad sign-ups name the field and create nothing.
        let tenant = platform.clone();
        let (before,): (i64,) = sqlx::query_as("select count(*) from merchants")
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
        for (field, value) in [
            ("kind", "weekly"),
            ("country", "Malaysia"),
            ("company", " "),
            ("email", "laksa@example.com"),
        ] {
            let mut f = MerchantSignUp {
                company_name: "X".into(),
                kind: "annual".into(),
                country: "MY".into(),
                city: "Miri".into(),
                display_name: "X".into(),
                email: "x@example.com".into(),
                password: DEMO_PASSWORD.into(),
            };
            match field {
                "kind" => f.kind = value.into(),
                "country" => f.country = value.into(),
                "company" => f.company_name = value.into(),
                _ => f.email = value.into(),
            }
            let r = memberships::sign_up_merchant(ctx, T0_MS, &tenant, &f, "127.0.0.1").await;
            let e = user_error(r.unwrap_err());
            if field == "email" {
                // A taken email gets the neutral answer, not "already used".
                assert_eq!(e, AppError::SignUpNotCompleted);
                assert!(!e.to_string().contains("already used"));
            } else {
                assert!(matches!(e, AppError::InvalidInput { .. }), "{field}");
            }
        }
        let (after,): (i64,) = sqlx::query_as("select count(*) from merchants")
            .fetch_one(ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(before, after);
        // Probing: one address may sign up SIGNUP_MAX_PER_ADDRESS times an hour, one email
        // SIGNUP_MAX_PER_EMAIL times; the rest are refused before anything is looked up.
        let probe = |email: String, addr: &'static str| {
            let f = MerchantSignUp {
                company_name: "Probe".into(),
                kind: "temporary".into(),
                country: "MY".into(),
                city: "Ipoh".into(),
                display_name: "P".into(),
                email,
                password: DEMO_PASSWORD.into(),
            };
            let (ctx, tenant) = (ctx.clone(), tenant.clone());
            async move { memberships::sign_up_merchant(&ctx, T0_MS, &tenant, &f, addr).await }
        };
        let per_address = i64::from(ctx.config.signup_max_per_address);
        let mut refused = 0;
        for i in 0..per_address + 5 {
            if let Err(e) = probe(format!("probe{i}@example.com"), "198.51.100.9").await {
                assert!(matches!(user_error(e), AppError::RateLimited { .. }));
                refused += 1;
            }
        }
        assert_eq!(refused, 5);
        // The taken email (already tried above) is answered neutrally until its own limit,
        // from any address, then refused.
        let mut answers = Vec::new();
        for i in 0..memberships::SIGNUP_MAX_PER_EMAIL + 1 {
            let addr = if i % 2 == 0 {
                "203.0.113.1"
            } else {
                "203.0.113.2"
            };
            let r = probe("laksa@example.com".into(), addr).await;
            answers.push(user_error(r.unwrap_err()));
        }
        let limited_from = answers
            .iter()
            .position(|e| matches!(e, AppError::RateLimited { .. }))
            .expect("the email's limit holds");
        assert!(
            answers[..limited_from]
                .iter()
                .all(|e| *e == AppError::SignUpNotCompleted)
        );
        assert!(
            answers[limited_from..]
                .iter()
                .all(|e| matches!(e, AppError::RateLimited { .. }))
        );

        let Applied::Activated { renews_at_ms, .. } = pay_fee(ctx, &m).await else {
            panic!("a platform merchant's fee activates at once")
        };
        assert_eq!(renews_at_ms, T0_MS + 365 * DAY_MS);
        let ms = memberships::membership(&ctx.db, T0_MS, &m).await.unwrap();
        assert_eq!(
            (ms.state, ms.renews_at_ms),
            (MerchantState::Active, Some(renews_at_ms))
        );
        let adj = backend::credits::Posting {
            wallet: backend::credits::WalletRef {
                tenant_id: platform.clone(),
                owner_type: OwnerType::Merchant,
                owner_id: mid.clone(),
                credit_type: CreditType::Coupon,
            },
            action: domain::credits::Action::Purchase,
            amount: 40,
            related_kind: domain::credits::RelatedKind::None,
            related_id: None,
            description: "test credits".into(),
            message: None,
            idempotency_key: "test-credits".into(),
            actor_user_id: None,
        };
        backend::credits::post(&ctx.db, T0_MS, &adj).await.unwrap();
        // On the renewal date it expires, before and after the job runs; nothing is lost.
        let later = renews_at_ms;
        let r = memberships::merchant_can_spend(&ctx.db, later, &mid).await;
        assert_eq!(
            user_error(r.unwrap_err()),
            AppError::MembershipInactive {
                state: "expired".into()
            }
        );
        assert_eq!(
            memberships::expire_memberships(&ctx.db, later)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            memberships::expire_memberships(&ctx.db, later)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            memberships::membership(&ctx.db, later, &m)
                .await
                .unwrap()
                .state,
            MerchantState::Expired
        );
        assert_eq!(balance(ctx, &mid, CreditType::Coupon).await, 40);
        // Renewing after expiry runs a year from the renewal payment.
        env.clock.set(later + DAY_MS);
        let Applied::Activated { renews_at_ms, .. } = pay_fee(ctx, &m).await else {
            panic!("renewal activates")
        };
        assert_eq!(renews_at_ms, later + DAY_MS + 365 * DAY_MS);
        memberships::merchant_can_spend(&ctx.db, later + DAY_MS, &mid)
            .await
            .unwrap();
        // Temporary merchants pay no annual fee.
        let r = memberships::start_membership_payment(&ctx.db, T0_MS, &t, "sandbox").await;
        assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
    }
);

/// Answers TXT lookups from a table the test fills.
#[derive(Default)]
struct FakeDns(Mutex<HashMap<String, Vec<String>>>);

impl TxtResolver for FakeDns {
    async fn txt(&self, name: &str) -> backend::Result<Vec<String>> {
        Ok(self
            .0
            .lock()
            .unwrap()
            .get(name)
            .cloned()
            .unwrap_or_default())
    }
}

on_both_engines!(
    a_custom_domain_serves_only_once_its_txt_record_is_verified,
    |env: TestEnv| async move {
        seed(&env).await;
        let ctx = &env.ctx;
        let mains = ctx.config.main_domains.clone();
        let agent = login(ctx, "agent@superdeals.test").await;
        let other = second_agent(ctx).await;
        let dns = FakeDns::default();
        let d = agents::add_domain(&ctx.db, T0_MS, &agent, &mains, " Deals.Example.COM. ")
            .await
            .unwrap();
        assert_eq!(d.domain, "deals.example.com");
        assert!(!d.verified);
        assert_eq!(d.proof.record_name, "_coupons-verify.deals.example.com");
        let host = HostName::parse("deals.example.com").unwrap();
        let serves = |h: HostName| async move {
            backend::tenants::resolve_host(&ctx.db, &h, &ctx.config.main_domains)
                .await
                .unwrap()
        };
        assert_eq!(
            serves(host.clone()).await,
            None,
            "unverified domains serve nothing"
        );
        // One domain, one agent.
        let r = agents::add_domain(&ctx.db, T0_MS, &other, &mains, "deals.example.com").await;
        assert_eq!(user_error(r.unwrap_err()), AppError::DomainTaken);
        for bad in [
            "localhost",
            "x.demo-agent.localhost",
            "127.0.0.1",
            "http://a.com",
            "a.com:8080",
            "nodot",
        ] {
            let r = agents::add_domain(&ctx.db, T0_MS, &agent, &mains, bad).await;
            assert!(
                matches!(user_error(r.unwrap_err()), AppError::InvalidInput { .. }),
                "{bad}"
            );
        }
        let staff = login(ctx, "helpdesk@superdeals.test").await;
        let r = agents::add_domain(&ctx.db, T0_MS, &staff, &mains, "mine.example.com").await;
        assert_eq!(user_error(r.unwrap_err()), AppError::Forbidden);
        // A wrong record does not verify; the right one does.
        dns.0.lock().unwrap().insert(
            d.proof.record_name.clone(),
            vec!["coupons-verify=wrong".into()],
        );
        let v = agents::verify_domain(&ctx.db, T0_MS, &agent, &dns, "deals.example.com")
            .await
            .unwrap();
        assert!(!v.verified);
        assert_eq!(v.checked_at_ms, Some(T0_MS));
        assert_eq!(serves(host.clone()).await, None);
        // Another agent cannot verify (or see) it.
        let r = agents::verify_domain(&ctx.db, T0_MS, &other, &dns, "deals.example.com").await;
        assert_eq!(user_error(r.unwrap_err()), AppError::NotFound);
        dns.0.lock().unwrap().insert(
            d.proof.record_name.clone(),
            vec![format!("\"{}\"", d.proof.record_value)],
        );
        let v = agents::verify_domain(&ctx.db, T0_MS, &agent, &dns, "deals.example.com")
            .await
            .unwrap();
        assert!(v.verified);
        assert_eq!(serves(host).await.unwrap().tenant_id, agent.tenant_id);
        // The periodic job verifies the rest.
        let d2 = agents::add_domain(&ctx.db, T0_MS, &other, &mains, "other.example.org")
            .await
            .unwrap();
        assert_eq!(
            agents::verify_pending_domains(&ctx.db, T0_MS, &dns, 100)
                .await
                .unwrap(),
            0
        );
        dns.0.lock().unwrap().insert(
            d2.proof.record_name.clone(),
            vec![d2.proof.record_value.clone()],
        );
        assert_eq!(
            agents::verify_pending_domains(&ctx.db, T0_MS, &dns, 100)
                .await
                .unwrap(),
            1
        );
        assert_eq!(
            agents::verify_pending_domains(&ctx.db, T0_MS, &dns, 100)
                .await
                .unwrap(),
            0
        );
        assert_eq!(
            serves(HostName::parse("other.example.org").unwrap())
                .await
                .unwrap()
                .tenant_id,
            other.tenant_id
        );
        let listed = agents::domains(&ctx.db, &agent).await.unwrap();
        assert!(listed.iter().all(|d| d.domain != "other.example.org"));
        agents::remove_domain(&ctx.db, &agent, "deals.example.com")
            .await
            .unwrap();
        assert_eq!(
            serves(HostName::parse("deals.example.com").unwrap()).await,
            None
        );
    }
);
