//! The HTTP client every connector shares: one request at a time (a
//! connection's requests are serial, which is what GitHub's secondary limits
//! ask for), a timeout per request, retries with exponential backoff and
//! jitter on server errors and timeouts, and rate limits honoured: wait
//! `Retry-After` seconds, or until the reset time when the quota is spent,
//! else a minimum wait that grows with each attempt. The latest quota the
//! provider reported is kept for the sync report.

use std::time::Duration;

use chrono::{DateTime, Utc};
use reqwest::header::{HeaderMap, HeaderName, HeaderValue};
use reqwest::StatusCode;

use crate::error::SyncError;
use crate::report::Quota;

/// How patient the client is.
#[derive(Debug, Clone, Copy)]
pub struct Policy {
    /// Tries per request, the first included.
    pub attempts: u32,
    /// The first backoff after a server error; doubled on each retry.
    pub backoff: Duration,
    /// The wait on a rate limit that names no time.
    pub rate_limit_wait: Duration,
    /// The longest wait the client accepts; a longer one ends the sync with
    /// `RateLimited` instead of hanging it.
    pub max_wait: Duration,
    pub timeout: Duration,
}

impl Default for Policy {
    fn default() -> Self {
        Policy {
            attempts: 5,
            backoff: Duration::from_secs(1),
            rate_limit_wait: Duration::from_secs(60),
            max_wait: Duration::from_secs(15 * 60),
            timeout: Duration::from_secs(30),
        }
    }
}

/// An answer worth reading: 2xx or 304.
#[derive(Debug)]
pub struct Fetched {
    pub status: u16,
    pub headers: HeaderMap,
    pub body: Vec<u8>,
}

impl Fetched {
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers.get(name).and_then(|v| v.to_str().ok())
    }

    pub fn not_modified(&self) -> bool {
        self.status == 304
    }
}

pub struct Http {
    client: reqwest::Client,
    policy: Policy,
    /// Requests sent, retries included.
    pub requests: u64,
    pub quota: Quota,
    seed: u64,
}

impl Http {
    pub fn new(policy: Policy) -> Result<Http, SyncError> {
        let client = reqwest::Client::builder()
            .timeout(policy.timeout)
            .user_agent(concat!("signalbox/", env!("CARGO_PKG_VERSION")))
            .build()
            .map_err(|e| SyncError::BadUrl(format!("cannot set up HTTP: {e}")))?;
        let seed = Utc::now().timestamp_subsec_nanos() as u64 | 1;
        Ok(Http {
            client,
            policy,
            requests: 0,
            quota: Quota::default(),
            seed,
        })
    }

    /// A number in [0.5, 1.5): spreads retries so clients do not retry in step.
    fn jitter(&mut self) -> f64 {
        // xorshift64: enough randomness for spreading retries.
        self.seed ^= self.seed << 13;
        self.seed ^= self.seed >> 7;
        self.seed ^= self.seed << 17;
        0.5 + (self.seed % 1000) as f64 / 1000.0
    }

    fn backoff(&mut self, attempt: u32) -> Duration {
        let base = self.policy.backoff.as_secs_f64() * 2f64.powi(attempt.saturating_sub(1) as i32);
        Duration::from_secs_f64(base * self.jitter())
    }

    /// GETs `url` with `headers`, retrying as the policy allows.
    pub async fn get(&mut self, url: &str, headers: &[(&str, &str)]) -> Result<Fetched, SyncError> {
        let mut map = HeaderMap::new();
        for (name, value) in headers {
            let name = HeaderName::from_bytes(name.as_bytes())
                .map_err(|e| SyncError::BadUrl(format!("bad header name {name}: {e}")))?;
            // Values are tokens and URLs the caller built; never logged.
            let mut value = HeaderValue::from_str(value)
                .map_err(|_| SyncError::BadUrl(format!("bad value for header {name}")))?;
            if matches!(name.as_str(), "authorization" | "private-token") {
                value.set_sensitive(true);
            }
            map.insert(name, value);
        }
        let mut last_status = 0;
        for attempt in 1..=self.policy.attempts {
            self.requests += 1;
            let answer = self.client.get(url).headers(map.clone()).send().await;
            let response = match answer {
                Ok(r) => r,
                Err(e) => {
                    if attempt == self.policy.attempts {
                        return Err(SyncError::Unreachable {
                            url: url.to_owned(),
                            reason: describe(&e),
                        });
                    }
                    let wait = self.backoff(attempt);
                    tokio::time::sleep(wait).await;
                    continue;
                }
            };
            let status = response.status();
            let headers = response.headers().clone();
            self.read_quota(&headers);
            if status.is_success() || status == StatusCode::NOT_MODIFIED {
                let body = response
                    .bytes()
                    .await
                    .map_err(|e| SyncError::Unreachable {
                        url: url.to_owned(),
                        reason: format!("the answer was cut off: {}", describe(&e)),
                    })?
                    .to_vec();
                return Ok(Fetched {
                    status: status.as_u16(),
                    headers,
                    body,
                });
            }
            last_status = status.as_u16();
            if let Some(wait) = self.rate_limit_wait(status, &headers, attempt) {
                if wait > self.policy.max_wait || attempt == self.policy.attempts {
                    return Err(SyncError::RateLimited {
                        url: url.to_owned(),
                        retry_after_s: wait.as_secs().max(1),
                    });
                }
                tokio::time::sleep(wait).await;
                continue;
            }
            if status.is_server_error() {
                if attempt < self.policy.attempts {
                    let wait = self.backoff(attempt);
                    tokio::time::sleep(wait).await;
                    continue;
                }
                return Err(SyncError::Server {
                    url: url.to_owned(),
                    status: last_status,
                    attempts: attempt,
                });
            }
            let body = response.text().await.unwrap_or_default();
            return Err(SyncError::Refused {
                url: url.to_owned(),
                status: status.as_u16(),
                reason: refusal(status, &body),
            });
        }
        Err(SyncError::Server {
            url: url.to_owned(),
            status: last_status,
            attempts: self.policy.attempts,
        })
    }

    fn read_quota(&mut self, headers: &HeaderMap) {
        let number = |names: &[&str]| {
            names.iter().find_map(|n| {
                headers
                    .get(*n)
                    .and_then(|v| v.to_str().ok())
                    .and_then(|v| v.trim().parse::<u64>().ok())
            })
        };
        if let Some(limit) = number(&["x-ratelimit-limit", "ratelimit-limit"]) {
            self.quota.limit = Some(limit);
        }
        if let Some(remaining) = number(&["x-ratelimit-remaining", "ratelimit-remaining"]) {
            self.quota.remaining = Some(remaining);
        }
        if let Some(reset) = number(&["x-ratelimit-reset", "ratelimit-reset"]) {
            self.quota.reset_at = i64::try_from(reset)
                .ok()
                .and_then(|s| DateTime::from_timestamp(s, 0));
        }
    }

    /// How long to wait before retrying, when `status` is a rate limit.
    fn rate_limit_wait(
        &mut self,
        status: StatusCode,
        headers: &HeaderMap,
        attempt: u32,
    ) -> Option<Duration> {
        // A 403 is a rate limit only when this answer says so; otherwise it
        // is a permission refusal, whatever an earlier answer's quota was.
        let spent_now = ["x-ratelimit-remaining", "ratelimit-remaining"]
            .iter()
            .any(|n| {
                headers
                    .get(*n)
                    .and_then(|v| v.to_str().ok())
                    .is_some_and(|v| v.trim() == "0")
            });
        let limited = status == StatusCode::TOO_MANY_REQUESTS
            || (status == StatusCode::FORBIDDEN
                && (headers.contains_key("retry-after") || spent_now));
        if !limited {
            return None;
        }
        if let Some(seconds) = headers
            .get("retry-after")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.trim().parse::<u64>().ok())
        {
            return Some(Duration::from_secs(seconds));
        }
        if self.quota.remaining == Some(0) {
            if let Some(reset) = self.quota.reset_at {
                let left = (reset - Utc::now()).num_milliseconds().max(0) as u64;
                // A second of slack: the reset is whole seconds.
                return Some(Duration::from_millis(left + 1000));
            }
        }
        let grow = 2f64.powi(attempt.saturating_sub(1) as i32);
        Some(Duration::from_secs_f64(
            self.policy.rate_limit_wait.as_secs_f64() * grow * self.jitter().max(1.0),
        ))
    }
}

/// A provider's base URL as a folder (ending in `/`), so paths join onto it
/// instead of replacing its last segment; only http and https.
pub fn base_url(text: &str) -> Result<url::Url, SyncError> {
    let mut url = url::Url::parse(text.trim())
        .map_err(|e| SyncError::BadUrl(format!("\"{text}\" is not a URL: {e}")))?;
    if !matches!(url.scheme(), "http" | "https") {
        return Err(SyncError::BadUrl(format!(
            "\"{text}\" must start with https:// (or http://)"
        )));
    }
    if !url.path().ends_with('/') {
        let path = format!("{}/", url.path());
        url.set_path(&path);
    }
    url.set_query(None);
    url.set_fragment(None);
    Ok(url)
}

/// A transport error in words, without the URL (the caller adds it).
fn describe(e: &reqwest::Error) -> String {
    if e.is_timeout() {
        "timed out".into()
    } else if e.is_connect() {
        "could not connect".into()
    } else {
        let mut text = e.to_string();
        let mut source = std::error::Error::source(e);
        while let Some(s) = source {
            text = format!("{text}: {s}");
            source = s.source();
        }
        text
    }
}

/// What a refusal means, with the provider's own message when it sent one.
fn refusal(status: StatusCode, body: &str) -> String {
    let what = match status.as_u16() {
        401 => "the token was refused (expired, revoked or mistyped)",
        403 => "the token lacks the permission or scope this needs",
        404 => "not found, or not visible to this token",
        422 => "the provider refused the query",
        _ => "refused",
    };
    let message = serde_json::from_str::<serde_json::Value>(body)
        .ok()
        .and_then(|v| v.get("message").and_then(|m| m.as_str()).map(str::to_owned))
        .unwrap_or_else(|| body.chars().take(200).collect());
    if message.trim().is_empty() {
        what.to_owned()
    } else {
        format!("{what}: {}", message.trim())
    }
}
