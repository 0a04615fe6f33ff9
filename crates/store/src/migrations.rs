//! The embedded schema migrations, applied in one transaction each.
//!
//! Migration N moves a workspace from `user_version` N-1 to N. Append new
//! migrations; never edit a shipped one.

use rusqlite::Connection;

use crate::Result;

/// `PRAGMA application_id` of every Signalbox workspace ("SGBX").
pub const APPLICATION_ID: i64 = 0x5347_4258;

const MIGRATIONS: &[&str] = &[
    // 1: the service catalog and the audit chain.
    r#"
    CREATE TABLE settings (
        key   TEXT PRIMARY KEY,
        value TEXT NOT NULL
    ) STRICT;

    CREATE TABLE teams (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description TEXT NOT NULL DEFAULT '',
        contact     TEXT NOT NULL DEFAULT '',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE services (
        id             TEXT PRIMARY KEY,
        name           TEXT NOT NULL COLLATE NOCASE UNIQUE,
        description    TEXT NOT NULL DEFAULT '',
        owner_team_id  TEXT REFERENCES teams(id) ON DELETE RESTRICT,
        tier           TEXT NOT NULL CHECK (tier IN ('critical', 'high', 'medium', 'low')),
        system         TEXT NOT NULL DEFAULT '',
        tags           TEXT NOT NULL DEFAULT '[]',
        repository_url TEXT,
        links          TEXT NOT NULL DEFAULT '[]',
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL
    ) STRICT;
    CREATE INDEX services_owner ON services(owner_team_id);

    CREATE TABLE environments (
        id           TEXT PRIMARY KEY,
        name         TEXT NOT NULL COLLATE NOCASE UNIQUE,
        position     INTEGER NOT NULL CHECK (position >= 0),
        production   INTEGER NOT NULL CHECK (production IN (0, 1)),
        deploy_quota INTEGER CHECK (deploy_quota IS NULL OR deploy_quota > 0),
        time_zone    TEXT NOT NULL,
        created_at   TEXT NOT NULL,
        updated_at   TEXT NOT NULL
    ) STRICT;

    CREATE TABLE audit_events (
        seq          INTEGER PRIMARY KEY,
        id           TEXT NOT NULL UNIQUE,
        at           TEXT NOT NULL,
        actor        TEXT NOT NULL,
        entity       TEXT NOT NULL,
        entity_id    TEXT NOT NULL,
        entity_label TEXT NOT NULL,
        action       TEXT NOT NULL,
        before_json  TEXT,
        after_json   TEXT,
        prev_hash    TEXT NOT NULL,
        hash         TEXT NOT NULL
    ) STRICT;
    CREATE INDEX audit_events_entity ON audit_events(entity_id);

    -- The audit trail is append-only: history cannot be rewritten in place.
    CREATE TRIGGER audit_events_no_update BEFORE UPDATE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: UPDATE is refused'); END;
    CREATE TRIGGER audit_events_no_delete BEFORE DELETE ON audit_events
    BEGIN SELECT RAISE(ABORT, 'audit events are append-only: DELETE is refused'); END;
    "#,
    // 2: the release calendar: trains, changes and windows.
    r#"
    CREATE TABLE trains (
        id          TEXT PRIMARY KEY,
        name        TEXT NOT NULL COLLATE NOCASE UNIQUE,
        version     TEXT NOT NULL DEFAULT '',
        owner       TEXT NOT NULL DEFAULT '',
        description TEXT NOT NULL DEFAULT '',
        status      TEXT NOT NULL CHECK (status IN ('planning', 'boarding', 'departed', 'shipped', 'cancelled')),
        targets     TEXT NOT NULL DEFAULT '[]',
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT;

    -- Planned times are whole seconds since the Unix epoch (UTC): compact,
    -- and compared as integers by the range queries behind every view.
    CREATE TABLE changes (
        id             TEXT PRIMARY KEY,
        title          TEXT NOT NULL,
        description    TEXT NOT NULL DEFAULT '',
        environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE RESTRICT,
        start_s        INTEGER NOT NULL,
        end_s          INTEGER NOT NULL,
        owner          TEXT NOT NULL DEFAULT '',
        train_id       TEXT REFERENCES trains(id) ON DELETE SET NULL,
        status         TEXT NOT NULL,
        created_at     TEXT NOT NULL,
        updated_at     TEXT NOT NULL,
        CHECK (end_s > start_s)
    ) STRICT;
    CREATE INDEX changes_start ON changes(start_s);
    CREATE INDEX changes_train ON changes(train_id);

    CREATE TABLE change_services (
        change_id  TEXT NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
        service_id TEXT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
        position   INTEGER NOT NULL,
        PRIMARY KEY (change_id, service_id)
    ) STRICT, WITHOUT ROWID;
    -- No index by service or by environment: those are only counted when a
    -- delete is checked, and a scan then is cheaper than keeping an index in
    -- random order on every insert.

    CREATE TABLE windows (
        id               TEXT PRIMARY KEY,
        name             TEXT NOT NULL COLLATE NOCASE UNIQUE,
        kind             TEXT NOT NULL CHECK (kind IN ('freeze', 'maintenance')),
        soft             INTEGER NOT NULL CHECK (soft IN (0, 1)),
        description      TEXT NOT NULL DEFAULT '',
        time_zone        TEXT NOT NULL,
        start_local      TEXT NOT NULL,
        duration_minutes INTEGER NOT NULL CHECK (duration_minutes > 0),
        rrule            TEXT,
        rdates           TEXT NOT NULL DEFAULT '[]',
        exdates          TEXT NOT NULL DEFAULT '[]',
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    ) STRICT;

    -- A window's scope. Deleting a service or environment a window names is
    -- refused: silently dropping it would widen the window to everything.
    CREATE TABLE window_environments (
        window_id      TEXT NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        environment_id TEXT NOT NULL REFERENCES environments(id) ON DELETE RESTRICT,
        PRIMARY KEY (window_id, environment_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX window_environments_environment ON window_environments(environment_id);
    CREATE TABLE window_services (
        window_id  TEXT NOT NULL REFERENCES windows(id) ON DELETE CASCADE,
        service_id TEXT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
        PRIMARY KEY (window_id, service_id)
    ) STRICT, WITHOUT ROWID;
    CREATE INDEX window_services_service ON window_services(service_id);
    "#,
    // 3: the dependency map.
    r#"
    -- service_id depends on depends_on. Deleting a service that has
    -- dependencies is refused: the map would silently lose them.
    CREATE TABLE dependencies (
        id         TEXT PRIMARY KEY,
        service_id TEXT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
        depends_on TEXT NOT NULL REFERENCES services(id) ON DELETE RESTRICT,
        kind       TEXT NOT NULL CHECK (kind IN ('runtime', 'data', 'deploy-order')),
        note       TEXT NOT NULL DEFAULT '',
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        CHECK (service_id <> depends_on),
        UNIQUE (service_id, depends_on, kind)
    ) STRICT;
    CREATE INDEX dependencies_depends_on ON dependencies(depends_on);
    "#,
    // 4: CI/CD connections and the runs synced from them. Tokens are not
    // here: they live in the OS keyring.
    r#"
    CREATE TABLE connections (
        id              TEXT PRIMARY KEY,
        name            TEXT NOT NULL COLLATE NOCASE UNIQUE,
        provider        TEXT NOT NULL CHECK (provider IN ('github', 'gitlab', 'jenkins', 'argocd')),
        base_url        TEXT NOT NULL,
        scope           TEXT NOT NULL DEFAULT '[]',
        poll_interval_s INTEGER NOT NULL,
        username        TEXT,
        rules           TEXT NOT NULL DEFAULT '{}',
        created_at      TEXT NOT NULL,
        updated_at      TEXT NOT NULL
    ) STRICT;

    -- Where each source of a connection was read up to, and the ETags of
    -- complete reads: written in the transaction that stores the runs read,
    -- so a sync killed at any point resumes without loss or duplicates.
    CREATE TABLE sync_cursors (
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        source        TEXT NOT NULL,
        cursor        TEXT NOT NULL,
        etags         TEXT NOT NULL DEFAULT '{}',
        PRIMARY KEY (connection_id, source)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE runs (
        id            INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        kind          TEXT NOT NULL,
        source        TEXT NOT NULL,
        external_id   TEXT NOT NULL,
        attempt       INTEGER NOT NULL,
        name          TEXT NOT NULL,
        environment   TEXT,
        raw_status    TEXT NOT NULL,
        status        TEXT NOT NULL,
        sha           TEXT,
        git_ref       TEXT,
        url           TEXT,
        actor         TEXT,
        created_s     INTEGER NOT NULL,
        started_s     INTEGER,
        finished_s    INTEGER,
        updated_s     INTEGER NOT NULL,
        UNIQUE (connection_id, kind, source, external_id)
    ) STRICT;
    CREATE INDEX runs_source_created ON runs(source, created_s);
    "#,
    // 5: the Pipelines board. Each deployment run carries the service and
    // environment its connection's rules place it in (set on every write,
    // redone when the rules change), so a board cell is one index seek.
    // Sync attempts are kept for each connection's health; users' changes to
    // the status table override its defaults; alerts already raised are
    // remembered so each is raised once.
    r#"
    ALTER TABLE runs ADD COLUMN service_id TEXT;
    ALTER TABLE runs ADD COLUMN environment_id TEXT;
    CREATE INDEX runs_cell ON runs(service_id, environment_id, created_s)
        WHERE service_id IS NOT NULL;
    CREATE INDEX runs_placed_status ON runs(status, created_s) WHERE service_id IS NOT NULL;

    CREATE TABLE sync_log (
        id            INTEGER PRIMARY KEY,
        connection_id TEXT NOT NULL REFERENCES connections(id) ON DELETE CASCADE,
        started_at    TEXT NOT NULL,
        finished_at   TEXT NOT NULL,
        duration_ms   INTEGER NOT NULL,
        ok            INTEGER NOT NULL CHECK (ok IN (0, 1)),
        error         TEXT,
        stored        INTEGER NOT NULL,
        advanced      TEXT NOT NULL DEFAULT '[]',
        report        TEXT NOT NULL
    ) STRICT;
    CREATE INDEX sync_log_connection ON sync_log(connection_id, id);

    CREATE TABLE status_rules (
        provider TEXT NOT NULL,
        raw      TEXT NOT NULL,
        status   TEXT NOT NULL,
        PRIMARY KEY (provider, raw)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE run_alerts (
        run_id     INTEGER PRIMARY KEY REFERENCES runs(id) ON DELETE CASCADE,
        status     TEXT NOT NULL,
        alerted_at TEXT NOT NULL
    ) STRICT;
    "#,
    // 6: change governance. A change without a governance row is a normal
    // change, new and unassessed: rows are written when that first changes,
    // so the 200,000 changes of a large workspace cost nothing until used.
    // Decisions keep the approver's name as given, so history reads the same
    // after a rename; people and CABs with history cannot be deleted.
    // A meeting's items freeze each change's facts at the cutoff (`facts`).
    r#"
    CREATE TABLE people (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
        role       TEXT NOT NULL CHECK (role IN ('release_manager', 'cab_member', 'viewer')),
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE change_governance (
        change_id     TEXT PRIMARY KEY REFERENCES changes(id) ON DELETE CASCADE,
        model         TEXT NOT NULL CHECK (model IN ('standard', 'normal', 'emergency')),
        stage         TEXT NOT NULL,
        requested_by  TEXT NOT NULL DEFAULT '',
        answers       TEXT NOT NULL DEFAULT '{}',
        round         INTEGER NOT NULL DEFAULT 1 CHECK (round >= 1),
        pir_owed      INTEGER NOT NULL DEFAULT 0 CHECK (pir_owed IN (0, 1)),
        pir           TEXT NOT NULL DEFAULT '',
        bypass_reason TEXT NOT NULL DEFAULT '',
        updated_at    TEXT NOT NULL
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE approvals (
        id          TEXT PRIMARY KEY,
        change_id   TEXT NOT NULL REFERENCES changes(id) ON DELETE CASCADE,
        round       INTEGER NOT NULL,
        person_id   TEXT NOT NULL REFERENCES people(id) ON DELETE RESTRICT,
        person_name TEXT NOT NULL,
        role        TEXT NOT NULL,
        decision    TEXT NOT NULL CHECK (decision IN ('approve', 'reject', 'request_changes')),
        note        TEXT NOT NULL DEFAULT '',
        at          TEXT NOT NULL,
        meeting_id  TEXT
    ) STRICT;
    CREATE INDEX approvals_change ON approvals(change_id, round);
    CREATE INDEX approvals_person ON approvals(person_id);

    CREATE TABLE cabs (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
        cadence    TEXT NOT NULL,
        members    TEXT NOT NULL DEFAULT '[]',
        filter     TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE meetings (
        id            TEXT PRIMARY KEY,
        cab_id        TEXT NOT NULL REFERENCES cabs(id) ON DELETE RESTRICT,
        cab_name      TEXT NOT NULL,
        at_s          INTEGER NOT NULL,
        cutoff        TEXT NOT NULL,
        status        TEXT NOT NULL CHECK (status IN ('prepared', 'in_progress', 'closed')),
        chair         TEXT NOT NULL,
        attendees     TEXT NOT NULL DEFAULT '[]',
        current       INTEGER NOT NULL DEFAULT 0,
        current_since TEXT,
        started_at    TEXT,
        ended_at      TEXT
    ) STRICT;
    CREATE INDEX meetings_cab ON meetings(cab_id, at_s);

    CREATE TABLE meeting_items (
        meeting_id TEXT NOT NULL REFERENCES meetings(id) ON DELETE CASCADE,
        position   INTEGER NOT NULL,
        change_id  TEXT NOT NULL,
        facts      TEXT NOT NULL,
        late       INTEGER NOT NULL DEFAULT 0 CHECK (late IN (0, 1)),
        decision   TEXT,
        note       TEXT NOT NULL DEFAULT '',
        decided_by TEXT,
        decided_at TEXT,
        seconds    INTEGER NOT NULL DEFAULT 0,
        PRIMARY KEY (meeting_id, position),
        UNIQUE (meeting_id, change_id)
    ) STRICT;
    "#,
    // 7: stakeholder notices. Templates keep every version they have had
    // (the current one included); built-ins are seeded by the API, keyed by
    // `kind/audience`. A notice keeps its template's name and its object's
    // label as they were, so it reads the same after either is renamed or
    // deleted; a sent notice keeps each sending with its recipients.
    r#"
    CREATE TABLE templates (
        id         TEXT PRIMARY KEY,
        name       TEXT NOT NULL COLLATE NOCASE UNIQUE,
        kind       TEXT NOT NULL,
        audience   TEXT NOT NULL,
        subject    TEXT NOT NULL,
        body       TEXT NOT NULL,
        version    INTEGER NOT NULL CHECK (version >= 1),
        builtin    TEXT UNIQUE,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL
    ) STRICT;

    CREATE TABLE template_versions (
        template_id TEXT NOT NULL REFERENCES templates(id) ON DELETE CASCADE,
        version     INTEGER NOT NULL,
        name        TEXT NOT NULL,
        subject     TEXT NOT NULL,
        body        TEXT NOT NULL,
        saved_at    TEXT NOT NULL,
        saved_by    TEXT NOT NULL,
        PRIMARY KEY (template_id, version)
    ) STRICT, WITHOUT ROWID;

    CREATE TABLE incidents (
        id          TEXT PRIMARY KEY,
        title       TEXT NOT NULL,
        status      TEXT NOT NULL CHECK (status IN ('investigating', 'identified', 'monitoring', 'resolved')),
        impact      TEXT NOT NULL DEFAULT '',
        service_ids TEXT NOT NULL DEFAULT '[]',
        started_at  TEXT NOT NULL,
        resolved_at TEXT,
        created_at  TEXT NOT NULL,
        updated_at  TEXT NOT NULL
    ) STRICT;

    CREATE TABLE notices (
        id               TEXT PRIMARY KEY,
        template_id      TEXT,
        template_name    TEXT NOT NULL,
        template_version INTEGER NOT NULL,
        kind             TEXT NOT NULL,
        audience         TEXT NOT NULL,
        target_kind      TEXT NOT NULL CHECK (target_kind IN ('train', 'change', 'window', 'incident')),
        target_id        TEXT NOT NULL,
        target_label     TEXT NOT NULL,
        time_zone        TEXT NOT NULL,
        subject          TEXT NOT NULL,
        body             TEXT NOT NULL,
        edited           INTEGER NOT NULL DEFAULT 0 CHECK (edited IN (0, 1)),
        created_by       TEXT NOT NULL,
        created_at       TEXT NOT NULL,
        updated_at       TEXT NOT NULL
    ) STRICT;
    CREATE INDEX notices_created ON notices(created_at);

    CREATE TABLE notice_sends (
        id         TEXT PRIMARY KEY,
        notice_id  TEXT NOT NULL REFERENCES notices(id) ON DELETE RESTRICT,
        at         TEXT NOT NULL,
        by_name    TEXT NOT NULL,
        recipients TEXT NOT NULL
    ) STRICT;
    CREATE INDEX notice_sends_notice ON notice_sends(notice_id, at);

    CREATE TABLE recipients (
        audience TEXT NOT NULL CHECK (audience IN ('operations', 'executives', 'customers', 'support')),
        position INTEGER NOT NULL,
        name     TEXT NOT NULL DEFAULT '',
        address  TEXT NOT NULL,
        PRIMARY KEY (audience, position)
    ) STRICT, WITHOUT ROWID;

    -- A notice reads the CAB outcomes of its changes.
    CREATE INDEX meeting_items_change ON meeting_items(change_id);
    "#,
];

/// The schema version this build writes and understands.
pub const SCHEMA_VERSION: i64 = MIGRATIONS.len() as i64;

/// Applies every migration newer than `from`, each in its own transaction
/// together with its `user_version` bump, so a crash leaves a whole version.
pub(crate) fn migrate(conn: &mut Connection, from: i64) -> Result<()> {
    for (index, sql) in MIGRATIONS.iter().enumerate() {
        let version = index as i64 + 1;
        if version <= from {
            continue;
        }
        let tx = conn.transaction()?;
        tx.execute_batch(sql)?;
        tx.pragma_update(None, "application_id", APPLICATION_ID)?;
        tx.pragma_update(None, "user_version", version)?;
        tx.commit()?;
    }
    Ok(())
}
