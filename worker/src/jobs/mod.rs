//! The job runner: claims due jobs from the `jobs` table (see [`backend::jobs`]), runs each
//! with its lease renewed, and records the outcome. Each kind's code is in the module of its
//! area and calls that area's backend functions; every run is idempotent, since a job whose
//! worker died runs again on another.

use std::time::Duration;

use backend::jobs::{self, Job, JobKind};
use backend::{Ctx, Result};

mod coupons;
mod domains;
mod housekeeping;
mod scheduled;

pub use housekeeping::{Housekeeping, housekeeping};

/// How often a worker enqueues the current period of each schedule (see [`jobs::schedule`]).
pub const SCHEDULE_EVERY: Duration = Duration::from_secs(15);
/// How long an idle runner waits before looking for due jobs again.
pub const IDLE_WAIT: Duration = Duration::from_millis(250);
/// Jobs one worker runs at once: a long batch PDF does not hold up a minute's campaigns.
pub const RUNNERS: usize = 2;

/// What one worker needs to run every kind.
pub struct Runner {
    pub ctx: Ctx,
    /// This worker's name in the jobs it leases.
    pub name: String,
    pub resolver: Option<backend::agents::SystemResolver>,
}

/// What became of one claimed job.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Outcome {
    Done,
    /// Failed; queued again after a backoff.
    Retrying,
    /// Failed its last attempt.
    GivenUp,
    /// The worker stopped mid-run and handed it back.
    Released,
}

impl Runner {
    /// Claims one due job and runs it to its end (or until `stop` resolves, when it is handed
    /// back); `None` when nothing was due.
    pub async fn run_one(
        &self,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<Option<(Job, Outcome)>> {
        let now = self.ctx.clock.now_ms();
        let Some(job) = jobs::claim(&self.ctx.db, &self.name, now).await? else {
            return Ok(None);
        };
        let span = tracing::info_span!("job", kind = job.kind.as_str(), key = %job.dedupe_key,
            attempt = job.attempts, request_id = job.request_id.as_deref().unwrap_or(""));
        let outcome = tracing::Instrument::instrument(self.attempt(&job, stop), span).await?;
        Ok(Some((job, outcome)))
    }

    async fn attempt(
        &self,
        job: &Job,
        stop: impl std::future::Future<Output = ()>,
    ) -> Result<Outcome> {
        let db = &self.ctx.db;
        if job.attempts > job.max_attempts {
            // Its last worker died mid-run: it has had every attempt it may.
            jobs::fail(
                db,
                job,
                &self.name,
                self.ctx.clock.now_ms(),
                "the worker running it stopped",
            )
            .await?;
            self.given_up(job).await;
            return Ok(Outcome::GivenUp);
        }
        let work = self.dispatch(job);
        tokio::pin!(work, stop);
        let mut renew = tokio::time::interval(Duration::from_millis(
            u64::try_from(jobs::LEASE_MS / 4).unwrap_or(15_000),
        ));
        renew.tick().await;
        let result = loop {
            tokio::select! {
                r = &mut work => break r,
                () = &mut stop => {
                    jobs::release(db, &job.id, &self.name).await?;
                    return Ok(Outcome::Released);
                }
                _ = renew.tick() => {
                    if !jobs::renew(db, &job.id, &self.name, self.ctx.clock.now_ms()).await? {
                        tracing::warn!("lease lost; another worker runs this job");
                    }
                }
            }
        };
        let now = self.ctx.clock.now_ms();
        match result {
            Ok(()) => {
                jobs::finish(db, &job.id, &self.name, now).await?;
                Ok(Outcome::Done)
            }
            Err(e) => {
                let text = e.to_string();
                if jobs::fail(db, job, &self.name, now, &text).await? {
                    tracing::error!(error = %text, "job failed its last attempt");
                    self.given_up(job).await;
                    Ok(Outcome::GivenUp)
                } else {
                    tracing::warn!(error = %text, "job failed; it will be tried again");
                    Ok(Outcome::Retrying)
                }
            }
        }
    }

    /// Runs `job` once.
    async fn dispatch(&self, job: &Job) -> Result<()> {
        match job.kind {
            JobKind::BatchPdf => coupons::render(&self.ctx, &job.payload).await,
            JobKind::ExpiryRefunds => scheduled::expiry_refunds(&self.ctx).await,
            JobKind::Statements => scheduled::statements(&self.ctx).await,
            JobKind::Campaigns => scheduled::campaigns(&self.ctx).await,
            JobKind::Housekeeping => housekeeping::run(&self.ctx).await,
            JobKind::DomainChecks => domains::run(&self.ctx, self.resolver.as_ref()).await,
        }
    }

    /// What a kind leaves behind when it gives up.
    async fn given_up(&self, job: &Job) {
        if job.kind == JobKind::BatchPdf {
            coupons::given_up(&self.ctx, &job.payload).await;
        }
    }

    /// Runs jobs until `stop` flips to true: claims, runs, and waits [`IDLE_WAIT`] when nothing
    /// is due.
    pub async fn run(&self, mut stop: tokio::sync::watch::Receiver<bool>) {
        while !*stop.borrow() {
            let mut halt = stop.clone();
            match self.run_one(async move { stopped(&mut halt).await }).await {
                Ok(Some(_)) => continue,
                Ok(None) => {}
                Err(e) => tracing::error!(error = %e, "job runner"),
            }
            tokio::select! {
                () = stopped(&mut stop) => break,
                () = tokio::time::sleep(IDLE_WAIT) => {}
            }
        }
    }
}

/// Resolves once `stop` holds true.
pub async fn stopped(stop: &mut tokio::sync::watch::Receiver<bool>) {
    let _ = stop.wait_for(|s| *s).await;
}
