//! The release calendar: time intervals, recurring windows, changes and
//! trains, the conflict rules between them, the scheduling assistant and the
//! iCalendar (RFC 5545) format. All pure: callers pass `now` and the data.

pub mod change;
pub mod conflict;
mod dependency_index;
pub mod ics;
pub mod interval;
pub mod occurrences;
pub mod recurrence;
pub mod slot;
pub mod status;
pub mod train;
pub mod window;

pub use change::{Change, ChangeInput};
pub use conflict::{Conflict, ConflictKind, Dependency, DependencyIndex, Facts, Severity};
pub use interval::Interval;
pub use occurrences::{Expanded, WindowIndex};
pub use slot::Slot;
pub use status::DeployStatus;
pub use train::{Train, TrainInput, TrainProgress, TrainStatus, TrainTarget};
pub use window::{Window, WindowInput, WindowKind};
