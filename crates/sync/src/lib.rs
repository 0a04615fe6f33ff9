//! CI/CD connectors: each provider's HTTP API read into the common run model
//! (`signalbox_domain::sync`). Beside the store, not on top of it: a
//! connector hands pages of runs to its caller, which stores each page and
//! advances its cursor in one transaction.
//!
//! `http` is the shared client (retries with backoff and jitter, rate-limit
//! headers, `Retry-After`, conditional requests); `link` reads `Link`
//! headers; `github` reads GitHub Actions runs; `gitlab` reads GitLab
//! pipelines and deployments; `jenkins` reads Jenkins builds (folders
//! included, paged with `tree=allBuilds[…]{M,N}`); `argocd` reads Argo CD
//! applications and their sync history.

pub mod argocd;
pub mod error;
pub mod github;
pub mod github_deployments;
pub mod gitlab;
pub mod http;
pub mod jenkins;
pub mod link;
pub mod report;

pub use error::SyncError;
pub use report::{Quota, SyncReport};
