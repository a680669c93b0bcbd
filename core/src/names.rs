//! One naming source per public enum: each value's name is written once, in
//! a [`names!`] declaration, and everything that shows or reads the value —
//! `as_str`, [`FromStr`](std::str::FromStr), `Display`, serde, the list
//! `ALL`, the tables' category columns, the bindings — takes it from there.

/// A text that names no value of an enum.
///
/// ```
/// use seguimiento::ReportKind;
/// let err = "weekly".parse::<ReportKind>().unwrap_err();
/// assert_eq!(err.to_string(), r#""weekly" is not a report kind (monthly, semiannual, annual)"#);
/// ```
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{text:?} is not a{} {what} ({})", if starts_with_vowel(what) { "n" } else { "" }, names.join(", "))]
pub struct UnknownName {
    /// What the enum names, in words (`report kind`).
    pub what: &'static str,
    /// The text that was read.
    pub text: String,
    /// The names it could have been.
    pub names: &'static [&'static str],
}

fn starts_with_vowel(word: &str) -> bool {
    word.starts_with(['a', 'e', 'i', 'o', 'u'])
}

/// An enum declared with [`names!`]: the names of its values, in order, and
/// where a value stands among them. A table's category column holds values
/// of such an enum as positions into its names.
pub(crate) trait Named: Copy {
    /// Every value's name, in declaration order.
    const NAMES: &'static [&'static str];

    /// The value's position in [`Named::NAMES`].
    fn position(self) -> usize;
}

/// A [`Named`] enum some of whose values are ranked: a table's category
/// column of such an enum says which names are in order, and in which.
pub(crate) trait Ranked: Named {
    /// The names that rank, lowest first. A name not listed has no rank (a
    /// band `none`: there is no score to rank).
    const RANKING: &'static [&'static str];
}

/// Declares a public enum whose values have names: the variants with their
/// names, and what the enum names in words (for error messages). Generates
/// `as_str`, `ALL` (every value, in declaration order), `NAMES` (their names,
/// in the same order), `FromStr` (erring with [`UnknownName`]), `Display`,
/// serde `Serialize`/`Deserialize` by the same names, and [`Named`] (for a
/// table's category columns).
macro_rules! names {
    (
        $(#[$meta:meta])*
        pub enum $name:ident ($what:literal) {
            $(
                $(#[$variant_meta:meta])*
                $variant:ident = $text:literal
            ),+ $(,)?
        }
    ) => {
        $(#[$meta])*
        #[derive(::serde::Serialize, ::serde::Deserialize)]
        pub enum $name {
            $(
                $(#[$variant_meta])*
                #[serde(rename = $text)]
                $variant,
            )+
        }

        impl $name {
            /// Every value, in declaration order.
            pub const ALL: &'static [$name] = &[$($name::$variant),+];

            /// The name of each value of [`Self::ALL`], in the same order.
            pub const NAMES: &'static [&'static str] = &[$($text),+];

            /// The value's name: the one used in JSON, tables and messages.
            pub const fn as_str(self) -> &'static str {
                match self {
                    $($name::$variant => $text,)+
                }
            }
        }

        impl $crate::names::Named for $name {
            const NAMES: &'static [&'static str] = $name::NAMES;

            fn position(self) -> usize {
                // Fieldless and without explicit discriminants: the
                // discriminant is the declaration order.
                self as usize
            }
        }

        impl ::std::str::FromStr for $name {
            type Err = $crate::names::UnknownName;

            /// Reads a value from its name (exactly as [`Self::as_str`] writes it).
            fn from_str(text: &str) -> Result<Self, Self::Err> {
                match text {
                    $($text => Ok($name::$variant),)+
                    _ => Err($crate::names::UnknownName {
                        what: $what,
                        text: text.to_string(),
                        names: $name::NAMES,
                    }),
                }
            }
        }

        impl ::std::fmt::Display for $name {
            fn fmt(&self, f: &mut ::std::fmt::Formatter<'_>) -> ::std::fmt::Result {
                f.write_str(self.as_str())
            }
        }
    };
}

pub(crate) use names;

#[cfg(test)]
mod tests {
    use std::collections::HashSet;
    use std::str::FromStr;

    use crate::*;

    /// Each value's name reads back as the value, serde writes and reads the
    /// same name, and no two values share one.
    fn round_trips<T>(all: &[T])
    where
        T: Copy
            + PartialEq
            + std::fmt::Debug
            + std::fmt::Display
            + FromStr<Err = UnknownName>
            + serde::Serialize
            + serde::de::DeserializeOwned,
    {
        let mut seen = HashSet::new();
        for &value in all {
            let name = value.to_string();
            assert!(seen.insert(name.clone()), "{name} twice");
            assert_eq!(name.parse::<T>().unwrap(), value);
            let json = serde_json::to_string(&value).unwrap();
            assert_eq!(json, format!("\"{name}\""));
            assert_eq!(serde_json::from_str::<T>(&json).unwrap(), value);
        }
        let err = "no such name".parse::<T>().unwrap_err();
        assert_eq!(err.names.len(), all.len());
        assert!(err.to_string().starts_with("\"no such name\" is not a"));
    }

    #[test]
    fn every_named_enum_round_trips() {
        round_trips(Band::ALL);
        round_trips(Status::ALL);
        round_trips(MilestoneState::ALL);
        round_trips(Direction::ALL);
        round_trips(Level::ALL);
        round_trips(Measure::ALL);
        round_trips(Accumulation::ALL);
        round_trips(Frequency::ALL);
        round_trips(EntityKind::ALL);
        round_trips(NoteKind::ALL);
        round_trips(ProblemKind::ALL);
        round_trips(Source::ALL);
        round_trips(ReportKind::ALL);
        round_trips(RecordKind::ALL);
        round_trips(PlanTable::ALL);
        round_trips(LedgerTable::ALL);
        round_trips(ScorecardTable::ALL);
        round_trips(TableFormat::ALL);
        round_trips(ColumnType::ALL);
        round_trips(Unit::ALL);
    }

    /// Each value's position among the names is its place in `ALL`.
    fn positions<T: Copy + crate::names::Named>(all: &[T]) {
        for (i, value) in all.iter().enumerate() {
            assert_eq!(value.position(), i);
        }
        assert_eq!(T::NAMES.len(), all.len());
    }

    #[test]
    fn positions_follow_declaration_order() {
        positions(Band::ALL);
        positions(Status::ALL);
        positions(Level::ALL);
        positions(Measure::ALL);
        positions(Accumulation::ALL);
        positions(Frequency::ALL);
        positions(EntityKind::ALL);
        positions(Source::ALL);
        positions(ReportKind::ALL);
        positions(RecordKind::ALL);
        positions(PlanTable::ALL);
        positions(LedgerTable::ALL);
        positions(ScorecardTable::ALL);
    }

    #[test]
    fn bands_rank_red_yellow_green_and_none_has_no_rank() {
        use crate::names::Ranked;
        let from_ranked: Vec<&str> = Band::RANKED.iter().map(|b| b.as_str()).collect();
        assert_eq!(Band::RANKING, from_ranked);
        assert_eq!(Band::RANKING, ["red", "yellow", "green"]);
        // Every band but `none` ranks, each once.
        for band in Band::ALL {
            let ranks = Band::RANKED.iter().filter(|b| *b == band).count();
            assert_eq!(ranks, usize::from(*band != Band::None), "{band}");
        }
    }

    #[test]
    fn names_are_listed_in_declaration_order() {
        assert_eq!(Band::NAMES, ["green", "yellow", "red", "none"]);
        let from_all: Vec<&str> = Status::ALL.iter().map(|s| s.as_str()).collect();
        assert_eq!(from_all, Status::NAMES);
        assert_eq!(
            "x".parse::<EntityKind>().unwrap_err().to_string(),
            r#""x" is not an entity kind (institution, group)"#
        );
    }
}
