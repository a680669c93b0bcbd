//! The words of scorecard notes.

use std::fmt;

use crate::evaluate::{RecordedLater, TargetNote};

impl fmt::Display for RecordedLater {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let noun = if self.records == 1 {
            "record"
        } else {
            "records"
        };
        write!(
            f,
            "{} {noun} recorded after known_on ({})",
            self.records, self.known_on
        )
    }
}

impl fmt::Display for TargetNote {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TargetNote::NoMonthEnded { window } => {
                write!(f, "not scored: no whole month of {window} has ended")
            }
            TargetNote::NotDue { due } => write!(f, "not scored before {due}"),
            TargetNote::NoDataScoredZero => f.write_str("no data: scored 0"),
            TargetNote::NoDataNotScored => f.write_str("no data: not scored"),
            TargetNote::Scored { direction } => write!(f, "scored ({direction} target)"),
        }
    }
}

#[cfg(test)]
mod tests {
    use chrono::NaiveDate;

    use crate::evaluate::{Direction, RecordedLater, TargetNote};
    use crate::period::Period;

    #[test]
    fn records_recorded_later_are_counted_in_words() {
        let known_on = NaiveDate::from_ymd_opt(2008, 12, 31).unwrap();
        let one = RecordedLater {
            records: 1,
            known_on,
        };
        assert_eq!(
            one.to_string(),
            "1 record recorded after known_on (2008-12-31)"
        );
        let many = RecordedLater {
            records: 12,
            known_on,
        };
        assert_eq!(many.code(), "recorded_after_known_on");
        assert_eq!(
            serde_json::to_string(&many).unwrap(),
            "\"12 records recorded after known_on (2008-12-31)\""
        );
    }

    /// The words the scorecards have always had: the golden files hold them.
    #[test]
    fn notes_keep_their_words() {
        let due = NaiveDate::from_ymd_opt(2011, 12, 31).unwrap();
        for (note, code, text) in [
            (
                TargetNote::NoMonthEnded {
                    window: Period::Window(2007, 2017),
                },
                "no_month_ended",
                "not scored: no whole month of 2007/2017 has ended",
            ),
            (
                TargetNote::NotDue { due },
                "not_due",
                "not scored before 2011-12-31",
            ),
            (
                TargetNote::NoDataScoredZero,
                "no_data_scored_zero",
                "no data: scored 0",
            ),
            (
                TargetNote::NoDataNotScored,
                "no_data_not_scored",
                "no data: not scored",
            ),
            (
                TargetNote::Scored {
                    direction: Direction::Increase,
                },
                "scored",
                "scored (increase target)",
            ),
            (
                TargetNote::Scored {
                    direction: Direction::Reduce,
                },
                "scored",
                "scored (reduce target)",
            ),
        ] {
            assert_eq!(note.code(), code);
            assert_eq!(note.to_string(), text);
            assert_eq!(serde_json::to_string(&note).unwrap(), format!("\"{text}\""));
        }
    }
}
