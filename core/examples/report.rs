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
use seguimiento::{evaluate, Band, Config, Ledger, Level, Mode, Plan, Score, Scorecard};

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

fn parse_args() -> Result<Args, String> {
    let mut args = Args {
        plan: None,
        ledger: None,
        config: None,
        as_of: seguimiento::parse_date(DEFAULT_AS_OF).map_err(|e| e.to_string())?,
        format: Format::Text,
        mode: Mode::Lenient,
    };
    let mut it = std::env::args().skip(1);
    while let Some(arg) = it.next() {
        let mut value = |name: &str| it.next().ok_or_else(|| format!("{name} needs a value"));
        match arg.as_str() {
            "--plan" => args.plan = Some(value("--plan")?),
            "--ledger" => args.ledger = Some(value("--ledger")?),
            "--config" => args.config = Some(value("--config")?),
            "--as-of" => {
                args.as_of = seguimiento::parse_date(&value("--as-of")?)
                    .map_err(|e| format!("--as-of: {e}"))?
            }
            "--format" => {
                args.format = match value("--format")?.as_str() {
                    "text" => Format::Text,
                    "json" => Format::Json,
                    "csv" => Format::Csv,
                    other => return Err(format!("--format: {other:?} is not text, json or csv")),
                }
            }
            "--strict" => args.mode = Mode::Strict,
            "-h" | "--help" => return Err(String::new()),
            other => return Err(format!("unknown argument {other:?}")),
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

fn run() -> Result<String, String> {
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
        Format::Csv => csv(&card),
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
        Err(e) if e.is_empty() => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        Err(e) => {
            eprintln!("error: {e}\n\n{USAGE}");
            ExitCode::FAILURE
        }
    }
}

fn score_text(score: Option<Score>) -> String {
    score.map(Score::percent).unwrap_or_else(|| "—".to_string())
}

fn band_text(band: Band) -> &'static str {
    match band {
        Band::Green => "GREEN ",
        Band::Yellow => "YELLOW",
        Band::Red => "RED   ",
        Band::None => "none  ",
    }
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        format!("{}…", text.chars().take(max - 1).collect::<String>())
    }
}

fn text(plan: &Plan, ledger: &Ledger, card: &Scorecard, ledger_name: &str) -> String {
    let mut out = String::new();
    let doc = plan.document();
    let [t, o, m, s, b] = ledger.counts();
    let _ = writeln!(out, "{}", doc.title);
    let _ = writeln!(out, "Scorecard as of {}", card.as_of);
    let _ = writeln!(
        out,
        "Ledger: {ledger_name}: {t} targets, {o} observations, {m} milestones, {s} submissions, {b} obligations"
    );
    let root = card.plan_node();
    let _ = writeln!(
        out,
        "\nPLAN  {}  {}  coverage {} of actions scored",
        score_text(root.score),
        band_text(root.band).trim(),
        root.coverage.percent()
    );

    let _ = writeln!(out, "\nAxes");
    for axis in plan.axes() {
        if let Some(n) = card.node(&axis.id) {
            let _ = writeln!(
                out,
                "  {:<4} {} {:>9}  coverage {:>8}  {}",
                axis.id,
                band_text(n.band),
                score_text(n.score),
                n.coverage.percent(),
                axis.text
            );
        }
    }

    let overdue = card.overdue_actions();
    let _ = writeln!(out, "\nOverdue actions ({})", overdue.len());
    for id in &overdue {
        if let Some(action) = plan.action(id) {
            let who: Vec<&str> = action.responsible.iter().map(|r| r.code.as_str()).collect();
            let _ = writeln!(
                out,
                "  {:<14} {}  [{}]",
                id,
                shorten(&action.text, 70),
                who.join(", ")
            );
        }
    }

    let mut ranked: Vec<_> = card.entities.iter().collect();
    ranked.sort_by(|a, b| b.score.cmp(&a.score).then_with(|| a.code.cmp(&b.code)));
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
            e.code,
            band_text(e.band),
            score_text(e.score),
            format!("{}/{}", e.scored_actions, e.actions),
            e.overdue.len()
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
    for r in &card.reporting {
        let _ = writeln!(
            out,
            "  {:<10} {:<11} {:>8} {:>7} {:>5} {:>7} {:>9} {:>10}",
            r.entity,
            r.kind.as_str(),
            r.expected,
            r.on_time,
            r.late,
            r.missing,
            r.rate.percent(),
            r.timeliness.percent()
        );
    }

    if !card.discrepancies.is_empty() {
        let _ = writeln!(
            out,
            "\nSocial audit: verification differs from official data"
        );
        for d in &card.discrepancies {
            let _ = writeln!(
                out,
                "  {} {} {}: official {}, verification {}",
                d.indicator, d.period, d.entity, d.official, d.verification
            );
        }
    }
    if !card.consistency.is_empty() {
        let _ = writeln!(
            out,
            "\nConsistency: totals that differ from the sum of their cells (the total counts)"
        );
        for c in &card.consistency {
            let _ = writeln!(
                out,
                "  {} {} {}: total {}, cells add up to {} ({} cells)",
                c.indicator, c.period, c.entity, c.total, c.cells_sum, c.cells
            );
        }
    }
    let actions = card
        .nodes
        .iter()
        .filter(|n| n.level == Level::Action)
        .count();
    let _ = writeln!(
        out,
        "\n{} nodes scored of {}; {} actions. Full detail: --format json.",
        card.nodes.iter().filter(|n| n.score.is_some()).count(),
        card.nodes.len(),
        actions
    );
    out
}

fn csv(card: &Scorecard) -> String {
    let mut out = String::from("id,level,score,band,coverage,status\n");
    for n in &card.nodes {
        let score = n.score.map(|s| s.to_string()).unwrap_or_default();
        let _ = writeln!(
            out,
            "{},{},{},{},{},{}",
            n.id,
            n.level.as_str(),
            score,
            n.band.as_str(),
            n.coverage,
            n.status.as_str()
        );
    }
    out
}
