//! What a sync did: the report type lives in the domain (it is stored and
//! shown), the connectors fill it in.

pub use signalbox_domain::sync::report::{Quota, SyncReport};
