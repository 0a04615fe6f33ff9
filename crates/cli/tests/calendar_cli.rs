//! The calendar commands as a pipeline uses them: `gate` exit codes and
//! reasons, windows/changes/trains, ICS and CSV export, ICS import, and clear
//! errors for bad times, rules, zones and durations.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

mod common;

use common::{ok, out, production, signalbox};

/// A workspace with production (quota 1, London), a service and a nightly window.
fn setup() -> (tempfile::TempDir, std::path::PathBuf) {
    let dir = tempfile::tempdir().unwrap();
    let ws = dir.path().join("w.signalbox");
    ok(
        &ws,
        &production(&["--quota", "1", "--time-zone", "Europe/London"]),
    );
    ok(&ws, &["services", "add", "--name", "ledger"]);
    ok(&ws, &["services", "add", "--name", "checkout"]);
    ok(
        &ws,
        &[
            "windows",
            "add",
            "--kind",
            "maintenance",
            "--name",
            "Nightly",
            "--tz",
            "Europe/London",
            "--start",
            "2026-01-01T01:00",
            "--duration",
            "4h",
            "--rrule",
            "FREQ=DAILY",
            "--env",
            "production",
        ],
    );
    (dir, ws)
}

#[test]
fn gate_exits_zero_inside_maintenance_and_two_with_reasons_in_a_freeze() {
    let (_dir, ws) = setup();
    let o = signalbox(
        &ws,
        &[
            "gate",
            "--service",
            "ledger",
            "--env",
            "production",
            "--at",
            "2026-03-20T02:00:00Z",
        ],
    );
    assert_eq!(o.status.code(), Some(0), "{}", out(&o));
    assert!(out(&o).contains("ALLOWED"));

    ok(
        &ws,
        &[
            "windows",
            "add",
            "--kind",
            "freeze",
            "--name",
            "Spring-forward freeze",
            "--tz",
            "Europe/London",
            "--start",
            "2026-03-29T00:00",
            "--duration",
            "1d",
            "--env",
            "production",
        ],
    );
    // 01:30Z on the spring-forward day is 02:30 BST: inside the nightly window, and frozen.
    let o = signalbox(
        &ws,
        &[
            "gate",
            "--service",
            "ledger",
            "--env",
            "production",
            "--at",
            "2026-03-29T01:30:00Z",
        ],
    );
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(
        out(&o).contains("BLOCKED") && out(&o).contains("Spring-forward freeze"),
        "{}",
        out(&o)
    );

    // An offset time is the same instant: 14:00+02:00 is 12:00Z, outside the window.
    let o = signalbox(
        &ws,
        &[
            "--json",
            "gate",
            "--service",
            "ledger",
            "--env",
            "production",
            "--at",
            "2026-03-20T14:00:00+02:00",
        ],
    );
    assert_eq!(o.status.code(), Some(2));
    let report: serde_json::Value = serde_json::from_slice(&o.stdout).unwrap();
    assert_eq!(report["allowed"], false);
    assert_eq!(report["at"], "2026-03-20T12:00:00Z");
    assert_eq!(report["blocking"][0]["kind"], "outside_maintenance");

    let o = signalbox(
        &ws,
        &[
            "gate",
            "--service",
            "ledger",
            "--env",
            "production",
            "--at",
            "tomorrow",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("\"tomorrow\" is not an RFC 3339 time"),
        "{}",
        out(&o)
    );
}

#[test]
fn windows_refuse_bad_rules_zones_and_durations_with_the_field_named() {
    let (_dir, ws) = setup();
    for (args, needle) in [
        (
            vec![
                "--rrule",
                "FREQ=WEEKLY;BYDAY=XX",
                "--tz",
                "UTC",
                "--duration",
                "1h",
            ],
            "XX",
        ),
        (
            vec!["--tz", "Mars/Olympus", "--duration", "1h"],
            "Mars/Olympus",
        ),
        (vec!["--tz", "UTC", "--duration", "0m"], "zero"),
        (vec!["--tz", "UTC", "--duration=-5m"], "-5m"),
        (vec!["--tz", "UTC", "--duration", "soon"], "soon"),
    ] {
        let mut all = vec![
            "windows",
            "add",
            "--kind",
            "freeze",
            "--name",
            "Bad",
            "--start",
            "2026-03-01T00:00",
        ];
        all.extend(args);
        let o = signalbox(&ws, &all);
        assert_eq!(o.status.code(), Some(1), "{all:?}");
        assert!(out(&o).contains(needle), "{all:?}: {}", out(&o));
    }
    let list = ok(&ws, &["windows", "list"]);
    assert!(
        list.contains("1 windows") && !list.contains("Bad"),
        "{list}"
    );
}

#[test]
fn changes_trains_conflicts_and_exports() {
    // Far enough ahead to stay in the future: conflicts are for changes still to come.
    let (dir, ws) = setup();
    ok(
        &ws,
        &[
            "trains",
            "add",
            "--name",
            "March train",
            "--version",
            "2026.03",
            "--target",
            "production=2030-03-20",
        ],
    );
    let o = signalbox(
        &ws,
        &[
            "changes",
            "add",
            "--title",
            "Deploy ledger",
            "--service",
            "ledger",
            "--env",
            "production",
            "--start",
            "2030-03-20T02:00:00Z",
            "--end",
            "2030-03-20T03:00:00Z",
            "--train",
            "March train",
        ],
    );
    assert!(o.status.success(), "{}", out(&o));
    let o = signalbox(
        &ws,
        &[
            "changes",
            "add",
            "--title",
            "Daytime checkout",
            "--service",
            "checkout",
            "--env",
            "production",
            "--start",
            "2030-03-20T12:00:00Z",
            "--end",
            "2030-03-20T13:00:00Z",
        ],
    );
    assert!(
        out(&o).contains("outside every maintenance window"),
        "{}",
        out(&o)
    );
    let o = signalbox(
        &ws,
        &[
            "changes",
            "add",
            "--title",
            "Backwards",
            "--service",
            "ledger",
            "--env",
            "production",
            "--start",
            "2030-03-20T03:00:00Z",
            "--end",
            "2030-03-20T02:00:00Z",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(
        out(&o).contains("end: End (2030-03-20 02:00 UTC) must be after start"),
        "{}",
        out(&o)
    );

    let period = [
        "--from",
        "2030-03-01T00:00:00Z",
        "--to",
        "2030-04-01T00:00:00Z",
    ];
    let mut args = vec!["changes", "conflicts"];
    args.extend(period);
    let o = signalbox(&ws, &args);
    assert_eq!(o.status.code(), Some(2), "{}", out(&o));
    assert!(out(&o).contains("1 errors"), "{}", out(&o));
    let mut args = vec!["--json", "changes", "list"];
    args.extend(period);
    let list: serde_json::Value = serde_json::from_slice(&signalbox(&ws, &args).stdout).unwrap();
    assert_eq!(list.as_array().unwrap().len(), 2);
    assert!(ok(&ws, &["trains", "list"]).contains("March train"));

    let ics = dir.path().join("cal.ics");
    let mut args = vec!["calendar", "export-ics", "--out", ics.to_str().unwrap()];
    args.extend(period);
    ok(&ws, &args);
    let text = std::fs::read_to_string(&ics).unwrap();
    assert!(text.starts_with("BEGIN:VCALENDAR\r\n"));
    assert!(text.contains("SUMMARY:[production] Deploy ledger"));
    assert!(text.contains("RRULE:FREQ=DAILY"));
    assert!(text.contains("March train reaches production"));
    let mut args = vec!["calendar", "export-csv"];
    args.extend(period);
    let csv = ok(&ws, &args);
    assert!(csv.starts_with("id,title,environment"), "{csv}");
    assert_eq!(csv.lines().count(), 3);
}

#[test]
fn import_ics_as_freezes_and_a_malformed_file_names_its_line() {
    let (dir, ws) = setup();
    let good = dir.path().join("holidays.ics");
    std::fs::write(&good, "BEGIN:VCALENDAR\nVERSION:2.0\nBEGIN:VEVENT\nDTSTART;VALUE=DATE:20261225\nSUMMARY:Christmas\nEND:VEVENT\nEND:VCALENDAR\n").unwrap();
    let o = ok(
        &ws,
        &[
            "calendar",
            "import-ics",
            good.to_str().unwrap(),
            "--as-freeze",
            "--env",
            "production",
        ],
    );
    assert!(o.contains("1 freeze windows created"), "{o}");
    let bad = dir.path().join("bad.ics");
    std::fs::write(
        &bad,
        "BEGIN:VCALENDAR\nBEGIN:VEVENT\nDTSTART:2026-13-01\nEND:VEVENT\nEND:VCALENDAR\n",
    )
    .unwrap();
    let o = signalbox(
        &ws,
        &[
            "calendar",
            "import-ics",
            bad.to_str().unwrap(),
            "--as-freeze",
        ],
    );
    assert_eq!(o.status.code(), Some(1));
    assert!(out(&o).contains("line 3"), "{}", out(&o));
    assert!(ok(&ws, &["windows", "list"]).contains("2 windows"));
}
