//! The `seguimiento` binary run as a user runs it: each subcommand's happy
//! path on the embedded plan and the sample ledger, usage errors, data
//! errors and a ledger with rejected records.
//!
//! The expected text and CSV reports in `tests/expected/` were first written
//! by the former `report` example of the core, which this command replaces
//! byte for byte; they are rewritten (and the diff reviewed) only when the
//! sample ledger or the report's layout changes on purpose.

#![forbid(unsafe_code)]

use std::path::{Path, PathBuf};
use std::process::{Command, Output};

/// The repository root (the workspace), where `seeds/` lives.
fn root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

fn run(args: &[&str]) -> Output {
    Command::new(env!("CARGO_BIN_EXE_seguimiento"))
        .args(args)
        .current_dir(root())
        .output()
        .unwrap_or_else(|e| panic!("cannot run seguimiento {args:?}: {e}"))
}

fn stdout(output: &Output) -> String {
    String::from_utf8(output.stdout.clone()).expect("stdout is UTF-8")
}

fn stderr(output: &Output) -> String {
    String::from_utf8(output.stderr.clone()).expect("stderr is UTF-8")
}

fn file(relative: &str) -> String {
    let path = root().join(relative);
    std::fs::read_to_string(&path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// Runs and expects success and exactly `expected` on stdout.
fn assert_prints(args: &[&str], expected: &str) {
    let output = run(args);
    assert_eq!(
        output.status.code(),
        Some(0),
        "{args:?}: {}",
        stderr(&output)
    );
    assert!(
        stdout(&output) == expected,
        "{args:?}: the output differs from the expected bytes"
    );
}

#[test]
fn report_text_in_spanish_by_default() {
    assert_prints(
        &["report"],
        &file("cli/tests/expected/report-2010-12-31.es-GT.txt"),
    );
}

#[test]
fn report_text_in_english() {
    assert_prints(
        &["report", "--lang", "en"],
        &file("cli/tests/expected/report-2010-12-31.en.txt"),
    );
}

#[test]
fn report_text_with_a_knowledge_date() {
    assert_prints(
        &[
            "report",
            "--as-of",
            "2008-12-31",
            "--known-on",
            "2009-03-31",
        ],
        &file("cli/tests/expected/report-2008-12-31-known-2009-03-31.es-GT.txt"),
    );
}

#[test]
fn report_csv_one_row_per_node() {
    assert_prints(
        &["report", "--format", "csv"],
        &file("cli/tests/expected/report-2010-12-31.csv"),
    );
}

#[test]
fn report_json_is_the_golden_scorecard() {
    assert_prints(
        &["report", "--format", "json"],
        &file("seeds/expected/scorecard-demo-2010-12-31.json"),
    );
    assert_prints(
        &[
            "report",
            "--format",
            "json",
            "--as-of",
            "2008-12-31",
            "--known-on",
            "2009-03-31",
        ],
        &file("seeds/expected/scorecard-demo-2008-12-31-known-2009-03-31.json"),
    );
    assert_prints(
        &[
            "report",
            "--ledger",
            "seeds/demo-ledger.json",
            "--strict",
            "--as-of",
            "2017-12-31",
            "--format",
            "json",
        ],
        &file("seeds/expected/scorecard-demo-2017-12-31.json"),
    );
}

#[test]
fn report_lists_rejected_records_on_stderr_and_goes_on() {
    let output = run(&["report", "--ledger", "cli/tests/data/bad-ledger.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let errors = stderr(&output);
    assert!(
        errors.contains("cli/tests/data/bad-ledger.json: rejected observations[1].indicator"),
        "{errors}"
    );
    assert!(
        errors.contains("cli/tests/data/bad-ledger.json: 2 record(s) rejected, 1 used"),
        "{errors}"
    );
}

#[test]
fn report_strict_refuses_a_ledger_with_an_invalid_record() {
    let output = run(&[
        "report",
        "--ledger",
        "cli/tests/data/bad-ledger.json",
        "--strict",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert!(stdout(&output).is_empty());
    let errors = stderr(&output);
    assert!(
        errors.starts_with("error: cli/tests/data/bad-ledger.json: ")
            && errors.contains("observations[1]"),
        "{errors}"
    );
}

#[test]
fn plan_prints_a_table_in_each_format() {
    let text = run(&["plan"]);
    assert_eq!(text.status.code(), Some(0));
    let text = stdout(&text);
    assert!(text.starts_with("  Eje  Texto"), "{text}");
    assert_eq!(
        text.lines().count(),
        6,
        "a header and the five axes: {text}"
    );
    assert!(text.contains("Fortalecimiento Institucional"), "{text}");

    let english = stdout(&run(&["plan", "--lang", "en"]));
    assert!(english.starts_with("  Axis"), "{english}");

    let csv = run(&["plan", "--table", "actions", "--format", "csv"]);
    assert_eq!(csv.status.code(), Some(0));
    let csv = stdout(&csv);
    assert!(csv.starts_with("action,axis,line,goal,text,"), "{csv}");
    assert!(csv.contains("\nE1.L1.M1.A1,E1,E1.L1,E1.L1.M1,"), "{csv}");

    let json = run(&["plan", "--table", "entities", "--format", "json"]);
    assert_eq!(json.status.code(), Some(0));
    assert!(
        stdout(&json).contains("\"code\":\"MRE\""),
        "{}",
        stdout(&json)
    );
}

#[test]
fn validate_accepts_the_sample_ledger() {
    let output = run(&["validate", "--ledger", "seeds/demo-ledger.json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).is_empty());
    // Every record of the sample: the length of each of its arrays.
    let sample: serde_json::Value =
        serde_json::from_str(&file("seeds/demo-ledger.json")).expect("the sample is JSON");
    let records: usize = sample
        .as_object()
        .expect("a ledger document is an object")
        .values()
        .filter_map(|array| array.as_array().map(Vec::len))
        .sum();
    assert!(
        stderr(&output).contains(&format!(
            "seeds/demo-ledger.json: {records} record(s), all valid"
        )),
        "{}",
        stderr(&output)
    );
}

#[test]
fn validate_lists_each_rejection_and_fails() {
    let output = run(&["validate", "--ledger", "cli/tests/data/bad-ledger.json"]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with("cli/tests/data/bad-ledger.json: observations[1].indicator: ")
            && lines[0].ends_with(" [unknown_indicator]"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with("cli/tests/data/bad-ledger.json: observations[2].value: "),
        "{lines:?}"
    );
    assert!(
        stderr(&output).contains("2 record(s) rejected, 1 valid"),
        "{}",
        stderr(&output)
    );
}

#[test]
fn validate_takes_files_by_their_extension() {
    let named = run(&["validate", "cli/tests/data/bad-ledger.json"]);
    let with_option = run(&["validate", "--ledger", "cli/tests/data/bad-ledger.json"]);
    assert_eq!(named.status.code(), Some(1));
    assert_eq!(stdout(&named), stdout(&with_option));
    assert_eq!(stdout(&named).lines().count(), 2);

    let two = run(&[
        "validate",
        "seeds/demo-ledger.json",
        "cli/tests/data/bad-ledger.json",
    ]);
    assert_eq!(two.status.code(), Some(1));
    assert!(
        stderr(&two).starts_with("error: validate takes one JSON ledger"),
        "{}",
        stderr(&two)
    );
}

#[test]
fn parquet_observations_score_as_their_csv_does() {
    // The same observations as CSV and as Parquet, written through the
    // arrow crate from a ledger read from the CSV.
    let plan = std::sync::Arc::new(seguimiento::Plan::embedded());
    let csv = "indicator,period,entity,value,recorded_on\n\
               E1.L1.M2.A2.I3,2008,GIT,8,2009-01-15\n\
               E1.L1.M2.A2.I3,2009,GIT,3,2010-01-15\n";
    let mut ledger = seguimiento::Ledger::new(plan);
    ledger
        .ingest_csv(csv.as_bytes(), seguimiento::Mode::Strict)
        .unwrap();
    let dir = std::env::temp_dir().join(format!("seguimiento-cli-parquet-{}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let csv_path = dir.join("obs.csv");
    let parquet_path = dir.join("obs.parquet");
    std::fs::write(&csv_path, csv).unwrap();
    let file = std::fs::File::create(&parquet_path).unwrap();
    seguimiento_arrow::write_parquet(&ledger, seguimiento::RecordKind::Observation, file).unwrap();

    let from = |path: &std::path::Path| {
        run(&[
            "report",
            "--ledger",
            "seeds/demo-ledger.json",
            "--observations",
            path.to_str().unwrap(),
            "--format",
            "json",
        ])
    };
    let (by_csv, by_parquet) = (from(&csv_path), from(&parquet_path));
    assert_eq!(by_parquet.status.code(), Some(0), "{}", stderr(&by_parquet));
    assert_eq!(stdout(&by_parquet), stdout(&by_csv));

    let checked = run(&["validate", parquet_path.to_str().unwrap()]);
    assert_eq!(checked.status.code(), Some(0), "{}", stderr(&checked));
    assert!(
        stderr(&checked).contains("2 record(s), all valid"),
        "{}",
        stderr(&checked)
    );

    let broken = dir.join("broken.parquet");
    std::fs::write(&broken, b"not parquet").unwrap();
    let output = run(&["validate", broken.to_str().unwrap()]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(&format!("error: {}: ", broken.display()))
            && stderr(&output).lines().count() == 1,
        "{}",
        stderr(&output)
    );
    std::fs::remove_dir_all(&dir).unwrap();
}

#[test]
fn plan_json_is_format_json() {
    let short = run(&["plan", "--json", "--table", "actions"]);
    let long = run(&["plan", "--format", "json", "--table", "actions"]);
    assert_eq!(short.status.code(), Some(0), "{}", stderr(&short));
    assert_eq!(stdout(&short), stdout(&long));
    assert!(stdout(&short).starts_with('['), "{}", stdout(&short));
    let both = run(&["plan", "--json", "--format", "csv"]);
    assert_eq!(both.status.code(), Some(2));
}

#[test]
fn a_file_that_cannot_be_read_is_a_data_error_naming_it() {
    let output = run(&["validate", "--ledger", "no/such/ledger.json"]);
    assert_eq!(output.status.code(), Some(1));
    let errors = stderr(&output);
    assert!(
        errors.starts_with("error: no/such/ledger.json: ") && errors.lines().count() == 1,
        "{errors}"
    );

    let output = run(&["report", "--plan", "cli/tests/data/bad-ledger.json"]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with("error: cli/tests/data/bad-ledger.json: "),
        "{}",
        stderr(&output)
    );
}

#[test]
fn usage_errors_exit_2_with_the_usage() {
    for args in [
        &["report", "--as-of", "2010-13-01"][..],
        &["report", "--format", "xml"],
        &["report", "--lang", "es-ES"],
        &["report", "--unknown"],
        &["plan", "--table", "goals"],
        &["validate"],
        &["frobnicate"],
        &[],
    ] {
        let output = run(args);
        assert_eq!(output.status.code(), Some(2), "{args:?}");
        assert!(stdout(&output).is_empty(), "{args:?}");
        let errors = stderr(&output);
        assert!(errors.contains("Usage: seguimiento"), "{args:?}: {errors}");
    }
}

#[test]
fn help_documents_each_subcommand_with_an_example() {
    for (command, example) in [
        ("report", "seguimiento report --lang en"),
        ("plan", "seguimiento plan --table actions --format csv"),
        ("validate", "seguimiento validate --ledger"),
    ] {
        let output = run(&[command, "--help"]);
        assert_eq!(output.status.code(), Some(0), "{command}");
        let help = stdout(&output);
        assert!(help.contains("Examples:"), "{command}: {help}");
        assert!(help.contains(example), "{command}: {help}");
    }
    let output = run(&["--help"]);
    assert_eq!(output.status.code(), Some(0));
    let help = stdout(&output);
    for command in ["report", "plan", "validate"] {
        assert!(help.contains(command), "{help}");
    }
}

#[test]
fn the_plan_and_configuration_files_are_read_when_given() {
    // seeds/plan.json is the embedded plan, so the scorecard is the golden one.
    assert_prints(
        &["report", "--plan", "seeds/plan.json", "--format", "json"],
        &file("seeds/expected/scorecard-demo-2010-12-31.json"),
    );
    let dir = std::env::temp_dir().join(format!("seguimiento-cli-{}", std::process::id()));
    std::fs::create_dir_all(&dir).expect("a temporary directory");
    let config = dir.join("config.json");
    std::fs::write(&config, r#"{"known_on": "2009-03-31"}"#).expect("the config file");
    let config = config.to_string_lossy().into_owned();
    // The config's knowledge date counts when --known-on is not given.
    assert_prints(
        &[
            "report",
            "--config",
            &config,
            "--as-of",
            "2008-12-31",
            "--format",
            "json",
        ],
        &file("seeds/expected/scorecard-demo-2008-12-31-known-2009-03-31.json"),
    );
    std::fs::write(&config, r#"{"known_on": "not a date"}"#).expect("the config file");
    let output = run(&["report", "--config", &config]);
    assert_eq!(output.status.code(), Some(1));
    assert!(
        stderr(&output).starts_with(&format!("error: {config}: ")),
        "{}",
        stderr(&output)
    );
    let _ = std::fs::remove_dir_all(&dir);

    let output = run(&[
        "validate",
        "--ledger",
        "cli/tests/data/bad-ledger.json",
        "--plan",
        "seeds/plan.json",
    ]);
    assert_eq!(output.status.code(), Some(1));
    assert_eq!(stdout(&output).lines().count(), 2, "{}", stdout(&output));
}

/// A fresh directory for one test's files.
fn scratch(test: &str) -> PathBuf {
    let dir = std::env::temp_dir().join(format!("seguimiento-cli-{}-{test}", std::process::id()));
    let _ = std::fs::remove_dir_all(&dir);
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

/// The sample ledger split in two files: every record but the observations
/// as JSON, and the observations as CSV (the ledger's observations table).
fn sample_split(dir: &Path) -> (String, String) {
    use seguimiento::{Ledger, LedgerTable, Mode, Plan, TableFormat};
    let mut ledger = Ledger::new(std::sync::Arc::new(Plan::embedded()));
    ledger
        .ingest_json(&file("seeds/demo-ledger.json"), Mode::Strict)
        .unwrap();
    let csv = ledger
        .table(LedgerTable::Observations)
        .write(TableFormat::Csv);
    let mut rest: serde_json::Value = serde_json::from_str(&ledger.to_json()).unwrap();
    let observations = rest["observations"].as_array().map_or(0, Vec::len);
    assert!(observations > 100, "the sample has observations to split");
    rest["observations"] = serde_json::json!([]);
    let json_path = dir.join("rest.json");
    let csv_path = dir.join("observations.csv");
    std::fs::write(&json_path, rest.to_string()).unwrap();
    std::fs::write(&csv_path, csv).unwrap();
    (
        json_path.to_string_lossy().into_owned(),
        csv_path.to_string_lossy().into_owned(),
    )
}

#[test]
fn report_reads_observation_csv_files_beside_the_ledger() {
    let dir = scratch("observations");
    let (rest, observations) = sample_split(&dir);
    let whole = run(&["report", "--format", "json"]);
    let split = run(&[
        "report",
        "--format",
        "json",
        "--ledger",
        &rest,
        "--observations",
        &observations,
    ]);
    assert_eq!(split.status.code(), Some(0), "{}", stderr(&split));
    assert!(
        stdout(&split) == stdout(&whole),
        "the split sample scores differently from the sample"
    );
    // Not a terminal: no progress bar, nothing else on stderr.
    assert_eq!(stderr(&split), "");

    // Twice the same file: the second batch is a revision of every row,
    // recorded on the same day as the first (separate batches, so not
    // duplicates): every score stays, while the notes count the records
    // recorded after the knowledge date twice.
    let twice = run(&[
        "report",
        "--format",
        "json",
        "--ledger",
        &rest,
        "--observations",
        &observations,
        "--observations",
        &observations,
    ]);
    assert_eq!(twice.status.code(), Some(0), "{}", stderr(&twice));
    assert_eq!(stderr(&twice), "");
    let scores = |output: &Output| -> Vec<(String, String)> {
        let card: serde_json::Value = serde_json::from_str(&stdout(output)).unwrap();
        card["nodes"]
            .as_array()
            .unwrap()
            .iter()
            .map(|n| (n["id"].to_string(), n["score"].to_string()))
            .collect()
    };
    assert_eq!(scores(&twice), scores(&whole));

    // Observations alone: a ledger without targets scores, and the text
    // report names the file it read.
    let alone = run(&["report", "--observations", &observations]);
    assert_eq!(alone.status.code(), Some(0), "{}", stderr(&alone));
    assert!(stdout(&alone).contains(&observations));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn observation_files_with_rejected_rows_are_named_in_every_message() {
    let dir = scratch("bad-observations");
    let bad = dir.join("bad.csv");
    std::fs::write(
        &bad,
        "indicator,period,entity,value\n\
         E1.L1.M2.A2.I3,2008,GIT,8\n\
         E9.L9,2008,GIT,8\n\
         E1.L1.M2.A2.I3,2009,GIT,lots\n",
    )
    .unwrap();
    let bad = bad.to_string_lossy().into_owned();

    let output = run(&["validate", "--observations", &bad]);
    assert_eq!(output.status.code(), Some(1));
    let lines: Vec<String> = stdout(&output).lines().map(str::to_string).collect();
    assert_eq!(lines.len(), 2, "{lines:?}");
    assert!(
        lines[0].starts_with(&format!("{bad}: observations[1].indicator: "))
            && lines[0].ends_with(" [unknown_indicator]"),
        "{lines:?}"
    );
    assert!(
        lines[1].starts_with(&format!("{bad}: observations[2].value: ")),
        "{lines:?}"
    );
    assert!(
        stderr(&output).contains(&format!("{bad}: 2 record(s) rejected, 1 valid")),
        "{}",
        stderr(&output)
    );

    let lenient = run(&["report", "--observations", &bad]);
    assert_eq!(lenient.status.code(), Some(0), "{}", stderr(&lenient));
    assert!(stderr(&lenient).contains(&format!("{bad}: rejected observations[1].indicator")));

    let strict = run(&["report", "--observations", &bad, "--strict"]);
    assert_eq!(strict.status.code(), Some(1));
    assert!(stdout(&strict).is_empty());
    assert!(
        stderr(&strict).starts_with(&format!("error: {bad}: ")),
        "{}",
        stderr(&strict)
    );

    let missing = run(&["report", "--observations", "no/such/file.csv"]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("error: no/such/file.csv: "));

    // validate needs something to check.
    assert_eq!(run(&["validate"]).status.code(), Some(2));
    let _ = std::fs::remove_dir_all(&dir);
}

#[test]
fn report_public_prints_the_release_under_disclosure_control() {
    let output = run(&["report", "--public", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let view: serde_json::Value = serde_json::from_str(&stdout(&output)).unwrap();
    assert_eq!(view["release"], "public-2010-12-31");
    assert_eq!(view["k"], 11);
    assert!(
        view["audit"]["primary"].as_u64().unwrap() > 0,
        "{}",
        view["audit"]
    );
    let cells = view["cells"].as_array().unwrap();
    let mut confidential = 0;
    for cell in cells {
        match cell["value"].as_str().unwrap() {
            "confidential" => confidential += 1,
            text => {
                let count: u64 = text.parse().unwrap_or_else(|_| panic!("{cell}"));
                assert!(
                    count == 0 || count >= 11,
                    "a small count is published: {cell}"
                );
            }
        }
    }
    assert!(confidential > 0);

    // k is the release's: with k = 30 more is confidential; with k = 200
    // the audit refuses (a published target bounds a count below k; from
    // k = 40 already, as a confidential score's band, red, caps a count at
    // 0.6 times its target).
    let strict = run(&["report", "--public", "--format", "json", "--k", "30"]);
    assert_eq!(strict.status.code(), Some(0), "{}", stderr(&strict));
    let strict: serde_json::Value = serde_json::from_str(&stdout(&strict)).unwrap();
    assert!(strict["audit"]["primary"].as_u64() > view["audit"]["primary"].as_u64());
    let refused = run(&["report", "--public", "--format", "json", "--k", "200"]);
    assert_eq!(refused.status.code(), Some(1));
    assert!(stdout(&refused).is_empty());
    assert!(
        stderr(&refused).starts_with("error: public release \"public-2010-12-31\": "),
        "{}",
        stderr(&refused)
    );

    let sdmx = run(&[
        "report",
        "--public",
        "--format",
        "sdmx",
        "--release",
        "2010-annual",
    ]);
    assert_eq!(sdmx.status.code(), Some(0), "{}", stderr(&sdmx));
    let text = stdout(&sdmx);
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let column = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (value, conf, release) = (
        column("OBS_VALUE"),
        column("CONF_STATUS"),
        column("RELEASE"),
    );
    let mut suppressed = 0;
    for line in lines {
        let fields: Vec<&str> = line.split(',').collect();
        assert_eq!(fields[release], "2010-annual", "{line}");
        if fields[conf] == "C" {
            suppressed += 1;
            assert_eq!(fields[value], "", "a confidential value is shown: {line}");
        } else {
            assert_eq!(fields[conf], "F", "{line}");
        }
    }
    assert!(suppressed > 0);

    let text = run(&["report", "--public"]);
    assert_eq!(text.status.code(), Some(1));
    assert!(
        stderr(&text).contains("json, csv or sdmx"),
        "{}",
        stderr(&text)
    );
    let not_public = run(&["report", "--format", "sdmx"]);
    assert_eq!(not_public.status.code(), Some(1));
    assert!(stderr(&not_public).contains("--public"));
    assert_eq!(run(&["report", "--k", "5"]).status.code(), Some(2));
}

#[test]
fn annual_writes_the_golden_report_of_the_sample_in_both_languages() {
    for (lang, golden) in [
        ("es-GT", "tests/golden/annual-2010-es-GT.html"),
        ("en", "tests/golden/annual-2010-en.html"),
    ] {
        let out = scratch(&format!("annual-{lang}")).join("informe.html");
        let out_arg = out.to_string_lossy().into_owned();
        let output = run(&[
            "annual", "--year", "2010", "--lang", lang, "--out", &out_arg,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        assert_eq!(stdout(&output), "");
        let written = std::fs::read_to_string(&out).expect("the report");
        let _ = std::fs::remove_file(&out);
        assert!(written == file(golden), "{lang}: differs from {golden}");
    }
}

#[test]
fn annual_errors_are_one_line_and_a_non_zero_exit() {
    let out = scratch("annual-error").join("informe.html");
    let out_arg = out.to_string_lossy().into_owned();
    let outside = run(&["annual", "--year", "2030", "--out", &out_arg]);
    assert_eq!(outside.status.code(), Some(1));
    assert_eq!(
        stderr(&outside),
        "error: year 2030 is outside the plan's years 2007-2017\n"
    );
    assert!(!out.exists());
    let missing = run(&[
        "annual",
        "--year",
        "2010",
        "--ledger",
        "no-such-ledger.json",
        "--out",
        &out_arg,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert!(stderr(&missing).starts_with("error: no-such-ledger.json: "));
    assert_eq!(stderr(&missing).lines().count(), 1);
    // Usage errors: no --year, no --out, a language it does not speak.
    assert_eq!(run(&["annual", "--out", &out_arg]).status.code(), Some(2));
    assert_eq!(run(&["annual", "--year", "2010"]).status.code(), Some(2));
    let lang = run(&[
        "annual", "--year", "2010", "--lang", "fr", "--out", &out_arg,
    ]);
    assert_eq!(lang.status.code(), Some(2));
    let help = run(&["annual", "--help"]);
    assert_eq!(help.status.code(), Some(0));
    assert!(stdout(&help).contains("--known-on"));
}

#[test]
fn a_threshold_that_protects_nothing_is_refused() {
    // k = 1 would make no count confidential, k = 0 is no rule at all: the
    // command takes the range a release's configuration takes.
    let out = scratch("k-range").join("informe.html");
    let out_arg = out.to_string_lossy().into_owned();
    for k in ["0", "1", "1000001", "once"] {
        for args in [
            &["annual", "--year", "2010", "--k", k, "--out", &out_arg][..],
            &[
                "evaluation",
                "--years",
                "2009-2010",
                "--k",
                k,
                "--out",
                &out_arg,
            ],
            &["report", "--public", "--k", k],
        ] {
            let output = run(args);
            assert_eq!(output.status.code(), Some(2), "{args:?}");
            let errors = stderr(&output);
            assert!(
                errors.contains("expected a whole number from 2 to 1000000"),
                "{args:?}: {errors}"
            );
            assert!(!out.exists(), "{args:?}");
        }
    }
    let output = run(&["report", "--public", "--k", "2", "--format", "json"]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert!(stdout(&output).contains("\"k\": 2"));
}

#[test]
fn evaluation_writes_the_golden_evaluation_of_the_sample() {
    for (lang, golden) in [
        ("es-GT", "tests/golden/evaluation-2009-2010-es-GT.html"),
        ("en", "tests/golden/evaluation-2009-2010-en.html"),
    ] {
        let out = scratch(&format!("evaluation-{lang}")).join("evaluacion.html");
        let out_arg = out.to_string_lossy().into_owned();
        let output = run(&[
            "evaluation",
            "--years",
            "2009-2010",
            "--lang",
            lang,
            "--out",
            &out_arg,
        ]);
        assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
        let written = std::fs::read_to_string(&out).expect("the evaluation");
        assert!(written == file(golden), "{lang}: differs from {golden}");
    }
    let out = scratch("evaluation-error").join("evaluacion.html");
    let out_arg = out.to_string_lossy().into_owned();
    let apart = run(&["evaluation", "--years", "2009-2011", "--out", &out_arg]);
    assert_eq!(apart.status.code(), Some(1));
    assert_eq!(
        stderr(&apart),
        "error: an evaluation covers two consecutive years, or the plan's whole period, not 2009-2011\n"
    );
    let bad = run(&["evaluation", "--years", "2009", "--out", &out_arg]);
    assert_eq!(bad.status.code(), Some(2));
    assert!(stderr(&bad).contains("FIRST-LAST"));
}

#[test]
fn annual_reads_templates_from_a_directory() {
    let dir = scratch("annual-templates");
    std::fs::write(
        dir.join("annual.html"),
        "{{ t(\"doc-annual-title\", year=year) }} · {{ plan.id }} · {{ summary.band }}\n",
    )
    .unwrap();
    let out = dir.join("informe.html");
    let (dir_arg, out_arg) = (
        dir.to_string_lossy().into_owned(),
        out.to_string_lossy().into_owned(),
    );
    let output = run(&[
        "annual",
        "--year",
        "2010",
        "--templates",
        &dir_arg,
        "--out",
        &out_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    assert_eq!(
        std::fs::read_to_string(&out).unwrap(),
        "Informe de avance anual 2010 · PAE-TRATA-2007-2017 · yellow"
    );
    let missing = run(&[
        "annual",
        "--year",
        "2010",
        "--templates",
        "no-such-dir",
        "--out",
        &out_arg,
    ]);
    assert_eq!(missing.status.code(), Some(1));
    assert_eq!(stderr(&missing).lines().count(), 1, "{}", stderr(&missing));
}

#[test]
fn annual_json_is_the_model_the_document_is_rendered_from() {
    let dir = scratch("annual-json");
    let out = dir.join("informe.json");
    let out_arg = out.to_string_lossy().into_owned();
    let output = run(&[
        "annual", "--year", "2010", "--format", "json", "--out", &out_arg,
    ]);
    assert_eq!(output.status.code(), Some(0), "{}", stderr(&output));
    let model: serde_json::Value =
        serde_json::from_str(&std::fs::read_to_string(&out).unwrap()).expect("JSON");
    assert_eq!(model["year"], "2010");
    assert_eq!(model["axes"].as_array().map(Vec::len), Some(5));
    // Rendering the model read back gives the golden document.
    let html = seguimiento_report::render(
        "annual.html",
        seguimiento_report::format::Lang::EsGt,
        &model,
    )
    .expect("rendered");
    assert!(html == file("tests/golden/annual-2010-es-GT.html"));
}
