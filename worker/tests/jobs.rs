//! One job system: each scheduled pass runs once per period however many workers tick, and a
//! pass that fails is recorded, not retried into the next period; a job names the request
//! that enqueued it.

#![expect(
    clippy::unwrap_used,
    reason = "a test fails loudly on the first broken expectation"
)]

use backend::jobs::{self, JobKind};
use backend::on_both_engines;
use backend::testing::TestEnv;
use worker::jobs::{Outcome, Runner};

async fn states(env: &TestEnv) -> Vec<(String, String, i64)> {
    sqlx::query_as("select kind, state, attempts from jobs order by kind, run_at_ms")
        .fetch_all(env.ctx.db.pool())
        .await
        .unwrap()
}

/// Runs both workers side by side until neither finds a due job; what each outcome was.
async fn drain(a: &Runner, b: &Runner) -> Vec<(JobKind, Outcome)> {
    let mut seen = Vec::new();
    loop {
        let (x, y) = tokio::join!(
            a.run_one(std::future::pending()),
            b.run_one(std::future::pending())
        );
        let (x, y) = (x.unwrap(), y.unwrap());
        if x.is_none() && y.is_none() {
            return seen;
        }
        seen.extend(x.into_iter().chain(y).map(|(j, o)| (j.kind, o)));
    }
}

on_both_engines!(
    each_period_of_each_schedule_runs_once_however_many_workers_tick,
    |env: TestEnv| async move {
        let runner = |name: &str| Runner {
            ctx: env.ctx.clone(),
            name: name.to_owned(),
            resolver: None,
        };
        let (a, b) = (runner("a"), runner("b"));
        let db = &env.ctx.db;
        // Both workers tick twice in the same minute (the test clock starts on a 5-minute
        // boundary, so every schedule's period begins now).
        let now = env.ctx.clock.now_ms();
        let mut added = 0;
        for _ in 0..4 {
            added += jobs::schedule(db, now).await.unwrap();
        }
        assert_eq!(added, 5, "one period of each scheduled kind");
        let mut ran = drain(&a, &b).await;
        ran.sort_by_key(|(k, _)| k.as_str());
        assert_eq!(
            ran,
            vec![
                (JobKind::Campaigns, Outcome::Done),
                // No DNS resolver here: recorded as failed, left to the next period.
                (JobKind::DomainChecks, Outcome::GivenUp),
                (JobKind::ExpiryRefunds, Outcome::Done),
                (JobKind::Housekeeping, Outcome::Done),
                (JobKind::Statements, Outcome::Done),
            ]
        );
        // A minute on: the minutely passes again, the five-minutely not yet.
        env.clock.advance(60_000);
        let now = env.ctx.clock.now_ms();
        assert_eq!(jobs::schedule(db, now).await.unwrap(), 3);
        assert_eq!(jobs::schedule(db, now).await.unwrap(), 0);
        assert_eq!(drain(&a, &b).await.len(), 3);
        let finished = states(&env).await;
        assert_eq!(finished.len(), 8);
        assert!(
            finished.iter().all(|(k, s, n)| *n == 1
                && s == if k == "domain_checks" {
                    "failed"
                } else {
                    "done"
                }),
            "{finished:?}"
        );
        assert!(
            jobs::waiting(db)
                .await
                .unwrap()
                .iter()
                .all(|(_, n, _)| *n == 0)
        );
    }
);

on_both_engines!(
    a_job_carries_the_id_of_the_request_that_enqueued_it,
    |env: TestEnv| async move {
        let db = &env.ctx.db;
        let now = env.ctx.clock.now_ms();
        let mut conn = db.pool().acquire().await.unwrap();
        jobs::with_request_id("req-1".to_owned(), async {
            jobs::enqueue(&mut conn, JobKind::BatchPdf, "batch_pdf:x", "x", now)
                .await
                .unwrap();
        })
        .await;
        jobs::enqueue(&mut conn, JobKind::BatchPdf, "batch_pdf:y", "y", now + 1)
            .await
            .unwrap();
        drop(conn);
        let first = jobs::claim(db, "a", now + 1).await.unwrap().unwrap();
        let second = jobs::claim(db, "a", now + 1).await.unwrap().unwrap();
        assert_eq!(
            (first.request_id.as_deref(), second.request_id.as_deref()),
            (Some("req-1"), None)
        );
    }
);
