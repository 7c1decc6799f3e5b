//! Agents' money paths on SQLite and PostgreSQL: paid merchant orders per second when each
//! takes the platform cost from the agent's wallet (all serialised on that agent's wallet row),
//! next to the same orders of main-platform merchants (no agent charge); and how long one
//! top-up takes to complete a queue of waiting orders.
//!
//! Run: `cargo bench -p backend --bench agents` (release). PostgreSQL runs when
//! `TEST_POSTGRES_URL` is set. Knobs: `BENCH_ORDERS` (default 1000), `BENCH_TASKS` (16),
//! `BENCH_WAITING` (500).

#![expect(
    clippy::unwrap_used,
    reason = "a bench stops loudly on the first failure"
)]

use std::time::Instant;

use backend::paid::{Applied, Item};
use backend::payments;
use backend::testing::{DEMO_PASSWORD, Engine, T0_MS, env};
use backend::{Ctx, agents};
use domain::auth::{Password, Principal};

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
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

async fn pay(ctx: &Ctx, item: Item, id: &str, amount: i64, currency: &str) -> Applied {
    let body = backend::stripe::session_completed_event(
        &format!("evt_{id}"),
        item.as_str(),
        id,
        amount,
        currency,
    )
    .unwrap();
    let secret = backend::stripe::sandbox_secret();
    let sig = backend::stripe::sign(secret, &body, T0_MS).unwrap();
    backend::checkout::handle_webhook(&ctx.db, T0_MS, "sandbox", secret, &sig, &body)
        .await
        .unwrap()
}

async fn top_up(ctx: &Ctx, owner: &Principal, amount: i64) -> Applied {
    let t = agents::start_top_up(&ctx.db, T0_MS, owner, &amount.to_string(), "sandbox")
        .await
        .unwrap();
    pay(ctx, Item::TopUp, &t.id, t.amount_minor, &t.currency).await
}

/// Starts `n` package purchases by `merchant`, then pays them from `tasks` tasks; orders/s.
async fn orders(ctx: &Ctx, merchant: &Principal, n: usize, tasks: usize) -> f64 {
    let mid = merchant.merchant_id().unwrap().to_owned();
    let pkg = payments::packages_for(
        &ctx.db,
        &merchant.tenant_id,
        domain::auth::MerchantKind::Annual,
    )
    .await
    .unwrap()
    .remove(0);
    let mut started = Vec::new();
    for _ in 0..n {
        started.push(
            payments::start_purchase(
                &ctx.db,
                T0_MS,
                &merchant.tenant_id,
                &mid,
                &pkg.id,
                "sandbox",
            )
            .await
            .unwrap(),
        );
    }
    let start = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let ctx = ctx.clone();
        let mine: Vec<_> = started.iter().skip(t).step_by(tasks).cloned().collect();
        handles.push(tokio::spawn(async move {
            for p in mine {
                let a = pay(&ctx, Item::Package, &p.id, p.amount_minor, &p.currency).await;
                assert!(matches!(a, Applied::Credited { .. }), "{a:?}");
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

#[tokio::main]
async fn main() {
    let n = knob("BENCH_ORDERS", 1000);
    let tasks = knob("BENCH_TASKS", 16);
    let waiting = knob("BENCH_WAITING", 500);
    println!("engine      case                                        result");
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(e) = env(engine).await else { continue };
        let ctx = &e.ctx;
        backend::seed::demo(ctx, &Password::parse(DEMO_PASSWORD).unwrap())
            .await
            .unwrap();
        let name = format!("{engine:?}").to_lowercase();
        let agent = login(ctx, "agent@superdeals.test").await;
        let kopi = login(ctx, "kopi@coupons.test").await;
        let nasi = login(ctx, "nasi@superdeals.test").await;
        let rate = orders(ctx, &kopi, n, tasks).await;
        println!("{name:<11} platform merchant orders, {tasks} tasks          {rate:>8.0} /s");
        // Exactly every order's platform cost, so all settle at once and the wallet ends empty.
        let cost =
            payments::packages_for(&ctx.db, &nasi.tenant_id, domain::auth::MerchantKind::Annual)
                .await
                .unwrap()[0]
                .platform_cost_minor;
        top_up(ctx, &agent, i64::try_from(n).unwrap() * cost).await;
        let rate = orders(ctx, &nasi, n, tasks).await;
        println!("{name:<11} agent merchant orders (wallet charged)     {rate:>8.0} /s");
        // A queue of waiting orders, then one top-up completes them all.
        let nasi_id = nasi.merchant_id().unwrap().to_owned();
        let pkg =
            payments::packages_for(&ctx.db, &nasi.tenant_id, domain::auth::MerchantKind::Annual)
                .await
                .unwrap()
                .remove(0);
        // Orders settle while the wallet covers them; after that they wait.
        let mut queued = 0;
        while queued < waiting {
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
            if let Applied::PendingAgentTopUp { .. } =
                pay(ctx, Item::Package, &p.id, p.amount_minor, &p.currency).await
            {
                queued += 1;
            }
        }
        let cost = pkg.platform_cost_minor * i64::try_from(waiting).unwrap();
        let start = Instant::now();
        let Applied::ToppedUp { settled, .. } = top_up(ctx, &agent, cost).await else {
            panic!("a top-up")
        };
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        assert_eq!(usize::try_from(settled).unwrap(), waiting);
        println!("{name:<11} one top-up completing {waiting} waiting orders   {ms:>8.1} ms");
        assert!(
            backend::credits::audit(&ctx.db).await.unwrap().is_empty(),
            "books must balance after the bench"
        );
    }
}
