//! The database: one code path over SQLite (embedded default) and PostgreSQL (scale-out),
//! through sqlx `Any` with portable SQL (`$1` placeholders, integer epoch-millisecond times,
//! text ids, integer 0/1 flags, integer minor units for money).

use std::str::FromStr;
use std::time::Duration;

use sqlx::any::{AnyConnectOptions, AnyPoolOptions};
use sqlx::migrate::Migrator;
use sqlx::{Any, AnyPool, ConnectOptions, SqlSafeStr, Transaction};

use crate::Result;

static SQLITE_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/sqlite");
static POSTGRES_MIGRATIONS: Migrator = sqlx::migrate!("../migrations/postgres");

/// Which engine is behind the pool.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum DbKind {
    Sqlite,
    Postgres,
}

impl DbKind {
    /// The name `/healthz` reports.
    pub const fn name(self) -> &'static str {
        match self {
            Self::Sqlite => "sqlite",
            Self::Postgres => "postgresql",
        }
    }
}

/// A connection pool and the engine behind it, and the tenants hosts named lately (see
/// [`Db::hosts`]).
#[derive(Clone)]
pub struct Db {
    pool: AnyPool,
    kind: DbKind,
    hosts: std::sync::Arc<crate::recent::Recent<String, domain::tenants::Branding>>,
}

impl std::fmt::Debug for Db {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Db")
            .field("kind", &self.kind)
            .finish_non_exhaustive()
    }
}

/// How long a SQLite writer waits for the lock before giving up.
const SQLITE_BUSY_TIMEOUT_MS: u32 = 10_000;

impl Db {
    /// Connects and applies the migrations of the engine named by `url`. A SQLite file (and
    /// its directory) is created when missing and runs in WAL mode with a busy timeout.
    pub async fn connect(url: &str, max_connections: u32) -> Result<Self> {
        sqlx::any::install_default_drivers();
        let kind = if url.starts_with("sqlite:") {
            DbKind::Sqlite
        } else {
            DbKind::Postgres
        };
        let url = match kind {
            DbKind::Sqlite => sqlite_url(url)?,
            DbKind::Postgres => url.to_owned(),
        };
        let options = AnyConnectOptions::from_str(&url)?.disable_statement_logging();
        let pool = AnyPoolOptions::new()
            .max_connections(max_connections)
            .acquire_timeout(Duration::from_secs(30))
            .after_connect(move |conn, _meta| {
                Box::pin(async move {
                    if kind == DbKind::Sqlite {
                        let pragmas = format!(
                            "pragma journal_mode = wal; pragma synchronous = normal; \
                             pragma foreign_keys = on; pragma busy_timeout = {SQLITE_BUSY_TIMEOUT_MS}; \
                             pragma cache_size = -16000; pragma temp_store = memory; pragma wal_autocheckpoint = 4000;"
                        );
                        sqlx::raw_sql(sqlx::AssertSqlSafe(pragmas)).execute(&mut *conn).await?;
                    }
                    Ok(())
                })
            })
            .connect_with(options)
            .await?;
        let db = Self {
            pool,
            kind,
            hosts: std::sync::Arc::default(),
        };
        match kind {
            DbKind::Sqlite => SQLITE_MIGRATIONS.run(&db.pool).await?,
            DbKind::Postgres => POSTGRES_MIGRATIONS.run(&db.pool).await?,
        }
        Ok(db)
    }

    /// The pool, for reads and single statements.
    pub fn pool(&self) -> &AnyPool {
        &self.pool
    }

    /// The tenant each host named in the last two seconds resolved to, so a page view does
    /// not ask the database which site it is on (see [`crate::tenants::resolve_host`]). A
    /// change of a custom domain forgets them all on this server.
    pub fn hosts(&self) -> &crate::recent::Recent<String, domain::tenants::Branding> {
        &self.hosts
    }

    /// The engine behind the pool.
    pub fn kind(&self) -> DbKind {
        self.kind
    }

    /// Starts a transaction that will write. On SQLite it takes the write lock at once
    /// (`BEGIN IMMEDIATE`), so two writers queue on the busy timeout instead of one failing
    /// when it upgrades a read lock; PostgreSQL's default `BEGIN` already behaves.
    pub async fn begin_write(&self) -> Result<Transaction<'static, Any>> {
        let conn = self.pool.acquire().await?;
        let statement = match self.kind {
            DbKind::Sqlite => Some("BEGIN IMMEDIATE".into_sql_str()),
            DbKind::Postgres => None,
        };
        Ok(Transaction::begin(conn, statement).await?)
    }

    /// Closes every connection (for tests and shutdown).
    pub async fn close(&self) {
        self.pool.close().await;
    }
}

/// Makes sure a SQLite URL creates its file, and creates the file's directory.
fn sqlite_url(url: &str) -> Result<String> {
    let path = url.trim_start_matches("sqlite:").trim_start_matches("//");
    let path = path.split('?').next().unwrap_or_default();
    let dir = std::path::Path::new(path)
        .parent()
        .filter(|d| !d.as_os_str().is_empty());
    if path != ":memory:"
        && let Some(dir) = dir
    {
        std::fs::create_dir_all(dir)
            .map_err(|e| crate::Error::Internal(format!("cannot create {}: {e}", dir.display())))?;
    }
    Ok(if url.contains("mode=") {
        url.to_owned()
    } else if url.contains('?') {
        format!("{url}&mode=rwc")
    } else {
        format!("{url}?mode=rwc")
    })
}

/// `n` placeholders numbered from `$first`, comma-separated (`$3, $4, $5`), for a statement
/// that binds a list (`where id in (…)`, a multi-row `values`). Callers keep lists bounded
/// (see `crate::whatsapp::DISPATCH_BATCH_MAX`) well inside both engines' parameter limits,
/// and run such statements with `.persistent(false)`: their text changes with the list's
/// length, and caching each length would push the fixed statements out of the connection's
/// prepared-statement cache.
pub(crate) fn params(first: usize, n: usize) -> String {
    (first..first + n)
        .map(|i| format!("${i}"))
        .collect::<Vec<_>>()
        .join(", ")
}

/// The arms of a `case <key> … end` that maps `n` bound keys to bound values, numbered in
/// pairs from `$first` (`when $2 then $3 when $4 then $5`): bind key, value, key, value, ….
/// For one statement that sets a different value per row. The same caveats as [`params`].
pub(crate) fn case_params(first: usize, n: usize) -> String {
    (0..n)
        .map(|i| format!("when ${} then ${}", first + 2 * i, first + 1 + 2 * i))
        .collect::<Vec<_>>()
        .join(" ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn case_arms_pair_keys_with_values() {
        assert_eq!(super::case_params(2, 2), "when $2 then $3 when $4 then $5");
    }

    #[test]
    fn params_number_from_the_first() {
        assert_eq!(super::params(3, 3), "$3, $4, $5");
        assert_eq!(super::params(1, 1), "$1");
        assert_eq!(super::params(1, 0), "");
    }
}
