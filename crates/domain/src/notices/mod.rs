//! Stakeholder notices (issue 7, begun): rendering a template's subject and
//! body from live data in a sandbox, and the lint that keeps internal
//! identifiers out of customer notices. Templates, notices and their exports
//! build on this.

pub mod render;

pub use render::{customer_lint, render, variables, Markup, Part, TemplateError};
