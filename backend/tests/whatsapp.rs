//! The WhatsApp engine end to end below the pages: enqueue holds credits (or logs the message
//! failed), dispatch captures exactly once on acceptance and releases on final failure,
//! retries follow Meta's error classes, rate limits hold, webhooks are verified and apply in
//! any order, an interrupted send is resolved without a second send, and the logs are scoped
//! and masked. Each test runs on SQLite with the database queue, on PostgreSQL with the
//! database queue, and on PostgreSQL with Redis (when `TEST_POSTGRES_URL` / `REDIS_URL` are
//! set), against the fake Graph API or the sandbox.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::time::Duration;

use backend::credits::{self, Posting, WalletRef};
use backend::testing::{Engine as DbEngine, T0_MS, TestEnv, env_with};
use backend::whatsapp::fake::{Behaviour, FakeGraph};
use backend::whatsapp::{
    self, Content, DispatchReport, Engine, Enqueued, NewMessage, logs, sandbox, webhook,
};
use backend::{Clock, Error, ids};
use domain::AppError;
use domain::auth::{MerchantKind, Permission, Permissions, Principal, Role};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::tenants::TenantKind;
use domain::whatsapp::{LogQuery, MessageClass, Status, Trigger};

const APP_SECRET: &str = "test-app-secret";

/// Which stack a test runs on.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum Stack {
    SqliteDb,
    PostgresDb,
    PostgresRedis,
}

struct World {
    env: TestEnv,
    engine: Engine,
    platform: String,
    agent: String,
    /// A platform merchant and an agent's merchant.
    kopi: String,
    bazaar: String,
    fake: Option<FakeGraph>,
}

async fn world(stack: Stack, cloud: bool, extra: &[(&str, &str)]) -> Option<World> {
    let fake = if cloud {
        Some(FakeGraph::start().await.unwrap())
    } else {
        None
    };
    let prefix = format!("test:wa:{}", ids::random_hex(6));
    let redis = std::env::var("REDIS_URL").ok();
    let mut settings: Vec<(&str, &str)> = vec![
        ("WHATSAPP_REDIS_PREFIX", &prefix),
        ("WHATSAPP_APP_SECRET", APP_SECRET),
        ("WHATSAPP_RETRY_BASE_MS", "1000"),
        ("WHATSAPP_RETRY_CAP_MS", "8000"),
        ("WHATSAPP_SEND_TIMEOUT_MS", "400"),
        ("WHATSAPP_IN_DOUBT_GRACE_MS", "30000"),
        ("WHATSAPP_RATE_PER_SEC", "1000"),
    ];
    if let Some(f) = &fake {
        settings.push(("WHATSAPP_TOKEN", "EAAtest"));
        settings.push(("WHATSAPP_PHONE_NUMBER_ID", "1098765"));
        settings.push(("WHATSAPP_API_BASE", &f.base_url));
    }
    match stack {
        Stack::PostgresRedis => match &redis {
            Some(url) => settings.push(("REDIS_URL", url)),
            None if std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
                panic!("REQUIRE_POSTGRES=1 but REDIS_URL is not set")
            }
            None => {
                eprintln!("note: REDIS_URL is not set; skipping the Redis run");
                return None;
            }
        },
        Stack::SqliteDb | Stack::PostgresDb => {}
    }
    settings.extend_from_slice(extra);
    let engine_kind = match stack {
        Stack::SqliteDb => DbEngine::Sqlite,
        _ => DbEngine::Postgres,
    };
    let env = env_with(engine_kind, &settings).await?;
    let engine = Engine::new(&env.ctx).await.unwrap();
    assert_eq!(
        engine.queue.name(),
        if stack == Stack::PostgresRedis {
            "redis"
        } else {
            "database"
        }
    );
    let platform = backend::seed::ensure_platform(&env.ctx).await.unwrap();
    let agent = ids::new_id();
    sqlx::query(
        "insert into tenants (id, kind, slug, brand_name, company_name, logo_url, primary_color, accent_color,
                              country, currency, timezone, created_at_ms)
         values ($1, 'agent', $2, 'Super Deals', 'Super Deals Sdn Bhd', null, '#000000', '#ffffff', 'MY', 'MYR', 'Asia/Kuala_Lumpur', $3)",
    )
    .bind(&agent)
    .bind(format!("agent-{}", &agent[..6]))
    .bind(T0_MS)
    .execute(env.ctx.db.pool())
    .await
    .unwrap();
    let kopi = merchant(&env, &platform, "Kopi Corner").await;
    let bazaar = merchant(&env, &agent, "Pop-Up Bazaar").await;
    Some(World {
        env,
        engine,
        platform,
        agent,
        kopi,
        bazaar,
        fake,
    })
}

async fn merchant(env: &TestEnv, tenant: &str, name: &str) -> String {
    let id = ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, $3, 'annual', 'active', 'MY', 'KL', $4)",
    )
    .bind(&id)
    .bind(tenant)
    .bind(name)
    .bind(T0_MS)
    .execute(env.ctx.db.pool())
    .await
    .unwrap();
    id
}

/// Runs a test body on each stack: `|w: World| async move { … }`; `cloud` picks the fake
/// Graph API (else the sandbox); `extra` adds settings.
macro_rules! on_each_stack {
    ($name:ident, cloud = $cloud:expr, extra = $extra:expr, $body:expr) => {
        mod $name {
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite_database_queue() {
                if let Some(w) = world(Stack::SqliteDb, $cloud, $extra).await {
                    ($body)(w).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres_database_queue() {
                if let Some(w) = world(Stack::PostgresDb, $cloud, $extra).await {
                    ($body)(w).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres_redis_queue() {
                if let Some(w) = world(Stack::PostgresRedis, $cloud, $extra).await {
                    ($body)(w).await;
                }
            }
        }
    };
}

impl World {
    fn fake(&self) -> &FakeGraph {
        self.fake.as_ref().unwrap()
    }

    async fn buy(&self, merchant: &str, tenant: &str, credit_type: CreditType, n: i64) {
        let p = Posting {
            wallet: wallet(tenant, merchant, credit_type),
            action: Action::Purchase,
            amount: n,
            related_kind: RelatedKind::None,
            related_id: None,
            description: "test purchase".into(),
            message: None,
            idempotency_key: ids::new_id(),
            actor_user_id: None,
        };
        credits::post(&self.env.ctx.db, T0_MS, &p).await.unwrap();
    }

    fn message(&self, trigger: Trigger, to: &str) -> NewMessage {
        NewMessage {
            tenant_id: self.platform.clone(),
            merchant_id: self.kopi.clone(),
            trigger,
            recipient: to.into(),
            content: Content::Image {
                link: Some("https://coupons.test/c/ABC123.png".into()),
                media_id: None,
                caption: Some("Your coupon ABC123".into()),
            },
            coupon_id: Some("coupon-1".into()),
            dedupe_key: None,
        }
    }

    async fn enqueue(&self, trigger: Trigger, to: &str) -> String {
        match whatsapp::enqueue(&self.engine, &self.message(trigger, to))
            .await
            .unwrap()
        {
            Enqueued::Queued { message_id } => message_id,
            other => panic!("not queued: {other:?}"),
        }
    }

    async fn dispatch(&self) -> DispatchReport {
        whatsapp::dispatch_once(&self.engine, "test-worker", 100)
            .await
            .unwrap()
    }

    async fn balance(&self, merchant: &str, credit_type: CreditType) -> (i64, i64) {
        let b = credits::balances(
            &self.env.ctx.db,
            OwnerType::Merchant,
            merchant,
            &[credit_type],
        )
        .await
        .unwrap();
        (b[0].balance, b[0].held)
    }

    async fn state(&self, id: &str) -> (String, String, i64, Option<String>) {
        sqlx::query_as("select state, status, attempts, last_error from wa_messages where id = $1")
            .bind(id)
            .fetch_one(self.env.ctx.db.pool())
            .await
            .unwrap()
    }

    async fn deducts_for(&self, id: &str) -> Vec<i64> {
        let rows: Vec<(i64,)> = sqlx::query_as(
            "select amount from ledger_entries where action = 'deduct' and related_kind = 'message' and related_id = $1",
        )
        .bind(id)
        .fetch_all(self.env.ctx.db.pool())
        .await
        .unwrap();
        rows.into_iter().map(|(a,)| a).collect()
    }

    async fn assert_books_balance(&self) {
        let v = credits::audit(&self.env.ctx.db).await.unwrap();
        assert!(v.is_empty(), "auditor found: {v:#?}");
    }

    async fn post_webhook(&self, body: &[u8]) -> webhook::WebhookReport {
        let sig = webhook::sign(APP_SECRET, body).unwrap();
        webhook::handle_webhook(
            &self.env.ctx.db,
            self.env.clock.now_ms(),
            APP_SECRET,
            &sig,
            body,
        )
        .await
        .unwrap()
    }

    fn merchant_principal(&self, merchant: &str, tenant: &str) -> Principal {
        Principal {
            user_id: ids::new_id(),
            tenant_id: tenant.into(),
            tenant_kind: if tenant == self.platform {
                TenantKind::Platform
            } else {
                TenantKind::Agent
            },
            display_name: "Owner".into(),
            email: "owner@shop.test".into(),
            role: Role::Merchant {
                merchant_id: merchant.into(),
                kind: MerchantKind::Annual,
            },
            locale: None,
        }
    }

    fn agent_principal(&self) -> Principal {
        Principal {
            user_id: ids::new_id(),
            tenant_id: self.agent.clone(),
            tenant_kind: TenantKind::Agent,
            display_name: "Agent".into(),
            email: "agent@deals.test".into(),
            role: Role::AgentOwner,
            locale: None,
        }
    }

    fn super_admin(&self) -> Principal {
        Principal {
            user_id: ids::new_id(),
            tenant_id: self.platform.clone(),
            tenant_kind: TenantKind::Platform,
            display_name: "Admin".into(),
            email: "admin@coupons.test".into(),
            role: Role::PlatformStaff(Permissions::of(&[Permission::SuperAdmin])),
            locale: None,
        }
    }
}

fn wallet(tenant: &str, merchant: &str, credit_type: CreditType) -> WalletRef {
    WalletRef {
        tenant_id: tenant.into(),
        owner_type: OwnerType::Merchant,
        owner_id: merchant.into(),
        credit_type,
    }
}

on_each_stack!(
    acceptance_captures_the_hold_as_one_deduct_of_the_right_wallet,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 5).await;
        w.buy(&w.kopi, &w.platform, CreditType::WaBi, 5).await;
        let ui = w.enqueue(Trigger::HomepageClaim, "+60 12-345 6789").await;
        let bi = w.enqueue(Trigger::Birthday, "+60 12-345 0000").await;
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (5, 1));
        assert_eq!(w.balance(&w.kopi, CreditType::WaBi).await, (5, 1));
        let r = w.dispatch().await;
        assert_eq!((r.claimed, r.accepted), (2, 2), "{r:?}");
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (4, 0));
        assert_eq!(w.balance(&w.kopi, CreditType::WaBi).await, (4, 0));
        assert_eq!(w.deducts_for(&ui).await, vec![-1]);
        assert_eq!(w.deducts_for(&bi).await, vec![-1]);
        let (state, status, attempts, _) = w.state(&ui).await;
        assert_eq!(
            (state.as_str(), status.as_str(), attempts),
            ("accepted", "sent", 1)
        );
        // The request had Meta's shape and our id for the webhooks.
        let reqs = w.fake().requests();
        assert_eq!(reqs.len(), 2);
        let ui_req = reqs
            .iter()
            .find(|r| r.message_id() == Some(ui.as_str()))
            .unwrap();
        assert_eq!(ui_req.path, "/v26.0/1098765/messages");
        assert_eq!(ui_req.authorization.as_deref(), Some("Bearer EAAtest"));
        assert_eq!(ui_req.body["to"], "60123456789");
        assert_eq!(ui_req.body["type"], "image");
        assert_eq!(ui_req.body["image"]["caption"], "Your coupon ABC123");
        // Nothing left to do: the queue is empty and a second pass sends nothing.
        assert!(w.engine.queue.is_empty().await.unwrap());
        assert_eq!(w.dispatch().await.claimed, 0);
        assert_eq!(w.fake().requests().len(), 2);
        // Sending never redeems a coupon: the class is stored, the coupon id is only a reference.
        let log = logs::message(
            &w.env.ctx.db,
            &w.merchant_principal(&w.kopi, &w.platform),
            &bi,
        )
        .await
        .unwrap();
        assert_eq!(
            (log.class, log.credits_deducted, log.coupon_id.as_deref()),
            (MessageClass::Bi, 1, Some("coupon-1"))
        );
        // The charge reads as what it was, in each reader's language.
        let (description, message): (String, Option<String>) = sqlx::query_as(
            "select description, message from ledger_entries where related_id = $1 and action = 'deduct'",
        )
        .bind(&ui)
        .fetch_one(w.env.ctx.db.pool())
        .await
        .unwrap();
        assert_eq!(description, "WhatsApp UI message accepted");
        let words = backend::credits::parse_message(message.as_deref()).unwrap();
        assert_eq!(
            words.render(domain::i18n::Locale::Ms).unwrap(),
            "Mesej WhatsApp UI diterima"
        );
        // Operators see the sends by class (counted by the process that sent them).
        let metrics = backend::metrics::scrape(&w.env.ctx.db, T0_MS)
            .await
            .unwrap();
        for line in [
            "coupons_whatsapp_messages_total{class=\"ui\",outcome=\"sent\"}",
            "coupons_whatsapp_messages_total{class=\"bi\",outcome=\"sent\"}",
            "coupons_ledger_lines_total{credit_type=\"wa_ui\",action=\"deduct\"}",
        ] {
            assert!(metrics.contains(line), "no {line} in:\n{metrics}");
        }
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    no_credits_means_not_queued_and_logged_failed,
    cloud = false,
    extra = &[],
    |w: World| async move {
        let r = whatsapp::enqueue(&w.engine, &w.message(Trigger::InStoreClaim, "+60123456789"))
            .await
            .unwrap();
        let Enqueued::InsufficientCredits {
            message_id,
            available,
        } = r
        else {
            panic!("{r:?}")
        };
        assert_eq!(available, 0);
        assert!(w.engine.queue.is_empty().await.unwrap());
        let (state, status, _, error) = w.state(&message_id).await;
        assert_eq!(
            (state.as_str(), status.as_str(), error.as_deref()),
            ("failed", "failed", Some("insufficient credits"))
        );
        let who = w.merchant_principal(&w.kopi, &w.platform);
        assert_eq!(
            logs::insufficient_credit_failures(&w.env.ctx.db, &who, T0_MS)
                .await
                .unwrap(),
            1
        );
        let page = logs::message_page(
            &w.env.ctx.db,
            &who,
            &LogQuery {
                status: Some(Status::Failed),
                ..LogQuery::default()
            },
            50,
        )
        .await
        .unwrap();
        assert_eq!(page.messages.len(), 1);
        assert_eq!(w.dispatch().await.claimed, 0);
        // Bad input is refused before anything is written.
        let mut bad = w.message(Trigger::InStoreClaim, "012-345");
        assert!(matches!(
            whatsapp::enqueue(&w.engine, &bad).await,
            Err(Error::User(AppError::InvalidInput { .. }))
        ));
        bad.recipient = "+60123456789".into();
        bad.tenant_id = w.agent.clone();
        assert!(matches!(
            whatsapp::enqueue(&w.engine, &bad).await,
            Err(Error::User(AppError::NotFound))
        ));
        let (n,): (i64,) = sqlx::query_as("select count(*) from wa_messages")
            .fetch_one(w.env.ctx.db.pool())
            .await
            .unwrap();
        assert_eq!(n, 1);
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    concurrent_enqueues_never_hold_more_than_the_wallet_has,
    cloud = false,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 30).await;
        let mut tasks = tokio::task::JoinSet::new();
        for i in 0..50 {
            let e = w.engine.clone();
            let m = w.message(Trigger::HomepageClaim, &format!("+6012{:07}", i));
            tasks.spawn(async move { whatsapp::enqueue(&e, &m).await.unwrap() });
        }
        let (mut queued, mut refused) = (0, 0);
        while let Some(r) = tasks.join_next().await {
            match r.unwrap() {
                Enqueued::Queued { .. } => queued += 1,
                Enqueued::InsufficientCredits { .. } => refused += 1,
            }
        }
        assert_eq!((queued, refused), (30, 20));
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (30, 30));
        assert_eq!(w.engine.queue.len().await.unwrap(), 30);
        // The same dedupe key twice queues one message.
        w.buy(&w.kopi, &w.platform, CreditType::WaBi, 2).await;
        let mut m = w.message(Trigger::Festival, "+60199999999");
        m.dedupe_key = Some("festival:2026-cny:60199999999".into());
        let a = whatsapp::enqueue(&w.engine, &m).await.unwrap();
        let b = whatsapp::enqueue(&w.engine, &m).await.unwrap();
        assert_eq!(a, b);
        assert_eq!(w.balance(&w.kopi, CreditType::WaBi).await, (2, 1));
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    transient_errors_retry_with_backoff_and_charge_once,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 3).await;
        w.fake().script([
            Behaviour::Throttle,
            Behaviour::Transient,
            Behaviour::BadGateway,
        ]);
        let id = w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        assert_eq!(w.dispatch().await.retried, 1);
        // Not due before its backoff (attempt 1: 500..1000 ms).
        w.env.clock.advance(400);
        assert_eq!(w.dispatch().await.claimed, 0);
        for _ in 0..3 {
            w.env.clock.advance(8_000);
            // The per-recipient limit (6 s) is passed by now, so every pass makes an attempt.
            let r = w.dispatch().await;
            assert_eq!(r.claimed, 1, "{r:?}");
        }
        let (state, status, attempts, last_error) = w.state(&id).await;
        assert_eq!(
            (state.as_str(), status.as_str(), attempts),
            ("accepted", "sent", 4)
        );
        assert!(last_error.unwrap().contains("HTTP 502"));
        assert_eq!(w.deducts_for(&id).await, vec![-1]);
        let who = w.merchant_principal(&w.kopi, &w.platform);
        let attempts = logs::attempts(&w.env.ctx.db, &who, &id).await.unwrap();
        let outcomes: Vec<_> = attempts.iter().map(|a| a.outcome.as_str()).collect();
        assert_eq!(outcomes, ["retry", "retry", "retry", "accepted"]);
        assert!(attempts[0].error.as_deref().unwrap().starts_with("130429"));
        assert!(attempts[1].error.as_deref().unwrap().starts_with("131000"));
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    permanent_errors_fail_at_once_and_release_the_hold,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaBi, 3).await;
        for code in [131_026, 131_047, 132_001, 100] {
            w.fake().script([Behaviour::Permanent(code)]);
            let id = w
                .enqueue(Trigger::InactiveRecall, &format!("+6012{code:07}"))
                .await;
            let r = w.dispatch().await;
            assert_eq!(r.failed, 1, "{code}: {r:?}");
            let (state, status, attempts, error) = w.state(&id).await;
            assert_eq!(
                (state.as_str(), status.as_str(), attempts),
                ("failed", "failed", 1)
            );
            assert!(error.unwrap().starts_with(&code.to_string()));
            assert!(w.deducts_for(&id).await.is_empty());
        }
        assert_eq!(w.balance(&w.kopi, CreditType::WaBi).await, (3, 0));
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    retries_stop_at_the_configured_maximum,
    cloud = true,
    extra = &[("WHATSAPP_ATTEMPTS_MAX", "3")],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 1).await;
        w.fake().set_default(Behaviour::Transient);
        let id = w.enqueue(Trigger::LuckyDrawWin, "+60123456789").await;
        for _ in 0..3 {
            w.dispatch().await;
            w.env.clock.advance(10_000);
        }
        let (state, _, attempts, error) = w.state(&id).await;
        assert_eq!((state.as_str(), attempts), ("failed", 3));
        assert!(error.unwrap().starts_with("gave up after 3 attempts"));
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (1, 0));
        assert_eq!(w.fake().requests().len(), 3);
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    a_hanging_api_times_out_and_the_message_is_retried,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 1).await;
        w.fake().script([Behaviour::Hang]);
        let id = w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        let started = std::time::Instant::now();
        assert_eq!(w.dispatch().await.retried, 1);
        assert!(started.elapsed() < Duration::from_secs(3));
        assert_eq!(w.state(&id).await.3.as_deref(), Some("timed out"));
        w.env.clock.advance(10_000);
        assert_eq!(w.dispatch().await.accepted, 1);
        assert_eq!(w.deducts_for(&id).await, vec![-1]);
    }
);

on_each_stack!(
    one_message_per_recipient_every_six_seconds,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 3).await;
        let a = w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        let b = w.enqueue(Trigger::InStoreClaim, "+60123456789").await;
        let c = w.enqueue(Trigger::InStoreClaim, "+60111111111").await;
        let r = w.dispatch().await;
        assert_eq!((r.accepted, r.rate_limited), (2, 1), "{r:?}");
        let waiting = if w.state(&a).await.0 == "accepted" {
            &b
        } else {
            &a
        };
        assert_eq!(w.state(&c).await.0, "accepted");
        assert_eq!(
            w.state(waiting).await.2,
            0,
            "a rate-limit wait is not an attempt"
        );
        w.env.clock.advance(5_000);
        assert_eq!(w.dispatch().await.accepted, 0);
        w.env.clock.advance(1_000);
        assert_eq!(w.dispatch().await.accepted, 1);
        assert_eq!(w.state(waiting).await.0, "accepted");
    }
);

on_each_stack!(
    webhooks_are_verified_and_apply_in_any_order,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 2).await;
        let id = w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        w.dispatch().await;
        let (_, wamid) = w.fake().accepted().pop().unwrap();
        // A bad signature changes nothing.
        let body = FakeGraph::notification(&[(&wamid, "read", None)], T0_MS);
        let forged = webhook::sign("not-the-secret", &body).unwrap();
        let refused =
            webhook::handle_webhook(&w.env.ctx.db, T0_MS, APP_SECRET, &forged, &body).await;
        let Err(Error::User(e)) = refused else {
            panic!("a forged notification must be refused: {refused:?}")
        };
        // It says WhatsApp, not "payment".
        assert_eq!(e, AppError::BadWhatsAppSignature);
        assert_eq!(
            e.to_string(),
            "The WhatsApp notification's signature is not valid."
        );
        assert_eq!(w.state(&id).await.1, "sent");
        // Out of order and repeated: read, sent, delivered, read again, a late failure.
        for s in ["read", "sent", "delivered", "read"] {
            w.post_webhook(&FakeGraph::notification(&[(&wamid, s, None)], T0_MS))
                .await;
        }
        assert_eq!(w.state(&id).await.1, "read");
        let r = w
            .post_webhook(&FakeGraph::notification(&[(&wamid, "failed", None)], T0_MS))
            .await;
        assert_eq!(r.unchanged, 1);
        let (_, status, _, error) = w.state(&id).await;
        assert_eq!(
            status, "read",
            "failed after delivery keeps the message delivered/read"
        );
        assert!(error.unwrap().starts_with("131026"));
        // Nothing refunded after acceptance.
        assert_eq!(w.deducts_for(&id).await, vec![-1]);
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (1, 0));
        // An unknown wamid is counted, not an error.
        let r = w
            .post_webhook(&FakeGraph::notification(
                &[("wamid.UNKNOWN", "sent", None)],
                T0_MS,
            ))
            .await;
        assert_eq!(r.unknown, 1);
        // Sent then failed: failed.
        let id2 = w.enqueue(Trigger::HomepageClaim, "+60111111111").await;
        w.dispatch().await;
        let wamid2 = w
            .fake()
            .accepted()
            .into_iter()
            .find(|(m, _)| *m == id2)
            .unwrap()
            .1;
        w.post_webhook(&FakeGraph::notification(
            &[(&wamid2, "failed", None), (&wamid2, "sent", None)],
            T0_MS,
        ))
        .await;
        assert_eq!(w.state(&id2).await.1, "failed");
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    an_interrupted_send_is_settled_by_its_webhook_and_never_sent_twice,
    cloud = true,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 2).await;
        let id = w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        let other = w.enqueue(Trigger::HomepageClaim, "+60111111111").await;
        // Two workers died mid-send: the rows say "sending" under a lease that has run out.
        sqlx::query("update wa_messages set state = 'sending', attempts = 1, lease_until_ms = $1")
            .bind(T0_MS - 1)
            .execute(w.env.ctx.db.pool())
            .await
            .unwrap();
        // Meta accepted the first and says so, carrying our id.
        let r = w
            .post_webhook(&FakeGraph::notification(
                &[("wamid.FROMMETA", "sent", Some(&id))],
                T0_MS,
            ))
            .await;
        assert_eq!(r.resolved_in_doubt, 1);
        assert_eq!(w.state(&id).await.0, "accepted");
        assert_eq!(w.deducts_for(&id).await, vec![-1]);
        // Within the grace period nothing is sent; the webhook-settled one is never sent.
        w.env.clock.advance(w.engine.visibility_ms() + 1);
        tokio::time::sleep(Duration::from_millis(
            u64::try_from(w.engine.visibility_ms()).unwrap() + 50,
        ))
        .await;
        let r = w.dispatch().await;
        assert_eq!(r.accepted, 0, "{r:?}");
        assert!(w.fake().requests().is_empty());
        // After the grace period without a webhook, the other one is sent, once.
        w.env.clock.advance(30_000);
        tokio::time::sleep(Duration::from_millis(
            u64::try_from(w.engine.visibility_ms()).unwrap() + 50,
        ))
        .await;
        let mut accepted = 0;
        for _ in 0..3 {
            accepted += w.dispatch().await.accepted;
            w.env.clock.advance(1_000);
        }
        assert_eq!(accepted, 1);
        let sent: Vec<_> = w
            .fake()
            .requests()
            .iter()
            .filter_map(|r| r.message_id().map(str::to_owned))
            .collect();
        assert_eq!(sent, vec![other.clone()]);
        assert_eq!(w.deducts_for(&other).await, vec![-1]);
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    the_sandbox_posts_realistic_statuses_through_the_webhook_path,
    cloud = false,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 60).await;
        let mut ids = Vec::new();
        for i in 0..60 {
            ids.push(
                w.enqueue(Trigger::HomepageClaim, &format!("+6013{:07}", i))
                    .await,
            );
        }
        // 60 at once is more than the sending number's burst: the rest wait their turn.
        let mut accepted = 0;
        for _ in 0..10 {
            accepted += w.dispatch().await.accepted;
            w.env.clock.advance(100);
        }
        assert_eq!(accepted, 60);
        for _ in 0..4 {
            w.env.clock.advance(5_000);
            sandbox::tick(&w.env.ctx, w.env.clock.now_ms())
                .await
                .unwrap();
        }
        let mut seen = std::collections::BTreeMap::new();
        for id in &ids {
            let (state, status, _, _) = w.state(id).await;
            assert_eq!(state, "accepted");
            *seen.entry(status).or_insert(0) += 1;
        }
        assert!(seen.get("read").copied().unwrap_or(0) > 20, "{seen:?}");
        assert!(
            !seen.contains_key("sent") && !seen.contains_key("queued"),
            "{seen:?}"
        );
        let failed = seen.get("failed").copied().unwrap_or(0);
        let expected_failed = ids
            .iter()
            .filter(|id| sandbox::will_fail(&whatsapp::sender::sandbox_wamid(id)))
            .count();
        assert_eq!(failed, expected_failed);
        // Failed after acceptance: still charged.
        assert_eq!(w.balance(&w.kopi, CreditType::WaUi).await, (0, 0));
        // The phone view: the merchant sees full numbers, the Super Admin masked ones.
        let own = sandbox::outbox(
            &w.env.ctx.db,
            &w.merchant_principal(&w.kopi, &w.platform),
            100,
        )
        .await
        .unwrap();
        assert_eq!(own.len(), 60);
        assert!(own[0].recipient.starts_with("+6013"));
        let admin = sandbox::outbox(&w.env.ctx.db, &w.super_admin(), 100)
            .await
            .unwrap();
        assert!(admin[0].recipient.contains('•'));
        // Sending again (a resend after a crash) leaves one copy on the phone.
        let again = whatsapp::sender::Sender::Sandbox;
        let m = whatsapp::sender::Outgoing {
            message_id: ids[0].clone(),
            tenant_id: w.platform.clone(),
            merchant_id: w.kopi.clone(),
            recipient: "60130000000".into(),
            content: Content::Text { body: "x".into() },
        };
        let wamid = again.send(&w.env.ctx.db, T0_MS, &m).await.unwrap().unwrap();
        assert_eq!(wamid, whatsapp::sender::sandbox_wamid(&ids[0]));
        assert_eq!(
            sandbox::outbox(&w.env.ctx.db, &w.super_admin(), 100)
                .await
                .unwrap()
                .len(),
            60
        );
        w.assert_books_balance().await;
    }
);

on_each_stack!(
    logs_are_scoped_by_tenant_and_masked_for_non_owners,
    cloud = false,
    extra = &[],
    |w: World| async move {
        w.buy(&w.kopi, &w.platform, CreditType::WaUi, 5).await;
        w.buy(&w.bazaar, &w.agent, CreditType::WaBi, 5).await;
        w.enqueue(Trigger::HomepageClaim, "+60123456789").await;
        w.enqueue(Trigger::HomepageClaim, "+60123456780").await;
        let mut m = w.message(Trigger::Birthday, "+60199999999");
        m.tenant_id = w.agent.clone();
        m.merchant_id = w.bazaar.clone();
        let theirs = whatsapp::enqueue(&w.engine, &m).await.unwrap();
        let refused = whatsapp::enqueue(&w.engine, &w.message(Trigger::Birthday, "+60177777777"))
            .await
            .unwrap();
        assert!(matches!(refused, Enqueued::InsufficientCredits { .. }));
        w.dispatch().await;
        let db = &w.env.ctx.db;
        let kopi = w.merchant_principal(&w.kopi, &w.platform);
        let page = logs::message_page(db, &kopi, &LogQuery::default(), 2)
            .await
            .unwrap();
        assert_eq!(page.messages.len(), 2);
        assert_eq!(page.next, Some(2));
        let rest = logs::message_page(
            db,
            &kopi,
            &LogQuery {
                offset: page.next,
                ..LogQuery::default()
            },
            2,
        )
        .await
        .unwrap();
        assert_eq!((rest.messages.len(), rest.next), (1, None));
        assert!(
            page.messages
                .iter()
                .all(|l| l.recipient.starts_with("+601") && !l.recipient.contains('•'))
        );
        // Another tenant's message is not found for the merchant; the agent sees it masked.
        assert!(matches!(
            logs::message(db, &kopi, theirs.message_id()).await,
            Err(Error::User(AppError::NotFound))
        ));
        let agent = w.agent_principal();
        let agent_page = logs::message_page(db, &agent, &LogQuery::default(), 50)
            .await
            .unwrap();
        assert_eq!(agent_page.messages.len(), 1);
        assert_eq!(agent_page.messages[0].recipient, "+60••••••999");
        // Counts per day and class, and totals for the master and the agent.
        let days = logs::daily_counts(db, &kopi, T0_MS, T0_MS + 86_400_000)
            .await
            .unwrap();
        assert_eq!(days.len(), 2, "{days:?}");
        let bi = days.iter().find(|d| d.class == MessageClass::Bi).unwrap();
        let ui = days.iter().find(|d| d.class == MessageClass::Ui).unwrap();
        assert_eq!(
            (ui.day.as_str(), ui.success, ui.failure),
            ("2026-11-25", 2, 0)
        );
        assert_eq!((bi.success, bi.failure), (0, 1));
        let master = logs::volume_totals(db, &w.super_admin(), T0_MS, T0_MS + 86_400_000)
            .await
            .unwrap();
        assert_eq!(master.len(), 2);
        let platform_row = master.iter().find(|t| t.owner_id == w.platform).unwrap();
        assert_eq!(
            (
                platform_row.ui_success,
                platform_row.bi_failure,
                platform_row.credits_deducted
            ),
            (2, 1, 2)
        );
        let agent_row = master.iter().find(|t| t.owner_id == w.agent).unwrap();
        assert_eq!(agent_row.bi_success, 1);
        let per_merchant = logs::volume_totals(db, &agent, T0_MS, T0_MS + 86_400_000)
            .await
            .unwrap();
        assert_eq!(per_merchant.len(), 1);
        assert_eq!(per_merchant[0].owner_id, w.bazaar);
        // CSV: the header, then the merchant's rows with full numbers.
        let csv = logs::csv(db, &kopi, &LogQuery::default()).await.unwrap();
        let lines: Vec<_> = csv.lines().collect();
        assert_eq!(lines.len(), 4);
        assert!(lines[0].starts_with("message_id,created_at,merchant,wamid,recipient"));
        // Roles without the WhatsApp section are refused.
        let support = Principal {
            role: Role::PlatformStaff(Permissions::of(&[Permission::Support])),
            ..w.super_admin()
        };
        assert!(matches!(
            logs::message_page(db, &support, &LogQuery::default(), 5).await,
            Err(Error::User(AppError::Forbidden))
        ));
    }
);
