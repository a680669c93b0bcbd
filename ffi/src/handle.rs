//! Handles: the opaque pointers C holds (`sg_plan *`, `sg_ledger *`, …) and the
//! Rust objects behind them.
//!
//! Each handle type is an opaque struct C never sees inside, declared where its
//! functions are (cbindgen needs the declaration in the source to write
//! `typedef struct sg_plan sg_plan;`), plus one line naming the object behind it
//! and how it is held:
//!
//! ```ignore
//! handle!(sg_plan => Arc<Plan>);        // shared: ledgers keep their plan alive
//! handle!(sg_ledger => Box<Ledger>);    // owned by the caller alone
//! ```
//!
//! Every cast between a handle pointer and its object goes through the
//! functions below, so no export writes `as *mut` or `Box::from_raw` itself and
//! a handle can only ever be read as the object it was made from (the idea of
//! rustls-ffi's `Castable`).

use std::sync::Arc;

use crate::error::Error;

/// How the object behind a handle is held.
pub(crate) trait Ownership {
    /// Moves `object` to the heap and gives up ownership of it as a raw pointer.
    fn into_raw<T>(object: T) -> *mut T;

    /// Takes back ownership of what [`Ownership::into_raw`] gave out, and drops it.
    ///
    /// # Safety
    /// `ptr` must come from `Self::into_raw` and not have been freed yet, and
    /// nothing may use it during or after the call.
    unsafe fn free<T>(ptr: *mut T);
}

/// The handle owns its object alone (`Box`): the caller frees it once.
pub(crate) enum Boxed {}

/// The handle is one reference to a shared object (`Arc`): other objects of
/// the library may hold more references, and the object lives until the last
/// one goes.
pub(crate) enum Shared {}

impl Ownership for Boxed {
    fn into_raw<T>(object: T) -> *mut T {
        Box::into_raw(Box::new(object))
    }

    unsafe fn free<T>(ptr: *mut T) {
        // SAFETY: per this function's contract, `ptr` came from `Box::into_raw`
        // and is freed once, with no other user.
        drop(unsafe { Box::from_raw(ptr) });
    }
}

impl Ownership for Shared {
    fn into_raw<T>(object: T) -> *mut T {
        // The object is only ever read through the pointer (see `borrow_mut`'s
        // bound): the `*mut` is what C's free function takes, not a licence to
        // write.
        Arc::into_raw(Arc::new(object)).cast_mut()
    }

    unsafe fn free<T>(ptr: *mut T) {
        // SAFETY: per this function's contract, `ptr` came from `Arc::into_raw`
        // and this reference is given up once.
        drop(unsafe { Arc::from_raw(ptr.cast_const()) });
    }
}

/// An opaque C handle type and the Rust object behind it. Implement it with
/// [`handle!`].
pub(crate) trait Handle {
    /// The object behind the handle. Handles move between threads and are
    /// read from several at once (see the header), hence `Send + Sync`.
    type Object: Send + Sync + 'static;
    /// How it is held: [`Boxed`] or [`Shared`].
    type Ownership: Ownership;
}

/// Declares the object behind an opaque handle type, and how it is held:
/// `handle!(sg_plan => Arc<Plan>);` or `handle!(sg_ledger => Box<Ledger>);`.
macro_rules! handle {
    ($handle:ty => Box<$object:ty>) => {
        impl $crate::handle::Handle for $handle {
            type Object = $object;
            type Ownership = $crate::handle::Boxed;
        }
    };
    ($handle:ty => Arc<$object:ty>) => {
        impl $crate::handle::Handle for $handle {
            type Object = $object;
            type Ownership = $crate::handle::Shared;
        }
    };
}
pub(crate) use handle;

/// Makes a new handle that owns `object`, for C to free with the handle's
/// free function.
pub(crate) fn into_handle<H: Handle>(object: H::Object) -> *mut H {
    H::Ownership::into_raw(object).cast::<H>()
}

/// Borrows the object behind a handle; NULL is an error naming the argument.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `H` made by [`into_handle`],
/// that nothing mutates for `'a`.
pub(crate) unsafe fn borrow<'a, H: Handle>(
    ptr: *const H,
    name: &str,
) -> Result<&'a H::Object, Error> {
    // SAFETY: per this function's contract the pointer, if not NULL, points to
    // a live `H::Object` (both `Box::into_raw` and `Arc::into_raw` point at the
    // object itself), not mutated for `'a`.
    unsafe { ptr.cast::<H::Object>().as_ref() }.ok_or_else(|| Error::null(name))
}

/// Borrows the object behind an owned handle mutably; NULL is an error naming
/// the argument. Only for [`Boxed`] handles: a shared object is never written.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `H` made by [`into_handle`],
/// that nothing else uses for `'a`.
pub(crate) unsafe fn borrow_mut<'a, H: Handle<Ownership = Boxed>>(
    ptr: *mut H,
    name: &str,
) -> Result<&'a mut H::Object, Error> {
    // SAFETY: per this function's contract the pointer, if not NULL, points to
    // a live `H::Object` that nothing else uses for `'a`.
    unsafe { ptr.cast::<H::Object>().as_mut() }.ok_or_else(|| Error::null(name))
}

/// A new reference to the object behind a shared handle (the handle keeps its
/// own); NULL is an error naming the argument.
///
/// # Safety
/// `ptr` must be NULL or a live handle of type `H` made by [`into_handle`].
pub(crate) unsafe fn clone_shared<H: Handle<Ownership = Shared>>(
    ptr: *const H,
    name: &str,
) -> Result<Arc<H::Object>, Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    let object = ptr.cast::<H::Object>();
    // SAFETY: per this function's contract, `object` came from `Arc::into_raw`
    // and the handle still holds its reference, so the count is at least 1; the
    // increment is the reference the returned `Arc` takes over.
    unsafe {
        Arc::increment_strong_count(object);
        Ok(Arc::from_raw(object))
    }
}

/// Frees a handle; NULL is ignored.
///
/// # Safety
/// `ptr` must be NULL or a handle of type `H` made by [`into_handle`], not yet
/// freed, that nothing else uses during or after the call.
pub(crate) unsafe fn free<H: Handle>(ptr: *mut H) {
    if !ptr.is_null() {
        // SAFETY: per this function's contract, the pointer came from
        // `H::Ownership::into_raw` (through `into_handle`) and is freed once.
        unsafe { H::Ownership::free(ptr.cast::<H::Object>()) }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::sg_status;

    struct Owned {
        _private: [u8; 0],
    }
    handle!(Owned => Box<Vec<u32>>);

    struct Counted {
        _private: [u8; 0],
    }
    handle!(Counted => Arc<String>);

    #[test]
    fn a_boxed_handle_reads_writes_and_frees_its_object() {
        let ptr: *mut Owned = into_handle(vec![1, 2]);
        // SAFETY: `ptr` is a live handle made just above, used by nothing else.
        unsafe { borrow_mut(ptr, "owned") }.unwrap().push(3);
        // SAFETY: as above.
        assert_eq!(unsafe { borrow(ptr, "owned") }.unwrap(), &[1, 2, 3]);
        // SAFETY: made above, freed once.
        unsafe { free(ptr) };
    }

    #[test]
    fn a_shared_handle_lends_references_that_outlive_it() {
        let ptr: *mut Counted = into_handle("plan".to_string());
        // SAFETY: `ptr` is a live handle made just above.
        let kept = unsafe { clone_shared(ptr, "counted") }.unwrap();
        assert_eq!(Arc::strong_count(&kept), 2);
        // SAFETY: made above, freed once; `kept` is a reference of its own.
        unsafe { free(ptr) };
        assert_eq!(Arc::strong_count(&kept), 1);
        assert_eq!(kept.as_str(), "plan");
    }

    #[test]
    fn null_handles_are_errors_naming_the_argument_and_free_ignores_them() {
        // SAFETY: NULL is allowed by each contract.
        let error = unsafe { borrow(std::ptr::null::<Owned>(), "ledger") }.unwrap_err();
        assert_eq!(error.status, sg_status::NullPointer);
        assert!(error.message.contains("`ledger`"), "{}", error.message);
        // SAFETY: as above.
        assert!(unsafe { borrow_mut(std::ptr::null_mut::<Owned>(), "x") }.is_err());
        // SAFETY: as above.
        assert!(unsafe { clone_shared(std::ptr::null::<Counted>(), "plan") }.is_err());
        // SAFETY: as above.
        unsafe { free(std::ptr::null_mut::<Owned>()) };
    }
}
