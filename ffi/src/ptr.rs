//! Crossing the boundary: reading the caller's bytes and strings and writing
//! out parameters (handles are in [`handle`](crate::handle)). Each helper
//! checks for NULL and turns it into `SG_STATUS_NULL_POINTER`; the `unsafe` is
//! in the caller's promise about a non-NULL pointer, stated on each function.

use std::ffi::{c_char, CStr, CString};
use std::ptr::NonNull;

use crate::error::{sg_status, Error};

/// An out parameter the caller provided: a non-NULL pointer valid for one write.
pub(crate) struct Out<T> {
    ptr: NonNull<T>,
}

impl<T> Out<T> {
    /// A required out parameter: NULL is an error naming it.
    ///
    /// # Safety
    /// `ptr`, if not NULL, must be valid for a write of one `T` (it may hold
    /// garbage: it is never read or dropped).
    pub(crate) unsafe fn required(ptr: *mut T, name: &str) -> Result<Out<T>, Error> {
        NonNull::new(ptr)
            .map(|ptr| Out { ptr })
            .ok_or_else(|| Error::null(name))
    }

    /// An optional out parameter: NULL means the caller does not want it.
    ///
    /// # Safety
    /// As for [`Out::required`].
    pub(crate) unsafe fn optional(ptr: *mut T) -> Option<Out<T>> {
        NonNull::new(ptr).map(|ptr| Out { ptr })
    }

    /// Writes the value, without reading or dropping what was there.
    pub(crate) fn write(self, value: T) {
        // SAFETY: the pointer is not NULL and, by the promise made when this
        // `Out` was built, valid for a write of one `T`.
        unsafe { self.ptr.as_ptr().write(value) }
    }
}

/// The caller's array of `len` values, as a slice.
///
/// # Safety
/// `ptr`, if not NULL, must be valid for reads of `len` values of `T`,
/// unchanged for `'a`.
pub(crate) unsafe fn array<'a, T>(ptr: *const T, len: usize, name: &str) -> Result<&'a [T], Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    if len > isize::MAX as usize / std::mem::size_of::<T>().max(1) {
        return Err(Error::new(
            sg_status::TooLarge,
            format!("argument `{name}`: {len} items is more than any array can hold"),
        ));
    }
    // SAFETY: not NULL, the byte length within `isize::MAX`, and valid for
    // `len` values per this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// An out array the caller provided: a non-NULL pointer valid for `len`
/// writes, written all at once or not at all.
pub(crate) struct OutArray<T> {
    ptr: NonNull<T>,
    len: usize,
}

impl<T> OutArray<T> {
    /// A required out array: NULL is an error naming it.
    ///
    /// # Safety
    /// `ptr`, if not NULL, must be valid for writes of `len` values of `T`
    /// (it may hold garbage: it is never read or dropped).
    pub(crate) unsafe fn required(ptr: *mut T, len: usize, name: &str) -> Result<Self, Error> {
        NonNull::new(ptr)
            .map(|ptr| OutArray { ptr, len })
            .ok_or_else(|| Error::null(name))
    }

    /// Writes the values, in order: as many as the array holds (the caller
    /// gives exactly that many), without reading or dropping what was there.
    pub(crate) fn write_all(self, values: impl IntoIterator<Item = T>) {
        for (i, value) in values.into_iter().take(self.len).enumerate() {
            // SAFETY: the pointer is not NULL and, by the promise made when
            // this `OutArray` was built, valid for writes of `len` values;
            // `i < len`.
            unsafe { self.ptr.as_ptr().add(i).write(value) }
        }
    }
}

/// The caller's bytes as a slice.
///
/// # Safety
/// `ptr`, if not NULL, must be valid for reads of `len` bytes, unchanged for `'a`.
pub(crate) unsafe fn bytes<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a [u8], Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    if len > isize::MAX as usize {
        return Err(Error::new(
            sg_status::TooLarge,
            format!("argument `{name}`: {len} bytes is more than any buffer can hold"),
        ));
    }
    // SAFETY: not NULL, length within `isize::MAX`, and valid for `len` bytes
    // per this function's contract.
    Ok(unsafe { std::slice::from_raw_parts(ptr, len) })
}

/// The caller's bytes as UTF-8 text.
///
/// # Safety
/// As for [`bytes`].
pub(crate) unsafe fn text<'a>(ptr: *const u8, len: usize, name: &str) -> Result<&'a str, Error> {
    // SAFETY: per this function's contract.
    let bytes = unsafe { bytes(ptr, len, name) }?;
    utf8(bytes, name)
}

/// A NUL-terminated C string as UTF-8 text.
///
/// # Safety
/// `ptr`, if not NULL, must point to a NUL-terminated string, unchanged for `'a`.
pub(crate) unsafe fn c_str<'a>(ptr: *const c_char, name: &str) -> Result<&'a str, Error> {
    if ptr.is_null() {
        return Err(Error::null(name));
    }
    // SAFETY: not NULL and NUL-terminated per this function's contract.
    let bytes = unsafe { CStr::from_ptr(ptr) }.to_bytes();
    utf8(bytes, name)
}

fn utf8<'a>(bytes: &'a [u8], name: &str) -> Result<&'a str, Error> {
    std::str::from_utf8(bytes).map_err(|e| {
        Error::new(
            sg_status::InvalidUtf8,
            format!(
                "argument `{name}` is not valid UTF-8: invalid byte sequence at byte {}",
                e.valid_up_to()
            ),
        )
    })
}

/// Hands a string to C: owned, NUL-terminated, to be freed with
/// `sg_string_free`. An interior NUL (which would cut the string short and
/// break the free) is replaced by U+FFFD; it never panics.
pub(crate) fn into_c_string(text: String) -> *mut c_char {
    into_c_string_with_len(text).0
}

/// [`into_c_string`], with the length in bytes (NUL excluded) of the string
/// handed out: a document's length, for callers who write it as bytes.
pub(crate) fn into_c_string_with_len(text: String) -> (*mut c_char, usize) {
    let text = if text.contains('\0') {
        text.replace('\0', "\u{FFFD}")
    } else {
        text
    };
    let len = text.len();
    let ptr = match CString::new(text) {
        Ok(s) => s.into_raw(),
        // Unreachable: every NUL was replaced above.
        Err(e) => {
            let mut bytes = e.into_vec();
            bytes.retain(|&b| b != 0);
            CString::new(bytes).unwrap_or_default().into_raw()
        }
    };
    (ptr, len)
}

/// Copies short text into a fixed C buffer, NUL-terminated, cut at a
/// character boundary if it does not fit.
pub(crate) fn fill_c_buf<const N: usize>(text: &str) -> [c_char; N] {
    let mut buf = [0 as c_char; N];
    let mut end = text.len().min(N.saturating_sub(1));
    while !text.is_char_boundary(end) {
        end -= 1;
    }
    for (slot, &b) in buf.iter_mut().zip(&text.as_bytes()[..end]) {
        *slot = b as c_char;
    }
    buf
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn interior_nul_does_not_panic() {
        let p = into_c_string("a\0b".to_string());
        // SAFETY: `p` was just made by `into_c_string` and is freed once here.
        let back = unsafe { CString::from_raw(p) };
        assert_eq!(back.to_str().unwrap(), "a\u{FFFD}b");
    }

    #[test]
    fn fixed_buffers_cut_at_char_boundaries() {
        let buf: [c_char; 4] = fill_c_buf("añb");
        assert_eq!(buf.map(|c| c as u8), [b'a', 0xC3, 0xB1, 0]);
        let buf: [c_char; 3] = fill_c_buf("añb");
        assert_eq!(buf.map(|c| c as u8), [b'a', 0, 0]);
    }
}
