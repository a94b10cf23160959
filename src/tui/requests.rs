//! Requests in flight, in one place. The tracker issues every job's id and keeps, per target, only the latest: an
//! answer is accepted when it is the latest for its target and from the generation of the grid that is there now.
//! The queue lets a newer read replace a queued stale one with the same target, so a burst of cursor moves costs
//! one query, not one per row passed.

use std::collections::{HashMap, VecDeque};
use std::sync::{Condvar, Mutex};

use crate::tui::jobs::{Answer, Job, Key, Target, Work};

#[derive(Debug, Default)]
pub struct Requests {
    next_id: u64,
    /// Per key: the latest id and the generation it was asked for.
    latest: HashMap<Key, (u64, u64)>,
}

impl Requests {
    /// A job for `target`, which becomes the only one whose answer `accept` takes for that target.
    pub fn issue(&mut self, target: Target, work: Work) -> Job {
        self.next_id += 1;
        self.latest
            .insert(target.key(), (self.next_id, target.generation()));
        Job {
            id: self.next_id,
            target,
            work,
        }
    }

    /// Whether the answer is the latest asked for its target; an accepted answer is no longer waited for.
    pub fn accept(&mut self, answer: &Answer) -> bool {
        let key = answer.target.key();
        let latest = self.latest.get(&key) == Some(&(answer.id, answer.target.generation()));
        if latest {
            self.latest.remove(&key);
        }
        latest
    }

    /// Whether an answer for `target` (that generation) is awaited.
    pub fn waiting(&self, target: Target) -> bool {
        self.latest
            .get(&target.key())
            .is_some_and(|(_, g)| *g == target.generation())
    }

    /// Whether any answer is awaited for the keys `wanted` picks (of that generation, for grid targets).
    pub fn waiting_any(&self, wanted: impl Fn(Key, u64) -> bool) -> bool {
        self.latest.iter().any(|(k, (_, g))| wanted(*k, *g))
    }

    /// Whether anything at all is awaited (the spinner, cancel).
    pub fn busy(&self) -> bool {
        !self.latest.is_empty()
    }

    /// Stop waiting for every request: after a cancel the runner reports nothing more for the ones dropped.
    pub fn forget(&mut self, key: Key) {
        self.latest.remove(&key);
    }
}

/// Add a job to a queue of jobs not yet started: a queued read with the same target key is replaced (its answer
/// would be stale on arrival); an export is never dropped. Returns the job replaced, if any.
pub fn enqueue(queue: &mut VecDeque<Job>, job: Job) -> Option<Job> {
    let replaced = if job.target.replaceable() {
        queue
            .iter()
            .position(|q| q.target.key() == job.target.key())
            .and_then(|i| queue.remove(i))
    } else {
        None
    };
    queue.push_back(job);
    replaced
}

/// The workers' queue: `enqueue`'s rule behind a lock, and a blocking `pop`.
#[derive(Default)]
pub struct WorkQueue {
    state: Mutex<(VecDeque<Job>, bool)>,
    ready: Condvar,
}

impl WorkQueue {
    pub fn push(&self, job: Job) -> Option<Job> {
        let Ok(mut state) = self.state.lock() else {
            return None;
        };
        let replaced = enqueue(&mut state.0, job);
        self.ready.notify_one();
        replaced
    }

    /// The next job, waiting for one; `None` once the queue is closed.
    pub fn pop(&self) -> Option<Job> {
        let mut state = self.state.lock().ok()?;
        loop {
            if state.1 {
                return None;
            }
            if let Some(job) = state.0.pop_front() {
                return Some(job);
            }
            state = self.ready.wait(state).ok()?;
        }
    }

    pub fn close(&self) {
        if let Ok(mut state) = self.state.lock() {
            state.1 = true;
        }
        self.ready.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::tui::jobs::{Outcome, Slot};

    fn work() -> Work {
        Work::Count {
            sql: crate::core::gate::check("SELECT 1").unwrap(),
            params: Vec::new(),
        }
    }

    fn answer(job: &Job) -> Answer {
        Answer {
            id: job.id,
            target: job.target,
            outcome: Outcome::Count(1),
            elapsed_ms: 0,
        }
    }

    #[test]
    fn only_the_latest_answer_per_target_is_accepted_once() {
        let mut r = Requests::default();
        let old = r.issue(Target::Scores, work());
        let new = r.issue(Target::Scores, work());
        assert!(!r.accept(&answer(&old)));
        assert!(r.busy());
        assert!(r.accept(&answer(&new)));
        assert!(!r.accept(&answer(&new)), "a replay is dropped");
        assert!(!r.busy());
    }

    #[test]
    fn a_grid_of_another_generation_does_not_wait_for_the_old_answer() {
        let mut r = Requests::default();
        let slot = Slot::Console;
        let page = |generation| Target::Page {
            slot,
            page: 0,
            generation,
        };
        let old = r.issue(page(1), work());
        assert!(r.waiting(page(1)));
        assert!(!r.waiting(page(2)), "a reset grid asks again at once");
        let new = r.issue(page(2), work());
        assert!(!r.accept(&answer(&old)));
        assert!(r.accept(&answer(&new)));
    }

    #[test]
    fn a_newer_read_replaces_a_queued_one_and_exports_are_kept() {
        let mut r = Requests::default();
        let mut queue = VecDeque::new();
        assert!(enqueue(&mut queue, r.issue(Target::Scores, work())).is_none());
        assert!(enqueue(&mut queue, r.issue(Target::Tile(0), work())).is_none());
        let replaced = enqueue(&mut queue, r.issue(Target::Scores, work()));
        assert_eq!(replaced.map(|j| j.id), Some(1));
        assert_eq!(queue.len(), 2);
        enqueue(&mut queue, r.issue(Target::Export, work()));
        assert!(enqueue(&mut queue, r.issue(Target::Export, work())).is_none());
        assert_eq!(queue.len(), 4);
    }
}
