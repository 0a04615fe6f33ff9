//! The dependency map: typed dependencies between services, cycle rules,
//! impact analysis, deploy and rollback order, and the import formats.

pub mod backstage;
pub mod export;
pub mod graph;
pub mod impact;
pub mod map;
pub mod model;
pub mod order;
pub mod reach;

pub use graph::DependencyGraph;
pub use impact::{impact, Impact, ImpactOptions, Reached, TierCounts};
pub use model::{DependencyInput, DependencyKind, ServiceDependency};
pub use order::{deploy_order, DeployOrder, OrderLayer, OrderStep};
