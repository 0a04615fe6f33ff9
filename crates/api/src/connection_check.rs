//! "Test connection": one request per source of a connection, checking
//! the token, the scope and that the base URL is the provider's API, and
//! saying exactly what failed. Nothing is stored.

use serde::Serialize;
use signalbox_domain::sync::{Connection, ConnectionInput, Provider, StatusTable};
use signalbox_sync::argocd::ArgoCd;
use signalbox_sync::github::GitHub;
use signalbox_sync::gitlab::GitLab;
use signalbox_sync::http::Policy;
use signalbox_sync::jenkins::Jenkins;
use signalbox_sync::SyncError;
use ts_rs::TS;
use uuid::Uuid;

use crate::syncing::{client, sync_error};
use crate::{ApiError, Result, Workspace};

/// What testing one source of a connection found.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SourceCheck {
    pub source: String,
    pub ok: bool,
    /// "readable", or exactly what failed.
    pub message: String,
}

impl Workspace {
    /// Checks `token` against each source of connection `id` with one
    /// request each: the credentials, the scope, and that the base URL is
    /// the provider's API. Stores nothing.
    pub fn test_connection(
        &self,
        id: Uuid,
        token: &str,
        policy: Policy,
    ) -> Result<Vec<SourceCheck>> {
        let c = self.get_connection(id)?;
        self.test_settings(&c.input(), token, policy)
    }

    /// Checks `token` against the sources of connection settings not saved
    /// yet (a form being filled in): the same checks, after the same
    /// validation saving would do.
    pub fn test_settings(
        &self,
        input: &ConnectionInput,
        token: &str,
        policy: Policy,
    ) -> Result<Vec<SourceCheck>> {
        let c = Connection::new(Uuid::nil(), input.validate()?, self.now());
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::field("token", "The token is empty"));
        }
        let (runtime, mut http) = client(&c, policy)?;
        let table = StatusTable::defaults();
        let user = c.username.clone().unwrap_or_default();
        let bad = |e: SyncError| sync_error(&c, e);
        let mut checks = Vec::new();
        for source in &c.scope {
            let probe = match c.provider {
                Provider::Github => {
                    let gh = GitHub::new(&c.base_url, token, &table).map_err(bad)?;
                    runtime.block_on(gh.probe(&mut http, source))
                }
                Provider::Gitlab => {
                    let gl = GitLab::new(&c.base_url, token, &table).map_err(bad)?;
                    runtime.block_on(gl.probe(&mut http, source))
                }
                Provider::Jenkins => {
                    let jk = Jenkins::new(&c.base_url, &user, token, &table).map_err(bad)?;
                    runtime.block_on(jk.probe(&mut http, source))
                }
                Provider::Argocd => {
                    let argo = ArgoCd::new(&c.base_url, token, &table).map_err(bad)?;
                    runtime.block_on(argo.probe(&mut http, source))
                }
            };
            checks.push(match probe {
                Ok(()) => SourceCheck {
                    source: source.clone(),
                    ok: true,
                    message: match http.quota.remaining {
                        Some(left) => format!("readable; {left} requests left in the quota"),
                        None => "readable".into(),
                    },
                },
                Err(e) => SourceCheck {
                    source: source.clone(),
                    ok: false,
                    message: e.to_string(),
                },
            });
        }
        Ok(checks)
    }
}
