//! Wording: sentences rendered from a code and its typed parameters, and
//! the helpers the errors of plans and ledgers share.

mod scorecard;

use std::fmt::Display;

/// The first `shown` items, `; `-separated, and how many more there are.
pub(crate) fn summarize<T: Display>(items: &[T], shown: usize) -> String {
    let listed: Vec<String> = items.iter().take(shown).map(|i| i.to_string()).collect();
    let more = items.len().saturating_sub(listed.len());
    if more > 0 {
        format!("{}; and {more} more", listed.join("; "))
    } else {
        listed.join("; ")
    }
}

/// A serde_json error without the " at line L column C" it appends: the
/// errors report the position in fields of their own.
pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    let message = error.to_string();
    match message.rfind(" at line ") {
        Some(i) => message[..i].to_string(),
        None => message,
    }
}
