//! Codes and their words: every problem the library reports is a value with
//! a stable snake_case code and typed parameters; this module turns those
//! values into English sentences, in one place.
//!
//! - [`ledger`]: why a ledger record or batch was refused;
//! - [`plan`]: why a plan document breaks the plan's rules;
//! - `scorecard`: the notes a scorecard's items carry.
//!
//! A value taken from the input (an id, a code, a number's text) is kept as
//! an [`Excerpt`]: whole when short, otherwise its first bytes and its
//! length, so that a 60 MB bad value is never copied whole into a message.

pub(crate) mod ledger;
pub(crate) mod plan;
mod scorecard;

use std::fmt::{self, Display};

/// Most bytes of an input value a message shows.
pub const EXCERPT_BYTES: usize = 64;

/// A value from the input as messages show it: the whole text when it has at
/// most [`EXCERPT_BYTES`] bytes, otherwise its first bytes (cut at a character
/// boundary) and its length in bytes.
///
/// ```
/// use seguimiento::Excerpt;
/// assert_eq!(Excerpt::new("MRE").quoted().to_string(), "\"MRE\"");
/// let long = "x".repeat(60_000_000);
/// let shown = Excerpt::new(&long).quoted().to_string();
/// assert!(shown.len() < 100, "{shown}");
/// assert!(shown.ends_with("(60000000 bytes)"), "{shown}");
/// ```
#[derive(Debug, Clone, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Excerpt {
    head: Box<str>,
    len: usize,
}

impl Excerpt {
    /// The excerpt of a text: only its first bytes are copied.
    pub fn new(text: &str) -> Excerpt {
        let mut end = text.len().min(EXCERPT_BYTES);
        while !text.is_char_boundary(end) {
            end -= 1;
        }
        Excerpt {
            head: text[..end].into(),
            len: text.len(),
        }
    }

    /// The text shown: all of it, or its first bytes.
    pub fn head(&self) -> &str {
        &self.head
    }

    /// The length of the whole value, in bytes.
    pub fn len(&self) -> usize {
        self.len
    }

    /// Whether the value was empty.
    pub fn is_empty(&self) -> bool {
        self.len == 0
    }

    /// Whether the excerpt holds the whole value.
    pub fn is_whole(&self) -> bool {
        self.head.len() == self.len
    }

    /// The value in double quotes, escaped as Rust's `{:?}` does
    /// (`"MRE"`); a long one as `"first bytes…" (N bytes)`.
    pub fn quoted(&self) -> Quoted<'_> {
        Quoted(self)
    }
}

/// Shows the value as it is (no quotes); a long one as `first bytes… (N bytes)`.
impl Display for Excerpt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if self.is_whole() {
            f.write_str(&self.head)
        } else {
            write!(f, "{}… ({} bytes)", self.head, self.len)
        }
    }
}

impl From<&str> for Excerpt {
    fn from(text: &str) -> Excerpt {
        Excerpt::new(text)
    }
}

/// An [`Excerpt`] in double quotes; see [`Excerpt::quoted`].
pub struct Quoted<'a>(&'a Excerpt);

impl Display for Quoted<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let e = self.0;
        if e.is_whole() {
            write!(f, "{:?}", &*e.head)
        } else {
            write!(f, "{:?} ({} bytes)", format!("{}…", e.head), e.len)
        }
    }
}

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

/// Most bytes of a sentence written by another library (serde_json quotes
/// the value it refuses, whole).
const SENTENCE_BYTES: usize = 240;

/// A sentence cut to [`SENTENCE_BYTES`]: whole when short, otherwise its
/// start and its length.
pub(crate) fn capped(sentence: String) -> String {
    if sentence.len() <= SENTENCE_BYTES {
        return sentence;
    }
    let mut end = SENTENCE_BYTES;
    while !sentence.is_char_boundary(end) {
        end -= 1;
    }
    format!("{}… ({} bytes)", &sentence[..end], sentence.len())
}

/// A serde_json error without the " at line L column C" it appends (the
/// errors report the position in fields of their own), capped.
pub(crate) fn json_error_message(error: &serde_json::Error) -> String {
    let mut message = error.to_string();
    let suffix = format!(" at line {} column {}", error.line(), error.column());
    if message.ends_with(&suffix) {
        message.truncate(message.len() - suffix.len());
    }
    capped(message)
}

/// "a" or "an", for a record kind or report kind in a sentence.
pub(crate) fn article(word: &str) -> &'static str {
    if word.starts_with(['a', 'e', 'i', 'o', 'u']) {
        "an"
    } else {
        "a"
    }
}

/// Items joined with `, `, or `none` for an empty list.
pub(crate) fn list_or_none<T: AsRef<str>>(items: &[T]) -> String {
    if items.is_empty() {
        "none".to_string()
    } else {
        items
            .iter()
            .map(AsRef::as_ref)
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_short_value_is_shown_whole() {
        let e = Excerpt::new("E1.L1.M1.A1.I1");
        assert!(e.is_whole());
        assert_eq!(e.to_string(), "E1.L1.M1.A1.I1");
        assert_eq!(e.quoted().to_string(), "\"E1.L1.M1.A1.I1\"");
        assert_eq!(Excerpt::new("").quoted().to_string(), "\"\"");
        // Exactly the limit: still whole.
        let limit = "a".repeat(EXCERPT_BYTES);
        assert!(Excerpt::new(&limit).is_whole());
    }

    #[test]
    fn a_60_mb_value_gives_a_short_message_with_its_length() {
        let huge = "9".repeat(60 * 1024 * 1024);
        let e = Excerpt::new(&huge);
        assert!(!e.is_whole());
        assert_eq!(e.len(), 62_914_560);
        assert_eq!(e.head().len(), EXCERPT_BYTES);
        let plain = e.to_string();
        let quoted = e.quoted().to_string();
        for shown in [&plain, &quoted] {
            assert!(shown.len() < EXCERPT_BYTES + 40, "{shown}");
            assert!(shown.contains("62914560 bytes"), "{shown}");
            assert!(shown.contains('…'), "{shown}");
        }
        assert!(quoted.starts_with("\"999"), "{quoted}");
    }

    #[test]
    fn the_cut_falls_on_a_character_boundary() {
        // 'ñ' is two bytes: 63 ASCII bytes then 'ñ' straddles the limit.
        let text = format!("{}ñññ", "a".repeat(EXCERPT_BYTES - 1));
        let e = Excerpt::new(&text);
        assert_eq!(e.head(), "a".repeat(EXCERPT_BYTES - 1));
        assert_eq!(e.len(), text.len());
        let four_byte = "𝄞".repeat(40);
        let e = Excerpt::new(&four_byte);
        assert_eq!(e.head().len(), EXCERPT_BYTES);
        assert!(e.head().chars().all(|c| c == '𝄞'));
    }

    #[test]
    fn a_json_error_quoting_a_huge_value_is_capped() {
        let text = format!("\"{}\"", "x".repeat(60_000_000));
        let error = serde_json::from_str::<Vec<u8>>(&text).unwrap_err();
        let message = json_error_message(&error);
        assert!(message.len() < SENTENCE_BYTES + 40, "{message}");
        assert!(message.starts_with("invalid type: string"), "{message}");
        let short = serde_json::from_str::<Vec<u8>>("[1,").unwrap_err();
        assert_eq!(json_error_message(&short), "EOF while parsing a value");
    }

    #[test]
    fn quoting_escapes_like_debug() {
        let e = Excerpt::new("X\u{0}Y\"");
        assert_eq!(e.quoted().to_string(), r#""X\0Y\"""#);
    }
}
