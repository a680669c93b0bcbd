//! The main job: evaluates a plan on a ledger as of a date and prints the
//! scorecard.
//!
//! ```text
//! cargo run -q --release --example report
//! cargo run -q --release --example report -- --ledger FILE --as-of 2010-12-31 --format json
//! cargo run -q --release --example report -- --as-of 2008-12-31 --known-on 2009-03-31
//! cargo run -q --release --example report -- --lang en
//! ```
//!
//! Without arguments it scores the embedded 2007-2017 plan on the sample
//! ledger (`seeds/demo-ledger.json`, demonstration data) as of 2010-12-31.
//! The text report speaks Spanish (es-GT, the plan's language) unless
//! `--lang en`; its words, column labels included, come from the report
//! crate's message catalogs, by the label key of each table column.

use std::fmt::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{
    evaluate, Config, Ledger, Mode, Plan, PlanTable, Row, Score, Scorecard, ScorecardTable, Table,
};
use seguimiento_report::format::Lang;
use seguimiento_report::i18n::{t, Arg};

const SAMPLE_LEDGER: &str = include_str!("../../seeds/demo-ledger.json");
const DEFAULT_AS_OF: &str = "2010-12-31";
/// At most this many late or missing reports are listed in the text report.
const MAX_LISTED: usize = 25;

const USAGE: &str = "usage: report [--plan FILE] [--ledger FILE] [--config FILE] \
[--as-of YYYY-MM-DD] [--known-on YYYY-MM-DD] [--format text|json|csv] [--lang es-GT|en] [--strict]

  --plan FILE      a plan in the plan format (default: the embedded 2007-2017 plan)
  --ledger FILE    a JSON ledger (default: the sample ledger, demonstration data)
  --config FILE    evaluation settings as JSON (default: the SPEC's defaults)
  --as-of DATE     evaluation date (default: 2010-12-31): what is due by then
  --known-on DATE  knowledge date: only records recorded by then count
                   (default: the config's known_on, else the evaluation date)
  --format FORMAT  text (default), json (the scorecard JSON) or csv (one row per node)
  --lang LANG      the words of the text report: es-GT (default, the plan's language) or en
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
    known_on: Option<NaiveDate>,
    format: Format,
    lang: Lang,
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
        known_on: None,
        format: Format::Text,
        lang: Lang::EsGt,
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
            "--known-on" => {
                args.known_on = Some(
                    seguimiento::parse_date(&value("--known-on")?)
                        .map_err(|e| format!("--known-on: {e}"))?,
                )
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
            "--lang" => {
                let lang = value("--lang")?;
                args.lang = lang
                    .parse()
                    .map_err(|_| format!("--lang: {lang:?} is not es-GT or en"))?
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
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => Config::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    if args.known_on.is_some() {
        config.known_on = args.known_on;
    }
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
        Format::Text => text(
            &plan,
            &ledger,
            &card,
            ledger_name,
            config.min_rank_coverage,
            args.lang,
        )?,
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

/// The words of the report in one language, from the report crate's
/// message catalogs: column labels by the key each table column carries.
struct Words {
    lang: Lang,
}

impl Words {
    /// A message with its variables (text, already formatted).
    fn message(&self, key: &str, args: &[(&str, &str)]) -> Result<String, String> {
        let args: Vec<(&str, Arg)> = args.iter().map(|&(k, v)| (k, Arg::from(v))).collect();
        t(self.lang, key, &args).map_err(|e| e.to_string())
    }

    /// The label of a column of a table.
    fn column(&self, table: &Table, name: &str) -> Result<String, String> {
        let column = table
            .column(name)
            .ok_or_else(|| format!("the table {} has no column {name}", table.name()))?;
        self.message(column.label(), &[])
    }

    /// A value of a category column in words (`no iniciada`), by the
    /// catalog key the column gives it; as named if it has none.
    fn value(&self, table: &Table, column: &str, value: &str) -> Result<String, String> {
        match table.column(column).and_then(|c| c.value_label(value)) {
            Some(key) => self.message(&key, &[]),
            None => Ok(value.to_string()),
        }
    }

    /// A row's band in words, in capitals (`YELLOW`, `AMARILLO`).
    fn band(&self, table: &Table, row: &Row<'_>) -> Result<String, String> {
        Ok(self
            .value(table, "band", &field(row, "band"))?
            .to_uppercase())
    }
}

/// Rows of cells as aligned text, each column as wide as its widest cell,
/// numbers (`right`) aligned to the right; each line indented by two spaces.
fn aligned(rows: &[Vec<String>], right: &[bool]) -> String {
    let columns = rows.iter().map(Vec::len).max().unwrap_or(0);
    let widths: Vec<usize> = (0..columns)
        .map(|i| {
            rows.iter()
                .filter_map(|r| r.get(i))
                .map(|c| c.chars().count())
                .max()
                .unwrap_or(0)
        })
        .collect();
    let mut out = String::new();
    for row in rows {
        let cells: Vec<String> = row
            .iter()
            .enumerate()
            .map(|(i, cell)| {
                let width = widths[i];
                if right.get(i).copied().unwrap_or(false) {
                    format!("{cell:>width$}")
                } else {
                    format!("{cell:<width$}")
                }
            })
            .collect();
        let _ = writeln!(out, "  {}", cells.join("  ").trim_end());
    }
    out
}

/// The scorecard as text, read from its tables (and the plan's actions
/// table, for who answers for an overdue action), in the words of `lang`.
fn text(
    plan: &Plan,
    ledger: &Ledger,
    card: &Scorecard,
    ledger_name: &str,
    min_rank_coverage: Decimal,
    lang: Lang,
) -> Result<String, String> {
    let words = Words { lang };
    let mut out = String::new();
    let nodes = card.table(plan, ScorecardTable::Nodes);
    let [t, o, m, s, b, ..] = ledger.counts().map(|n| n.to_string());
    let level = |row: &Row<'_>| field(row, "level");
    let Some(root) = nodes.rows().find(|r| level(r) == "plan") else {
        return Ok(out);
    };
    let as_of = card.as_of.to_string();
    let _ = writeln!(out, "{}", field(&root, "text"));
    let heading = if card.known_on == card.as_of {
        words.message("text-scorecard-as-of", &[("date", &as_of)])?
    } else {
        let known_on = card.known_on.to_string();
        words.message(
            "text-scorecard-as-known-on",
            &[("date", &as_of), ("known", &known_on)],
        )?
    };
    let _ = writeln!(out, "{heading}");
    let _ = writeln!(
        out,
        "{}",
        words.message(
            "text-ledger",
            &[
                ("name", ledger_name),
                ("targets", &t),
                ("observations", &o),
                ("milestones", &m),
                ("submissions", &s),
                ("obligations", &b),
            ],
        )?
    );
    let _ = writeln!(
        out,
        "\n{}  {}  {}  {} {} {}",
        words.message("text-plan", &[])?,
        score_text(score(&root, "score")),
        words.band(&nodes, &root)?,
        words.column(&nodes, "coverage")?.to_lowercase(),
        score_text(score(&root, "coverage")),
        words.message("text-of-actions-scored", &[])?
    );

    let _ = writeln!(out, "\n{}", words.message("display-axes", &[])?);
    let mut rows = vec![["id", "band", "score", "coverage", "text"]
        .iter()
        .map(|c| words.column(&nodes, c))
        .collect::<Result<Vec<_>, _>>()?];
    for axis in nodes.rows().filter(|r| level(r) == "axis") {
        rows.push(vec![
            field(&axis, "id"),
            words.band(&nodes, &axis)?,
            score_text(score(&axis, "score")),
            score_text(score(&axis, "coverage")),
            field(&axis, "text"),
        ]);
    }
    out.push_str(&aligned(&rows, &[false, false, true, true, false]));

    let actions = plan.table(PlanTable::Actions);
    let overdue: Vec<Row<'_>> = nodes
        .rows()
        .filter(|r| level(r) == "action" && field(r, "status") == "overdue")
        .collect();
    let overdue_count = overdue.len().to_string();
    let _ = writeln!(
        out,
        "\n{}",
        words.message("text-overdue-actions", &[("number", &overdue_count)])?
    );
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

    // The rankings: institutions and groups apart; an entity with too few
    // scored actions is listed after the ranked ones, unranked. Coverage
    // stands next to every score.
    let entities = card.table(plan, ScorecardTable::Entities);
    let rankings = card.table(plan, ScorecardTable::Rankings);
    let least = score_text(Score::new(min_rank_coverage));
    for (group, title) in [
        ("institution", "text-rankings-institutions"),
        ("group", "text-rankings-groups"),
    ] {
        let members: Vec<Row<'_>> = rankings
            .rows()
            .filter(|r| field(r, "group") == group)
            .collect();
        if members.is_empty() {
            continue;
        }
        let _ = writeln!(out, "\n{}", words.message(title, &[("coverage", &least)])?);
        let mut rows = vec![vec![
            "#".to_string(),
            words.column(&rankings, "code")?,
            words.column(&rankings, "band")?,
            words.column(&rankings, "score")?,
            words.column(&rankings, "coverage")?,
            words.column(&rankings, "scored_actions")?,
            words.column(&entities, "overdue")?,
            String::new(),
        ]];
        for r in &members {
            let code = field(r, "code");
            let overdue = entities
                .rows()
                .find(|e| field(e, "code") == code)
                .map_or(0, |e| list(&e, "overdue").len());
            let ranked = field(r, "standing") == "ranked";
            rows.push(vec![
                if ranked {
                    field(r, "rank")
                } else {
                    "—".to_string()
                },
                code,
                words.band(&rankings, r)?,
                score_text(score(r, "score")),
                score_text(score(r, "coverage")),
                format!("{}/{}", count(r, "scored_actions"), count(r, "actions")),
                overdue.to_string(),
                if ranked {
                    String::new()
                } else {
                    words.value(&rankings, "standing", "insufficient_data")?
                },
            ]);
        }
        out.push_str(&aligned(
            &rows,
            &[false, false, false, true, true, true, true, false],
        ));
    }

    let reporting = card.table(plan, ScorecardTable::Reporting);
    let _ = writeln!(
        out,
        "\n{} ({})",
        words.message("reporting-title", &[])?,
        words.message("text-reports-due-by", &[("date", &as_of)])?
    );
    let columns = [
        "entity",
        "kind",
        "expected",
        "on_time",
        "late",
        "missing",
        "rate",
        "timeliness",
    ];
    let mut rows = vec![columns
        .iter()
        .map(|c| words.column(&reporting, c))
        .collect::<Result<Vec<_>, _>>()?];
    for r in reporting.rows() {
        rows.push(vec![
            field(&r, "entity"),
            words.value(&reporting, "kind", &field(&r, "kind"))?,
            count(&r, "expected").to_string(),
            count(&r, "on_time").to_string(),
            count(&r, "late").to_string(),
            count(&r, "missing").to_string(),
            score_text(score(&r, "rate")),
            score_text(score(&r, "timeliness")),
        ]);
    }
    out.push_str(&aligned(
        &rows,
        &[false, false, true, true, true, true, true, true],
    ));

    // Each report not on time, from the core's detail (the grace rule is
    // the core's; nothing is recomputed here).
    let detail = card.table(plan, ScorecardTable::ReportingDetail);
    let not_on_time: Vec<Row<'_>> = detail
        .rows()
        .filter(|r| field(r, "status") != "on_time")
        .collect();
    if !not_on_time.is_empty() {
        let number = not_on_time.len().to_string();
        let _ = writeln!(
            out,
            "\n{}",
            words.message("text-reports-not-on-time", &[("number", &number)])?
        );
        let columns = [
            "entity",
            "kind",
            "period",
            "due_on",
            "submitted_on",
            "status",
            "days_late",
        ];
        let mut rows = vec![columns
            .iter()
            .map(|c| words.column(&detail, c))
            .collect::<Result<Vec<_>, _>>()?];
        for r in not_on_time.iter().take(MAX_LISTED) {
            rows.push(vec![
                field(r, "entity"),
                words.value(&detail, "kind", &field(r, "kind"))?,
                field(r, "period"),
                field(r, "due_on"),
                field(r, "submitted_on"),
                words.value(&detail, "status", &field(r, "status"))?,
                count(r, "days_late").to_string(),
            ]);
        }
        out.push_str(&aligned(
            &rows,
            &[false, false, false, false, false, false, true],
        ));
        if not_on_time.len() > MAX_LISTED {
            let more = (not_on_time.len() - MAX_LISTED).to_string();
            let _ = writeln!(
                out,
                "  {}",
                words.message("text-reports-more", &[("count", &more)])?
            );
        }
    }

    let discrepancies = card.table(plan, ScorecardTable::Discrepancies);
    if !discrepancies.is_empty() {
        let _ = writeln!(out, "\n{}", words.message("audit-discrepancies", &[])?);
        let official = words.column(&discrepancies, "official")?.to_lowercase();
        let verification = words.column(&discrepancies, "verification")?.to_lowercase();
        for d in discrepancies.rows() {
            let _ = writeln!(
                out,
                "  {} {} {}: {official} {}, {verification} {}",
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
            "\n{}: {}",
            words.message("audit-consistency", &[])?,
            words.message("text-consistency-note", &[])?
        );
        let total = words.column(&consistency, "total")?.to_lowercase();
        let cells_sum = words.column(&consistency, "cells_sum")?.to_lowercase();
        let cells = words.column(&consistency, "cells")?.to_lowercase();
        for c in consistency.rows() {
            let _ = writeln!(
                out,
                "  {} {} {}: {total} {}, {cells_sum} {} ({cells} {})",
                field(&c, "indicator"),
                field(&c, "period"),
                field(&c, "entity"),
                field(&c, "total"),
                field(&c, "cells_sum"),
                count(&c, "cells")
            );
        }
    }
    let scored = nodes
        .rows()
        .filter(|n| score(n, "score").is_some())
        .count()
        .to_string();
    let all = nodes.len().to_string();
    let action_count = nodes
        .rows()
        .filter(|n| level(n) == "action")
        .count()
        .to_string();
    let _ = writeln!(
        out,
        "\n{}",
        words.message(
            "text-footer",
            &[
                ("scored", &scored),
                ("nodes", &all),
                ("actions", &action_count)
            ],
        )?
    );
    Ok(out)
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
