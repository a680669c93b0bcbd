//! The quiet panic hook (`src/panic_hook.rs`), in a process of its own: the
//! panic hook is process-wide, so this file holds a single test that controls
//! every hook change.
//!
//! A "host" hook is set first, as an embedding program might. Once the quiet
//! hook is installed, a panic inside one of our calls (a `Scope`) must not
//! reach it (and so print nothing), and must leave its location; a panic
//! anywhere else, on this thread outside a call or on another thread during
//! one, must reach the host's hook exactly once.

#[allow(dead_code)]
#[path = "../src/panic_hook.rs"]
mod panic_hook;

use std::panic::{catch_unwind, AssertUnwindSafe};
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::Arc;

fn panic_quietly_caught(message: &'static str) {
    let outcome = catch_unwind(AssertUnwindSafe(|| panic!("{message}")));
    assert!(outcome.is_err());
}

#[test]
fn panics_inside_our_calls_are_silent_and_others_reach_the_hosts_hook() {
    let host_calls = Arc::new(AtomicUsize::new(0));
    let seen = Arc::clone(&host_calls);
    // The host's hook: counts, prints nothing.
    std::panic::set_hook(Box::new(move |_| {
        seen.fetch_add(1, Ordering::SeqCst);
    }));

    panic_hook::install();
    // Installing again changes nothing (the hook is not wrapped twice).
    panic_hook::install();

    // Outside our calls: the host's hook, once.
    panic_quietly_caught("the host's own panic");
    assert_eq!(host_calls.load(Ordering::SeqCst), 1);
    assert_eq!(panic_hook::take_location(), None);

    // Inside one of our calls: silent, and the location is kept.
    {
        let _scope = panic_hook::Scope::enter();
        panic_quietly_caught("a bug inside the library");
        assert_eq!(host_calls.load(Ordering::SeqCst), 1);
        let location = panic_hook::take_location().expect("the location of the panic");
        assert!(
            location.starts_with("ffi/tests/panic_hook.rs:"),
            "{location}"
        );
        // Taking it clears it.
        assert_eq!(panic_hook::take_location(), None);

        // The flag is per thread: another thread's panic meanwhile is the host's.
        std::thread::spawn(|| panic_quietly_caught("another thread of the host"))
            .join()
            .unwrap();
        assert_eq!(host_calls.load(Ordering::SeqCst), 2);
    }

    // The call is over: the host's hook again.
    panic_quietly_caught("the host's own panic, later");
    assert_eq!(host_calls.load(Ordering::SeqCst), 3);

    // Nested scopes (not done by the exports, but harmless): silent until the
    // outer one ends.
    {
        let _outer = panic_hook::Scope::enter();
        {
            let _inner = panic_hook::Scope::enter();
        }
        panic_quietly_caught("after an inner scope ended");
        assert_eq!(host_calls.load(Ordering::SeqCst), 3);
    }

    // A scope forgets the location of an earlier panic.
    {
        let _scope = panic_hook::Scope::enter();
        panic_quietly_caught("left behind");
    }
    {
        let _scope = panic_hook::Scope::enter();
        assert_eq!(panic_hook::take_location(), None);
    }

    let _ = std::panic::take_hook();
}
