//! Everything that touches storage or the outside world, for the server and the worker.
//!
//! Every function that reads or writes tenant data takes the acting [`domain::auth::Principal`]
//! (or, on public pages, the [`domain::tenants::Branding`] the host picked) and scopes its SQL by
//! that tenant, so no row can be fetched by id alone across tenants.

pub mod auth;
pub mod clock;
pub mod config;
pub mod credits;
pub mod db;
pub mod error;
pub mod health;
pub mod ids;
pub mod jobs;
pub mod payments;
pub mod rate_limit;
pub mod seed;
pub mod tenants;
#[cfg(any(test, feature = "testing"))]
pub mod testing;

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
}
