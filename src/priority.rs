//! The priority of loupe's threads.
//!
//! rayon's threads read the content and render the pages: many small pieces of work, shared
//! by every core. Each language's search index and export is one long run of work on a thread
//! of its own. When they share the cores, the search should run first and the render fill in
//! around it: the build then ends on the render on every core, not on one language's search
//! export on one core while the other idles (the French corpus takes longer than the English).
//! So rayon's threads run at a lower priority (a higher nice value) than the rest of loupe.
//! Alone on a core a thread runs at full speed whatever its priority, and loupe's threads only
//! ever yield to each other and to programs at the priority loupe was started with.

/// How much lower than the rest of loupe rayon's threads run: a nice value added to theirs.
/// At 10, a thread gets about a tenth of a core it shares with a thread of the rest of loupe.
pub const RAYON_NICE: i32 = 10;

/// Builds rayon's global pool with threads [`RAYON_NICE`] below the calling thread's priority.
/// Call it before anything uses rayon; where it fails (or rayon already runs), threads keep
/// their priority and the build only ends on one core more often.
pub fn lower_rayon_threads() {
    let _ = lowered_pool().build_global();
}

/// A rayon pool whose threads each lower their priority by [`RAYON_NICE`] as they start.
fn lowered_pool() -> rayon::ThreadPoolBuilder {
    rayon::ThreadPoolBuilder::new().start_handler(|_| lower_this_thread(RAYON_NICE))
}

/// Lowers the priority of the calling thread by `by` (a nice value, at most 19 in all). Only
/// on Linux, where the nice value is each thread's own; elsewhere it is the whole process's,
/// and nothing is changed.
fn lower_this_thread(by: i32) {
    #[cfg(target_os = "linux")]
    if let Ok(nice) = rustix::process::getpriority_process(None) {
        // `None` names the calling thread.
        let _ = rustix::process::setpriority_process(None, (nice + by).min(19));
    }
    #[cfg(not(target_os = "linux"))]
    let _ = by;
}

#[cfg(all(test, target_os = "linux"))]
mod tests {
    use super::*;

    #[test]
    fn pool_threads_run_lower_than_the_thread_that_made_them_and_it_keeps_its_priority() {
        let own = rustix::process::getpriority_process(None).expect("this thread's nice value");
        let pool = lowered_pool().num_threads(2).build().expect("a pool");
        let theirs: Vec<i32> = pool.broadcast(|_| {
            rustix::process::getpriority_process(None).expect("a pool thread's nice value")
        });
        assert_eq!(theirs, vec![(own + RAYON_NICE).min(19); 2]);
        assert_eq!(rustix::process::getpriority_process(None).ok(), Some(own));
        // A thread spawned here, as the search's threads are, keeps this thread's priority.
        let spawned = std::thread::spawn(|| rustix::process::getpriority_process(None).ok())
            .join()
            .expect("a thread");
        assert_eq!(spawned, Some(own));
    }
}
