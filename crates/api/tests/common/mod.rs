//! Fixtures shared by the calendar integration tests: a workspace file with
//! staging and production (London), two services, and input builders.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic, dead_code)]

pub mod notices;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use signalbox_api::domain::calendar::{ChangeInput, WindowInput, WindowKind};
use signalbox_api::domain::{EnvironmentInput, ServiceInput, Tier};
use signalbox_api::Workspace;
use uuid::Uuid;

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

pub struct Fixture {
    pub _dir: tempfile::TempDir,
    pub ws: Workspace,
    pub path: std::path::PathBuf,
    pub staging: Uuid,
    pub prod: Uuid,
    pub ledger: Uuid,
    pub checkout: Uuid,
}

pub fn fixture() -> Fixture {
    let dir = tempfile::tempdir().unwrap();
    let path = dir.path().join("w.signalbox");
    let mut ws = Workspace::open(&path).unwrap();
    ws.set_display_name("Ada Lovelace").unwrap();
    ws.set_clock(|| Utc.with_ymd_and_hms(2026, 3, 1, 9, 0, 0).unwrap());
    let env = |name: &str, position, production, quota| EnvironmentInput {
        name: name.into(),
        position,
        production,
        deploy_quota: quota,
        time_zone: "Europe/London".into(),
    };
    let staging = ws
        .create_environment(&env("staging", 0, false, Some(5)))
        .unwrap()
        .id;
    let prod = ws
        .create_environment(&env("production", 1, true, Some(1)))
        .unwrap()
        .id;
    let svc = |name: &str| ServiceInput {
        name: name.into(),
        description: String::new(),
        owner_team_id: None,
        tier: Tier::High,
        system: "Payments".into(),
        tags: vec![],
        repository_url: None,
        links: vec![],
    };
    let ledger = ws.create_service(&svc("ledger")).unwrap().id;
    let checkout = ws.create_service(&svc("checkout")).unwrap().id;
    Fixture {
        _dir: dir,
        ws,
        path,
        staging,
        prod,
        ledger,
        checkout,
    }
}

pub fn window(
    name: &str,
    kind: WindowKind,
    start: &str,
    minutes: u32,
    rrule: Option<&str>,
    envs: Vec<Uuid>,
) -> WindowInput {
    WindowInput {
        name: name.into(),
        kind,
        soft: false,
        description: String::new(),
        time_zone: "Europe/London".into(),
        start: local(start),
        duration_minutes: minutes,
        rrule: rrule.map(str::to_string),
        rdates: vec![],
        exdates: vec![],
        environment_ids: envs,
        service_ids: vec![],
    }
}

pub fn change(
    f: &Fixture,
    title: &str,
    env: Uuid,
    start: DateTime<Utc>,
    minutes: i64,
) -> ChangeInput {
    ChangeInput {
        title: title.into(),
        description: String::new(),
        service_ids: vec![f.ledger],
        environment_id: env,
        start,
        end: start + Duration::minutes(minutes),
        owner: "Grace".into(),
        train_id: None,
    }
}

pub fn audit_count(ws: &Workspace) -> i64 {
    ws.counts().unwrap().audit_events
}
