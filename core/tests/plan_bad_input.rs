//! Bad plan files give a clear error, never a panic, a stack overflow or a
//! hang: truncated JSON, wrong types, unknown fields, invalid UTF-8, deep
//! nesting, empty input, oversized documents and registries too large to
//! index.

use std::io::Read;
use std::sync::mpsc;
use std::time::Duration;

use seguimiento::{
    Accumulation, Action, Entity, EntityKind, Frequency, Goal, Indicator, Measure, Plan,
    PlanDocument, PlanError, Plazo, ProblemKind, Responsible,
};
use seguimiento::{EMBEDDED_PLAN_JSON, MAX_ENTITIES, MAX_ENTITY_DEPTH, MAX_PLAN_BYTES};

/// The 1-based line on which byte `offset` of `text` lies.
fn line_of(text: &str, offset: usize) -> usize {
    text.as_bytes()[..offset]
        .iter()
        .filter(|&&b| b == b'\n')
        .count()
        + 1
}

/// The syntax error of a document that must not load.
fn syntax_error(text: &str) -> (usize, usize, String) {
    match Plan::from_json(text) {
        Err(PlanError::Syntax {
            line,
            column,
            message,
        }) => (line, column, message),
        Err(other) => panic!("expected a syntax error, got {other:?}"),
        Ok(_) => panic!("a bad document loaded"),
    }
}

/// The embedded plan with the first occurrence of `from` replaced by `to`;
/// also gives the byte offset of the replacement.
fn replace_once(from: &str, to: &str) -> (String, usize) {
    let at = EMBEDDED_PLAN_JSON
        .find(from)
        .unwrap_or_else(|| panic!("{from:?} is not in the embedded plan"));
    let mut text = String::with_capacity(EMBEDDED_PLAN_JSON.len() + to.len());
    text.push_str(&EMBEDDED_PLAN_JSON[..at]);
    text.push_str(to);
    text.push_str(&EMBEDDED_PLAN_JSON[at + from.len()..]);
    (text, at)
}

/// Runs `f` on another thread and fails if it takes longer than `secs`
/// (a hang is a failure too, not only a panic).
fn within<T: Send + 'static>(secs: u64, what: &str, f: impl FnOnce() -> T + Send + 'static) -> T {
    let (tx, rx) = mpsc::channel();
    std::thread::spawn(move || {
        let _ = tx.send(f());
    });
    match rx.recv_timeout(Duration::from_secs(secs)) {
        Ok(value) => value,
        Err(mpsc::RecvTimeoutError::Timeout) => panic!("{what}: took more than {secs} s"),
        Err(mpsc::RecvTimeoutError::Disconnected) => panic!("{what}: panicked"),
    }
}

fn problems(result: Result<Plan, PlanError>) -> Vec<(ProblemKind, String, String)> {
    match result {
        Err(PlanError::Invalid { problems }) => problems
            .into_iter()
            .map(|p| {
                let message = p.message();
                (p.kind, p.location, message)
            })
            .collect(),
        Err(other) => panic!("expected validation problems, got {other}"),
        Ok(_) => panic!("an invalid plan loaded"),
    }
}

// ---------------------------------------------------------------------------
// Truncated JSON
// ---------------------------------------------------------------------------

#[test]
fn truncated_json_is_always_an_error() {
    let text = EMBEDDED_PLAN_JSON;
    let last_brace = text.rfind('}').unwrap();
    // lines[i]: the line on which byte i lies.
    let mut lines = Vec::with_capacity(text.len() + 1);
    let mut line = 1;
    for b in text.bytes() {
        lines.push(line);
        line += usize::from(b == b'\n');
    }
    lines.push(line);
    // Every cut near both ends, and cuts all through the middle.
    let mut cuts: Vec<usize> = (0..300).chain(last_brace - 300..=last_brace).collect();
    cuts.extend((300..last_brace - 300).step_by(331));
    let mut checked = 0;
    for cut in cuts {
        if !text.is_char_boundary(cut) {
            continue;
        }
        let err = Plan::from_json(&text[..cut]).unwrap_err();
        let shown = err.to_string();
        let PlanError::Syntax {
            line,
            column,
            message,
        } = err
        else {
            panic!("cut at {cut}: expected a syntax error, got {err:?}")
        };
        assert!(message.contains("EOF"), "cut at {cut}: {message}");
        assert_eq!(line, lines[cut], "cut at {cut}: line of the error");
        assert!(
            shown.contains(&format!("line {line}, column {column}")),
            "cut at {cut}: {shown}"
        );
        checked += 1;
    }
    assert!(checked > 900, "{checked} cuts");
}

#[test]
fn truncated_bytes_are_always_an_error() {
    let bytes = EMBEDDED_PLAN_JSON.as_bytes();
    let last_brace = EMBEDDED_PLAN_JSON.rfind('}').unwrap();
    // Cuts inside multi-byte characters (á, í, ó, “, …) and elsewhere.
    let mut cuts: Vec<usize> = (0..last_brace)
        .filter(|&i| !EMBEDDED_PLAN_JSON.is_char_boundary(i))
        .step_by(11)
        .collect();
    cuts.extend((0..=last_brace).step_by(997));
    let mut mid_char = 0;
    for cut in cuts {
        match Plan::from_json_bytes(&bytes[..cut]) {
            Err(PlanError::Utf8 { offset }) => {
                mid_char += 1;
                assert!(!EMBEDDED_PLAN_JSON.is_char_boundary(cut), "cut at {cut}");
                assert!(offset < cut && cut - offset < 4, "cut at {cut}: {offset}");
                assert!(EMBEDDED_PLAN_JSON.is_char_boundary(offset));
            }
            Err(PlanError::Syntax { line, .. }) => {
                assert!(EMBEDDED_PLAN_JSON.is_char_boundary(cut), "cut at {cut}");
                assert_eq!(line, line_of(EMBEDDED_PLAN_JSON, cut));
            }
            Err(other) => panic!("cut at {cut}: unexpected {other:?}"),
            Ok(_) => panic!("cut at {cut}: a truncated plan loaded"),
        }
    }
    assert!(mid_char > 100, "{mid_char} cuts inside a character");
}

#[test]
fn trailing_garbage_is_an_error() {
    for tail in ["x", "}", "{}", ",", "\"", "null"] {
        let text = format!("{EMBEDDED_PLAN_JSON}{tail}");
        let (line, _, message) = syntax_error(&text);
        assert!(message.contains("trailing"), "{tail:?}: {message}");
        assert_eq!(line, line_of(&text, text.len()), "{tail:?}");
    }
    // Trailing whitespace is fine.
    assert!(Plan::from_json(&format!("{EMBEDDED_PLAN_JSON} \n\t\r\n")).is_ok());
}

// ---------------------------------------------------------------------------
// Wrong types
// ---------------------------------------------------------------------------

#[test]
fn wrong_types_are_errors_at_the_right_line() {
    let cases: &[(&str, &str, &str)] = &[
        // (text in the embedded plan, replacement, expected in the message)
        (
            "\"stated_years\": 1,",
            "\"stated_years\": \"1\",",
            "invalid type: string \"1\", expected u32",
        ),
        (
            "\"stated_years\": 1,",
            "\"stated_years\": -1,",
            "invalid value: integer `-1`, expected u32",
        ),
        (
            "\"stated_years\": 1,",
            "\"stated_years\": 99999999999,",
            "expected u32",
        ),
        (
            "\"start_year\": 2007,",
            "\"start_year\": 2007.5,",
            "invalid type: floating point `2007.5`, expected i32",
        ),
        (
            "\"start_year\": 2007,",
            "\"start_year\": 1e400,",
            "number out of range",
        ),
        (
            "\"format\": \"seguimiento-plan/1\"",
            "\"format\": 1",
            "invalid type: integer `1`, expected a string",
        ),
        (
            "\"title\": \"Plan de Acción",
            "\"title\": null, \"x\": \"",
            "invalid type: null, expected a string",
        ),
        (
            "\"sensitive\": false",
            "\"sensitive\": \"no\"",
            "invalid type: string \"no\", expected a boolean",
        ),
        (
            "\"sensitive\": false",
            "\"sensitive\": 0",
            "expected a boolean",
        ),
        (
            "\"measure\": \"count\"",
            "\"measure\": \"counts\"",
            "unknown variant `counts`",
        ),
        (
            "\"accumulation\": \"flow\"",
            "\"accumulation\": \"Flow\"",
            "unknown variant `Flow`",
        ),
        (
            "\"frequency\": \"annual\"",
            "\"frequency\": \"yearly\"",
            "unknown variant `yearly`",
        ),
        (
            "\"kind\": \"institution\"",
            "\"kind\": \"ministry\"",
            "unknown variant `ministry`",
        ),
        (
            "\"kind\": \"plazo_span\"",
            "\"kind\": \"span\"",
            "unknown variant `span`",
        ),
        (
            "\"dimensions\": []",
            "\"dimensions\": \"sexo\"",
            "invalid type: string \"sexo\", expected a sequence",
        ),
        (
            "\"dimensions\": []",
            "\"dimensions\": [1]",
            "invalid type: integer `1`, expected a string",
        ),
        (
            "\"sensitive\": false",
            "\"sensitive\": false, \"weight\": 1.5",
            "invalid type: floating point `1.5`",
        ),
        (
            "\"sensitive\": false",
            "\"sensitive\": false, \"weight\": \"uno\"",
            "uno",
        ),
        (
            "\"code\": \"GIT\"",
            "\"code\": [\"GIT\"]",
            "invalid type: sequence, expected a string",
        ),
        (
            "\"responsible\": [",
            "\"responsible\": [\"MRE\", ",
            "invalid type: string \"MRE\", expected struct Responsible",
        ),
        (
            "\"plazos\": [",
            "\"plazos\": {}, \"x\": [",
            "invalid type: map, expected a sequence",
        ),
    ];
    for (from, to, expected) in cases {
        let (text, at) = replace_once(from, to);
        let (line, column, message) = syntax_error(&text);
        assert!(
            message.contains(expected),
            "{to:?}: message {message:?} lacks {expected:?}"
        );
        assert_eq!(line, line_of(&text, at), "{to:?}: {message}");
        assert!(column > 0, "{to:?}");
        let shown = Plan::from_json(&text).unwrap_err().to_string();
        assert!(shown.starts_with(&format!("plan JSON, line {line}, column {column}: ")));
    }
}

#[test]
fn missing_and_duplicate_fields_are_named() {
    let (text, _) = replace_once("\"title\": ", "\"titles\": ");
    let (_, _, message) = syntax_error(&text);
    // `titles` is unknown; once it is skipped the missing `title` would be named.
    assert!(message.contains("titles"), "{message}");

    let doc: serde_json::Value = serde_json::from_str(EMBEDDED_PLAN_JSON).unwrap();
    for field in [
        "format",
        "id",
        "title",
        "coordinator",
        "entities",
        "dimensions",
        "axes",
    ] {
        let mut d = doc.clone();
        d.as_object_mut().unwrap().remove(field);
        let (_, _, message) = syntax_error(&d.to_string());
        assert_eq!(message, format!("missing field `{field}`"));
    }
    // Optional fields may be left out.
    for field in ["source", "notes"] {
        let mut d = doc.clone();
        d.as_object_mut().unwrap().remove(field);
        assert!(Plan::from_json(&d.to_string()).is_ok(), "{field}");
    }
    for field in ["label", "stated_years", "start_year", "end_year"] {
        let mut d = doc.clone();
        d["axes"][0]["lines"][0]["goals"][0]["actions"][0]["plazos"][0]
            .as_object_mut()
            .unwrap()
            .remove(field);
        let (_, _, message) = syntax_error(&d.to_string());
        assert_eq!(message, format!("missing field `{field}`"));
    }
    for field in [
        "measure",
        "accumulation",
        "frequency",
        "sensitive",
        "plazo",
        "text",
    ] {
        let mut d = doc.clone();
        d["axes"][1]["lines"][0]["goals"][0]["actions"][0]["indicators"][0]
            .as_object_mut()
            .unwrap()
            .remove(field);
        let (_, _, message) = syntax_error(&d.to_string());
        assert_eq!(message, format!("missing field `{field}`"));
    }

    let (text, at) = replace_once(
        "\"id\": \"PAE-TRATA-2007-2017\",",
        "\"id\": \"PAE-TRATA-2007-2017\", \"id\": \"OTRO\",",
    );
    let (line, _, message) = syntax_error(&text);
    assert_eq!(message, "duplicate field `id`");
    assert_eq!(line, line_of(&text, at));
}

// ---------------------------------------------------------------------------
// Unknown fields
// ---------------------------------------------------------------------------

#[test]
fn unknown_fields_are_rejected_and_named() {
    let cases: &[(&str, &str, &str)] = &[
        ("\"title\": ", "\"titel\": ", "titel"),
        ("\"label\": ", "\"lable\": ", "lable"),
        ("\"parent\": ", "\"parnet\": ", "parnet"),
        ("\"aliases\": ", "\"alias\": ", "alias"),
        ("\"stated_years\": ", "\"stated_year\": ", "stated_year"),
        ("\"sensitive\": ", "\"sensible\": ", "sensible"),
        ("\"accumulation\": ", "\"acumulación\": ", "acumulación"),
        ("\"corrected\": ", "\"correct\": ", "correct"),
        ("\"seed\": ", "\"semilla\": ", "semilla"),
        ("\"values\": ", "\"valores\": ", "valores"),
        ("\"goals\": ", "\"metas\": ", "metas"),
        (
            "\"sensitive\": false",
            "\"sensitive\": false, \"extra\": true",
            "extra",
        ),
    ];
    for (from, to, field) in cases {
        let (text, at) = replace_once(from, to);
        let (line, _, message) = syntax_error(&text);
        assert!(
            message.starts_with(&format!("unknown field `{field}`, expected")),
            "{to:?}: {message}"
        );
        assert_eq!(line, line_of(&text, at), "{to:?}");
        let shown = Plan::from_json(&text).unwrap_err().to_string();
        assert!(shown.contains(&format!("`{field}`")), "{shown}");
        assert!(shown.contains(&format!("line {line}")), "{shown}");
    }
    // The message lists the fields that are allowed.
    let (text, _) = replace_once("\"label\": ", "\"lable\": ");
    let (_, _, message) = syntax_error(&text);
    assert!(
        message.contains("`label`") && message.contains("`end_year`"),
        "{message}"
    );
}

// ---------------------------------------------------------------------------
// Invalid UTF-8
// ---------------------------------------------------------------------------

#[test]
fn invalid_utf8_is_reported_with_its_offset() {
    let base = EMBEDDED_PLAN_JSON.as_bytes();
    // Inside a text, after its first accented letter.
    let inside = EMBEDDED_PLAN_JSON.find("Acción").unwrap() + "Acci".len();
    assert!(!EMBEDDED_PLAN_JSON.is_char_boundary(inside + 1));
    let after_char = inside + "ó".len();
    let bad_sequences: &[&[u8]] = &[
        &[0xFF],
        &[0xFE, 0xFF],
        &[0x80],             // a continuation byte alone
        &[0xC0, 0x80],       // overlong NUL
        &[0xED, 0xA0, 0x80], // a UTF-16 surrogate
        &[0xE2, 0x82],       // a three-byte sequence cut short
        &[0xF5, 0x80, 0x80, 0x80],
    ];
    for seq in bad_sequences {
        for at in [0, 1, after_char, base.len() / 2, base.len() - 1, base.len()] {
            if !EMBEDDED_PLAN_JSON.is_char_boundary(at) {
                continue;
            }
            let mut bytes = base[..at].to_vec();
            bytes.extend_from_slice(seq);
            bytes.extend_from_slice(&base[at..]);
            let err = Plan::from_json_bytes(&bytes).unwrap_err();
            assert_eq!(err, PlanError::Utf8 { offset: at }, "{seq:x?} at {at}");
            let shown = err.to_string();
            assert!(shown.contains("UTF-8"), "{shown}");
            assert!(shown.contains(&format!("byte {at}")), "{shown}");
            // Read from a file, the same error.
            assert_eq!(
                Plan::from_reader(bytes.as_slice()).unwrap_err(),
                PlanError::Utf8 { offset: at }
            );
        }
    }
    // Valid UTF-8 everywhere else: the unchanged bytes load.
    assert!(Plan::from_json_bytes(base).is_ok());
}

// ---------------------------------------------------------------------------
// Deep nesting
// ---------------------------------------------------------------------------

const FIFTY_MB: usize = 50_000_000;

fn assert_nesting_rejected(what: &str, text: String) {
    let owned = what.to_string();
    within(120, what, move || {
        let what = owned;
        assert!(
            text.len() <= MAX_PLAN_BYTES,
            "{what} is under the size limit"
        );
        for err in [
            Plan::from_json(&text).unwrap_err(),
            Plan::from_json_bytes(text.as_bytes()).unwrap_err(),
            Plan::from_reader(text.as_bytes()).unwrap_err(),
        ] {
            let PlanError::Syntax {
                line,
                column,
                message,
            } = &err
            else {
                panic!("{what}: expected a syntax error, got {err:?}")
            };
            assert_eq!(*line, 1, "{what}: {err}");
            assert!(*column >= 1 && *column < 300, "{what}: {err}");
            assert!(!message.is_empty());
        }
    });
}

#[test]
fn fifty_megabytes_of_brackets_is_an_error_not_a_stack_overflow() {
    assert_nesting_rejected("[ x 50M", "[".repeat(FIFTY_MB));
}

#[test]
fn fifty_megabytes_of_nested_objects_is_an_error() {
    let levels = FIFTY_MB / 6;
    let mut text = String::with_capacity(levels * 6 + 1);
    for _ in 0..levels {
        text.push_str("{\"a\": ");
    }
    text.push('1');
    text.push_str(&"}".repeat(levels.min(1_000_000)));
    assert_nesting_rejected("{\"a\": … x 8M", text);
}

#[test]
fn nesting_inside_plan_fields_is_an_error() {
    let head = "{\"format\": \"seguimiento-plan/1\", \"id\": \"X\", \"title\": \"T\", \"coordinator\": \"A\", ";
    for (field, open) in [
        ("entities", "["),
        ("axes", "[{\"id\": \"E1\", \"text\": \"t\", \"lines\": "),
        ("source", "{\"a\": "),
        ("notes", "[{\"node\": "),
    ] {
        let mut text = format!("{head}\"{field}\": {open}");
        text.push_str(&"[".repeat(FIFTY_MB - text.len()));
        let what = format!("{field} nested 50 MB deep");
        assert_nesting_rejected(&what, text);
    }
}

// ---------------------------------------------------------------------------
// Empty and degenerate documents
// ---------------------------------------------------------------------------

#[test]
fn empty_and_degenerate_documents() {
    let cases: &[(&str, &str)] = &[
        ("", "EOF while parsing a value"),
        ("   \n\t ", "EOF while parsing a value"),
        ("null", "invalid type: null, expected struct PlanDocument"),
        (
            "true",
            "invalid type: boolean `true`, expected struct PlanDocument",
        ),
        (
            "42",
            "invalid type: integer `42`, expected struct PlanDocument",
        ),
        (
            "\"plan\"",
            "invalid type: string \"plan\", expected struct PlanDocument",
        ),
        ("[]", "invalid length 0, expected struct PlanDocument"),
        ("{}", "missing field `format`"),
        ("{", "EOF while parsing an object"),
        ("}", "expected value"),
        ("\u{FEFF}{}", "missing field `format`"),
        ("\u{FEFF}\u{FEFF}{}", "expected value"),
        ("{\"format\": \"seguimiento-plan/1\",}", "trailing comma"),
        ("{'format': 'x'}", "key must be a string"),
        ("{\"format\": \"\\x\"}", "invalid escape"),
        ("{\"format\": \"\\ud800\"}", "hex escape"),
        ("{\"format\": \"a\nb\"}", "control character"),
        ("NaN", "expected value"),
    ];
    for (text, expected) in cases {
        let (line, _, message) = syntax_error(text);
        assert!(message.contains(expected), "{text:?}: {message}");
        assert!(line >= 1);
        let shown = Plan::from_json(text).unwrap_err().to_string();
        assert!(shown.contains("line "), "{shown}");
    }
    assert!(matches!(
        Plan::from_json_bytes(b""),
        Err(PlanError::Syntax { line: 1, .. })
    ));
    assert!(matches!(
        Plan::from_reader(std::io::empty()),
        Err(PlanError::Syntax { line: 1, .. })
    ));
}

// ---------------------------------------------------------------------------
// Size limit
// ---------------------------------------------------------------------------

#[test]
fn a_plan_over_the_size_limit_is_too_large() {
    let big = " ".repeat(MAX_PLAN_BYTES + 1);
    let expected = PlanError::TooLarge {
        size: MAX_PLAN_BYTES + 1,
        limit: MAX_PLAN_BYTES,
    };
    assert_eq!(Plan::from_json(&big).unwrap_err(), expected);
    assert_eq!(Plan::from_json_bytes(big.as_bytes()).unwrap_err(), expected);
    let shown = expected.to_string();
    assert!(shown.contains(&(MAX_PLAN_BYTES + 1).to_string()), "{shown}");
    assert!(shown.contains(&MAX_PLAN_BYTES.to_string()), "{shown}");
    // A reader is not read past the limit.
    let endless = std::io::repeat(b'[').take(10 * MAX_PLAN_BYTES as u64);
    assert_eq!(Plan::from_reader(endless).unwrap_err(), expected);
    // Not even when its bytes are not UTF-8.
    let endless = std::io::repeat(0xFF).take(u64::MAX);
    assert_eq!(Plan::from_reader(endless).unwrap_err(), expected);
    drop(big);

    // At the limit exactly: a plan padded with whitespace still loads.
    let mut padded = String::with_capacity(MAX_PLAN_BYTES);
    padded.push_str(EMBEDDED_PLAN_JSON);
    padded.push_str(&" ".repeat(MAX_PLAN_BYTES - EMBEDDED_PLAN_JSON.len()));
    assert_eq!(padded.len(), MAX_PLAN_BYTES);
    assert_eq!(Plan::from_json(&padded).unwrap(), Plan::embedded());
    padded.push(' ');
    assert!(matches!(
        Plan::from_json(&padded),
        Err(PlanError::TooLarge { .. })
    ));
}

#[test]
fn a_failing_reader_is_a_read_error() {
    struct Broken(usize);
    impl Read for Broken {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.0 == 0 {
                return Err(std::io::Error::other("disk on fire"));
            }
            let n = self.0.min(buf.len());
            buf[..n].fill(b' ');
            self.0 -= n;
            Ok(n)
        }
    }
    let err = Plan::from_reader(Broken(1000)).unwrap_err();
    assert_eq!(
        err,
        PlanError::Read {
            message: "disk on fire".into()
        }
    );
    assert!(err.to_string().contains("disk on fire"));
}

// ---------------------------------------------------------------------------
// Well-formed JSON that breaks the plan's rules
// ---------------------------------------------------------------------------

#[test]
fn rule_breaking_documents_list_their_problems() {
    let (text, _) = replace_once(
        "\"format\": \"seguimiento-plan/1\"",
        "\"format\": \"seguimiento-plan/2\"",
    );
    let err = Plan::from_json(&text).unwrap_err();
    let shown = err.to_string();
    assert_eq!(
        problems(Err(err)),
        [(
            ProblemKind::UnknownFormat,
            "format".to_string(),
            "format is \"seguimiento-plan/2\"; this library reads \"seguimiento-plan/1\""
                .to_string()
        )]
    );
    assert!(
        shown.starts_with("plan has 1 problem(s): format: "),
        "{shown}"
    );

    let (text, _) = replace_once(
        "\"coordinator\": \"MRE\"",
        "\"coordinator\": \"CANCILLERIA\"",
    );
    let found = problems(Plan::from_json(&text));
    assert_eq!(found.len(), 1);
    assert_eq!(found[0].0, ProblemKind::DanglingEntity);
    assert!(found[0].2.contains("CANCILLERIA"));

    // Many problems: the summary shows five and counts the rest.
    let (text, _) = replace_once("\"code\": \"GIT\"", "\"code\": \"NOGIT\"");
    let err = Plan::from_json(&text).unwrap_err();
    let shown = err.to_string();
    let n = problems(Err(err)).len();
    assert!(n > 5);
    assert!(
        shown.contains(&format!("plan has {n} problem(s)")),
        "{shown}"
    );
    assert!(shown.contains(&format!("and {} more", n - 5)), "{shown}");
}

// ---------------------------------------------------------------------------
// Registries too large to index, and inputs that would be slow
// ---------------------------------------------------------------------------

fn institution(code: String, parent: Option<String>) -> Entity {
    Entity {
        code,
        name: "Entidad".into(),
        kind: EntityKind::Institution,
        parent,
        members: Vec::new(),
        description: None,
        aliases: Vec::new(),
    }
}

/// The embedded plan with `extra` entities added to its registry.
fn with_entities(extra: impl IntoIterator<Item = Entity>) -> PlanDocument {
    let mut doc = Plan::embedded().into_document();
    doc.entities.extend(extra);
    doc
}

#[test]
fn more_entities_than_can_be_indexed_is_a_problem() {
    within(120, "65 537 entities", || {
        let base = Plan::embedded().entities().len();
        let mut doc =
            with_entities((base..=MAX_ENTITIES).map(|i| institution(format!("X{i}"), None)));
        assert_eq!(doc.entities.len(), MAX_ENTITIES + 1);
        let found = problems(Plan::new(doc.clone()));
        assert_eq!(found.len(), 1, "{found:?}");
        assert_eq!(found[0].0, ProblemKind::LimitExceeded);
        assert_eq!(found[0].1, "entities");
        assert!(found[0].2.contains(&(MAX_ENTITIES + 1).to_string()));

        // One fewer is fine, and the last entity is itself, not entity 0.
        doc.entities.pop();
        let last = doc.entities.last().unwrap().code.clone();
        doc.axes[0].lines[0].goals[0].actions[0]
            .responsible
            .push(Responsible {
                code: last.clone(),
                corrected: None,
            });
        let plan = Plan::new(doc).unwrap();
        assert_eq!(plan.entity(&last).unwrap().code, last);
        let idx = plan.entity_idx(&last).unwrap();
        assert_eq!(idx.get(), MAX_ENTITIES - 1);
        assert_eq!(plan.entity_at(idx).code, last);
        let ids: Vec<&str> = plan
            .actions_of_entity(&last)
            .iter()
            .map(|a| a.id.as_str())
            .collect();
        assert_eq!(ids, ["E1.L1.M1.A1"]);
        assert!(!plan.actions_of_entity("MRE").is_empty());
    });
}

/// A chain of `n` entities below MRE: C0's parent is MRE, C1's is C0, …
fn chain(n: usize) -> impl Iterator<Item = Entity> {
    (0..n).map(|i| {
        let parent = if i == 0 {
            "MRE".to_string()
        } else {
            format!("C{}", i - 1)
        };
        institution(format!("C{i}"), Some(parent))
    })
}

#[test]
fn parent_chains_may_be_as_deep_as_the_limit() {
    // C{k} has k + 1 parents above it.
    let doc = with_entities(chain(MAX_ENTITY_DEPTH));
    let plan = Plan::new(doc).unwrap();
    let deepest = plan
        .entity_idx(&format!("C{}", MAX_ENTITY_DEPTH - 1))
        .unwrap();
    assert_eq!(plan.entity_ancestors(deepest).len(), MAX_ENTITY_DEPTH);
    assert_eq!(
        plan.entity_at(*plan.entity_ancestors(deepest).last().unwrap())
            .code,
        "MRE"
    );

    let doc = with_entities(chain(MAX_ENTITY_DEPTH + 1));
    let found = problems(Plan::new(doc));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ProblemKind::LimitExceeded);
    assert!(
        found[0].2.contains(&format!("C{MAX_ENTITY_DEPTH}")),
        "{found:?}"
    );
}

#[test]
fn a_very_long_parent_chain_is_rejected_quickly() {
    within(60, "a chain of 60 000 parents", || {
        let found = problems(Plan::new(with_entities(chain(60_000))));
        // Only the first entity past the limit is reported: the rest follow from it.
        assert_eq!(found.len(), 1, "{:?}", &found[..found.len().min(3)]);
        assert_eq!(found[0].0, ProblemKind::LimitExceeded);
    });
}

#[test]
fn parent_cycles_are_found_quickly_and_reported_once() {
    // Self-parent.
    let found = problems(Plan::new(with_entities([institution(
        "SELF".into(),
        Some("SELF".into()),
    )])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ProblemKind::EntityCycle);
    assert!(found[0].2.contains("SELF"));

    // Two entities, plus one hanging below the cycle.
    let found = problems(Plan::new(with_entities([
        institution("A1".into(), Some("B1".into())),
        institution("B1".into(), Some("A1".into())),
        institution("BELOW".into(), Some("A1".into())),
    ])));
    assert_eq!(found.len(), 1, "{found:?}");
    assert_eq!(found[0].0, ProblemKind::EntityCycle);
    assert!(found[0].2.contains("A1 → B1 → A1"), "{}", found[0].2);

    within(60, "a cycle of 60 000 parents", || {
        let n = 60_000;
        let entities =
            (0..n).map(|i| institution(format!("K{i}"), Some(format!("K{}", (i + 1) % n))));
        let found = problems(Plan::new(with_entities(entities)));
        assert_eq!(found.len(), 1);
        assert_eq!(found[0].0, ProblemKind::EntityCycle);
        assert!(found[0].2.contains("60000 entities"), "{}", found[0].2);
        assert!(found[0].2.len() < 300, "the message stays short");
    });
}

#[test]
fn a_responsible_code_naming_many_entities_resolves_quickly() {
    within(60, "a code of 60 000 parts", || {
        let n = 60_000;
        let mut doc = with_entities((0..n).map(|i| institution(format!("Y{i}"), None)));
        let code = (0..n)
            .map(|i| format!("Y{i}"))
            .collect::<Vec<_>>()
            .join("/");
        doc.axes[0].lines[0].goals[0].actions[0]
            .responsible
            .push(Responsible {
                code: format!("MRE/{code}/{code}"),
                corrected: None,
            });
        let plan = Plan::new(doc).unwrap();
        let idx = plan.action_idx("E1.L1.M1.A1").unwrap();
        // MRE, GIT, then the 60 000 (repeats dropped).
        assert_eq!(plan.action_entities(idx).count(), n + 2);
        let y = plan.entity_idx("Y59999").unwrap();
        assert!(plan.covers(idx, y) && plan.may_report(idx, y));
        let dcode = format!("MINGOB/{code}/PNC/DGM");
        assert_eq!(plan.resolve(&dcode).unwrap().len(), n + 2);
    });
}

#[test]
fn many_entities_and_many_actions_load_quickly() {
    within(120, "60 000 entities × 20 000 actions", || {
        let mut doc =
            with_entities((0..60_000).map(|i| institution(format!("Z{i}"), Some("MINGOB".into()))));
        let goal: &mut Goal = &mut doc.axes[0].lines[0].goals[0];
        let n_before = goal.actions.len();
        for k in n_before + 1..=20_000 {
            let id = format!("{}.A{k}", goal.id);
            goal.actions.push(Action {
                id: id.clone(),
                text: "Acción".into(),
                corrected: None,
                plazos: vec![Plazo {
                    id: format!("{id}.P1"),
                    label: "1 año (2007)".into(),
                    stated_years: 1,
                    start_year: 2007,
                    end_year: 2007,
                }],
                responsible: vec![Responsible {
                    code: format!("MINGOB/Z{}", k % 60_000),
                    corrected: None,
                }],
                indicators: vec![Indicator {
                    id: format!("{id}.I1"),
                    text: "Indicador".into(),
                    corrected: None,
                    measure: Measure::Count,
                    accumulation: Accumulation::Flow,
                    frequency: Frequency::Annual,
                    dimensions: Vec::new(),
                    sensitive: false,
                    plazo: format!("{id}.P1"),
                    weight: 1.into(),
                    reason: None,
                }],
            });
        }
        let plan = Plan::new(doc).unwrap();
        let z = plan.entity_idx("Z123").unwrap();
        let a = plan.action_idx("E1.L1.M1.A123").unwrap();
        assert!(plan.covers(a, z) && plan.may_report(a, z));
        let mingob = plan.entity_idx("MINGOB").unwrap();
        assert!(plan.covers(a, mingob) && plan.may_report(a, mingob));
        // A sibling under MINGOB is neither responsible nor a dependency.
        let sibling = plan.entity_idx("Z124").unwrap();
        assert!(!plan.covers(a, sibling) && !plan.may_report(a, sibling));
        assert_eq!(plan.actions_of_entity("Z123").len(), 1);
        assert!(plan.actions_of_entity("MINGOB").len() > 20_000 - n_before);
    });
}
