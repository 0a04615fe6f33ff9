//! A connection to a CI/CD provider: where it is, what to read there, how
//! often, and the rules that turn what is read into Signalbox terms (which
//! runs are deployments, which provider environment is which of ours, which
//! repository or job is which service). The token is not here: it lives in
//! the OS keyring, under the connection's id.

use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};
use ts_rs::TS;
use uuid::Uuid;

use super::Provider;
use crate::validation::ValidationErrors;

pub const MIN_POLL_S: u32 = 60;
pub const MAX_POLL_S: u32 = 24 * 3600;
pub const DEFAULT_POLL_S: u32 = 300;

/// Maps a provider's environment name to one of ours.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct EnvironmentRule {
    /// The provider's name, matched without regard to case.
    pub provider_environment: String,
    pub environment_id: Uuid,
}

/// Maps a repository, project, job or application to a service.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ServiceRule {
    /// As in the connection's scope (`owner/repo`, a project path, a job path).
    pub source: String,
    pub service_id: Uuid,
}

#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct MappingRules {
    /// Workflow, pipeline or job names that count as deployments; a `*` at
    /// the end matches any ending. Empty: every run counts.
    #[serde(default)]
    pub deployment_names: Vec<String>,
    #[serde(default)]
    pub environments: Vec<EnvironmentRule>,
    #[serde(default)]
    pub services: Vec<ServiceRule>,
    /// Minutes a deployment may stay in progress before it counts as
    /// stalled; `None` means [`DEFAULT_STALL_MIN`].
    #[serde(default)]
    pub stall_after_min: Option<u32>,
}

/// How long a deployment may run before it is called stalled, by default.
pub const DEFAULT_STALL_MIN: u32 = 60;
/// The longest stall timeout a user may set (a week).
pub const MAX_STALL_MIN: u32 = 7 * 24 * 60;

impl MappingRules {
    /// Whether a run named `name` counts as a deployment.
    pub fn is_deployment(&self, name: &str) -> bool {
        self.deployment_names.is_empty()
            || self
                .deployment_names
                .iter()
                .any(|p| match p.strip_suffix('*') {
                    Some(prefix) => name.to_lowercase().starts_with(&prefix.to_lowercase()),
                    None => name.eq_ignore_ascii_case(p),
                })
    }

    pub fn environment_of(&self, provider_environment: &str) -> Option<Uuid> {
        self.environments
            .iter()
            .find(|r| {
                r.provider_environment
                    .eq_ignore_ascii_case(provider_environment)
            })
            .map(|r| r.environment_id)
    }

    /// How long a deployment may stay in progress before it is stalled.
    pub fn stall_after(&self) -> chrono::Duration {
        chrono::Duration::minutes(i64::from(self.stall_after_min.unwrap_or(DEFAULT_STALL_MIN)))
    }

    /// Whether a run counts as a deployment: the provider says so, or its
    /// name matches the rules.
    pub fn counts_as_deployment(&self, kind: super::RunKind, name: &str) -> bool {
        kind == super::RunKind::Deployment || self.is_deployment(name)
    }

    pub fn service_of(&self, source: &str) -> Option<Uuid> {
        self.services
            .iter()
            .find(|r| r.source.eq_ignore_ascii_case(source))
            .map(|r| r.service_id)
    }
}

/// What a user submits to add or edit a connection.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct ConnectionInput {
    pub name: String,
    pub provider: Provider,
    pub base_url: String,
    /// Repositories (`owner/repo`), projects, jobs or applications to read.
    pub scope: Vec<String>,
    pub poll_interval_s: u32,
    /// Jenkins' user for Basic auth; unused elsewhere.
    #[serde(default)]
    pub username: Option<String>,
    #[serde(default)]
    pub rules: MappingRules,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize, TS)]
pub struct Connection {
    pub id: Uuid,
    pub name: String,
    pub provider: Provider,
    pub base_url: String,
    pub scope: Vec<String>,
    pub poll_interval_s: u32,
    pub username: Option<String>,
    pub rules: MappingRules,
    pub created_at: DateTime<Utc>,
    pub updated_at: DateTime<Utc>,
}

impl Connection {
    /// A connection made from checked `input`, as of `now`.
    pub fn new(id: Uuid, input: ConnectionInput, now: DateTime<Utc>) -> Connection {
        Connection {
            id,
            name: input.name,
            provider: input.provider,
            base_url: input.base_url,
            scope: input.scope,
            poll_interval_s: input.poll_interval_s,
            username: input.username,
            rules: input.rules,
            created_at: now,
            updated_at: now,
        }
    }

    /// Its settings, as a user would submit them.
    pub fn input(&self) -> ConnectionInput {
        ConnectionInput {
            name: self.name.clone(),
            provider: self.provider,
            base_url: self.base_url.clone(),
            scope: self.scope.clone(),
            poll_interval_s: self.poll_interval_s,
            username: self.username.clone(),
            rules: self.rules.clone(),
        }
    }
}

impl ConnectionInput {
    /// Trims and checks every field, naming each problem.
    pub fn validate(&self) -> Result<ConnectionInput, ValidationErrors> {
        let mut e = ValidationErrors::default();
        let name = self.name.trim().to_owned();
        if name.is_empty() {
            e.add("name", "Name is required");
        } else if name.chars().count() > 100 {
            e.add("name", "Name must be at most 100 characters");
        }
        let base_url = self.base_url.trim().trim_end_matches('/').to_owned();
        match url::Url::parse(&base_url) {
            Ok(u) if matches!(u.scheme(), "http" | "https") && u.host().is_some() => {}
            _ => e.add(
                "base_url",
                "Base URL must be a full address starting with https:// (or http://)",
            ),
        }
        let scope: Vec<String> = self
            .scope
            .iter()
            .map(|s| s.trim().trim_matches('/').to_owned())
            .filter(|s| !s.is_empty())
            .collect();
        if scope.is_empty() {
            e.add("scope", self.scope_hint());
        }
        if self.provider == Provider::Github {
            for s in &scope {
                if s.split('/').count() != 2 {
                    e.add(
                        "scope",
                        format!("\"{s}\" is not a repository: write it as owner/name"),
                    );
                }
            }
        }
        if !(MIN_POLL_S..=MAX_POLL_S).contains(&self.poll_interval_s) {
            e.add(
                "poll_interval_s",
                format!(
                    "Poll every {} seconds to {} hours",
                    MIN_POLL_S,
                    MAX_POLL_S / 3600
                ),
            );
        }
        if let Some(m) = self.rules.stall_after_min {
            if !(1..=MAX_STALL_MIN).contains(&m) {
                e.add(
                    "stall_after_min",
                    "Call a deployment stalled after 1 minute to 7 days",
                );
            }
        }
        let mut rules = self.rules.clone();
        rules.deployment_names = rules
            .deployment_names
            .iter()
            .map(|n| n.trim().to_owned())
            .filter(|n| !n.is_empty())
            .collect();
        // A blank provider environment is allowed: it catches runs that name none.
        for r in &mut rules.environments {
            r.provider_environment = r.provider_environment.trim().to_owned();
        }
        for (i, r) in rules.services.iter_mut().enumerate() {
            r.source = r.source.trim().trim_matches('/').to_owned();
            if r.source.is_empty() {
                e.add(
                    "rules",
                    format!(
                        "Service rule {} needs the repository, project, job or application",
                        i + 1
                    ),
                );
            }
        }
        let mut seen_env = std::collections::HashSet::new();
        for r in &rules.environments {
            if !seen_env.insert(r.provider_environment.to_lowercase()) {
                e.add(
                    "rules",
                    format!(
                        "The provider environment \"{}\" is mapped twice",
                        r.provider_environment
                    ),
                );
            }
        }
        let mut seen_source = std::collections::HashSet::new();
        for r in &rules.services {
            if !r.source.is_empty() && !seen_source.insert(r.source.to_lowercase()) {
                e.add(
                    "rules",
                    format!("\"{}\" is mapped to a service twice", r.source),
                );
            }
        }
        let username = self
            .username
            .as_deref()
            .map(str::trim)
            .filter(|u| !u.is_empty())
            .map(str::to_owned);
        if self.provider == Provider::Jenkins && username.is_none() {
            e.add(
                "username",
                "Jenkins needs the user the API token belongs to",
            );
        }
        e.into_result(ConnectionInput {
            name,
            provider: self.provider,
            base_url,
            scope,
            poll_interval_s: self.poll_interval_s,
            username,
            rules,
        })
    }

    fn scope_hint(&self) -> &'static str {
        match self.provider {
            Provider::Github => "Name at least one repository (owner/name)",
            Provider::Gitlab => "Name at least one project (group/project or its id)",
            Provider::Jenkins => "Name at least one job (folder/job)",
            Provider::Argocd => "Name at least one Argo CD project",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn input(provider: Provider) -> ConnectionInput {
        ConnectionInput {
            name: " shop ".into(),
            provider,
            base_url: "https://api.github.com/".into(),
            scope: vec![" acme/shop ".into(), "".into()],
            poll_interval_s: DEFAULT_POLL_S,
            username: None,
            rules: MappingRules::default(),
        }
    }

    #[test]
    fn a_good_connection_is_trimmed() {
        let ok = input(Provider::Github)
            .validate()
            .unwrap_or_else(|e| panic!("{e:?}"));
        assert_eq!(ok.name, "shop");
        assert_eq!(ok.base_url, "https://api.github.com");
        assert_eq!(ok.scope, vec!["acme/shop".to_owned()]);
    }

    #[test]
    fn every_problem_is_named() {
        let bad = ConnectionInput {
            name: "".into(),
            base_url: "ftp://x".into(),
            scope: vec!["just-a-name".into()],
            poll_interval_s: 5,
            ..input(Provider::Github)
        };
        let Err(e) = bad.validate() else {
            panic!("refused")
        };
        let fields: Vec<&str> = e.0.iter().map(|f| f.field.as_str()).collect();
        assert_eq!(fields, vec!["name", "base_url", "scope", "poll_interval_s"]);
        assert!(e.0[2].message.contains("write it as owner/name"));
        let Err(e) = input(Provider::Jenkins).validate() else {
            panic!("Jenkins needs a user")
        };
        assert_eq!(e.0[0].field, "username");
    }

    #[test]
    fn rules_match_deployments_environments_and_services() {
        let env = Uuid::from_u128(1);
        let svc = Uuid::from_u128(2);
        let rules = MappingRules {
            deployment_names: vec!["deploy*".into(), "Release".into()],
            environments: vec![EnvironmentRule {
                provider_environment: "prod".into(),
                environment_id: env,
            }],
            services: vec![ServiceRule {
                source: "acme/shop".into(),
                service_id: svc,
            }],
            stall_after_min: None,
        };
        assert!(rules.is_deployment("Deploy to prod"));
        assert!(rules.is_deployment("release"));
        assert!(!rules.is_deployment("lint"));
        assert!(MappingRules::default().is_deployment("anything"));
        assert_eq!(rules.environment_of("PROD"), Some(env));
        assert_eq!(rules.service_of("Acme/Shop"), Some(svc));
        assert_eq!(rules.service_of("acme/other"), None);
    }
}
