//! The dependency map: typed dependencies between services, cycle rules,
//! impact analysis, deploy and rollback order, and the import formats.

pub mod backstage;
