//! Crash safety of WhatsApp dispatch, with real processes: a `worker` process sending to the
//! fake Graph API is killed with SIGKILL in the middle of a batch; the test then plays Meta
//! (status webhooks for what the fake accepted, carrying our message ids) and starts a second
//! worker. Every message must end accepted, reach the API exactly once, and be charged exactly
//! once, with the books balanced. On SQLite with the database queue, and on PostgreSQL with
//! Redis when `TEST_POSTGRES_URL` and `REDIS_URL` are set.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use std::collections::HashMap;
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

use backend::credits::{self, Posting, WalletRef};
use backend::ids;
use backend::testing::{Engine, T0_MS, TestEnv, env_with};
use backend::whatsapp::fake::FakeGraph;
use backend::whatsapp::{self, Content, Enqueued, NewMessage, webhook};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};
use domain::whatsapp::Trigger;

const SECRET: &str = "crash-test-app-secret";
const MESSAGES: usize = 240;

fn spawn_worker(settings: &[(String, String)]) -> Child {
    let mut cmd = Command::new(env!("CARGO_BIN_EXE_worker"));
    cmd.env_clear()
        .env("RUST_LOG", "warn")
        .stdout(Stdio::null())
        .stderr(Stdio::inherit());
    for (k, v) in settings {
        cmd.env(k, v);
    }
    cmd.spawn().unwrap()
}

async fn accepted_count(env: &TestEnv) -> i64 {
    let (n,): (i64,) = sqlx::query_as("select count(*) from wa_messages where state = 'accepted'")
        .fetch_one(env.ctx.db.pool())
        .await
        .unwrap();
    n
}

async fn kill_mid_dispatch_then_recover(engine: Engine, redis: Option<String>) {
    let fake = FakeGraph::start().await.unwrap();
    // Slow answers keep many sends in flight when the worker is killed.
    fake.set_delay(Duration::from_millis(40));
    let prefix = format!("test:crash:{}", ids::random_hex(6));
    let mut settings: Vec<(String, String)> = vec![
        ("WHATSAPP_TOKEN".into(), "EAAcrash".into()),
        ("WHATSAPP_PHONE_NUMBER_ID".into(), "1098765".into()),
        ("WHATSAPP_APP_SECRET".into(), SECRET.into()),
        ("WHATSAPP_API_BASE".into(), fake.base_url.clone()),
        ("WHATSAPP_SEND_TIMEOUT_MS".into(), "500".into()),
        ("WHATSAPP_IN_DOUBT_GRACE_MS".into(), "1000".into()),
        ("WHATSAPP_RATE_PER_SEC".into(), "2000".into()),
        ("WHATSAPP_REDIS_PREFIX".into(), prefix),
        ("DEMO_DATA".into(), "false".into()),
    ];
    if let Some(url) = &redis {
        settings.push(("REDIS_URL".into(), url.clone()));
    }
    let refs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    let Some(env) = env_with(engine, &refs).await else {
        return;
    };
    settings.push((
        "DATABASE_URL".into(),
        env.ctx.config.database_url.expose().to_owned(),
    ));
    settings.push(("DATA_DIR".into(), env.dir.display().to_string()));

    let e = whatsapp::Engine::new(&env.ctx).await.unwrap();
    let platform = backend::seed::ensure_platform(&env.ctx).await.unwrap();
    let merchant = ids::new_id();
    sqlx::query(
        "insert into merchants (id, tenant_id, company_name, kind, status, country, city, created_at_ms)
         values ($1, $2, 'Kopi Corner', 'annual', 'active', 'MY', 'KL', $3)",
    )
    .bind(&merchant)
    .bind(&platform)
    .bind(T0_MS)
    .execute(env.ctx.db.pool())
    .await
    .unwrap();
    let wallet = WalletRef {
        tenant_id: platform.clone(),
        owner_type: OwnerType::Merchant,
        owner_id: merchant.clone(),
        credit_type: CreditType::WaUi,
    };
    let buy = Posting {
        wallet: wallet.clone(),
        action: Action::Purchase,
        amount: i64::try_from(MESSAGES).unwrap(),
        related_kind: RelatedKind::None,
        related_id: None,
        description: "test purchase".into(),
        message: None,
        idempotency_key: ids::new_id(),
        actor_user_id: None,
    };
    credits::post(&env.ctx.db, T0_MS, &buy).await.unwrap();
    for i in 0..MESSAGES {
        let m = NewMessage {
            tenant_id: platform.clone(),
            merchant_id: merchant.clone(),
            trigger: Trigger::HomepageClaim,
            recipient: format!("+6012{i:07}"),
            content: Content::Text {
                body: format!("Your coupon #{i}"),
            },
            coupon_id: None,
            dedupe_key: None,
        };
        assert!(matches!(
            whatsapp::enqueue(&e, &m).await.unwrap(),
            Enqueued::Queued { .. }
        ));
    }

    // Kill the first worker in the middle of the batch.
    let mut first = spawn_worker(&settings);
    let deadline = Instant::now() + Duration::from_secs(60);
    while fake.requests().len() < MESSAGES / 4 {
        assert!(Instant::now() < deadline, "the worker sent nothing");
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
    first.kill().unwrap();
    first.wait().unwrap();
    tokio::time::sleep(Duration::from_millis(300)).await;
    let seen = fake.requests().len();
    assert!(
        seen < MESSAGES,
        "killed too late to test anything ({seen} sent)"
    );
    let recorded_before = accepted_count(&env).await;
    assert!(
        usize::try_from(recorded_before).unwrap() < seen,
        "some accepted sends must be unrecorded at the kill"
    );

    // Play Meta: a "sent" status for every message the API accepted, with our id echoed.
    let accepted = fake.accepted();
    let statuses: Vec<(&str, &str, Option<&str>)> = accepted
        .iter()
        .map(|(m, w)| (w.as_str(), "sent", Some(m.as_str())))
        .collect();
    let body = FakeGraph::notification(&statuses, env.ctx.clock.now_ms());
    let sig = webhook::sign(SECRET, &body).unwrap();
    webhook::handle_webhook(&env.ctx.db, env.ctx.clock.now_ms(), SECRET, &sig, &body)
        .await
        .unwrap();

    // A second worker finishes the job.
    let mut second = spawn_worker(&settings);
    let deadline = Instant::now() + Duration::from_secs(90);
    while accepted_count(&env).await < i64::try_from(MESSAGES).unwrap() {
        assert!(Instant::now() < deadline, "messages were lost");
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
    second.kill().unwrap();
    second.wait().unwrap();

    // Each message reached the API exactly once and was charged exactly once.
    let mut per_message: HashMap<String, usize> = HashMap::new();
    for r in fake.requests() {
        *per_message
            .entry(r.message_id().unwrap().to_owned())
            .or_default() += 1;
    }
    assert_eq!(per_message.len(), MESSAGES);
    let twice: Vec<_> = per_message.iter().filter(|(_, n)| **n > 1).collect();
    assert!(twice.is_empty(), "sent more than once: {twice:?}");
    let (deducts, distinct): (i64, i64) = sqlx::query_as(
        "select count(*), count(distinct related_id) from ledger_entries where action = 'deduct' and related_kind = 'message'",
    )
    .fetch_one(env.ctx.db.pool())
    .await
    .unwrap();
    assert_eq!((deducts, distinct), (240, 240));
    let b = credits::balances(
        &env.ctx.db,
        OwnerType::Merchant,
        &merchant,
        &[CreditType::WaUi],
    )
    .await
    .unwrap();
    assert_eq!((b[0].balance, b[0].held), (0, 0));
    let v = credits::audit(&env.ctx.db).await.unwrap();
    assert!(v.is_empty(), "auditor found: {v:#?}");
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_a_worker_mid_dispatch_loses_nothing_and_sends_nothing_twice_sqlite() {
    kill_mid_dispatch_then_recover(Engine::Sqlite, None).await;
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn killing_a_worker_mid_dispatch_loses_nothing_and_sends_nothing_twice_postgres_redis() {
    match std::env::var("REDIS_URL") {
        Ok(url) => kill_mid_dispatch_then_recover(Engine::Postgres, Some(url)).await,
        Err(_) => eprintln!("note: REDIS_URL is not set; skipping the PostgreSQL + Redis run"),
    }
}
