//! Fake providers on loopback that speak the real JSON, headers and paging.
#![allow(dead_code)]

pub mod github;
