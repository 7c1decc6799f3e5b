//! Ledger postings per second on SQLite and PostgreSQL, next to each engine's raw rate of
//! single-row update transactions through the same pool (the ceiling a posting can approach).
//!
//! Run: `cargo bench -p backend --bench ledger` (release). PostgreSQL runs when
//! `TEST_POSTGRES_URL` is set (e.g. from `scripts/services.sh start`). Environment knobs:
//! `BENCH_POSTINGS` (default 4000) and `BENCH_TASKS` (default 16).

#![expect(
    clippy::unwrap_used,
    reason = "a bench stops loudly on the first failure"
)]

use std::time::Instant;

use backend::credits::{self, Posting, WalletRef};
use backend::testing::{Engine, T0_MS, env};
use domain::credits::{Action, CreditType, OwnerType, RelatedKind};

fn posting(tenant: &str, owner: usize, key: &str) -> Posting {
    Posting {
        wallet: WalletRef {
            tenant_id: tenant.into(),
            owner_type: OwnerType::Merchant,
            owner_id: format!("bench-{owner}"),
            credit_type: CreditType::Coupon,
        },
        action: Action::Purchase,
        amount: 1,
        related_kind: RelatedKind::None,
        related_id: None,
        description: "bench".into(),
        message: None,
        idempotency_key: key.into(),
        actor_user_id: None,
    }
}

async fn run_postings(
    db: &backend::Db,
    tenant: &str,
    n: usize,
    tasks: usize,
    wallets: usize,
    label: &str,
) -> f64 {
    let start = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let db = db.clone();
        let tenant = tenant.to_owned();
        let label = label.to_owned();
        handles.push(tokio::spawn(async move {
            for i in (t..n).step_by(tasks) {
                credits::post(
                    &db,
                    T0_MS,
                    &posting(&tenant, i % wallets, &format!("{label}-{i}")),
                )
                .await
                .unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

async fn raw_updates(db: &backend::Db, n: usize, tasks: usize) -> f64 {
    sqlx::query("create table if not exists bench_raw (id integer primary key, v bigint not null)")
        .execute(db.pool())
        .await
        .unwrap();
    for id in 0..tasks {
        let id = i64::try_from(id).unwrap();
        sqlx::query("insert into bench_raw (id, v) values ($1, 0) on conflict do nothing")
            .bind(id)
            .execute(db.pool())
            .await
            .unwrap();
    }
    let start = Instant::now();
    let mut handles = Vec::new();
    for t in 0..tasks {
        let db = db.clone();
        handles.push(tokio::spawn(async move {
            for _ in (t..n).step_by(tasks) {
                let mut tx = db.begin_write().await.unwrap();
                sqlx::query("update bench_raw set v = v + 1 where id = $1")
                    .bind(i64::try_from(t).unwrap())
                    .execute(&mut *tx)
                    .await
                    .unwrap();
                tx.commit().await.unwrap();
            }
        }));
    }
    for h in handles {
        h.await.unwrap();
    }
    n as f64 / start.elapsed().as_secs_f64()
}

fn knob(name: &str, default: usize) -> usize {
    std::env::var(name)
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(default)
}

#[tokio::main]
async fn main() {
    let n = knob("BENCH_POSTINGS", 4000);
    let tasks = knob("BENCH_TASKS", 16);
    println!("engine      case                         per second   vs raw");
    for engine in [Engine::Sqlite, Engine::Postgres] {
        let Some(e) = env(engine).await else { continue };
        let tenant = backend::seed::ensure_platform(&e.ctx).await.unwrap();
        let raw = raw_updates(&e.ctx.db, n, tasks).await;
        let name = format!("{engine:?}").to_lowercase();
        println!("{name:<11} raw single-row update txns   {raw:>10.0}   1.00");
        for (case, t, wallets) in [
            ("postings, 1 wallet, 1 task", 1, 1),
            ("postings, 1 wallet, N tasks", tasks, 1),
            ("postings, N wallets, N tasks", tasks, tasks * 8),
        ] {
            let rate =
                run_postings(&e.ctx.db, &tenant, n, t, wallets, &format!("{case}-{t}")).await;
            println!("{name:<11} {case:<28} {rate:>10.0}   {:.2}", rate / raw);
        }
        assert!(
            credits::audit(&e.ctx.db).await.unwrap().is_empty(),
            "books must balance after the bench"
        );
    }
}
