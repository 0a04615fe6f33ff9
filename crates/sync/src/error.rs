//! What can go wrong talking to a provider, each naming the request.

use thiserror::Error;

#[derive(Debug, Error)]
pub enum SyncError {
    /// The base URL or a URL the provider sent cannot be used.
    #[error("{0}")]
    BadUrl(String),
    /// No answer: connection refused, timed out, reset.
    #[error("{}: no answer ({reason})", readable(url))]
    Unreachable { url: String, reason: String },
    /// The token was refused (401) or lacks the scope asked for (403/404).
    #[error("{}: {status} {reason}", readable(url))]
    Refused {
        url: String,
        status: u16,
        reason: String,
    },
    /// Still rate limited after waiting as told and retrying.
    #[error("{}: rate limited; try again after {retry_after_s} s", readable(url))]
    RateLimited { url: String, retry_after_s: u64 },
    /// A server error that retries did not clear.
    #[error("{}: the server failed ({status}) {attempts} times", readable(url))]
    Server {
        url: String,
        status: u16,
        attempts: u32,
    },
    /// What was read could not be stored; the cursor stays where it was.
    #[error("storing what was read failed: {0}")]
    Store(String),
    /// The body is not the JSON the provider documents.
    #[error("{}: unexpected answer: {reason}", readable(url))]
    Malformed { url: String, reason: String },
}

/// A request's address as people read it: `created=2026-11-21T00:00:00Z`,
/// not `created=2026-11-21T00%3A00%3A00Z`.
pub fn readable(url: &str) -> String {
    percent_encoding::percent_decode_str(url)
        .decode_utf8_lossy()
        .into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn addresses_are_shown_decoded_and_bad_escapes_kept() {
        assert_eq!(
            readable("http://h/runs?created=2026-11-21T00%3A00%3A00Z..2026-11-22&x=%zz%4"),
            "http://h/runs?created=2026-11-21T00:00:00Z..2026-11-22&x=%zz%4"
        );
    }
}
