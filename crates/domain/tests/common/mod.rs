//! Fixtures shared by the calendar conflict and slot tests: two environments
//! (staging, production), three services, and window and change builders.
#![allow(clippy::unwrap_used, clippy::too_many_arguments)]

use std::collections::HashMap;

use chrono::{DateTime, Duration, NaiveDateTime, TimeZone, Utc};
use signalbox_domain::calendar::{Change, DeployStatus, Window, WindowKind};
use signalbox_domain::Environment;
use uuid::Uuid;

pub fn utc(y: i32, mo: u32, d: u32, h: u32, mi: u32) -> DateTime<Utc> {
    Utc.with_ymd_and_hms(y, mo, d, h, mi, 0).unwrap()
}

pub fn local(text: &str) -> NaiveDateTime {
    NaiveDateTime::parse_from_str(text, "%Y-%m-%dT%H:%M").unwrap()
}

pub const STAGING: Uuid = Uuid::from_u128(0xE1);
pub const PROD: Uuid = Uuid::from_u128(0xE2);
pub const LEDGER: Uuid = Uuid::from_u128(0x51);
pub const CHECKOUT: Uuid = Uuid::from_u128(0x52);
pub const SEARCH: Uuid = Uuid::from_u128(0x53);

pub fn env(id: Uuid, name: &str, production: bool, quota: Option<u32>) -> Environment {
    Environment {
        id,
        name: name.into(),
        position: 0,
        production,
        deploy_quota: quota,
        time_zone: "UTC".into(),
        created_at: DateTime::default(),
        updated_at: DateTime::default(),
    }
}

pub fn environments() -> Vec<Environment> {
    vec![
        env(STAGING, "staging", false, Some(2)),
        env(PROD, "production", true, Some(1)),
    ]
}

pub fn names() -> HashMap<Uuid, String> {
    [
        (LEDGER, "ledger"),
        (CHECKOUT, "checkout"),
        (SEARCH, "search"),
    ]
    .into_iter()
    .map(|(id, n)| (id, n.to_string()))
    .collect()
}

pub fn window(
    n: u128,
    name: &str,
    kind: WindowKind,
    soft: bool,
    zone: &str,
    start: &str,
    minutes: u32,
    rrule: Option<&str>,
) -> Window {
    Window {
        id: Uuid::from_u128(0x1000 + n),
        name: name.into(),
        kind,
        soft,
        description: String::new(),
        time_zone: zone.into(),
        start: local(start),
        duration_minutes: minutes,
        rrule: rrule.map(str::to_string),
        rdates: vec![],
        exdates: vec![],
        environment_ids: vec![],
        service_ids: vec![],
        created_at: DateTime::default(),
        updated_at: DateTime::default(),
    }
}

pub fn change(
    n: u128,
    title: &str,
    env: Uuid,
    services: &[Uuid],
    start: DateTime<Utc>,
    minutes: i64,
) -> Change {
    Change {
        id: Uuid::from_u128(n),
        title: title.into(),
        description: String::new(),
        service_ids: services.to_vec(),
        environment_id: env,
        start,
        end: start + Duration::minutes(minutes),
        owner: String::new(),
        train_id: None,
        status: DeployStatus::Planned,
        created_at: DateTime::default(),
        updated_at: DateTime::default(),
    }
}

pub fn now() -> DateTime<Utc> {
    utc(2026, 1, 1, 0, 0)
}
