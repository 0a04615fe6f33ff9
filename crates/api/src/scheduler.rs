//! The background sync scheduler: polls each connection on its interval
//! (with jitter, so connections added together do not poll in step), syncs
//! one on demand ("sync now"), reports progress, and raises an alert when a
//! production deployment fails or stalls.
//!
//! Two threads. A tokio timer loop decides *when*: it sleeps until the next
//! connection is due or a command arrives. A worker thread does *what*: it
//! owns its own [`Workspace`] on the same file (SQLite in WAL mode lets the
//! UI keep reading and writing meanwhile), reads each token from the
//! keyring, and syncs. A sync may wait minutes on a rate limit; it never
//! holds the UI's workspace while it does.

use std::collections::HashMap;
use std::path::PathBuf;
use std::sync::mpsc as std_mpsc;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Duration;

use chrono::{DateTime, Utc};
use serde::Serialize;
use signalbox_domain::sync::board::{DeployAlert, SyncRecord};
use signalbox_sync::http::Policy;
use tokio::sync::mpsc;
use tokio::time::Instant;
use ts_rs::TS;
use uuid::Uuid;

use crate::secrets::Secrets;
use crate::syncing::SyncProgress;
use crate::{ChangeEvent, Result, Workspace};

/// How often due connections and stalled deployments are looked at even
/// when nothing is due sooner.
const TICK: Duration = Duration::from_secs(30);
/// At most this share of a connection's interval is added at random.
const JITTER_SHARE: f64 = 0.1;

/// What the scheduler tells the app.
#[derive(Debug, Clone, PartialEq, Serialize, TS)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum SyncEvent {
    Started {
        connection_id: Uuid,
    },
    Progress(SyncProgress),
    /// The attempt as recorded for the connection's health.
    Finished(SyncRecord),
    /// A production deployment failed or stalled.
    Alert(DeployAlert),
}

/// What a connection's sync is doing now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct SyncActivity {
    pub connection_id: Uuid,
    pub running: bool,
    /// How far the running sync has got.
    pub progress: Option<SyncProgress>,
    /// When the next scheduled sync is due.
    pub next_at: Option<DateTime<Utc>>,
}

enum Command {
    /// Sync this connection now, or every connection.
    SyncNow(Option<Uuid>),
}

enum Job {
    /// Sync a connection; `true` when someone asked for it ("sync now").
    Sync(Uuid, bool),
    Alerts,
}

type Activity = Arc<Mutex<HashMap<Uuid, SyncActivity>>>;

fn lock(a: &Activity) -> MutexGuard<'_, HashMap<Uuid, SyncActivity>> {
    // A panicking holder leaves plain data behind: keep using it.
    a.lock().unwrap_or_else(|p| p.into_inner())
}

/// The running scheduler. Dropping it stops both threads.
pub struct Scheduler {
    commands: mpsc::UnboundedSender<Command>,
    activity: Activity,
}

/// Everything the worker needs, moved onto its thread.
pub struct SchedulerConfig {
    pub workspace: PathBuf,
    pub secrets: Arc<dyn Secrets>,
    pub policy: Policy,
    /// Whether connections are polled on their intervals; off, only "sync
    /// now" syncs.
    pub poll: bool,
}

impl Scheduler {
    /// Starts the scheduler. `on_event` hears every [`SyncEvent`];
    /// `on_change` hears what the worker's writes changed.
    pub fn start(
        config: SchedulerConfig,
        on_event: impl Fn(SyncEvent) + Send + Sync + 'static,
        on_change: impl Fn(&ChangeEvent) + Send + Sync + 'static,
    ) -> Result<Scheduler> {
        let mut ws = Workspace::open(&config.workspace)?;
        ws.subscribe(on_change);
        let (commands, command_rx) = mpsc::unbounded_channel();
        let (job_tx, job_rx) = std_mpsc::channel::<Job>();
        let (done_tx, done_rx) = mpsc::unbounded_channel::<(Uuid, Option<DateTime<Utc>>)>();
        let activity: Activity = Arc::default();
        let on_event: Arc<dyn Fn(SyncEvent) + Send + Sync> = Arc::new(on_event);

        let worker_activity = activity.clone();
        let worker_events = on_event.clone();
        let secrets = config.secrets.clone();
        let policy = config.policy;
        std::thread::Builder::new()
            .name("signalbox-sync".into())
            .spawn(move || {
                while let Ok(job) = job_rx.recv() {
                    match job {
                        Job::Sync(id, asked) => {
                            let at = sync_one(
                                &mut ws,
                                &*secrets,
                                policy,
                                (id, asked),
                                &worker_activity,
                                &*worker_events,
                            );
                            if done_tx.send((id, at)).is_err() {
                                break;
                            }
                        }
                        Job::Alerts => raise_alerts(&mut ws, &*worker_events),
                    }
                }
            })
            .map_err(|e| crate::ApiError::Internal(format!("cannot start the sync worker: {e}")))?;

        let timer_activity = activity.clone();
        let workspace = config.workspace.clone();
        let poll = config.poll;
        std::thread::Builder::new()
            .name("signalbox-sync-timer".into())
            .spawn(move || {
                let Ok(runtime) = tokio::runtime::Builder::new_current_thread()
                    .enable_time()
                    .build()
                else {
                    return;
                };
                runtime.block_on(timer(
                    workspace,
                    poll,
                    command_rx,
                    done_rx,
                    job_tx,
                    timer_activity,
                ));
            })
            .map_err(|e| crate::ApiError::Internal(format!("cannot start the sync timer: {e}")))?;
        Ok(Scheduler { commands, activity })
    }

    /// Syncs connection `id` (every connection with `None`) as soon as the
    /// worker is free.
    pub fn sync_now(&self, id: Option<Uuid>) {
        // The timer is gone only when the app is shutting down.
        let _ = self.commands.send(Command::SyncNow(id));
    }

    /// What each connection's sync is doing.
    pub fn activity(&self) -> Vec<SyncActivity> {
        let mut list: Vec<SyncActivity> = lock(&self.activity).values().cloned().collect();
        list.sort_by_key(|a| a.connection_id);
        list
    }
}

fn set_activity(a: &Activity, id: Uuid, f: impl FnOnce(&mut SyncActivity)) {
    let mut map = lock(a);
    let entry = map.entry(id).or_insert(SyncActivity {
        connection_id: id,
        running: false,
        progress: None,
        next_at: None,
    });
    f(entry);
}

/// A pseudo-random share in [0, 1), from the clock and the connection.
fn jitter(id: Uuid) -> f64 {
    let nanos = Utc::now().timestamp_subsec_nanos() as u64;
    let mut x = nanos ^ (id.as_u128() as u64) ^ 0x9E37_79B9_7F4A_7C15;
    x ^= x << 13;
    x ^= x >> 7;
    x ^= x << 17;
    (x % 10_000) as f64 / 10_000.0
}

/// How long until a connection polled every `interval` is due, its last
/// attempt `since_last` ago (`None`: never synced, so due now), with
/// `share` (in [0, 1)) of [`JITTER_SHARE`] of the interval added so
/// connections do not poll in step.
fn due_in(interval: Duration, since_last: Option<Duration>, share: f64) -> Duration {
    let left = since_last.map_or(Duration::ZERO, |s| interval.saturating_sub(s));
    left + interval.mul_f64(JITTER_SHARE * share.clamp(0.0, 1.0))
}

/// The timer loop: keeps each connection's next due time and hands due
/// connections to the worker one at a time.
async fn timer(
    workspace: PathBuf,
    poll: bool,
    mut commands: mpsc::UnboundedReceiver<Command>,
    mut done: mpsc::UnboundedReceiver<(Uuid, Option<DateTime<Utc>>)>,
    jobs: std_mpsc::Sender<Job>,
    activity: Activity,
) {
    // The timer reads the connections through its own short-lived reads.
    let Ok(ws) = Workspace::open(&workspace) else {
        return;
    };
    let mut due: HashMap<Uuid, Instant> = HashMap::new();
    let mut queue: Vec<Uuid> = Vec::new();
    // Connections someone asked to sync (not just due).
    let mut asked: std::collections::HashSet<Uuid> = std::collections::HashSet::new();
    let mut busy = false;
    let mut next_tick = Instant::now();
    loop {
        let now = Instant::now();
        if now >= next_tick {
            next_tick = now + TICK;
            if let Ok(list) = ws.connection_health() {
                let known: Vec<Uuid> = list.iter().map(|h| h.connection.id).collect();
                due.retain(|id, _| known.contains(id));
                for h in &list {
                    let id = h.connection.id;
                    if !poll || due.contains_key(&id) {
                        continue;
                    }
                    let interval = Duration::from_secs(u64::from(h.connection.poll_interval_s));
                    let since = h
                        .last
                        .as_ref()
                        .map(|r| (Utc::now() - r.finished_at).to_std().unwrap_or_default());
                    let wait = due_in(interval, since, jitter(id));
                    due.insert(id, now + wait);
                    set_activity(&activity, id, |a| {
                        a.next_at = chrono::Duration::from_std(wait)
                            .ok()
                            .map(|w| Utc::now() + w);
                    });
                }
            }
            if jobs.send(Job::Alerts).is_err() {
                return;
            }
        }
        for (id, at) in &due {
            if *at <= now && !queue.contains(id) {
                queue.push(*id);
            }
        }
        if !busy {
            if let Some(id) = (!queue.is_empty()).then(|| queue.remove(0)) {
                due.remove(&id);
                set_activity(&activity, id, |a| a.next_at = None);
                if jobs.send(Job::Sync(id, asked.remove(&id))).is_err() {
                    return;
                }
                busy = true;
            }
        }
        let wake = due
            .values()
            .copied()
            .filter(|at| *at > now)
            .min()
            .map_or(next_tick, |at| at.min(next_tick));
        tokio::select! {
            _ = tokio::time::sleep_until(wake) => {}
            command = commands.recv() => match command {
                Some(Command::SyncNow(Some(id))) => {
                    asked.insert(id);
                    if !queue.contains(&id) {
                        queue.push(id);
                    }
                }
                Some(Command::SyncNow(None)) => {
                    if let Ok(list) = ws.list_connections() {
                        for c in list {
                            asked.insert(c.id);
                            if !queue.contains(&c.id) {
                                queue.push(c.id);
                            }
                        }
                    }
                }
                None => return,
            },
            finished = done.recv() => match finished {
                Some((id, _)) => {
                    busy = false;
                    if poll {
                        // Due again one interval (plus jitter) from now.
                        if let Ok(c) = ws.get_connection(id) {
                            let interval = Duration::from_secs(u64::from(c.poll_interval_s));
                            let wait = due_in(interval, Some(Duration::ZERO), jitter(id));
                            due.insert(id, Instant::now() + wait);
                            set_activity(&activity, id, |a| {
                                a.next_at =
                                    chrono::Duration::from_std(wait).ok().map(|w| Utc::now() + w);
                            });
                        }
                    }
                }
                None => return,
            },
        }
    }
}

/// What a sync without a stored token records.
const NO_TOKEN: &str = "No token is stored for this connection: open its settings and give one";

/// Syncs connection `id` on the worker (`asked`: someone asked, rather than
/// it being due); returns when it finished.
fn sync_one(
    ws: &mut Workspace,
    secrets: &dyn Secrets,
    policy: Policy,
    (id, asked): (Uuid, bool),
    activity: &Activity,
    on_event: &(dyn Fn(SyncEvent) + Send + Sync),
) -> Option<DateTime<Utc>> {
    if ws.get_connection(id).is_err() {
        return None;
    }
    let token = ws.connection_token(secrets, id);
    if !asked && matches!(token, Ok(None)) {
        // Still no token, and the last attempt already said so: a due poll
        // does not say it again (nor pop another notice up).
        let last = ws
            .sync_history(id, 1)
            .ok()
            .and_then(|r| r.into_iter().next());
        if let Some(last) = last.filter(|r| r.error.as_deref() == Some(NO_TOKEN)) {
            return Some(last.finished_at);
        }
    }
    set_activity(activity, id, |a| {
        a.running = true;
        a.progress = None;
    });
    on_event(SyncEvent::Started { connection_id: id });
    let result = match token {
        Ok(Some(token)) => ws
            .sync_connection_with(id, &token, policy, &mut |p| {
                set_activity(activity, id, |a| a.progress = Some(p.clone()));
                on_event(SyncEvent::Progress(p));
            })
            .map(|_| ()),
        Ok(None) => ws.record_sync_failure(id, NO_TOKEN),
        Err(e) => ws.record_sync_failure(id, &e.to_string()),
    };
    // The attempt is recorded whatever happened; a failure to record it
    // leaves the health as it was, which is all that can be done.
    let _ = result;
    set_activity(activity, id, |a| {
        a.running = false;
        a.progress = None;
    });
    let record = ws
        .sync_history(id, 1)
        .ok()
        .and_then(|r| r.into_iter().next());
    let finished = record.as_ref().map(|r| r.finished_at);
    if let Some(record) = record {
        on_event(SyncEvent::Finished(record));
    }
    raise_alerts(ws, on_event);
    finished
}

fn raise_alerts(ws: &mut Workspace, on_event: &(dyn Fn(SyncEvent) + Send + Sync)) {
    if let Ok(alerts) = ws.take_alerts() {
        for a in alerts {
            on_event(SyncEvent::Alert(a));
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_connection_is_due_an_interval_after_its_last_sync_plus_some_jitter() {
        let five = Duration::from_secs(300);
        // Never synced: at once (give or take the jitter).
        assert_eq!(due_in(five, None, 0.0), Duration::ZERO);
        assert_eq!(due_in(five, None, 0.5), Duration::from_secs(15));
        // Synced two minutes ago: three minutes to go, plus up to 10 %.
        assert_eq!(
            due_in(five, Some(Duration::from_secs(120)), 0.0),
            Duration::from_secs(180)
        );
        assert_eq!(
            due_in(five, Some(Duration::from_secs(120)), 0.999),
            Duration::from_secs(180) + five.mul_f64(0.0999)
        );
        // Overdue (the app was closed): due now.
        assert_eq!(
            due_in(five, Some(Duration::from_secs(9000)), 0.0),
            Duration::ZERO
        );
    }

    #[test]
    fn a_due_poll_without_a_token_says_so_once_and_an_asked_sync_every_time() {
        use crate::secrets::MemorySecrets;
        use signalbox_domain::sync::{ConnectionInput, MappingRules, Provider};
        let mut ws = Workspace::open_in_memory().unwrap_or_else(|e| panic!("{e}"));
        ws.set_display_name("Tester")
            .unwrap_or_else(|e| panic!("{e}"));
        let id = ws
            .create_connection(&ConnectionInput {
                name: "shop".into(),
                provider: Provider::Github,
                base_url: "https://github.example.com/api/v3".into(),
                scope: vec!["acme/shop".into()],
                poll_interval_s: 300,
                username: None,
                rules: MappingRules::default(),
            })
            .unwrap_or_else(|e| panic!("{e}"))
            .id;
        let secrets = MemorySecrets::new();
        let activity = Activity::default();
        let events = std::sync::Mutex::new(Vec::new());
        let on_event = |e: SyncEvent| events.lock().unwrap_or_else(|p| p.into_inner()).push(e);
        let policy = Policy::default();
        for asked in [false, false, false, true, true] {
            sync_one(&mut ws, &secrets, policy, (id, asked), &activity, &on_event);
        }
        let history = ws.sync_history(id, 10).unwrap_or_else(|e| panic!("{e}"));
        assert_eq!(history.len(), 3, "one due poll, then two asked syncs");
        assert!(history.iter().all(|r| r.error.as_deref() == Some(NO_TOKEN)));
        let finished = events
            .lock()
            .unwrap_or_else(|p| p.into_inner())
            .iter()
            .filter(|e| matches!(e, SyncEvent::Finished(_)))
            .count();
        assert_eq!(finished, 3);
    }

    #[test]
    fn jitter_spreads_connections_over_the_range() {
        let shares: Vec<f64> = (0..50u128)
            .map(|i| jitter(Uuid::from_u128(i * 7919)))
            .collect();
        assert!(shares.iter().all(|s| (0.0..1.0).contains(s)));
        let low = shares.iter().filter(|s| **s < 0.5).count();
        assert!((10..=40).contains(&low), "{low} of 50 in the lower half");
    }
}
