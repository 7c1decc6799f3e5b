//! The backend's error: a user-caused [`AppError`], or a failure of ours to be logged.

use domain::AppError;

/// A backend failure.
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// Something the user caused, with its message for them.
    #[error(transparent)]
    User(#[from] AppError),
    /// The database failed; details go to the log, never to the user.
    #[error("database: {0}")]
    Storage(#[from] sqlx::Error),
    /// Migrations failed to apply.
    #[error("migrations: {0}")]
    Migrate(#[from] sqlx::migrate::MigrateError),
    /// Redis failed.
    #[error("redis: {0}")]
    Redis(#[from] fred::error::Error),
    /// A file could not be read or written.
    #[error("file: {0}")]
    Io(#[from] std::io::Error),
    /// Anything else of ours, with a description for the log.
    #[error("{0}")]
    Internal(String),
}

/// The backend's result.
pub type Result<T, E = Error> = std::result::Result<T, E>;

impl Error {
    /// The error as the user may see it: user errors pass through, everything else is logged
    /// here with `context` and becomes [`AppError::Internal`].
    pub fn into_app(self, context: &str) -> AppError {
        match self {
            Self::User(e) => e,
            other => {
                tracing::error!(error = %other, "{context}");
                AppError::Internal
            }
        }
    }
}
