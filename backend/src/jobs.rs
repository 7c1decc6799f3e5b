//! The job queue's backend: a table in the application database (the embedded default) or
//! Redis (scale-out). The WhatsApp engine builds its queue on top of this choice.

use fred::prelude::{ClientLike, Config as RedisConfig};

use crate::config::QueueConfig;
use crate::{Db, Result};

/// The connected queue backend.
#[derive(Clone)]
pub enum Queue {
    /// Jobs live in the application database.
    Database,
    /// Jobs live in Redis.
    Redis(fred::clients::Client),
}

impl std::fmt::Debug for Queue {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str(self.name())
    }
}

impl Queue {
    /// Connects the configured backend; Redis must answer before the server starts.
    pub async fn connect(config: &QueueConfig) -> Result<Self> {
        match config {
            QueueConfig::Database => Ok(Self::Database),
            QueueConfig::Redis { url } => {
                let cfg = RedisConfig::from_url(url.expose())?;
                let client = fred::types::Builder::from_config(cfg).build()?;
                client.init().await?;
                Ok(Self::Redis(client))
            }
        }
    }

    /// The name `/healthz` reports.
    pub fn name(&self) -> &'static str {
        match self {
            Self::Database => "database",
            Self::Redis(_) => "redis",
        }
    }

    /// Checks the backend answers.
    pub async fn ping(&self, db: &Db) -> Result<()> {
        match self {
            Self::Database => {
                sqlx::query("select 1").execute(db.pool()).await?;
            }
            Self::Redis(c) => {
                let _: String = c.ping(None).await?;
            }
        }
        Ok(())
    }
}
