//! Trappe's domain: maturity models, the scoring rule and demo data.
//! Pure code: no I/O, no async, so every rule is unit-tested on its own.

pub mod benchmark;
pub mod contacts;
pub mod deadline;
pub mod demo;
pub mod email;
pub mod import;
pub mod journey;
pub mod model;
pub mod organisation;
pub mod organisation_import;
pub mod questionnaire;
pub mod respondents;
pub mod samm;
pub mod scoring;
pub mod username;

pub use email::{EmailAddress, EmailError};
pub use model::{Model, ModelError, ModelProblem, Text};
pub use organisation::{Cvr, NewOrg, OrgError, OrgKind};
pub use scoring::{
    level_of, score_organisation, score_organisation_counted, Answer, Answers, OrgResult, Score,
};
