//! Head office (总部): every desk's events arrive over HTTPS, are verified (sequence, chain,
//! signature) and stored exactly once in PostgreSQL, and the reports are kept at ingest. Head office
//! believes nothing it cannot verify: a gap, a fork or a tampered event is an alert.

pub mod admin;
pub mod alerts;
pub mod apply;
pub mod auth;
pub mod charges;
pub mod cli;
pub mod cluster;
pub mod console;
pub mod db;
pub mod enroll;
pub mod error;
pub mod http;
pub mod ingest;
pub mod reports;
pub mod server;
pub mod standards_log;
pub mod turns;
pub mod verify;

pub use error::{HqError, HqResult};
