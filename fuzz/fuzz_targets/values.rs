//! The value parsers: numbers, dates, periods. What parses writes a text
//! that parses back to the same value; what fails says why in a bounded
//! message.
#![no_main]

use libfuzzer_sys::fuzz_target;
use seguimiento::{parse_date, parse_decimal, Period};
use seguimiento_fuzz::check_message;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    match parse_decimal(text) {
        Ok(value) => {
            let written = value.to_string();
            let again = parse_decimal(&written)
                .unwrap_or_else(|e| panic!("{text:?} → {written:?} does not parse: {e}"));
            assert_eq!(again, value, "{text:?} → {written:?}");
            assert_eq!(again.to_string(), written, "{text:?}");
        }
        Err(e) => check_message(&e.to_string()),
    }
    match parse_date(text) {
        Ok(date) => {
            let written = date.to_string();
            assert_eq!(written.len(), 10, "{text:?} → {written:?}");
            assert_eq!(parse_date(&written).ok(), Some(date), "{text:?}");
            assert_eq!(
                written,
                text.trim(),
                "a date is read only as written YYYY-MM-DD"
            );
        }
        Err(e) => check_message(&e.to_string()),
    }
    match Period::parse(text) {
        Ok(period) => {
            let written = period.to_string();
            assert_eq!(
                Period::parse(&written),
                Ok(period),
                "{text:?} → {written:?}"
            );
            assert!(
                period.start() <= period.end(),
                "{period}: starts after it ends"
            );
            assert!(period.contains(&period), "{period} does not contain itself");
        }
        Err(e) => check_message(&e.to_string()),
    }
});
