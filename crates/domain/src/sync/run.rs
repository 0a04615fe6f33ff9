//! A run read from a provider (a workflow run, a deployment, a pipeline, a
//! build, an application sync), with its status in the common model and the
//! provider's own words kept beside it.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;

use super::Provider;
use crate::calendar::DeployStatus;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum RunKind {
    /// A CI workflow or pipeline run (GitHub Actions, GitLab pipelines).
    Pipeline,
    /// A deployment to a named environment (GitHub and GitLab deployments).
    Deployment,
    /// A Jenkins build.
    Build,
    /// An Argo CD sync of an application.
    Sync,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct SyncedRun {
    pub provider: Provider,
    pub kind: RunKind,
    /// Where it ran: `owner/repo`, a project path, a job path, an application.
    pub source: String,
    /// The provider's id for it, unique within `source` and `kind`.
    pub external_id: String,
    /// Re-runs keep their id and count up here (GitHub's `run_attempt`).
    pub attempt: u32,
    pub name: String,
    /// The provider's environment name, when it names one.
    pub environment: Option<String>,
    /// The provider's status words, as read (`completed:success`, `UNSTABLE`…).
    pub raw_status: String,
    pub status: DeployStatus,
    pub sha: Option<String>,
    pub git_ref: Option<String>,
    pub url: Option<String>,
    pub actor: Option<String>,
    pub created_at: DateTime<Utc>,
    pub started_at: Option<DateTime<Utc>>,
    pub finished_at: Option<DateTime<Utc>>,
    pub updated_at: DateTime<Utc>,
}
