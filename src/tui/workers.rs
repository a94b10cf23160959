//! The app's query workers: threads that live as long as the app, each with a connection of its own, taking jobs from
//! one queue where a newer read replaces a queued stale one. The terminal runner and the headless session both run
//! their jobs here, so a job headless runs where it runs on a terminal: a thread and a connection made for each batch
//! of jobs cost a drill step 2-5 ms of its 12-16 ms on the 1M lake (docs/performance.md).

use std::panic::AssertUnwindSafe;
use std::sync::Arc;

use crate::core::backend::{Backend, Interrupt, Progress};
use crate::core::engine::spawn_with_large_stack;
use crate::core::error::{Error, Result};
use crate::tui::jobs::{Answer, Job, Outcome, execute};
use crate::tui::requests::WorkQueue;

/// Two workers: one a core of the 2-core machines qlake is measured on; the tiles and pages queue behind them.
pub const WORKERS: usize = 2;

/// Running workers. Dropping this closes the queue: each worker ends after the job it is running.
pub struct Workers {
    queue: Arc<WorkQueue>,
    /// One per worker: interrupts the query it is running.
    pub interrupts: Vec<Interrupt>,
    /// One per worker: the engine's estimate of its running query's progress.
    pub progress: Vec<Progress>,
}

impl Workers {
    /// Start the workers on connections of `engine`; each answer goes to `answer`, and a worker stops when `answer`
    /// says it cannot be delivered any more.
    pub fn start(
        engine: &dyn Backend,
        answer: impl Fn(Answer) -> bool + Clone + Send + 'static,
    ) -> Result<Workers> {
        let queue = Arc::new(WorkQueue::default());
        let mut workers = Workers {
            queue: Arc::clone(&queue),
            interrupts: Vec::new(),
            progress: Vec::new(),
        };
        for _ in 0..WORKERS {
            let worker = engine.connection()?;
            workers.interrupts.push(worker.interrupt());
            workers.progress.push(worker.progress());
            let (jobs, answer) = (Arc::clone(&queue), answer.clone());
            spawn_with_large_stack("qlake-worker", move || {
                while let Some(job) = jobs.pop() {
                    if !answer(run(worker.as_ref(), &job)) {
                        return;
                    }
                }
            })
            .map_err(|e| {
                Error::Invalid(crate::tr!(
                    crate::i18n::process_lang(),
                    "workers-cannot-start",
                    error = e.to_string()
                ))
            })?;
        }
        Ok(workers)
    }

    /// Queue `job`; the queued job it replaces (a stale read of the same target), if any, will not be answered.
    pub fn push(&self, job: Job) -> Option<Job> {
        self.queue.push(job)
    }
}

impl Drop for Workers {
    fn drop(&mut self) {
        self.queue.close();
    }
}

/// A job's answer, also when running it panicked: the app waits for every answer, so none may go missing.
fn run(engine: &dyn Backend, job: &Job) -> Answer {
    std::panic::catch_unwind(AssertUnwindSafe(|| execute(engine, job))).unwrap_or_else(|_| Answer {
        id: job.id,
        target: job.target,
        outcome: Outcome::Failed(crate::tr!(crate::i18n::process_lang(), "workers-failed")),
        elapsed_ms: 0,
    })
}
