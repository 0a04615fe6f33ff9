//! CSV import and export of services: round trips, tolerant reading, and
//! all-or-nothing refusal with row/column messages.

// Tests stop loudly on a failed setup; that is their job.
#![allow(clippy::unwrap_used, clippy::expect_used, clippy::panic)]

use signalbox_api::domain::demo::DemoSize;
use signalbox_api::{ErrorCode, Workspace};

fn workspace() -> Workspace {
    let mut ws = Workspace::open_in_memory().unwrap();
    ws.set_display_name("Ada").unwrap();
    ws
}

const HEADER: &str = "name,description,owner_team,tier,system,tags,repository_url,links";

#[test]
fn export_then_import_round_trips_exactly() {
    let mut a = workspace();
    a.load_sample(DemoSize::Small, 9).unwrap();
    let exported = a.export_services_csv().unwrap();
    let mut b = workspace();
    let report = b.import_services_csv(exported.as_bytes()).unwrap();
    assert_eq!(report.created, 40);
    assert_eq!(b.export_services_csv().unwrap(), exported);
    // Importing the same file again changes nothing.
    let again = b.import_services_csv(exported.as_bytes()).unwrap();
    assert_eq!((again.created, again.updated, again.unchanged), (0, 0, 40));
}

#[test]
fn a_bom_crlf_and_quoted_newlines_are_accepted() {
    let mut ws = workspace();
    let csv = format!(
        "\u{feff}{HEADER}\r\nledger,\"Line one\r\nline two\",Payments,critical,Billing,pci;gdpr,https://git.example.com/l,\"Runbook|https://r.example.com/l\nDash|https://d.example.com/l\"\r\n"
    );
    let report = ws.import_services_csv(csv.as_bytes()).unwrap();
    assert_eq!((report.created, report.teams_created), (1, 1));
    let s = &ws.search_services(&Default::default()).unwrap().items[0];
    assert_eq!(s.description, "Line one\nline two");
    assert_eq!(s.tags, ["pci", "gdpr"]);
    assert_eq!(s.links.len(), 2);
    assert_eq!(ws.list_teams().unwrap()[0].team.name, "Payments");
}

#[test]
fn columns_may_come_in_any_order_and_optional_ones_may_be_missing() {
    let mut ws = workspace();
    let report = ws
        .import_services_csv(b"tier,name\nlow,a\nhigh,b\n")
        .unwrap();
    assert_eq!(report.created, 2);
}

fn rejected(ws: &mut Workspace, bytes: &[u8]) -> Vec<String> {
    let before = ws.counts().unwrap();
    let err = ws.import_services_csv(bytes).unwrap_err().payload();
    assert_eq!(err.code, ErrorCode::ImportRejected);
    assert_eq!(ws.counts().unwrap(), before, "nothing may be stored");
    err.problems
}

#[test]
fn a_bad_row_anywhere_refuses_the_whole_file_naming_row_and_column() {
    let mut ws = workspace();
    let csv = format!("{HEADER}\ngood,,,high,,,,\nbad,,,urgent,,,,\nworse,,,low,,,notaurl,\n");
    let problems = rejected(&mut ws, csv.as_bytes());
    assert_eq!(problems.len(), 2);
    assert!(
        problems[0].starts_with("row 3, column tier: \"urgent\" is not a tier"),
        "{problems:?}"
    );
    assert!(
        problems[1].starts_with("row 4, column repository_url:"),
        "{problems:?}"
    );
}

#[test]
fn missing_and_unknown_columns_are_named() {
    let mut ws = workspace();
    let problems = rejected(&mut ws, b"name,colour\na,red\n");
    assert!(
        problems
            .iter()
            .any(|p| p == "row 1: missing column \"tier\""),
        "{problems:?}"
    );
    assert!(
        problems
            .iter()
            .any(|p| p.starts_with("row 1, column 2: unknown column \"colour\"")),
        "{problems:?}"
    );
}

#[test]
fn invalid_utf8_is_reported_at_its_cell() {
    let mut ws = workspace();
    let problems = rejected(&mut ws, b"name,tier,description\nok,low,caf\xe9\n");
    assert_eq!(
        problems,
        ["row 2, column description: not valid UTF-8 text"]
    );
}

#[test]
fn duplicate_names_within_a_file_are_refused() {
    let mut ws = workspace();
    let problems = rejected(&mut ws, b"name,tier\nledger,low\nLedger,high\n");
    assert_eq!(
        problems,
        ["row 3, column name: \"Ledger\" already appears in row 2"]
    );
}

#[test]
fn ragged_rows_and_empty_files_are_refused() {
    let mut ws = workspace();
    let problems = rejected(&mut ws, b"name,tier\nledger,low,extra\n");
    assert_eq!(problems, ["row 2: has 3 fields but the header has 2"]);
    let problems = rejected(&mut ws, b"");
    assert_eq!(problems, ["the file is empty: expected a header row"]);
}
