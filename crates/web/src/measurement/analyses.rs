//! Each round's analysis (results, benchmarks, bootstrap intervals), computed once per
//! change of its results and shared by every request that needs it. A large round takes
//! seconds: its pages start the computation in the background and show its progress
//! (`Prepared::Running`) instead of waiting with nothing shown; exports and the API wait.

use crate::kit::error::AppError;
use crate::measurement::report_view::PeerProfiles;
use crate::AppState;
use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};
use std::time::Instant;
use tokio::sync::watch;
use trappe_store::{Analysis, Store, StoreError};

/// Below this many complete responses a round's analysis is quick (about 0.25 s in a
/// release build at 2,000), so its pages wait for it as before; from it on they show
/// progress. `Config::analysis_progress_from` overrides it.
pub const PROGRESS_FROM_RESPONSES: usize = 2_000;

/// What a round's analysis depends on (`Store::results_version`).
type ResultsVersion = (i64, (i64, i64));

/// Every round's latest analysis, or the computation of it under way.
#[derive(Default)]
pub(crate) struct Analyses {
    rounds: Mutex<HashMap<i64, (ResultsVersion, Slot)>>,
}

#[derive(Clone)]
enum Slot {
    Ready(Arc<Analysis>),
    Running(Arc<Job>),
}

/// One computation of a round's analysis, shared by everyone who asks meanwhile.
struct Job {
    started: Instant,
    /// Organisations analysed so far, of `total` (0 while the responses are read).
    done: Arc<AtomicUsize>,
    total: AtomicUsize,
    /// `None` until finished; `Err` when it failed (the caller asks again to learn why).
    outcome: watch::Sender<Option<Result<Arc<Analysis>, ()>>>,
}

/// How far a running analysis has come.
#[derive(Debug, Clone, Copy)]
pub struct Progress {
    /// Organisations analysed, of `total`; `total` is 0 while the responses are read.
    pub done: usize,
    pub total: usize,
    pub seconds: usize,
}

impl Progress {
    /// Whole per cent done (0 until the organisations are known).
    pub fn percent(&self) -> usize {
        (self.done * 100)
            .checked_div(self.total)
            .unwrap_or(0)
            .min(100)
    }
}

/// A page's view of its round's analysis.
pub enum Prepared {
    Ready(Arc<Analysis>),
    /// Being computed in the background: show this progress and come back.
    Running(Progress),
}

impl Job {
    fn progress(&self) -> Progress {
        Progress {
            done: self.done.load(Ordering::Relaxed),
            total: self.total.load(Ordering::Relaxed),
            seconds: usize::try_from(self.started.elapsed().as_secs()).unwrap_or(usize::MAX),
        }
    }
}

impl AppState {
    /// The round's analysis, waiting for it if need be (exports and the API: their
    /// answers are contracts). Joins a computation already under way.
    pub async fn analysis(&self, round_id: i64) -> Result<Arc<Analysis>, AppError> {
        let version = self.store.results_version(round_id).await?;
        self.analysis_at(round_id, version).await
    }

    async fn analysis_at(
        &self,
        round_id: i64,
        version: ResultsVersion,
    ) -> Result<Arc<Analysis>, AppError> {
        let job = match self.slot(round_id, version) {
            Slot::Ready(a) => return Ok(a),
            Slot::Running(job) => job,
        };
        let mut rx = job.outcome.subscribe();
        let outcome = rx
            .wait_for(Option::is_some)
            .await
            .ok()
            .and_then(|o| o.clone());
        match outcome {
            Some(Ok(a)) => Ok(a),
            // Failed (the round is gone, the database away): once more here, for the
            // error itself.
            _ => Ok(Arc::new(self.store.analysis(round_id).await?)),
        }
    }

    /// The round's analysis for a page: at once when it is ready or the round is small
    /// (computed here), else its progress while it is computed in the background.
    pub async fn prepared_analysis(&self, round_id: i64) -> Result<Prepared, AppError> {
        let version = self.store.results_version(round_id).await?;
        let from = self
            .config
            .analysis_progress_from
            .unwrap_or(PROGRESS_FROM_RESPONSES);
        let responses = usize::try_from(version.0).unwrap_or(0);
        if responses < from {
            return self
                .analysis_at(round_id, version)
                .await
                .map(Prepared::Ready);
        }
        Ok(match self.slot(round_id, version) {
            Slot::Ready(a) => Prepared::Ready(a),
            Slot::Running(job) => Prepared::Running(job.progress()),
        })
    }

    /// The round's analysis at `version` if it is ready, else the computation of it,
    /// started here unless one is under way (one per round and version, however many
    /// ask at once).
    fn slot(&self, round_id: i64, version: ResultsVersion) -> Slot {
        let Ok(mut rounds) = self.analyses.rounds.lock() else {
            // A panic elsewhere poisoned the lock: compute without sharing.
            return Slot::Running(self.start(round_id));
        };
        if let Some((v, slot)) = rounds.get(&round_id) {
            if *v == version {
                return slot.clone();
            }
        }
        let job = self.start(round_id);
        rounds.insert(round_id, (version, Slot::Running(job.clone())));
        Slot::Running(job)
    }

    /// Starts computing the round's analysis (and its report profiles) in the background.
    fn start(&self, round_id: i64) -> Arc<Job> {
        let (outcome, _) = watch::channel(None);
        let job = Arc::new(Job {
            started: Instant::now(),
            done: Arc::new(AtomicUsize::new(0)),
            total: AtomicUsize::new(0),
            outcome,
        });
        let (state, running) = (self.clone(), job.clone());
        tokio::spawn(async move {
            let result = compute(&state.store, round_id, &running).await;
            match &result {
                // A round that is not there: the asker's 404, no fault of ours.
                Err(StoreError::NotFound(_)) | Ok(_) => {}
                Err(e) => tracing::error!(round = round_id, error = %e, "round analysis failed"),
            }
            let result = result.map_err(|_| ());
            if let Ok(mut rounds) = state.analyses.rounds.lock() {
                // Only if no newer computation replaced this one meanwhile.
                let current = matches!(
                    rounds.get(&round_id),
                    Some((_, Slot::Running(j))) if Arc::ptr_eq(j, &running)
                );
                if current {
                    match &result {
                        Ok(a) => {
                            if let Some(entry) = rounds.get_mut(&round_id) {
                                entry.1 = Slot::Ready(a.clone());
                            }
                        }
                        Err(()) => {
                            rounds.remove(&round_id);
                        }
                    }
                }
            }
            running.outcome.send_replace(Some(result));
        });
        job
    }
}

/// Reads the round's responses, then analyses them off the async threads, counting the
/// organisations done; the report's peer profiles are made with it, so that a report is
/// quick once the analysis is ready.
async fn compute(store: &Store, round_id: i64, job: &Job) -> Result<Arc<Analysis>, StoreError> {
    let results = store.round_results(round_id, None).await?;
    job.total.store(results.orgs.len(), Ordering::Relaxed);
    let done = job.done.clone();
    tokio::task::spawn_blocking(move || {
        let a = Arc::new(Analysis::counted(results, &done));
        PeerProfiles::cached(&a);
        a
    })
    .await
    .map_err(|e| StoreError::Invalid(format!("analysis failed: {e}")))
}

/// The page shown while a round's analysis is computed: its progress, updated by
/// /static/progress.js without reloading (or by the browser every 5 s without
/// JavaScript); the same address then shows the page asked for.
#[derive(askama::Template, askama_web::WebTemplate)]
#[template(path = "measurement/analysis_progress.html")]
pub struct AnalysisProgressPage {
    pub ctx: crate::kit::page::Ctx,
    pub p: Progress,
}

impl AnalysisProgressPage {
    fn percent_text(&self) -> String {
        self.ctx.lang.pct(self.p.percent() as f64 / 100.0, 0)
    }
}

/// The progress page as a response that no cache keeps (the same address soon shows
/// the page itself).
pub fn progress_page(ctx: crate::kit::page::Ctx, p: Progress) -> axum::response::Response {
    use axum::response::IntoResponse;
    (
        [(axum::http::header::CACHE_CONTROL, "no-store")],
        AnalysisProgressPage { ctx, p },
    )
        .into_response()
}
