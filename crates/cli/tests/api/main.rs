//! Trappe's integration tests: one binary (fast to build), the real app on a random
//! port with a fresh SQLite file per test, driven over HTTP, by the CLI and in Chromium.

mod access;
mod accounts;
mod admin;
mod api;
mod browser;
mod cli;
mod contacts;
mod export;
mod helpers;
mod ops;
mod privacy;
mod report;
mod respondent;
