//! The CI/CD systems Signalbox reads from.

use serde::{Deserialize, Serialize};
use ts_rs::TS;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize, TS)]
#[serde(rename_all = "snake_case")]
pub enum Provider {
    /// GitHub Actions workflow runs and GitHub Deployments (github.com or Enterprise Server).
    Github,
    /// GitLab pipelines and deployments (gitlab.com or self-managed).
    Gitlab,
    /// Jenkins jobs and their builds.
    Jenkins,
    /// Argo CD applications and their syncs.
    Argocd,
}

impl Provider {
    pub const ALL: [Provider; 4] = [
        Provider::Github,
        Provider::Gitlab,
        Provider::Jenkins,
        Provider::Argocd,
    ];

    /// The stored and command-line spelling.
    pub fn as_str(self) -> &'static str {
        match self {
            Provider::Github => "github",
            Provider::Gitlab => "gitlab",
            Provider::Jenkins => "jenkins",
            Provider::Argocd => "argocd",
        }
    }

    pub fn parse(text: &str) -> Option<Provider> {
        Provider::ALL
            .into_iter()
            .find(|p| p.as_str().eq_ignore_ascii_case(text.trim()))
    }

    /// How people name it.
    pub fn label(self) -> &'static str {
        match self {
            Provider::Github => "GitHub",
            Provider::Gitlab => "GitLab",
            Provider::Jenkins => "Jenkins",
            Provider::Argocd => "Argo CD",
        }
    }
}
