//! What can go wrong talking to a provider, each naming the request.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The base URL or a URL the provider sent cannot be used.
    #[error("{0}")]
    BadUrl(String),
    /// No answer: connection refused, timed out, reset.
    #[error("{url}: no answer ({reason})")]
    Unreachable { url: String, reason: String },
    /// The token was refused (401) or lacks the scope asked for (403/404).
    #[error("{url}: {status} {reason}")]
    Refused {
        url: String,
        status: u16,
        reason: String,
    },
    /// Still rate limited after waiting as told and retrying.
    #[error("{url}: rate limited; try again after {retry_after_s} s")]
    RateLimited { url: String, retry_after_s: u64 },
    /// A server error that retries did not clear.
    #[error("{url}: the server failed ({status}) {attempts} times")]
    Server {
        url: String,
        status: u16,
        attempts: u32,
    },
    /// What was read could not be stored; the cursor stays where it was.
    #[error("storing what was read failed: {0}")]
    Store(String),
    /// The body is not the JSON the provider documents.
    #[error("{url}: unexpected answer: {reason}")]
    Malformed { url: String, reason: String },
}
