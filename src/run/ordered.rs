//! The one ordered pool: items handed to a few threads one at a time by index, and their results
//! released to the caller, on the caller's thread, in index order whatever order they finish in.
//! `run` (challenges), `batch` (learners), `lab` (instances) and `validate` (blocks) all work
//! through it, and it is the one place that decides how many workers a run's memory can keep
//! and each one's share.

use std::collections::{BTreeMap, VecDeque};
use std::sync::{Condvar, Mutex};
use std::time::Duration;

use crate::error::Error;

/// The smallest share of memory a worker's hints get, however many jobs there are.
pub const MIN_WORKER_MEMORY: usize = 32 << 20;

/// How many workers a run's memory can keep at once: as many as `wanted`, but never so many that
/// each would get less than [`MIN_WORKER_MEMORY`]; their shares together stay within `memory`.
pub fn workers_within(memory: usize, wanted: usize) -> usize {
    wanted.clamp(1, (memory / MIN_WORKER_MEMORY).max(1))
}

/// A number of threads, and how far ahead of the caller they may work.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Pool {
    threads: usize,
    ahead: usize,
    /// Say so when nothing came for this long.
    tick: Option<Duration>,
}

/// What the pool hands the caller, in order for `Done`.
pub enum Step<R, N> {
    /// Something a thread said while working on an item (progress), as it came.
    Note(N),
    /// An item's result, in index order.
    Done(usize, R),
    /// Nothing came for the pool's tick (see [`Pool::tick`]).
    Quiet,
}

impl Pool {
    /// `wanted` threads, but none without an item to work on.
    pub fn new(wanted: usize, items: usize) -> Pool {
        Pool {
            threads: wanted.clamp(1, items.max(1)),
            ahead: usize::MAX,
            tick: None,
        }
    }

    /// As many threads as [`Pool::new`] gives, but no more than `memory` keeps (see
    /// [`workers_within`]); with each one's share of it.
    pub fn within_memory(memory: usize, wanted: usize, items: usize) -> (Pool, usize) {
        let pool = Pool::new(workers_within(memory, wanted), items);
        (pool, memory / pool.threads)
    }

    /// Hands out at most `items` beyond the next to release, so the results that wait for an
    /// earlier one stay few however long that one takes.
    pub fn ahead(self, items: usize) -> Pool {
        Pool {
            ahead: items.max(1),
            ..self
        }
    }

    /// Hands the caller [`Step::Quiet`] whenever `every` passes with nothing to release: what a
    /// log that must never go silent needs.
    pub fn tick(self, every: Duration) -> Pool {
        Pool {
            tick: Some(every),
            ..self
        }
    }

    pub fn threads(&self) -> usize {
        self.threads
    }

    /// Runs `work` on items `0..items`: each thread first makes its own state with `start` (a
    /// worker process, a syntax checker), then takes the next item until there are none, `stop`
    /// says so, or an item failed (an error, or a panic, which becomes an internal error).
    /// Results and notes reach `on` on this thread. After a stop, the results that came are
    /// released in index order, with gaps; the first error is returned once every thread has
    /// ended.
    pub fn run<S, R: Send, N: Send>(
        &self,
        items: usize,
        stop: &(dyn Fn() -> bool + Sync),
        start: impl Fn() -> Result<S, Error> + Sync,
        work: impl Fn(&mut S, usize, &dyn Fn(N)) -> Result<R, Error> + Sync,
        on: &mut dyn FnMut(Step<R, N>),
    ) -> Result<(), Error> {
        let state = Mutex::new(State {
            next: 0,
            released: 0,
            done: BTreeMap::new(),
            notes: VecDeque::new(),
            running: self.threads,
            failure: None,
        });
        let changed = Condvar::new();
        let lock = || state.lock().unwrap_or_else(|e| e.into_inner());
        std::thread::scope(|scope| {
            for _ in 0..self.threads {
                let (start, work, lock, state, changed) = (&start, &work, &lock, &state, &changed);
                scope.spawn(move || {
                    // Counted out however the thread ends, so the caller never waits for a
                    // thread that is gone.
                    let _ended = Ended { state, changed };
                    let fail = |error: Error| {
                        lock().failure.get_or_insert(error);
                        changed.notify_all();
                    };
                    let mut own = match start() {
                        Ok(own) => own,
                        Err(error) => return fail(error),
                    };
                    let note = |note: N| {
                        lock().notes.push_back(note);
                        changed.notify_all();
                    };
                    loop {
                        let index = {
                            let mut state = lock();
                            loop {
                                if state.next >= items || state.failure.is_some() || stop() {
                                    return;
                                }
                                if state.next - state.released < self.ahead {
                                    break;
                                }
                                // Bounded, so a stop is seen while waiting.
                                state = changed
                                    .wait_timeout(state, Duration::from_millis(50))
                                    .unwrap_or_else(|e| e.into_inner())
                                    .0;
                            }
                            state.next += 1;
                            state.next - 1
                        };
                        let worked = std::panic::catch_unwind(std::panic::AssertUnwindSafe(|| {
                            work(&mut own, index, &note)
                        }))
                        .unwrap_or_else(|_| {
                            Err(Error::Internal(format!(
                                "a worker thread failed unexpectedly on item {}",
                                index + 1
                            )))
                        });
                        match worked {
                            Ok(result) => {
                                lock().done.insert(index, result);
                                changed.notify_all();
                            }
                            Err(error) => return fail(error),
                        }
                    }
                });
            }
            loop {
                let step = {
                    let mut state = lock();
                    loop {
                        if let Some(note) = state.notes.pop_front() {
                            break Some(Step::Note(note));
                        }
                        let index = state.released;
                        if let Some(result) = state.done.remove(&index) {
                            state.released += 1;
                            break Some(Step::Done(index, result));
                        }
                        if state.running == 0 {
                            break None;
                        }
                        match self.tick {
                            Some(every) => {
                                let (next, waited) = changed
                                    .wait_timeout(state, every)
                                    .unwrap_or_else(|e| e.into_inner());
                                state = next;
                                if waited.timed_out()
                                    && state.notes.is_empty()
                                    && !state.done.contains_key(&state.released)
                                {
                                    break Some(Step::Quiet);
                                }
                            }
                            None => state = changed.wait(state).unwrap_or_else(|e| e.into_inner()),
                        }
                    }
                };
                let Some(step) = step else { break };
                on(step);
                // A thread may be waiting for room ahead.
                changed.notify_all();
            }
        });
        let mut state = state.into_inner().unwrap_or_else(|e| e.into_inner());
        // After a stop some items never ran; release what did, in order.
        for (index, result) in std::mem::take(&mut state.done) {
            on(Step::Done(index, result));
        }
        match state.failure {
            Some(error) => Err(error),
            None => Ok(()),
        }
    }
}

struct State<R, N> {
    /// The next item to hand out.
    next: usize,
    /// The next item to release.
    released: usize,
    done: BTreeMap<usize, R>,
    notes: VecDeque<N>,
    running: usize,
    failure: Option<Error>,
}

/// Counts a thread out when it ends.
struct Ended<'a, R, N> {
    state: &'a Mutex<State<R, N>>,
    changed: &'a Condvar,
}

impl<R, N> Drop for Ended<'_, R, N> {
    fn drop(&mut self) {
        self.state.lock().unwrap_or_else(|e| e.into_inner()).running -= 1;
        self.changed.notify_all();
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    /// Items that finish in reverse order still come out in index order, never more than
    /// `ahead` handed out past the next to release, and each thread made its state once.
    #[test]
    fn results_come_out_in_order_within_the_window() {
        let starts = AtomicUsize::new(0);
        let busy = AtomicUsize::new(0);
        let most = AtomicUsize::new(0);
        let mut seen = Vec::new();
        let mut notes = 0;
        Pool::new(4, 20)
            .ahead(6)
            .run(
                20,
                &|| false,
                || {
                    starts.fetch_add(1, Ordering::SeqCst);
                    Ok(())
                },
                |(), index, note| {
                    let now = busy.fetch_add(1, Ordering::SeqCst) + 1;
                    most.fetch_max(now, Ordering::SeqCst);
                    std::thread::sleep(Duration::from_millis(((20 - index) % 5) as u64 * 3));
                    busy.fetch_sub(1, Ordering::SeqCst);
                    note(());
                    Ok(index * 10)
                },
                &mut |step| match step {
                    Step::Done(index, result) => seen.push((index, result)),
                    Step::Note(()) => notes += 1,
                    Step::Quiet => panic!("no tick was asked for"),
                },
            )
            .unwrap();
        let expected: Vec<(usize, usize)> = (0..20).map(|i| (i, i * 10)).collect();
        assert_eq!(seen, expected);
        assert_eq!(notes, 20);
        assert_eq!(starts.load(Ordering::SeqCst), 4);
        assert!(most.load(Ordering::SeqCst) <= 4);
    }

    /// The first error stops the handing out and is returned; what finished before is released,
    /// and a panic is an internal error, not a crash.
    #[test]
    fn an_error_or_a_panic_stops_the_pool() {
        let mut seen = Vec::new();
        let result = Pool::new(1, 10).run(
            10,
            &|| false,
            || Ok(()),
            |(), index, _: &dyn Fn(())| {
                if index == 3 {
                    return Err(Error::Input("three".into()));
                }
                Ok(index)
            },
            &mut |step| {
                if let Step::Done(index, _) = step {
                    seen.push(index);
                }
            },
        );
        assert_eq!(result, Err(Error::Input("three".into())));
        assert_eq!(seen, [0, 1, 2]);
        let panicked = Pool::new(2, 4).run(
            4,
            &|| false,
            || Ok(()),
            |(), index, _: &dyn Fn(())| -> Result<usize, Error> {
                assert!(index != 2, "a bug");
                Ok(index)
            },
            &mut |_| {},
        );
        assert!(matches!(panicked, Err(Error::Internal(_))), "{panicked:?}");
        assert_eq!(
            Pool::within_memory(100 << 20, 8, 50),
            (Pool::new(3, 50), (100 << 20) / 3)
        );
    }

    #[test]
    fn a_quiet_stretch_is_told_while_an_item_takes_long() {
        let mut quiet = 0;
        let mut done = 0;
        Pool::new(1, 1)
            .tick(Duration::from_millis(20))
            .run(
                1,
                &|| false,
                || Ok(()),
                |(), _, _: &dyn Fn(())| {
                    std::thread::sleep(Duration::from_millis(200));
                    Ok(())
                },
                &mut |step| match step {
                    Step::Quiet => quiet += 1,
                    Step::Done(..) => done += 1,
                    Step::Note(()) => {}
                },
            )
            .unwrap();
        assert_eq!(done, 1);
        assert!(quiet >= 2, "told {quiet} times");
    }
}
