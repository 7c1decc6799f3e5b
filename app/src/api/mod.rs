//! Server functions, one module per product area.

pub mod directory;
pub mod session;
