//! Test support: a fresh database on SQLite or PostgreSQL for each test, a manual clock, and
//! the demo data. PostgreSQL tests need `TEST_POSTGRES_URL` (an admin URL; the test command
//! starts a throwaway server and sets it). Without it they are skipped with a note, unless
//! `REQUIRE_POSTGRES=1`, which makes a missing server a failure, as in CI.

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::sync::Arc;

use sqlx::{AnyConnection, Connection};

use crate::clock::ManualClock;
use crate::config::Config;
use crate::jobs::Queue;
use crate::{Ctx, Db, ids};

/// Which engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Engine {
    Sqlite,
    Postgres,
}

/// The password of every demo user in tests.
pub const DEMO_PASSWORD: &str = "demo-password-123";

/// 2026-11-25T00:00:00Z, where every test clock starts.
pub const T0_MS: i64 = 1_795_564_800_000;

/// A test's world: context, the clock to move, and where its files live.
pub struct TestEnv {
    pub ctx: Ctx,
    pub clock: Arc<ManualClock>,
    pub engine: Engine,
    pub dir: PathBuf,
}

impl Drop for TestEnv {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.dir);
    }
}

/// A fresh, migrated, empty database on `engine` with a default configuration; `None` when
/// PostgreSQL is not available and not required.
pub async fn env(engine: Engine) -> Option<TestEnv> {
    env_with(engine, &[]).await
}

/// The settings that put a test's files in an S3-compatible bucket, under a prefix of its own:
/// from `TEST_S3_ENDPOINT`, `TEST_S3_BUCKET`, `TEST_S3_ACCESS_KEY_ID` and
/// `TEST_S3_SECRET_ACCESS_KEY` (the test command starts a server on loopback and sets them).
/// `None` when they are unset, unless `REQUIRE_S3=1`, which makes that a failure, as in CI.
pub fn bucket_settings() -> Option<Vec<(String, String)>> {
    let var = |k: &str| std::env::var(k).ok().filter(|v| !v.is_empty());
    let (Some(endpoint), Some(bucket), Some(key_id), Some(secret)) = (
        var("TEST_S3_ENDPOINT"),
        var("TEST_S3_BUCKET"),
        var("TEST_S3_ACCESS_KEY_ID"),
        var("TEST_S3_SECRET_ACCESS_KEY"),
    ) else {
        assert!(
            !std::env::var("REQUIRE_S3").is_ok_and(|v| v == "1"),
            "REQUIRE_S3=1 but TEST_S3_ENDPOINT and its keys are not set"
        );
        eprintln!("note: TEST_S3_ENDPOINT is not set; skipping the S3 run");
        return None;
    };
    Some(vec![
        (
            "FILES_URL".into(),
            format!("s3://{bucket}/t-{}", ids::random_hex(8)),
        ),
        ("S3_ENDPOINT".into(), endpoint),
        ("S3_ACCESS_KEY_ID".into(), key_id),
        ("S3_SECRET_ACCESS_KEY".into(), secret),
    ])
}

/// [`env`] on `engine` with its files in a bucket ([`bucket_settings`]); `None` when there is
/// no bucket (or no PostgreSQL) and neither is required.
pub async fn env_in_bucket(engine: Engine) -> Option<TestEnv> {
    let settings = bucket_settings()?;
    let refs: Vec<(&str, &str)> = settings
        .iter()
        .map(|(k, v)| (k.as_str(), v.as_str()))
        .collect();
    env_with(engine, &refs).await
}

/// Like [`env`], with configuration values set (upper-case keys as in the environment).
pub async fn env_with(engine: Engine, settings: &[(&str, &str)]) -> Option<TestEnv> {
    let dir = std::env::temp_dir().join(format!("coupons-test-{}", ids::random_hex(6)));
    std::fs::create_dir_all(&dir).expect("test dir");
    let url = match engine {
        Engine::Sqlite => format!("sqlite://{}", dir.join("test.db").display()),
        Engine::Postgres => match std::env::var("TEST_POSTGRES_URL") {
            Ok(admin) => fresh_postgres(&admin).await,
            Err(_) if std::env::var("REQUIRE_POSTGRES").is_ok_and(|v| v == "1") => {
                panic!("REQUIRE_POSTGRES=1 but TEST_POSTGRES_URL is not set")
            }
            Err(_) => {
                eprintln!("note: TEST_POSTGRES_URL is not set; skipping the PostgreSQL run");
                return None;
            }
        },
    };
    let mut values: BTreeMap<String, String> = BTreeMap::new();
    values.insert("DATA_DIR".into(), dir.display().to_string());
    values.insert("DATABASE_URL".into(), url.clone());
    values.insert("DEMO_PASSWORD".into(), DEMO_PASSWORD.into());
    for (k, v) in settings {
        values.insert((*k).to_owned(), (*v).to_owned());
    }
    let config = Config::from_map(&values).expect("test config");
    let db = Db::connect(&url, 16).await.expect("test database");
    let queue = Queue::connect(&config.queue).await.expect("test queue");
    let clock = ManualClock::at(T0_MS);
    let files =
        crate::files::FileStore::from_config(&config.files, &config.data_dir).expect("file store");
    let ctx = Ctx {
        db,
        clock: clock.clone(),
        config: Arc::new(config),
        queue,
        files,
        caches: Arc::default(),
    };
    Some(TestEnv {
        ctx,
        clock,
        engine,
        dir,
    })
}

async fn fresh_postgres(admin_url: &str) -> String {
    sqlx::any::install_default_drivers();
    let name = format!("t_{}", ids::random_hex(8));
    let mut conn = AnyConnection::connect(admin_url)
        .await
        .expect("connect to TEST_POSTGRES_URL");
    sqlx::raw_sql(sqlx::AssertSqlSafe(format!("create database {name}")))
        .execute(&mut conn)
        .await
        .expect("create test database");
    let _ = conn.close().await;
    let base = admin_url.rsplit_once('/').map_or(admin_url, |(b, _)| b);
    format!("{base}/{name}")
}

/// How long one test may run before [`Watchdog`] stops the binary: `TEST_HANG_SECS`, else
/// five minutes (the slowest test takes well under one).
fn hang_limit() -> std::time::Duration {
    let secs = std::env::var("TEST_HANG_SECS")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(300);
    std::time::Duration::from_secs(secs)
}

/// Watches one test from a thread of its own: if the test has not finished after
/// [`hang_limit`], it prints every thread's stack (through `gdb`, when installed) and aborts
/// the test binary. A hang then fails in minutes and shows where it waits, instead of holding
/// CI until its time runs out. Dropping the watchdog (the test finished or panicked) stops it.
pub struct Watchdog {
    /// Dropped with the watchdog, which tells its thread the test is over.
    _running: std::sync::mpsc::Sender<()>,
}

impl Watchdog {
    /// Starts watching the test named `name`.
    pub fn start(name: &'static str) -> Self {
        let (running, finished) = std::sync::mpsc::channel::<()>();
        let limit = hang_limit();
        std::thread::spawn(move || {
            if finished.recv_timeout(limit) != Err(std::sync::mpsc::RecvTimeoutError::Timeout) {
                return;
            }
            eprintln!(
                "\n{name} is still running after {} s: every thread's stack follows, then the \
                 test binary stops",
                limit.as_secs()
            );
            // gdb stops this process while it prints, so it writes straight to our stderr
            // rather than into a pipe this (stopped) thread would have to drain.
            let stacks = std::process::Command::new("gdb")
                .args(["-p", &std::process::id().to_string(), "-batch", "-q"])
                .args(["-ex", "thread apply all bt"])
                .stdin(std::process::Stdio::null())
                .stdout(std::io::stderr())
                .status();
            if let Err(e) = stacks {
                eprintln!("(no stacks: gdb could not run: {e})");
            }
            std::process::abort();
        });
        Self { _running: running }
    }
}

/// Runs an async test body once on SQLite and once on PostgreSQL, as two tests named
/// `<name>::sqlite` and `<name>::postgres`. The body is `|env: TestEnv| async move { … }`.
/// Each is watched by a [`Watchdog`].
#[macro_export]
macro_rules! on_both_engines {
    ($name:ident, $body:expr) => {
        mod $name {
            #[allow(unused_imports)]
            use super::*;
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn sqlite() {
                let _watch = $crate::testing::Watchdog::start(concat!(module_path!(), "::sqlite"));
                if let Some(env) = $crate::testing::env($crate::testing::Engine::Sqlite).await {
                    ($body)(env).await;
                }
            }
            #[tokio::test(flavor = "multi_thread", worker_threads = 2)]
            async fn postgres() {
                let _watch =
                    $crate::testing::Watchdog::start(concat!(module_path!(), "::postgres"));
                if let Some(env) = $crate::testing::env($crate::testing::Engine::Postgres).await {
                    ($body)(env).await;
                }
            }
        }
    };
}
