//! The main job: evaluates a plan on a ledger as of a date and prints the
//! scorecard.
//!
//! ```text
//! cargo run -q --release --example report
//! cargo run -q --release --example report -- --ledger FILE --as-of 2010-12-31 --format json
//! ```
//!
//! Without arguments it scores the embedded 2007-2017 plan on the sample
//! ledger (`seeds/demo-ledger.json`, demonstration data) as of 2010-12-31.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{
    evaluate, Band, Config, Ledger, Mode, Plan, PlanTable, Row, Score, Scorecard, ScorecardTable,
};

const SAMPLE_LEDGER: &str = include_str!("../../seeds/demo-ledger.json");
const DEFAULT_AS_OF: &str = "2010-12-31";

const USAGE: &str = "usage: report [--plan FILE] [--ledger FILE] [--config FILE] \
[--as-of YYYY-MM-DD] [--format text|json|csv] [--strict]

  --plan FILE      a plan in the plan format (default: the embedded 2007-2017 plan)
  --ledger FILE    a JSON ledger (default: the sample ledger, demonstration data)
  --config FILE    evaluation settings as JSON (default: the SPEC's defaults)
  --as-of DATE     evaluation date (default: 2010-12-31)
  --format FORMAT  text (default), json (the scorecard JSON) or csv (one row per node)
  --strict         refuse the whole ledger if any record is invalid
                   (default: valid records are used, rejected ones are listed on stderr)";

#[derive(Clone, Copy, PartialEq)]
enum Format {
    Text,
    Json,
    Csv,
}

struct Args {
    plan: Option<String>,
    ledger: Option<String>,
    config: Option<String>,
    as_of: NaiveDate,
    format: Format,
    mode: Mode,
}

/// Why the command stopped without a scorecard. Only a mistake in the
/// command line earns the usage text; a bad file or value says what is wrong
/// with it and nothing else.
#[derive(Debug, PartialEq)]
enum Failure {
    /// `--help`: the usage text, on stdout.
    Help,
    /// The command line is wrong.
    Usage(String),
    /// An input (a file, a date, a setting) is wrong.
    Data(String),
}

impl From<String> for Failure {
    /// Everything after the command line is read is about the data.
    fn from(message: String) -> Failure {
        Failure::Data(message)
    }
}

/// What the command writes on stderr for a failure (`None` for help).
fn failure_message(failure: &Failure) -> Option<String> {
    match failure {
        Failure::Help => None,
        Failure::Usage(problem) => Some(format!("error: {problem}\n\n{USAGE}")),
        Failure::Data(problem) => Some(format!("error: {problem}")),
    }
}

fn parse_args() -> Result<Args, Failure> {
    parse_arg_list(std::env::args().skip(1))
}

fn parse_arg_list(arguments: impl Iterator<Item = String>) -> Result<Args, Failure> {
    let mut args = Args {
        plan: None,
        ledger: None,
        config: None,
        as_of: seguimiento::parse_date(DEFAULT_AS_OF).map_err(|e| Failure::Data(e.to_string()))?,
        format: Format::Text,
        mode: Mode::Lenient,
    };
    let mut it = arguments;
    while let Some(arg) = it.next() {
        let mut value = |name: &str| {
            it.next()
                .ok_or_else(|| Failure::Usage(format!("{name} needs a value")))
        };
        match arg.as_str() {
            "--plan" => args.plan = Some(value("--plan")?),
            "--ledger" => args.ledger = Some(value("--ledger")?),
            "--config" => args.config = Some(value("--config")?),
            "--as-of" => {
                args.as_of = seguimiento::parse_date(&value("--as-of")?)
                    .map_err(|e| Failure::Data(format!("--as-of: {e}")))?
            }
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => {
                        return Err(Failure::Usage(format!(
                            "--format: {:?} is not text, json or csv",
                            seguimiento::Excerpt::new(other).head()
                        )))
                    }
                }
            }
            "--strict" => args.mode = Mode::Strict,
            "-h" | "--help" => return Err(Failure::Help),
            other => {
                return Err(Failure::Usage(format!(
                    "unknown argument {}",
                    seguimiento::Excerpt::new(other).quoted()
                )))
            }
        }
    }
    Ok(args)
}

fn read(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

fn run() -> Result<String, Failure> {
    let args = parse_args()?;
    let plan = match &args.plan {
        None => Plan::embedded(),
        Some(path) => Plan::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    let plan = Arc::new(plan);
    let config = match &args.config {
        None => Config::default(),
        Some(path) => Config::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    let ledger_text = match &args.ledger {
        None => SAMPLE_LEDGER.to_string(),
        Some(path) => read(path)?,
    };
    let ledger_name = args
        .ledger
        .as_deref()
        .unwrap_or("seeds/demo-ledger.json (sample)");
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let report = ledger
        .ingest_json(&ledger_text, args.mode)
        .map_err(|e| format!("{ledger_name}: {e}"))?;
    for rejection in &report.rejections {
        eprintln!("{ledger_name}: rejected {rejection}");
    }
    if !report.rejections.is_empty() {
        eprintln!(
            "{ledger_name}: {} record(s) rejected, {} used",
            report.rejections.len(),
            report.accepted
        );
    }
    let card = evaluate(&plan, &ledger, args.as_of, &config).map_err(|e| e.to_string())?;
    Ok(match args.format {
        Format::Json => card.to_json(),
        Format::Csv => csv(&plan, &card)?,
        Format::Text => text(&plan, &ledger, &card, ledger_name),
    })
}

fn main() -> ExitCode {
    match run() {
        Ok(out) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), out.as_bytes());
            ExitCode::SUCCESS
        }
        Err(failure) => match failure_message(&failure) {
            None => {
                println!("{USAGE}");
                ExitCode::SUCCESS
            }
            Some(message) => {
                eprintln!("{message}");
                ExitCode::FAILURE
            }
        },
    }
}

fn score_text(score: Option<Score>) -> String {
    score.map(Score::percent).unwrap_or_else(|| "—".to_string())
}

fn band_text(band: &str) -> &'static str {
    match band.parse::<Band>() {
        Ok(Band::Green) => "GREEN ",
        Ok(Band::Yellow) => "YELLOW",
        Ok(Band::Red) => "RED   ",
        Ok(Band::None) | Err(_) => "none  ",
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

/// One value of a row as text (`""` for a missing value or column).
fn field(row: &Row<'_>, column: &str) -> String {
    row.get(column).map(|v| v.to_string()).unwrap_or_default()
}

/// A score, coverage or rate of a row (`None` when missing).
fn score(row: &Row<'_>, column: &str) -> Option<Score> {
    row.get(column).and_then(|v| v.as_score())
}

/// A count of a row (0 when missing).
fn count(row: &Row<'_>, column: &str) -> i64 {
    row.get(column).and_then(|v| v.as_integer()).unwrap_or(0)
}

/// A list of a row (empty when missing).
fn list<'a>(row: &Row<'a>, column: &str) -> &'a [String] {
    row.get(column).and_then(|v| v.as_list()).unwrap_or(&[])
}

/// The scorecard as text, read from its tables (and the plan's actions
/// table, for who answers for an overdue action).
fn text(plan: &Plan, ledger: &Ledger, card: &Scorecard, ledger_name: &str) -> String {
    let mut out = String::new();
    let nodes = card.table(plan, ScorecardTable::Nodes);
    let [t, o, m, s, b] = ledger.counts();
    let level = |row: &Row<'_>| field(row, "level");
    let Some(root) = nodes.rows().find(|r| level(r) == "plan") else {
        return out;
    };
    let _ = writeln!(out, "{}", field(&root, "text"));
    let _ = writeln!(out, "Scorecard as of {}", card.as_of);
    let _ = writeln!(
        out,
        "Ledger: {ledger_name}: {t} targets, {o} observations, {m} milestones, {s} submissions, {b} obligations"
    );
    let _ = writeln!(
        out,
        "\nPLAN  {}  {}  coverage {} of actions scored",
        score_text(score(&root, "score")),
        band_text(&field(&root, "band")).trim(),
        score_text(score(&root, "coverage"))
    );

    let _ = writeln!(out, "\nAxes");
    for axis in nodes.rows().filter(|r| level(r) == "axis") {
        let _ = writeln!(
            out,
            "  {:<4} {} {:>9}  coverage {:>8}  {}",
            field(&axis, "id"),
            band_text(&field(&axis, "band")),
            score_text(score(&axis, "score")),
            score_text(score(&axis, "coverage")),
            field(&axis, "text")
        );
    }

    let actions = plan.table(PlanTable::Actions);
    let overdue: Vec<Row<'_>> = nodes
        .rows()
        .filter(|r| level(r) == "action" && field(r, "status") == "overdue")
        .collect();
    let _ = writeln!(out, "\nOverdue actions ({})", overdue.len());
    for node in &overdue {
        let id = field(node, "id");
        if let Some(action) = actions.rows().find(|a| field(a, "action") == id) {
            let _ = writeln!(
                out,
                "  {:<14} {}  [{}]",
                id,
                shorten(&field(&action, "text"), 70),
                list(&action, "responsible").join(", ")
            );
        }
    }

    let entities = card.table(plan, ScorecardTable::Entities);
    let mut ranked: Vec<Row<'_>> = entities.rows().collect();
    ranked.sort_by(|a, b| {
        score(b, "score")
            .cmp(&score(a, "score"))
            .then_with(|| field(a, "code").cmp(&field(b, "code")))
    });
    let _ = writeln!(out, "\nInstitutions, ranked by score");
    let _ = writeln!(
        out,
        "  {:<4} {:<18} band   {:>9}  {:>7}  {:>7}",
        "#", "entity", "score", "actions", "overdue"
    );
    for (rank, e) in ranked.iter().enumerate() {
        let _ = writeln!(
            out,
            "  {:<4} {:<18} {} {:>9}  {:>7}  {:>7}",
            rank + 1,
            field(e, "code"),
            band_text(&field(e, "band")),
            score_text(score(e, "score")),
            format!("{}/{}", count(e, "scored_actions"), count(e, "actions")),
            list(e, "overdue").len()
        );
    }

    let _ = writeln!(
        out,
        "\nReporting compliance (reports due by {})",
        card.as_of
    );
    let _ = writeln!(
        out,
        "  {:<10} {:<11} {:>8} {:>7} {:>5} {:>7} {:>9} {:>10}",
        "entity", "kind", "expected", "on time", "late", "missing", "rate", "timeliness"
    );
    for r in card.table(plan, ScorecardTable::Reporting).rows() {
        let _ = writeln!(
            out,
            "  {:<10} {:<11} {:>8} {:>7} {:>5} {:>7} {:>9} {:>10}",
            field(&r, "entity"),
            field(&r, "kind"),
            count(&r, "expected"),
            count(&r, "on_time"),
            count(&r, "late"),
            count(&r, "missing"),
            score_text(score(&r, "rate")),
            score_text(score(&r, "timeliness"))
        );
    }

    let discrepancies = card.table(plan, ScorecardTable::Discrepancies);
    if !discrepancies.is_empty() {
        let _ = writeln!(
            out,
            "\nSocial audit: verification differs from official data"
        );
        for d in discrepancies.rows() {
            let _ = writeln!(
                out,
                "  {} {} {}: official {}, verification {}",
                field(&d, "indicator"),
                field(&d, "period"),
                field(&d, "entity"),
                field(&d, "official"),
                field(&d, "verification")
            );
        }
    }
    let consistency = card.table(plan, ScorecardTable::Consistency);
    if !consistency.is_empty() {
        let _ = writeln!(
            out,
            "\nConsistency: totals that differ from the sum of their cells (the total counts)"
        );
        for c in consistency.rows() {
            let _ = writeln!(
                out,
                "  {} {} {}: total {}, cells add up to {} ({} cells)",
                field(&c, "indicator"),
                field(&c, "period"),
                field(&c, "entity"),
                field(&c, "total"),
                field(&c, "cells_sum"),
                count(&c, "cells")
            );
        }
    }
    let _ = writeln!(
        out,
        "\n{} nodes scored of {}; {} actions. Full detail: --format json.",
        nodes.rows().filter(|n| score(n, "score").is_some()).count(),
        nodes.len(),
        nodes.rows().filter(|n| level(n) == "action").count()
    );
    out
}

/// One row per node: the nodes table's id, level, score, band, coverage and
/// status, as CSV.
fn csv(plan: &Plan, card: &Scorecard) -> Result<String, String> {
    let nodes = card.table(plan, ScorecardTable::Nodes);
    let picked = nodes
        .select(&["id", "level", "score", "band", "coverage", "status"])
        .map_err(|e| e.to_string())?;
    Ok(picked.to_csv())
}

#[cfg(test)]
mod tests {
    use super::*;

    fn failure(arguments: &[&str]) -> Failure {
        match parse_arg_list(arguments.iter().map(|a| a.to_string())) {
            Ok(_) => panic!("{arguments:?} was accepted"),
            Err(failure) => failure,
        }
    }

    /// Issue 13: every data error came with the whole usage text after it.
    #[test]
    fn only_a_command_line_mistake_prints_the_usage() {
        let bad_date = failure(&["--as-of", "2010-13-45"]);
        assert!(matches!(bad_date, Failure::Data(_)), "{bad_date:?}");
        let message = failure_message(&bad_date).unwrap();
        assert!(message.contains("--as-of"), "{message}");
        assert!(!message.contains("usage:"), "{message}");

        let data = failure_message(&Failure::from("ledger.json: unreadable".to_string())).unwrap();
        assert_eq!(data, "error: ledger.json: unreadable");

        for arguments in [&["--bogus"][..], &["--ledger"], &["--format", "xml"]] {
            let mistake = failure(arguments);
            assert!(matches!(mistake, Failure::Usage(_)), "{mistake:?}");
            assert!(failure_message(&mistake).unwrap().contains("usage:"));
        }
        assert_eq!(failure(&["--help"]), Failure::Help);
        assert_eq!(failure_message(&Failure::Help), None);
    }

    #[test]
    fn a_huge_unknown_argument_is_shown_by_an_excerpt() {
        let huge = "x".repeat(1_000_000);
        let message = failure_message(&failure(&[&huge])).unwrap();
        assert!(message.len() < USAGE.len() + 200, "{}", message.len());
    }
}
