//! Release calendar use cases: trains, changes and windows; the calendar
//! views; conflicts, the scheduling assistant and the deploy gate; ICS and
//! CSV interchange.

pub(crate) mod cache;
mod changes;
pub(crate) mod checks;
pub mod interop;
mod trains;
mod views;
mod windows;

pub(crate) use changes::insert_generated as changes_insert_generated;
pub use changes::{ChangeDraft, TransitionInput};
pub use checks::{GateReport, SlotQuery};
pub use interop::IcsImportReport;
pub(crate) use trains::create_in as trains_create_in;
pub use trains::{TrainDetail, TrainSummary};
pub use views::{CalendarQuery, CalendarView, WindowOccurrence};
pub(crate) use windows::create_in as windows_create_in;
pub use windows::WindowPreview;

/// "3 changes and 1 window", for messages refusing a delete.
pub(crate) fn references(changes: i64, windows: i64, dependencies: i64) -> String {
    let part = |n: i64, one: &str, many: &str| match n {
        0 => None,
        1 => Some(format!("1 {one}")),
        n => Some(format!("{n} {many}")),
    };
    [
        part(changes, "change", "changes"),
        part(windows, "window", "windows"),
        part(dependencies, "dependency", "dependencies"),
    ]
    .into_iter()
    .flatten()
    .collect::<Vec<_>>()
    .join(" and ")
}
