//! The error every server function returns: a user-facing [`AppError`], or a transport
//! failure (the network, a response that could not be read).

use domain::AppError;
use domain::i18n::Locale;
use leptos::server_fn::codec::JsonEncoding;
use leptos::server_fn::error::{FromServerFnError, ServerFnErrorErr};
use serde::{Deserialize, Serialize};

/// A server function's failure, as the page receives it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub enum ApiError {
    /// A failure with a message for the user.
    App(AppError),
    /// The call itself failed; the text says how.
    Transport(String),
}

impl From<AppError> for ApiError {
    fn from(e: AppError) -> Self {
        Self::App(e)
    }
}

impl FromServerFnError for ApiError {
    type Encoder = JsonEncoding;

    fn from_server_fn_error(value: ServerFnErrorErr) -> Self {
        Self::Transport(value.to_string())
    }
}

impl std::fmt::Display for ApiError {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            Self::App(e) => write!(f, "{e}"),
            Self::Transport(_) => f.write_str("The server could not be reached. Please try again."),
        }
    }
}

impl std::error::Error for ApiError {}

impl ApiError {
    /// The HTTP status this error stands for.
    pub fn status_code(&self) -> u16 {
        match self {
            Self::App(e) => e.status_code(),
            Self::Transport(_) => 502,
        }
    }

    /// The message in `locale` (English is exactly the `Display` text).
    pub fn localized(&self, locale: Locale) -> String {
        match self {
            Self::App(e) => e.localized(locale),
            Self::Transport(_) => domain::i18n::t(locale, "error-transport"),
        }
    }
}
