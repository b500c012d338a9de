//! Trappe's integration tests: one binary (fast to build), the real app on a random
//! port with a fresh database per test (a SQLite file, or a PostgreSQL database when
//! `TRAPPE_TEST_PG` names a server), driven over HTTP, by the CLI and in Chromium.

mod a11y;
mod access;
mod accounts;
mod admin;
mod anonymity;
mod api;
mod browser;
mod channels;
mod cli;
mod contacts;
mod export;
mod hardening;
mod helpers;
mod instances;
mod invitations;
mod journeys;
mod login_abuse;
mod mail;
mod models;
mod oidc;
mod ops;
mod org_anonymity;
mod organisations;
mod participation;
mod privacy;
mod progress;
mod reliability;
mod report;
mod respond_pages;
mod respond_phone;
mod respondent;
mod round_flow;
mod samm;
mod targets;
mod xlsx;
