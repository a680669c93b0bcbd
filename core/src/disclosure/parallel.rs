//! Independent pieces of work (connected components: an elimination or a
//! linear program each) shared among threads, with results that do not
//! depend on how many there are or which one did what.

use std::sync::Mutex;

/// How many threads to use: `0` means the machine's available parallelism.
pub(crate) fn resolve(threads: usize) -> usize {
    match threads {
        0 => std::thread::available_parallelism().map_or(1, usize::from),
        n => n,
    }
}

/// `work` applied to every job, the results in the jobs' order.
///
/// Jobs are taken one at a time by whichever thread is free, in the order
/// given (so put the largest first: one large job started last would finish
/// alone). One thread, or fewer than two jobs, runs everything on the
/// calling thread. `work` must depend only on its job: then the result is
/// the same whatever the thread count.
pub(crate) fn map_jobs<J: Send, R: Send>(
    jobs: Vec<J>,
    threads: usize,
    work: impl Fn(J) -> R + Sync,
) -> Vec<R> {
    let threads = resolve(threads).min(jobs.len());
    if threads <= 1 {
        return jobs.into_iter().map(work).collect();
    }
    let count = jobs.len();
    let queue = Mutex::new(jobs.into_iter().enumerate());
    let take = || {
        // A poisoned lock means another worker panicked; that panic is
        // passed on below, so this one only stops taking work.
        queue.lock().ok().and_then(|mut q| q.next())
    };
    let run = || {
        let mut done = Vec::new();
        while let Some((index, job)) = take() {
            done.push((index, work(job)));
        }
        done
    };
    let mut done: Vec<(usize, R)> = std::thread::scope(|scope| {
        let others: Vec<_> = (1..threads).map(|_| scope.spawn(run)).collect();
        let mut done = run();
        for other in others {
            // A worker panics only if `work` does, and the serial path
            // would have panicked the same way: pass it on unchanged.
            done.extend(
                other
                    .join()
                    .unwrap_or_else(|panic| std::panic::resume_unwind(panic)),
            );
        }
        done
    });
    debug_assert_eq!(done.len(), count);
    done.sort_unstable_by_key(|(index, _)| *index);
    done.into_iter().map(|(_, result)| result).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn results_come_back_in_the_jobs_order_whatever_the_threads() {
        let jobs: Vec<u64> = (0..200).map(|i| (i * 7919) % 1000).collect();
        let expected: Vec<u64> = jobs.iter().map(|j| j * j + 1).collect();
        for threads in [1, 2, 3, 8] {
            assert_eq!(
                map_jobs(jobs.clone(), threads, |j| j * j + 1),
                expected,
                "{threads} threads"
            );
        }
    }
}
