//! The sample calendar: trains, windows and changes laid out around an
//! anchor date, deterministic for a seed. Production changes land in the
//! nightly maintenance window, so the sample shows a few conflicts rather than
//! a wall of them.

use chrono::{Datelike, Duration, NaiveDate, NaiveDateTime, NaiveTime, TimeZone, Utc};

use super::{DemoService, DemoSize, Rng};
use crate::calendar::recurrence::local_to_utc;
use crate::calendar::{DeployStatus, TrainInput, TrainStatus, WindowInput, WindowKind};
use crate::environment::EnvironmentInput;

/// A generated train and its per-environment targets (environment indices).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoTrain {
    pub input: TrainInput,
    pub targets: Vec<(usize, NaiveDate)>,
}

/// A generated window; its scope as indices into the portfolio's lists.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoWindow {
    pub input: WindowInput,
    pub environments: Vec<usize>,
    pub services: Vec<usize>,
}

/// A generated change; services, environment and train as indices.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct DemoChange {
    pub title: String,
    pub description: String,
    pub services: Vec<usize>,
    pub environment: usize,
    pub start: chrono::DateTime<Utc>,
    pub end: chrono::DateTime<Utc>,
    pub owner: String,
    pub train: Option<usize>,
    pub status: DeployStatus,
}

pub(super) struct Plan {
    pub trains: Vec<DemoTrain>,
    pub windows: Vec<DemoWindow>,
    pub changes: Vec<DemoChange>,
}

const FIRST: &[&str] = &[
    "Ada", "Ben", "Chloe", "Dev", "Elif", "Farah", "Gus", "Hana", "Ivan", "Jun", "Kofi", "Lena",
    "Mateo", "Nia", "Omar", "Priya", "Quinn", "Rosa", "Sami", "Tomas", "Uma", "Vera", "Wes", "Xin",
    "Yara", "Zane",
];
const LAST: &[&str] = &[
    "Okafor",
    "Lindqvist",
    "Moreau",
    "Tanaka",
    "Novak",
    "Silva",
    "Brennan",
    "Haddad",
    "Kowalski",
    "Reyes",
    "Ivanova",
    "Mensah",
];
const ACTIONS: &[&str] = &[
    "Deploy",
    "Config change:",
    "Database migration:",
    "Feature flag rollout:",
    "Dependency upgrade:",
    "Certificate rotation:",
];

fn at(date: NaiveDate, h: u32, m: u32) -> NaiveDateTime {
    date.and_time(NaiveTime::from_hms_opt(h, m, 0).unwrap_or_default())
}

#[allow(clippy::too_many_arguments)]
fn window(
    name: String,
    kind: WindowKind,
    soft: bool,
    zone: &str,
    start: NaiveDateTime,
    minutes: u32,
    rrule: Option<&str>,
    description: &str,
) -> WindowInput {
    WindowInput {
        name,
        kind,
        soft,
        description: description.to_string(),
        time_zone: zone.to_string(),
        start,
        duration_minutes: minutes,
        rrule: rrule.map(str::to_string),
        rdates: vec![],
        exdates: vec![],
        environment_ids: vec![],
        service_ids: vec![],
    }
}

pub(super) fn generate(
    rng: &mut Rng,
    size: DemoSize,
    anchor: NaiveDate,
    services: &[DemoService],
    envs: &[EnvironmentInput],
) -> Plan {
    let (days_before, days_after, change_count, window_count, people) = match size {
        DemoSize::Small => (14_i64, 28_i64, 60_usize, 7_usize, 8_usize),
        DemoSize::Large => (365, 365, 200_000, 500, 150),
    };
    let first_day = anchor - Duration::days(days_before);
    let monday = first_day - Duration::days(i64::from(first_day.weekday().num_days_from_monday()));
    let weeks = ((days_before + days_after) / 7 + 2) as usize;
    let owners: Vec<String> = (0..people)
        .map(|i| {
            format!(
                "{} {}",
                FIRST[i % FIRST.len()],
                LAST[(i / FIRST.len() + i) % LAST.len()]
            )
        })
        .collect();
    let prod: Vec<usize> = (0..envs.len()).filter(|i| envs[*i].production).collect();

    // Trains: one a week, departing on Tuesdays, reaching each environment a day apart.
    let trains: Vec<DemoTrain> = (0..weeks)
        .map(|w| {
            let depart = monday + Duration::days(w as i64 * 7 + 1);
            let iso = depart.iso_week();
            let status = if depart + Duration::days(7) < anchor {
                TrainStatus::Shipped
            } else if depart <= anchor {
                TrainStatus::Departed
            } else if depart <= anchor + Duration::days(7) {
                TrainStatus::Boarding
            } else {
                TrainStatus::Planning
            };
            DemoTrain {
                input: TrainInput {
                    name: format!("Train {}-W{:02}", iso.year(), iso.week()),
                    version: format!("{}.{:02}", iso.year(), iso.week()),
                    owner: owners[w % owners.len()].clone(),
                    description: "The weekly release train.".into(),
                    status,
                    targets: vec![],
                },
                targets: envs
                    .iter()
                    .enumerate()
                    .map(|(i, _)| (i, depart + Duration::days(i as i64 / 2)))
                    .collect(),
            }
        })
        .collect();

    let windows = windows(rng, anchor, services, envs, &prod, window_count);

    let mut changes = Vec::with_capacity(change_count);
    let span_days = days_before + days_after;
    for _ in 0..change_count {
        let day = first_day + Duration::days(rng.below(span_days as usize) as i64);
        let production = !prod.is_empty() && rng.below(10) < 2;
        let environment = if production {
            prod[rng.below(prod.len())]
        } else {
            let others: Vec<usize> = (0..envs.len()).filter(|i| !envs[*i].production).collect();
            others[rng
                .below(others.len().max(1))
                .min(others.len().saturating_sub(1))]
        };
        let (start, minutes) = if production {
            // Inside the nightly 01:00–05:00 (local) maintenance window.
            let zone: chrono_tz::Tz = envs[environment]
                .time_zone
                .parse()
                .unwrap_or(chrono_tz::UTC);
            let local = at(day, 1 + rng.below(2) as u32, 15 * rng.below(4) as u32);
            (local_to_utc(zone, local), 30 + 15 * rng.below(5) as i64)
        } else {
            let t =
                Utc.from_utc_datetime(&at(day, 7 + rng.below(10) as u32, 15 * rng.below(4) as u32));
            (t, 30 + 15 * rng.below(15) as i64)
        };
        let end = start + Duration::minutes(minutes);
        let count = 1 + usize::from(rng.below(4) == 0) + usize::from(rng.below(10) == 0);
        let mut picked: Vec<usize> = Vec::with_capacity(count);
        while picked.len() < count.min(services.len()) {
            let s = rng.below(services.len());
            if !picked.contains(&s) {
                picked.push(s);
            }
        }
        let lead = &services[picked[0]].input.name;
        let action = rng.pick(ACTIONS);
        let week = ((day - monday).num_days() / 7) as usize;
        let train = (rng.below(5) < 2 && week < trains.len()).then_some(week);
        let now = Utc.from_utc_datetime(&at(anchor, 12, 0));
        let status = if end < now {
            match rng.below(50) {
                0..=39 => DeployStatus::Succeeded,
                40..=44 => DeployStatus::Verified,
                45 | 46 => DeployStatus::Failed,
                47 => DeployStatus::RolledBack,
                _ => DeployStatus::Cancelled,
            }
        } else if start <= now {
            DeployStatus::InProgress
        } else if start < now + Duration::days(2) && rng.below(2) == 0 {
            DeployStatus::Queued
        } else {
            DeployStatus::Planned
        };
        changes.push(DemoChange {
            title: format!("{action} {lead}"),
            description: format!("{action} {lead} in {}.", envs[environment].name),
            services: picked,
            environment,
            start,
            end,
            owner: owners[rng.below(owners.len())].clone(),
            train,
            status,
        });
    }
    // In time order, as a calendar fills up, which also appends to the
    // store's start-time index instead of inserting all over it.
    changes.sort_by_key(|c| c.start);
    Plan {
        trains,
        windows,
        changes,
    }
}

fn windows(
    rng: &mut Rng,
    anchor: NaiveDate,
    services: &[DemoService],
    envs: &[EnvironmentInput],
    prod: &[usize],
    count: usize,
) -> Vec<DemoWindow> {
    let year_start = NaiveDate::from_ymd_opt(anchor.year() - 1, 1, 1).unwrap_or(anchor);
    let mut out: Vec<DemoWindow> = Vec::new();
    for &p in prod {
        out.push(DemoWindow {
            input: window(
                format!("Nightly maintenance ({})", envs[p].name),
                WindowKind::Maintenance,
                false,
                &envs[p].time_zone,
                at(year_start, 1, 0),
                240,
                Some("FREQ=DAILY"),
                "Production changes go out between 01:00 and 05:00 local time.",
            ),
            environments: vec![p],
            services: vec![],
        });
    }
    out.push(DemoWindow {
        input: window(
            "Year-end freeze".into(),
            WindowKind::Freeze,
            false,
            "Europe/London",
            at(
                NaiveDate::from_ymd_opt(anchor.year() - 1, 12, 20).unwrap_or(anchor),
                0,
                0,
            ),
            14 * 24 * 60,
            Some("FREQ=YEARLY"),
            "No changes over the holidays.",
        ),
        environments: prod.to_vec(),
        services: vec![],
    });
    let friday = year_start
        + Duration::days((4 + 7 - i64::from(year_start.weekday().num_days_from_monday())) % 7);
    out.push(DemoWindow {
        input: window(
            "Weekend soft freeze".into(),
            WindowKind::Freeze,
            true,
            "Europe/London",
            at(friday, 18, 0),
            62 * 60,
            Some("FREQ=WEEKLY;BYDAY=FR"),
            "Weekend changes need a good reason.",
        ),
        environments: prod.to_vec(),
        services: vec![],
    });
    let finance: Vec<usize> = (0..services.len())
        .filter(|i| matches!(services[*i].input.system.as_str(), "Payments" | "Billing"))
        .take(40)
        .collect();
    out.push(DemoWindow {
        input: window(
            "Quarter-end close".into(),
            WindowKind::Freeze,
            false,
            "America/New_York",
            at(
                NaiveDate::from_ymd_opt(anchor.year() - 1, 3, 30).unwrap_or(anchor),
                0,
                0,
            ),
            48 * 60,
            Some("FREQ=MONTHLY;BYMONTH=3,6,9,12;BYMONTHDAY=-2"),
            "Finance systems stay still while the books close.",
        ),
        environments: vec![],
        services: finance,
    });
    // A one-off freeze ten days out, so a new user meets a conflict early.
    out.push(DemoWindow {
        input: window(
            "Launch-day freeze".into(),
            WindowKind::Freeze,
            false,
            "UTC",
            at(anchor + Duration::days(10), 0, 0),
            24 * 60,
            None,
            "Marketing launch: hands off production.",
        ),
        environments: prod.to_vec(),
        services: vec![],
    });
    for (i, e) in envs.iter().enumerate() {
        if out.len() >= count {
            break;
        }
        if e.production {
            continue;
        }
        out.push(DemoWindow {
            input: window(
                format!("Deploy hours ({})", e.name),
                WindowKind::Maintenance,
                false,
                &e.time_zone,
                at(year_start, 9, 0),
                8 * 60,
                Some("FREQ=WEEKLY;BYDAY=MO,TU,WE,TH"),
                "Changes while people are around to watch them.",
            ),
            environments: vec![i],
            services: vec![],
        });
    }
    const DAYS: &[&str] = &["MO", "TU", "WE", "TH", "FR", "SA", "SU"];
    let mut n = 0;
    while out.len() < count && !services.is_empty() {
        let s = rng.below(services.len());
        let name = &services[s].input.name;
        let zone = &envs[rng.below(envs.len())].time_zone;
        let input = if n % 4 == 3 {
            window(
                format!("{name} monthly soft freeze {n}"),
                WindowKind::Freeze,
                true,
                zone,
                at(year_start, 0, 0),
                24 * 60,
                Some("FREQ=MONTHLY;BYDAY=1MO"),
                "The first Monday of the month is for reconciliation.",
            )
        } else {
            let rule = format!("FREQ=WEEKLY;BYDAY={}", DAYS[rng.below(7)]);
            window(
                format!("{name} weekly maintenance {n}"),
                WindowKind::Maintenance,
                false,
                zone,
                at(year_start, 20 + rng.below(3) as u32, 0),
                120,
                Some(&rule),
                "Service-specific maintenance slot.",
            )
        };
        out.push(DemoWindow {
            input,
            environments: prod.to_vec(),
            services: vec![s],
        });
        n += 1;
    }
    out.truncate(count);
    out
}
