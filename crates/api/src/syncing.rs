//! Running a sync: read a connection's sources through its provider's
//! connector and store the runs. Each page is stored in its own transaction
//! (runs are keyed by provider id, so storing a page again changes nothing),
//! and a source's cursor (and GitHub's ETags) move only after every page it
//! covers is stored: a sync stopped at any point resumes with nothing lost
//! and nothing twice. The token is passed in for this one sync and kept
//! nowhere.

use std::collections::{BTreeSet, HashMap};

use chrono::{DateTime, Duration, NaiveTime, SecondsFormat, Utc};
use serde::Serialize;
use signalbox_domain::sync::board::{Placer, SyncRecord};
use signalbox_domain::sync::{link, Connection, Provider, RunKind, StatusTable, SyncedRun};
use signalbox_store::{changes, connections, runs, sync_log, Connection as Conn};
use signalbox_sync::argocd::ArgoCd;
use signalbox_sync::github::{GitHub, Window};
use signalbox_sync::github_deployments::Known;
use signalbox_sync::gitlab::GitLab;
use signalbox_sync::http::{Http, Policy};
use signalbox_sync::jenkins::Jenkins;
use signalbox_sync::{SyncError, SyncReport};
use tokio::runtime::Runtime;
use ts_rs::TS;
use uuid::Uuid;

use crate::calendar::TransitionInput;
use crate::{ApiError, Result, Workspace};

/// How far back the first sync of a source reads.
pub const FIRST_SYNC_DAYS: i64 = 30;
/// GitLab may commit a run after a newer one: each sync reads again from a
/// little before the newest change it saw.
const GITLAB_OVERLAP_MIN: i64 = 5;

/// What one connection's sync did.
#[derive(Debug, Clone, Serialize)]
pub struct SyncOutcome {
    pub connection: String,
    pub provider: Provider,
    /// Rows written (new runs, or runs brought up to date).
    pub stored: u64,
    /// Planned changes whose status the synced deployments moved, each as
    /// "title: planned → in progress → succeeded".
    pub advanced: Vec<String>,
    pub report: SyncReport,
}

/// A provider's failure, naming the connection.
pub(crate) fn sync_error(c: &Connection, e: SyncError) -> ApiError {
    ApiError::Sync(format!("{}: {e}", c.name))
}

/// A runtime to drive the connectors on this thread, and the HTTP client.
pub(crate) fn client(c: &Connection, policy: Policy) -> Result<(Runtime, Http)> {
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| ApiError::Internal(format!("cannot start the sync: {e}")))?;
    let http = Http::new(policy).map_err(|e| sync_error(c, e))?;
    Ok((runtime, http))
}

fn midnight(t: DateTime<Utc>) -> DateTime<Utc> {
    t.date_naive().and_time(NaiveTime::MIN).and_utc()
}

fn stamp(t: DateTime<Utc>) -> String {
    t.to_rfc3339_opts(SecondsFormat::Millis, true)
}

fn read_stamp(text: &str) -> Result<DateTime<Utc>> {
    DateTime::parse_from_rfc3339(text)
        .map(|t| t.with_timezone(&Utc))
        .map_err(|_| ApiError::Internal(format!("bad sync cursor \"{text}\"")))
}

/// One sync's shared parts: the connection, the store, the counters.
struct Run<'a> {
    c: &'a Connection,
    conn: &'a Conn,
    http: Http,
    report: SyncReport,
    sink: Sink<'a>,
    runtime: Runtime,
    now: DateTime<Utc>,
}

/// What storing pages gathered: rows written, and the runs that count as
/// deployments (to link to planned changes once the sync is done).
struct Sink<'p> {
    stored: u64,
    items: u64,
    pages: u64,
    deployments: Vec<SyncedRun>,
    on_page: &'p mut dyn FnMut(SyncProgress),
    connection_id: Uuid,
    /// The connection's rules, indexed once for the whole sync.
    placer: Placer<'p>,
}

/// How far a running sync has got, after each stored page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncProgress {
    pub connection_id: Uuid,
    pub items: u64,
    pub pages: u64,
    /// Rows written so far.
    pub stored: u64,
}

impl Run<'_> {
    /// Stores one page in its own transaction.
    fn store(
        conn: &Conn,
        c: &Connection,
        sink: &mut Sink<'_>,
        page: Vec<SyncedRun>,
    ) -> std::result::Result<(), SyncError> {
        let write = || -> Result<usize> {
            let tx = conn.unchecked_transaction()?;
            let n = runs::upsert_placed(&tx, c.id, &sink.placer, &page)?;
            tx.commit()?;
            Ok(n)
        };
        sink.stored += write().map_err(|e| SyncError::Store(e.to_string()))? as u64;
        sink.items += page.len() as u64;
        sink.pages += 1;
        (sink.on_page)(SyncProgress {
            connection_id: sink.connection_id,
            items: sink.items,
            pages: sink.pages,
            stored: sink.stored,
        });
        // Only runs the rules can place (a deployment of a mapped service to
        // a mapped environment) are kept for linking: memory stays flat
        // however many runs a sync reads.
        let placer = &sink.placer;
        let placed = page.into_iter().filter(|r| {
            placer
                .place(r.kind, &r.name, &r.source, r.environment.as_deref())
                .is_some()
        });
        sink.deployments.extend(placed);
        Ok(())
    }

    fn cursor(&self, key: &str) -> Result<Option<(String, HashMap<String, String>)>> {
        Ok(connections::cursor(self.conn, self.c.id, key)?)
    }

    fn set_cursor(&self, key: &str, cursor: &str, etags: &HashMap<String, String>) -> Result<()> {
        let tx = self.conn.unchecked_transaction()?;
        connections::set_cursor(&tx, self.c.id, key, cursor, etags)?;
        tx.commit()?;
        Ok(())
    }

    fn first_from(&self) -> DateTime<Utc> {
        midnight(self.now) - Duration::days(FIRST_SYNC_DAYS)
    }

    fn github(&mut self, token: &str, table: &StatusTable) -> Result<()> {
        let github =
            GitHub::new(&self.c.base_url, token, table).map_err(|e| sync_error(self.c, e))?;
        // Two windows: what is older than yesterday (read only while the
        // cursor is behind it), and yesterday to the next midnight. The
        // second query stays the same all day, so from the second sync of a
        // day on, an unchanged repository answers 304.
        let yesterday = midnight(self.now) - Duration::days(1);
        let end = midnight(self.now) + Duration::days(1);
        for repo in self.c.scope.clone() {
            let (from, mut etags) = match self.cursor(&repo)? {
                Some((text, etags)) => (read_stamp(&text)?, etags),
                None => (self.first_from(), HashMap::new()),
            };
            // A run still going may sit on a later page, which the first
            // page's ETag does not cover: read the windows whole while any is.
            if runs::unfinished_since(self.conn, self.c.id, RunKind::Pipeline, &repo, from)? > 0 {
                etags.clear();
            }
            let mut windows = Vec::new();
            if from < yesterday {
                windows.push(Window {
                    from,
                    to: yesterday,
                });
            }
            windows.push(Window {
                from: from.max(yesterday),
                to: end,
            });
            let mut oldest_open: Option<DateTime<Utc>> = None;
            let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
            let mut sink = |page: Vec<SyncedRun>| {
                for r in page.iter().filter(|r| r.finished_at.is_none()) {
                    oldest_open = Some(oldest_open.map_or(r.created_at, |o| o.min(r.created_at)));
                }
                Run::store(conn, c, sink, page)
            };
            for window in windows {
                let read = self.runtime.block_on(github.runs(
                    &mut self.http,
                    &repo,
                    window,
                    &mut etags,
                    &mut self.report,
                    &mut sink,
                ));
                read.map_err(|e| sync_error(c, e))?;
            }
            // ETags of windows no sync will ask for again.
            signalbox_sync::github::forget_before(&mut etags, yesterday);
            // Read again from yesterday (or from the oldest run still going),
            // so runs that finish later are seen finishing.
            let mut next = midnight(self.now) - Duration::days(1);
            if let Some(open) = oldest_open {
                next = next.min(midnight(open));
            }
            self.set_cursor(&repo, &stamp(next.max(from)), &etags)?;
            self.github_deployments(&github, &repo)?;
        }
        Ok(())
    }

    /// The repository's GitHub Deployments, from its own cursor.
    fn github_deployments(&mut self, github: &GitHub<'_>, repo: &str) -> Result<()> {
        let key = format!("deployments:{repo}");
        let (since, mut etags) = match self.cursor(&key)? {
            Some((text, etags)) => (read_stamp(&text)?, etags),
            None => (self.first_from(), HashMap::new()),
        };
        let (finished, open) =
            runs::finished_and_open(self.conn, self.c.id, RunKind::Deployment, repo, since)?;
        let known = Known {
            since,
            finished: finished.into_iter().collect(),
            open: open.iter().filter_map(|id| id.parse().ok()).collect(),
        };
        let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
        let mut sink = |page: Vec<SyncedRun>| Run::store(conn, c, sink, page);
        let read = self.runtime.block_on(github.deployments(
            &mut self.http,
            repo,
            &known,
            &mut etags,
            &mut self.report,
            &mut sink,
        ));
        let read = read.map_err(|e| sync_error(self.c, e))?;
        // As for runs: from yesterday, or from the oldest still going.
        let mut next = midnight(self.now) - Duration::days(1);
        if let Some(open) = read.oldest_open {
            next = next.min(open);
        }
        self.set_cursor(&key, &stamp(next.max(since)), &etags)
    }

    fn gitlab(&mut self, token: &str, table: &StatusTable) -> Result<()> {
        let gitlab =
            GitLab::new(&self.c.base_url, token, table).map_err(|e| sync_error(self.c, e))?;
        for project in self.c.scope.clone() {
            for deployments in [false, true] {
                let key = if deployments {
                    format!("deployments:{project}")
                } else {
                    project.clone()
                };
                let after = match self.cursor(&key)? {
                    Some((text, _)) => read_stamp(&text)?,
                    None => self.first_from(),
                };
                let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
                let mut sink = |page: Vec<SyncedRun>| Run::store(conn, c, sink, page);
                let read = if deployments {
                    self.runtime.block_on(gitlab.deployments(
                        &mut self.http,
                        &project,
                        None,
                        after,
                        &mut self.report,
                        &mut sink,
                    ))
                } else {
                    self.runtime.block_on(gitlab.pipelines(
                        &mut self.http,
                        &project,
                        after,
                        &mut self.report,
                        &mut sink,
                    ))
                };
                if let Some(newest) = read.map_err(|e| sync_error(self.c, e))? {
                    let next = (newest - Duration::minutes(GITLAB_OVERLAP_MIN)).max(after);
                    self.set_cursor(&key, &stamp(next), &HashMap::new())?;
                }
            }
        }
        Ok(())
    }

    fn jenkins(&mut self, token: &str, table: &StatusTable) -> Result<()> {
        let user = self.c.username.clone().unwrap_or_default();
        let jenkins = Jenkins::new(&self.c.base_url, &user, token, table)
            .map_err(|e| sync_error(self.c, e))?;
        for job in self.c.scope.clone() {
            let since =
                match self.cursor(&job)? {
                    Some((text, _)) => Some(text.parse::<u64>().map_err(|_| {
                        ApiError::Internal(format!("bad Jenkins cursor \"{text}\""))
                    })?),
                    None => None,
                };
            let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
            let mut sink = |page: Vec<SyncedRun>| Run::store(conn, c, sink, page);
            let read = self.runtime.block_on(jenkins.builds(
                &mut self.http,
                &job,
                since,
                &mut self.report,
                &mut sink,
            ));
            if let Some(next) = read.map_err(|e| sync_error(self.c, e))? {
                self.set_cursor(&job, &next.to_string(), &HashMap::new())?;
            }
        }
        Ok(())
    }

    fn argocd(&mut self, token: &str, table: &StatusTable) -> Result<()> {
        let argo =
            ArgoCd::new(&self.c.base_url, token, table).map_err(|e| sync_error(self.c, e))?;
        for project in self.c.scope.clone() {
            let mut apps: BTreeSet<String> = BTreeSet::new();
            let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
            let mut sink = |page: Vec<SyncedRun>| {
                apps.extend(page.iter().map(|r| r.source.clone()));
                Run::store(conn, c, sink, page)
            };
            let read = self.runtime.block_on(argo.applications(
                &mut self.http,
                Some(&project),
                &mut self.report,
                &mut sink,
            ));
            read.map_err(|e| sync_error(self.c, e))?;
            // Argo CD keeps only the last few syncs: read each history.
            for app in apps {
                let (conn, c, sink) = (self.conn, self.c, &mut self.sink);
                let mut sink = |page: Vec<SyncedRun>| Run::store(conn, c, sink, page);
                let read = self.runtime.block_on(argo.history(
                    &mut self.http,
                    &app,
                    &mut self.report,
                    &mut sink,
                ));
                read.map_err(|e| sync_error(self.c, e))?;
            }
        }
        Ok(())
    }
}

impl Workspace {
    /// Syncs connection `id` with `token`, using `policy` for retries and waits.
    pub fn sync_connection(
        &mut self,
        id: Uuid,
        token: &str,
        policy: Policy,
    ) -> Result<SyncOutcome> {
        self.sync_connection_with(id, token, policy, &mut |_| {})
    }

    /// [`Workspace::sync_connection`], telling `on_page` after each stored
    /// page. Every attempt is recorded for the connection's health, a
    /// failed one with its error and as much of its report as it got.
    pub fn sync_connection_with(
        &mut self,
        id: Uuid,
        token: &str,
        policy: Policy,
        on_page: &mut dyn FnMut(SyncProgress),
    ) -> Result<SyncOutcome> {
        let c = self.get_connection(id)?;
        let token = token.trim();
        if token.is_empty() {
            return Err(ApiError::field("token", "The token is empty"));
        }
        let started_at = self.now();
        let clock = std::time::Instant::now();
        let (runtime, http) = client(&c, policy)?;
        let table = self.effective_status_table()?;
        let mut run = Run {
            c: &c,
            conn: self.conn(),
            http,
            report: SyncReport::new(),
            sink: Sink {
                stored: 0,
                items: 0,
                pages: 0,
                deployments: Vec::new(),
                on_page,
                connection_id: c.id,
                placer: Placer::new(&c),
            },
            runtime,
            now: started_at,
        };
        let read = match c.provider {
            Provider::Github => run.github(token, &table),
            Provider::Gitlab => run.gitlab(token, &table),
            Provider::Jenkins => run.jenkins(token, &table),
            Provider::Argocd => run.argocd(token, &table),
        };
        let mut report = run.report;
        report.requests = run.http.requests;
        report.quota = run.http.quota;
        let (stored, deployments) = (run.sink.stored, run.sink.deployments);
        // What was stored is real even when the sync stopped part-way: its
        // deployments still move their changes.
        let linked = self.link_deployments(&c, deployments);
        let advanced = linked.as_ref().cloned().unwrap_or_default();
        let error = match (&read, &linked) {
            (Err(e), _) | (Ok(()), Err(e)) => Some(e.to_string()),
            _ => None,
        };
        if error.is_some() {
            report.complete = false;
        }
        self.record_sync(SyncRecord {
            connection_id: c.id,
            started_at,
            finished_at: self.now(),
            duration_ms: u64::try_from(clock.elapsed().as_millis()).unwrap_or(u64::MAX),
            ok: error.is_none(),
            error,
            stored,
            advanced: advanced.clone(),
            report: report.clone(),
        })?;
        read?;
        linked?;
        Ok(SyncOutcome {
            connection: c.name.clone(),
            provider: c.provider,
            stored,
            advanced,
            report,
        })
    }

    /// Records a sync that could not start (no token, say), so the
    /// connection's health shows why.
    pub fn record_sync_failure(&mut self, id: Uuid, message: &str) -> Result<()> {
        let now = self.now();
        self.record_sync(SyncRecord {
            connection_id: id,
            started_at: now,
            finished_at: now,
            duration_ms: 0,
            ok: false,
            error: Some(message.to_owned()),
            stored: 0,
            advanced: Vec::new(),
            report: SyncReport {
                complete: false,
                ..SyncReport::default()
            },
        })
    }

    fn record_sync(&mut self, record: SyncRecord) -> Result<()> {
        self.write_runs(|tx| Ok(sync_log::insert(tx, &record)?))
    }
}

impl Workspace {
    /// Moves the planned changes that `deployments` carry out towards their
    /// runs' status, one allowed step at a time, each step audited with the
    /// run as its evidence. The latest state of each run counts.
    fn link_deployments(
        &mut self,
        c: &Connection,
        deployments: Vec<SyncedRun>,
    ) -> Result<Vec<String>> {
        let mut latest: HashMap<(String, String), SyncedRun> = HashMap::new();
        for r in deployments {
            latest.insert((r.source.clone(), r.external_id.clone()), r);
        }
        let mut runs: Vec<SyncedRun> = latest.into_values().collect();
        runs.sort_by_key(|r| r.started_at.unwrap_or(r.created_at));
        let mut advanced = Vec::new();
        for run in runs {
            let Some(service) = c.rules.service_of(&run.source) else {
                continue;
            };
            let Some(environment) = c
                .rules
                .environment_of(run.environment.as_deref().unwrap_or(""))
            else {
                continue;
            };
            let when = run.started_at.unwrap_or(run.created_at);
            let nearby = changes::overlapping(
                self.conn(),
                when - Duration::days(1),
                when + Duration::days(1),
            )?;
            let Some(change) = link::change_for(&run, service, environment, &nearby).cloned()
            else {
                continue;
            };
            let steps = link::steps(change.status, run.status);
            if steps.is_empty() {
                continue;
            }
            let evidence = format!(
                "{} {} {}{}",
                c.provider.label(),
                if run.kind == RunKind::Deployment {
                    "deployment"
                } else {
                    "run"
                },
                run.external_id,
                run.url
                    .as_deref()
                    .map(|u| format!(" ({u})"))
                    .unwrap_or_default()
            );
            let mut path = vec![change.status.label().to_owned()];
            for to in steps {
                self.transition_change(
                    change.id,
                    &TransitionInput {
                        to,
                        evidence: Some(evidence.clone()),
                    },
                )?;
                path.push(to.label().to_owned());
            }
            advanced.push(format!("{}: {}", change.title, path.join(" → ")));
        }
        Ok(advanced)
    }
}
