//! Keeping caught panics off the host's stderr.
//!
//! A panic runs the process's panic hook before it unwinds; Rust's default hook
//! prints "thread '…' panicked at …" (and a backtrace under `RUST_BACKTRACE`)
//! on stderr. A library must not write to its host's stderr, and a panic inside
//! one of our calls is caught at the boundary and reported through the status
//! and the message anyway.
//!
//! So on the first call into the library, [`install`] wraps whatever hook is
//! set at that moment (the default one, or one the embedding program set) in a
//! hook that looks at a per-thread flag: while this thread is inside one of our
//! calls ([`Scope`]), the panic is silent and its location is kept for the
//! error message ([`take_location`]); any other panic goes to the wrapped hook
//! unchanged. The hook is installed once and never removed (removing it could
//! drop a hook someone set after ours). A hook set later replaces ours: panics
//! inside our calls are then printed by that hook, and still caught.
//!
//! This module depends on nothing else in the crate, so that
//! `tests/panic_hook.rs` can test it in a process of its own (the hook is
//! process-wide state).

use std::cell::{Cell, RefCell};
use std::sync::Once;

thread_local! {
    /// How many of our calls this thread is inside (exports do not nest, but
    /// counting is as cheap as a flag and cannot be confused by nesting).
    static DEPTH: Cell<u32> = const { Cell::new(0) };
    /// Where the last panic inside our calls on this thread happened.
    static LOCATION: RefCell<Option<String>> = const { RefCell::new(None) };
}

static INSTALL: Once = Once::new();

/// Installs the quiet hook if it is not installed yet.
pub(crate) fn install() {
    // `take_hook` and `set_hook` panic on a thread that is panicking (a host's
    // destructor calling us during unwinding): leave the hook alone then, and
    // try again on a later call.
    if std::thread::panicking() {
        return;
    }
    INSTALL.call_once(|| {
        let previous = std::panic::take_hook();
        std::panic::set_hook(Box::new(move |info| {
            if inside_a_call() {
                let location = info
                    .location()
                    .map(|l| format!("{}:{}:{}", l.file(), l.line(), l.column()));
                // `try_`: a hook must not panic (that aborts); during thread
                // teardown the slot may be gone, and then the location is lost.
                let _ = LOCATION.try_with(|slot| {
                    if let Ok(mut slot) = slot.try_borrow_mut() {
                        *slot = location;
                    }
                });
            } else {
                previous(info);
            }
        }));
    });
}

fn inside_a_call() -> bool {
    DEPTH.try_with(|depth| depth.get() > 0).unwrap_or(false)
}

/// This thread is inside one of our calls while a `Scope` lives.
pub(crate) struct Scope {
    _not_send: std::marker::PhantomData<*const ()>,
}

impl Scope {
    /// Marks this thread as inside one of our calls, forgetting the location
    /// of any earlier panic.
    pub(crate) fn enter() -> Scope {
        let _ = DEPTH.try_with(|depth| depth.set(depth.get().saturating_add(1)));
        let _ = LOCATION.try_with(|slot| slot.try_borrow_mut().map(|mut s| *s = None));
        Scope {
            _not_send: std::marker::PhantomData,
        }
    }
}

impl Drop for Scope {
    fn drop(&mut self) {
        let _ = DEPTH.try_with(|depth| depth.set(depth.get().saturating_sub(1)));
    }
}

/// The location (`file:line:column`) of the last panic inside our calls on
/// this thread, if the quiet hook saw one; taking it clears it.
pub(crate) fn take_location() -> Option<String> {
    LOCATION
        .try_with(|slot| slot.try_borrow_mut().ok().and_then(|mut s| s.take()))
        .ok()
        .flatten()
}
