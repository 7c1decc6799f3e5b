//! Everything that touches storage or the outside world, for the server and the worker.
//!
//! Every function that reads or writes tenant data takes the acting [`domain::auth::Principal`]
//! (or, on public pages, the [`domain::tenants::Branding`] the host picked) and scopes its SQL by
//! that tenant, so no row can be fetched by id alone across tenants.

pub mod ads;
pub mod agents;
pub mod auth;
pub mod campaigns;
pub mod charges;
pub mod checkout;
pub mod claims;
pub mod clock;
pub mod config;
pub mod coupons;
pub mod credits;
pub mod csv;
pub mod customers;
pub mod db;
pub mod error;
pub mod files;
pub mod flash;
pub mod health;
pub mod ids;
pub mod images;
pub mod jobs;
pub mod lucky_draw;
pub mod memberships;
pub mod metrics;
pub mod paid;
pub mod payments;
pub mod pdf_text;
pub mod rate_limit;
pub mod recent;
pub mod seed;
pub mod staff;
pub mod statements;
pub mod stripe;
pub mod support;
pub mod templates;
pub mod tenants;
#[cfg(any(test, feature = "testing"))]
pub mod testing;
pub mod whatsapp;

pub use clock::{Clock, SharedClock};
pub use config::Config;
pub use db::Db;
pub use error::{Error, Result};

/// What every request handler and job needs: storage, time, configuration and the queue.
#[derive(Clone)]
pub struct Ctx {
    pub db: Db,
    pub clock: SharedClock,
    pub config: std::sync::Arc<Config>,
    pub queue: jobs::Queue,
    pub files: files::FileStore,
    /// What this process keeps for two seconds (see [`recent`]).
    pub caches: std::sync::Arc<recent::Caches>,
}

impl Ctx {
    /// Connects the configured database (applying its migrations) and queue, on the system
    /// clock: what the server and every worker process start from.
    pub async fn connect(config: Config, max_connections: u32) -> Result<Self> {
        let db = Db::connect(config.database_url.expose(), max_connections).await?;
        let queue = jobs::Queue::connect(&config.queue).await?;
        let clock: SharedClock = std::sync::Arc::new(clock::SystemClock);
        let files = files::FileStore::from_config(&config.files, &config.data_dir)?;
        Ok(Self {
            caches: std::sync::Arc::default(),
            files,
            db,
            clock,
            config: std::sync::Arc::new(config),
            queue,
        })
    }
}
