//! The open workspace: its database, the acting user, the clock, and the
//! write path every use case goes through.

use std::cell::RefCell;
use std::collections::HashMap;
use std::path::Path;
use std::sync::Arc;

use chrono::{DateTime, Utc};
use serde::Serialize;
use signalbox_domain::calendar::{Dependency, DependencyIndex};
use signalbox_domain::catalog::ServiceIndex;
use signalbox_domain::deps::ServiceDependency;
use signalbox_domain::ids::stored_precision;
use signalbox_domain::{validation, AuditAction, EntityKind, ValidationErrors};
use signalbox_store::audit::NewEvent;
use signalbox_store::{audit, environments, services, settings, teams, Db, Transaction};
use ts_rs::TS;
use uuid::Uuid;

use crate::calendar::cache::CalendarCache;
use crate::events::ChangeEvent;
use crate::{ApiError, Result};

type Listener = Arc<dyn Fn(&ChangeEvent) + Send + Sync>;
type Clock = Arc<dyn Fn() -> DateTime<Utc> + Send + Sync>;

/// Longest display name accepted.
pub const DISPLAY_NAME_MAX: usize = 80;

/// An open Signalbox workspace.
pub struct Workspace {
    db: Db,
    /// The catalog's search index, built on first search and dropped when a
    /// write (ours, or another process's: `data_version`) changes the data.
    index: RefCell<Option<CachedIndex>>,
    /// The calendar's changes in memory (see `calendar::cache`).
    calendar: RefCell<Option<CalendarCache>>,
    /// The dependency map's edges as conflict rules read them, kept like
    /// `index` (a conflict check runs on every drag step).
    edges: RefCell<Option<CachedEdges>>,
    /// What risk assessment reads besides the changes, kept like `edges`
    /// (meeting mode and the register page assess on every step).
    pub(crate) risk_base: RefCell<Option<crate::governance::RiskBase>>,
    listeners: Vec<Listener>,
    clock: Clock,
    actor_override: Option<String>,
}

/// What the app shows about the workspace itself.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, TS)]
pub struct WorkspaceStatus {
    /// The workspace file, or `:memory:`.
    pub path: String,
    /// `None` until the user has set it on first run.
    pub display_name: Option<String>,
    pub counts: Counts,
}

/// How many records of each kind the workspace holds.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, TS)]
pub struct Counts {
    pub services: u32,
    pub teams: u32,
    pub environments: u32,
    pub trains: u32,
    pub changes: u32,
    pub windows: u32,
    pub dependencies: u32,
    /// CI/CD connections.
    pub connections: u32,
    /// People with a governance role.
    pub people: u32,
    /// Change advisory boards.
    pub cabs: u32,
    /// Stakeholder notices generated.
    pub notices: u32,
    #[ts(type = "number")]
    pub audit_events: i64,
}

/// The dependency map's edges, whole and as the conflict rules read them.
#[derive(Clone)]
pub(crate) struct CachedEdges {
    data_version: i64,
    pub all: Arc<Vec<ServiceDependency>>,
    pub pairs: Arc<DependencyIndex>,
}

struct CachedIndex {
    data_version: i64,
    index: Arc<ServiceIndex>,
}

/// What a write closure is given: who is acting, and when.
pub(crate) struct Ctx<'a> {
    pub actor: &'a str,
    pub now: DateTime<Utc>,
}

impl Workspace {
    /// Opens (creating if needed) the workspace file at `path`.
    pub fn open(path: &Path) -> Result<Workspace> {
        let ws = Workspace::from_db(Db::open(path)?);
        ws.seed_templates()?;
        Ok(ws)
    }

    /// A fresh in-memory workspace, for tests and benchmarks.
    pub fn open_in_memory() -> Result<Workspace> {
        let ws = Workspace::from_db(Db::open_in_memory()?);
        ws.seed_templates()?;
        Ok(ws)
    }

    fn from_db(db: Db) -> Workspace {
        Workspace {
            db,
            index: RefCell::new(None),
            edges: RefCell::new(None),
            risk_base: RefCell::new(None),
            calendar: RefCell::new(None),
            listeners: Vec::new(),
            clock: Arc::new(Utc::now),
            actor_override: None,
        }
    }

    /// Replaces the clock (tests pin time with it).
    pub fn set_clock(&mut self, clock: impl Fn() -> DateTime<Utc> + Send + Sync + 'static) {
        self.clock = Arc::new(clock);
    }

    /// Records writes under `actor` instead of the stored display name (the
    /// CLI's `--actor`).
    pub fn set_actor_override(&mut self, actor: Option<String>) {
        self.actor_override = actor;
    }

    /// Calls `listener` after every committed write.
    pub fn subscribe(&mut self, listener: impl Fn(&ChangeEvent) + Send + Sync + 'static) {
        self.listeners.push(Arc::new(listener));
    }

    /// The workspace clock's current time (the CLI's default period starts here).
    pub fn clock_now(&self) -> DateTime<Utc> {
        self.now()
    }

    pub(crate) fn now(&self) -> DateTime<Utc> {
        stored_precision((self.clock)())
    }

    pub(crate) fn conn(&self) -> &signalbox_store::Connection {
        self.db.conn()
    }

    /// The workspace's path, counts and display name.
    pub fn status(&self) -> Result<WorkspaceStatus> {
        let conn = self.db.conn();
        Ok(WorkspaceStatus {
            path: self
                .db
                .path()
                .map_or_else(|| ":memory:".to_string(), |p| p.display().to_string()),
            display_name: settings::get(conn, settings::DISPLAY_NAME)?,
            counts: self.counts()?,
        })
    }

    /// How many records of each kind there are.
    pub fn counts(&self) -> Result<Counts> {
        let conn = self.db.conn();
        let small = |n: i64| u32::try_from(n).unwrap_or(u32::MAX);
        Ok(Counts {
            services: small(services::count(conn)?),
            teams: small(teams::count(conn)?),
            environments: small(environments::count(conn)?),
            trains: small(signalbox_store::trains::count(conn)?),
            changes: small(signalbox_store::changes::count(conn)?),
            windows: small(signalbox_store::windows::count(conn)?),
            dependencies: small(signalbox_store::dependencies::count(conn)?),
            connections: small(signalbox_store::connections::count(conn)?),
            people: small(signalbox_store::people::count(conn)?),
            cabs: small(signalbox_store::cabs::count_cabs(conn)?),
            notices: small(signalbox_store::notices::count(conn)?),
            audit_events: audit::count(conn)?,
        })
    }

    /// Sets the name recorded as the actor of every change.
    pub fn set_display_name(&mut self, name: &str) -> Result<WorkspaceStatus> {
        let mut e = ValidationErrors::default();
        let name = validation::name(
            &mut e,
            "display_name",
            "Display name",
            name,
            DISPLAY_NAME_MAX,
        );
        if !e.is_empty() {
            return Err(e.into());
        }
        let before = settings::get(self.db.conn(), settings::DISPLAY_NAME)?;
        if before.as_deref() == Some(name.as_str()) {
            return self.status();
        }
        let now = self.now();
        let tx = self.db.conn_mut().transaction()?;
        settings::set(&tx, settings::DISPLAY_NAME, &name)?;
        // The user acts as one person in governance: a release manager
        // until someone changes their role.
        if signalbox_store::people::by_name(&tx, &name)?.is_none() {
            let me = signalbox_domain::governance::Person {
                id: signalbox_domain::new_id(now),
                name: name.clone(),
                role: signalbox_domain::governance::Role::ReleaseManager,
                created_at: now,
                updated_at: now,
            };
            signalbox_store::people::insert(&tx, &me)?;
            audit::append(
                &tx,
                NewEvent {
                    at: now,
                    actor: &name,
                    entity: EntityKind::Person,
                    entity_id: me.id,
                    entity_label: &me.name,
                    action: AuditAction::Created,
                    before: None,
                    after: Some(
                        serde_json::to_string(&me)
                            .map_err(|e| ApiError::Internal(e.to_string()))?,
                    ),
                },
            )?;
        }
        audit::append(
            &tx,
            NewEvent {
                at: now,
                actor: &name,
                entity: EntityKind::Workspace,
                entity_id: Uuid::nil(),
                entity_label: "Display name",
                action: if before.is_some() {
                    AuditAction::Updated
                } else {
                    AuditAction::Created
                },
                before: before.map(|b| serde_json::json!({ "display_name": b }).to_string()),
                after: Some(serde_json::json!({ "display_name": name }).to_string()),
            },
        )?;
        tx.commit()?;
        self.emit(&[EntityKind::Workspace, EntityKind::Person]);
        self.status()
    }

    pub(crate) fn actor(&self) -> Result<String> {
        if let Some(actor) = &self.actor_override {
            return Ok(actor.clone());
        }
        settings::get(self.db.conn(), settings::DISPLAY_NAME)?.ok_or(ApiError::NeedsSetup)
    }

    /// Runs `f` in one transaction with the actor and time, commits, then
    /// tells listeners which kinds of record changed.
    pub(crate) fn write<T>(
        &mut self,
        changed: &[EntityKind],
        f: impl FnOnce(&Transaction<'_>, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let out = self.write_quietly(f)?;
        if changed.contains(&EntityKind::Change) {
            self.calendar.replace(None);
        }
        self.emit(changed);
        Ok(out)
    }

    /// `write` for a use case that patches the calendar cache itself (with
    /// `patch_calendar`) and then calls `emit`.
    pub(crate) fn write_quietly<T>(
        &mut self,
        f: impl FnOnce(&Transaction<'_>, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let actor = self.actor()?;
        let ctx = Ctx {
            actor: &actor,
            now: self.now(),
        };
        let tx = self.db.conn_mut().transaction()?;
        let out = f(&tx, &ctx)?;
        tx.commit()?;
        self.index.replace(None);
        self.edges.replace(None);
        self.risk_base.replace(None);
        Ok(out)
    }

    /// `write` for records nothing else is computed from (a meeting's
    /// position, timer and attendance): the caches stay, so meeting mode's
    /// next step reads nothing again.
    pub(crate) fn write_keeping_caches<T>(
        &mut self,
        changed: &[EntityKind],
        f: impl FnOnce(&Transaction<'_>, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let kept = (self.index.take(), self.edges.take(), self.risk_base.take());
        let out = self.write_quietly(f);
        if out.is_ok() {
            self.index.replace(kept.0);
            self.edges.replace(kept.1);
            self.risk_base.replace(kept.2);
        }
        let out = out?;
        self.emit(changed);
        Ok(out)
    }

    /// `write` for governance records (stages, answers, decisions,
    /// policies): risk is read again, while the calendar, catalog and map
    /// caches (which hold none of them) stay.
    pub(crate) fn write_governance<T>(
        &mut self,
        changed: &[EntityKind],
        f: impl FnOnce(&Transaction<'_>, &Ctx<'_>) -> Result<T>,
    ) -> Result<T> {
        let out = self.write_keeping_caches(changed, f)?;
        self.risk_base.replace(None);
        Ok(out)
    }

    /// Sets SQLite's page cache size for this connection.
    pub(crate) fn set_cache_kib(&self, kib: i64) -> Result<()> {
        self.db.conn().pragma_update(None, "cache_size", -kib)?;
        Ok(())
    }

    /// See [`Db::begin_bulk_load`]: whether the load may use a rollback journal.
    pub(crate) fn begin_bulk_load(&self) -> Result<bool> {
        Ok(self.db.begin_bulk_load()?)
    }

    /// See [`Db::end_bulk_load`].
    pub(crate) fn end_bulk_load(&self) -> Result<()> {
        Ok(self.db.end_bulk_load()?)
    }

    /// Runs `f` on the calendar cache, loading it first if it is missing or
    /// another process has committed since it was loaded.
    pub(crate) fn with_calendar<T>(&self, f: impl FnOnce(&CalendarCache) -> T) -> Result<T> {
        let conn = self.db.conn();
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        let fresh = self
            .calendar
            .borrow()
            .as_ref()
            .is_some_and(|c| c.data_version == version);
        if !fresh {
            let loaded = CalendarCache::load(conn, version)?;
            self.calendar.replace(Some(loaded));
        }
        let cache = self.calendar.borrow();
        match cache.as_ref() {
            Some(c) => Ok(f(c)),
            None => Err(ApiError::Internal(
                "the calendar could not be loaded".into(),
            )),
        }
    }

    /// Applies our own committed change write to the cache, if it is loaded.
    pub(crate) fn patch_calendar(&self, f: impl FnOnce(&mut CalendarCache)) {
        if let Some(c) = self.calendar.borrow_mut().as_mut() {
            f(c);
        }
    }

    /// The dependency map's edges, reloaded when the data changed since they
    /// were loaded.
    pub(crate) fn dependency_edges(&self) -> Result<CachedEdges> {
        let conn = self.db.conn();
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if let Some(cached) = self.edges.borrow().as_ref() {
            if cached.data_version == version {
                return Ok(cached.clone());
            }
        }
        let all = signalbox_store::dependencies::list(conn)?;
        let pairs: Vec<Dependency> = all
            .iter()
            .map(|d| Dependency {
                service_id: d.service_id,
                depends_on: d.depends_on,
            })
            .collect();
        let pairs = DependencyIndex::new(&pairs);
        let cached = CachedEdges {
            data_version: version,
            all: Arc::new(all),
            pairs: Arc::new(pairs),
        };
        self.edges.replace(Some(cached.clone()));
        Ok(cached)
    }

    /// The catalog index, rebuilt when the data changed since it was built.
    pub(crate) fn service_index(&self) -> Result<Arc<ServiceIndex>> {
        let conn = self.db.conn();
        // Changes when another connection (the CLI, another window) commits.
        let version: i64 = conn.query_row("PRAGMA data_version", [], |r| r.get(0))?;
        if let Some(cached) = self.index.borrow().as_ref() {
            if cached.data_version == version {
                return Ok(cached.index.clone());
            }
        }
        let names: HashMap<Uuid, String> = teams::list(conn)?
            .into_iter()
            .map(|t| (t.id, t.name))
            .collect();
        let index = Arc::new(ServiceIndex::new(services::list_all(conn)?, |id| {
            names.get(&id).cloned()
        }));
        self.index.replace(Some(CachedIndex {
            data_version: version,
            index: index.clone(),
        }));
        Ok(index)
    }

    pub(crate) fn emit(&self, changed: &[EntityKind]) {
        let event = ChangeEvent {
            entities: changed.to_vec(),
        };
        for listener in &self.listeners {
            listener(&event);
        }
    }

    /// True when the workspace holds no teams, services or environments.
    pub fn is_empty(&self) -> Result<bool> {
        let c = self.counts()?;
        Ok(c.services == 0 && c.teams == 0 && c.environments == 0)
    }
}

/// The record an audit event is about: its kind, id and a human label.
pub(crate) struct Subject<'a>(pub EntityKind, pub Uuid, pub &'a str);

/// Appends the audit event for a change to one record.
pub(crate) fn record<T: Serialize>(
    tx: &signalbox_store::Connection,
    ctx: &Ctx<'_>,
    Subject(entity, id, label): Subject<'_>,
    action: AuditAction,
    before: Option<&T>,
    after: Option<&T>,
) -> Result<()> {
    let json = |v: Option<&T>| -> Result<Option<String>> {
        v.map(|v| serde_json::to_string(v).map_err(|e| ApiError::Internal(e.to_string())))
            .transpose()
    };
    audit::append(
        tx,
        NewEvent {
            at: ctx.now,
            actor: ctx.actor,
            entity,
            entity_id: id,
            entity_label: label,
            action,
            before: json(before)?,
            after: json(after)?,
        },
    )?;
    Ok(())
}
