//! `seguimiento`: the project's main job on the command line.
//!
//! - `seguimiento report` scores a plan on a ledger as of a date and prints
//!   the scorecard (text in es-GT or en, the scorecard JSON, or CSV);
//! - `seguimiento plan` prints the plan's tables;
//! - `seguimiento annual` writes the annual progress report of a year
//!   (*Informe de avance anual*) as a self-contained HTML file, and
//!   `seguimiento evaluation` the biannual evaluation of two years
//!   (*Evaluación bianual*);
//! - `seguimiento validate` checks a ledger against the plan and lists every
//!   rejected record, exiting 1 when there is any (a check for CI).
//!
//! Exit status: 0 on success, 1 on a data error (a file that cannot be read,
//! a plan, configuration or ledger that is refused, rejected records for
//! `validate`), 2 on a usage error (clap's convention).

mod progress;
mod render;

use std::io::Write as _;
use std::process::ExitCode;
use std::sync::Arc;

use chrono::NaiveDate;
use clap::{CommandFactory, Parser, Subcommand, ValueEnum};
use seguimiento::{
    annual_report, biannual_evaluation, evaluate, AnnualOptions, Config, EvaluationOptions,
    Fingerprints, IngestReport, Ledger, Mode, Plan, PlanTable, PublicConfig, PublicView, Rejection,
    TableFormat, EMBEDDED_PLAN_JSON,
};
use seguimiento_report::format::Lang;

/// The sample ledger (demonstration data), scored when no ledger is given.
const SAMPLE_LEDGER: &str = include_str!("../../seeds/demo-ledger.json");
/// How the sample ledger is named in the report and in messages.
const SAMPLE_LEDGER_NAME: &str = "seeds/demo-ledger.json (sample)";
/// The evaluation date when none is given: the sample ledger's last full year.
const DEFAULT_AS_OF: &str = "2010-12-31";

/// Scores how well Guatemala's 2007-2017 anti-trafficking action plan (or
/// another plan in the plan format) is carried out.
#[derive(Parser)]
#[command(name = "seguimiento", version, propagate_version = true)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand)]
enum Command {
    /// Scores a plan on a ledger as of a date and prints the scorecard.
    ///
    /// Without arguments it scores the embedded 2007-2017 plan on the sample
    /// ledger (seeds/demo-ledger.json, demonstration data) as of 2010-12-31.
    #[command(after_help = "Examples:\n  \
        seguimiento report\n  \
        seguimiento report --ledger ledger.json --as-of 2010-12-31 --format json\n  \
        seguimiento report --as-of 2008-12-31 --known-on 2009-03-31\n  \
        seguimiento report --ledger targets.json --observations pnc-2010.csv --observations mp-2010.csv\n  \
        seguimiento report --public --format json\n  \
        seguimiento report --as-of 2017-12-31 --public --release 2017-annual --format sdmx\n  \
        seguimiento report --lang en")]
    Report(ReportArgs),
    /// Prints one of the plan's tables.
    #[command(after_help = "Examples:\n  \
        seguimiento plan\n  \
        seguimiento plan --table actions --format csv\n  \
        seguimiento plan --json\n  \
        seguimiento plan --plan other-plan.json --table indicators --format json")]
    Plan(PlanArgs),
    /// Validates a ledger against the plan: lists each rejected record
    /// (kind, index, field, code, reason) and exits 1 if there is any.
    #[command(after_help = "Examples:\n  \
        seguimiento validate ministry-2010.json pnc-2010.csv\n  \
        seguimiento validate --ledger ministry-2010.json\n  \
        seguimiento validate --observations pnc-2010.csv\n  \
        seguimiento validate --ledger ledger.json --plan other-plan.json")]
    Validate(ValidateArgs),
    /// Writes the annual progress report of a year (Informe de avance anual)
    /// as one self-contained HTML file: every figure under disclosure control.
    ///
    /// Without --ledger it reports on the sample ledger (seeds/demo-ledger.json,
    /// demonstration data).
    #[command(after_help = "Examples:\n  \
        seguimiento annual --year 2010 --out informe-2010.html\n  \
        seguimiento annual --year 2010 --lang en --out annual-report-2010.html\n  \
        seguimiento annual --year 2008 --known-on 2009-03-31 --out informe-2008.html\n  \
        seguimiento annual --year 2010 --ledger ledger.json --templates plantillas/ --out informe.html")]
    Annual(AnnualArgs),
    /// Writes the biannual evaluation of two consecutive years (Evaluación
    /// bianual) as one self-contained HTML file: start and end of the period
    /// per axis and action, band changes, window targets, milestones,
    /// reporting compliance, data gaps and the follow-up of the previous
    /// evaluation's recommendations.
    #[command(after_help = "Examples:\n  \
        seguimiento evaluation --years 2009-2010 --out evaluacion-2009-2010.html\n  \
        seguimiento evaluation --years 2009-2010 --lang en --out evaluation-2009-2010.html\n  \
        seguimiento evaluation --years 2007-2017 --out evaluacion-final.html   (the final evaluation)")]
    Evaluation(EvaluationArgs),
}

#[derive(clap::Args)]
struct EvaluationArgs {
    /// The two years evaluated, FIRST-LAST (e.g. 2009-2010), or the plan's
    /// whole period for the final evaluation (2007-2017).
    #[arg(long, value_name = "FIRST-LAST", value_parser = parse_years)]
    years: (i32, i32),
    #[command(flatten)]
    document: DocumentArgs,
}

/// The inputs every public document reads.
#[derive(clap::Args)]
struct DocumentArgs {
    /// A plan in the plan format (default: the embedded 2007-2017 plan).
    #[arg(long, value_name = "FILE")]
    plan: Option<String>,
    /// A JSON ledger (default: the sample ledger, demonstration data).
    #[arg(long, value_name = "FILE")]
    ledger: Option<String>,
    /// Evaluation settings as JSON (default: the SPEC's defaults).
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
    /// Knowledge date (YYYY-MM-DD) of every year end: only records recorded
    /// by then count (default: the config's known_on, else each year end).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    known_on: Option<NaiveDate>,
    /// The primary threshold of disclosure control: counts of victims
    /// 1..K-1 are confidential (2 to 1000000).
    #[arg(long, value_name = "K", default_value_t = 11, value_parser = parse_k)]
    k: u32,
    /// The document's language: es-GT (default) or en. The plan's texts
    /// stay in Spanish.
    #[arg(long, value_name = "LANG", default_value = "es-GT", value_parser = parse_lang)]
    lang: Lang,
    /// A directory of templates (and locales/) replacing the built-in ones.
    #[arg(long, value_name = "DIR")]
    templates: Option<String>,
    /// html (the document) or json (its model: every section and figure as
    /// data, what any renderer reads).
    #[arg(long, value_enum, default_value_t = DocumentFormat::Html)]
    format: DocumentFormat,
    /// The file to write.
    #[arg(long, value_name = "FILE")]
    out: String,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum DocumentFormat {
    Html,
    Json,
}

#[derive(clap::Args)]
struct AnnualArgs {
    /// The year reported on (evaluated at its 31 December).
    #[arg(long, value_name = "YEAR")]
    year: i32,
    #[command(flatten)]
    document: DocumentArgs,
}

#[derive(clap::Args)]
struct ReportArgs {
    /// A plan in the plan format (default: the embedded 2007-2017 plan).
    #[arg(long, value_name = "FILE")]
    plan: Option<String>,
    /// A JSON ledger (default: the sample ledger, demonstration data, when
    /// no --observations either).
    #[arg(long, value_name = "FILE")]
    ledger: Option<String>,
    /// An observation file, CSV or Parquet (a name ending in .parquet), read
    /// after the ledger as a batch of its own (repeatable: one batch per
    /// file, in the order given). A large file is streamed, CSV with a
    /// progress bar on a terminal.
    #[arg(long, value_name = "FILE")]
    observations: Vec<String>,
    /// Evaluation settings as JSON (default: the SPEC's defaults).
    #[arg(long, value_name = "FILE")]
    config: Option<String>,
    /// Evaluation date (YYYY-MM-DD): what is due by then.
    #[arg(long, value_name = "DATE", default_value = DEFAULT_AS_OF, value_parser = parse_date)]
    as_of: NaiveDate,
    /// Knowledge date (YYYY-MM-DD): only records recorded by then count
    /// (default: the config's known_on, else the evaluation date).
    #[arg(long, value_name = "DATE", value_parser = parse_date)]
    known_on: Option<NaiveDate>,
    /// text (the scorecard in words), json (the scorecard JSON) or csv
    /// (one row per node); with --public: json, csv (one row per value) or
    /// sdmx (SDMX-CSV 2.0).
    #[arg(long, value_enum, default_value_t = ReportFormat::Text)]
    format: ReportFormat,
    /// Print the public release instead of the scorecard: every value
    /// under disclosure control (SPEC §5), small counts of victims and
    /// whatever would give them back confidential, with the audit.
    #[arg(long)]
    public: bool,
    /// With --public: the primary threshold k (counts 1..k-1 confidential;
    /// 2 to 1000000).
    #[arg(long, value_name = "K", default_value_t = 11, requires = "public", value_parser = parse_k)]
    k: u32,
    /// With --public: the release's name, shown in every export (default:
    /// public-<as-of date>).
    #[arg(long, value_name = "NAME", requires = "public")]
    release: Option<String>,
    /// The words of the text report: es-GT (the plan's language) or en.
    #[arg(long, value_name = "LANG", default_value = "es-GT", value_parser = parse_lang)]
    lang: Lang,
    /// Refuse the whole ledger if any record is invalid (default: valid
    /// records are used, rejected ones are listed on stderr).
    #[arg(long)]
    strict: bool,
}

#[derive(clap::Args)]
struct PlanArgs {
    /// A plan in the plan format (default: the embedded 2007-2017 plan).
    #[arg(long, value_name = "FILE")]
    plan: Option<String>,
    /// Which table: axes, actions, plazos, indicators or entities.
    #[arg(long, value_name = "TABLE", default_value = "axes", value_parser = parse_plan_table)]
    table: PlanTable,
    /// text (aligned columns with their labels), json (one record per row)
    /// or csv.
    #[arg(long, value_enum, default_value_t = PlanFormat::Text, conflicts_with = "json")]
    format: PlanFormat,
    /// The same as --format json.
    #[arg(long)]
    json: bool,
    /// The column labels of the text format: es-GT or en.
    #[arg(long, value_name = "LANG", default_value = "es-GT", value_parser = parse_lang)]
    lang: Lang,
}

#[derive(clap::Args)]
struct ValidateArgs {
    /// Files to check, each by its extension: a .csv or .parquet file is
    /// observations (as --observations), any other a JSON ledger (as
    /// --ledger, at most one).
    #[arg(value_name = "FILE", required_unless_present_any = ["ledger", "observations"])]
    files: Vec<String>,
    /// The JSON ledger to check.
    #[arg(long, value_name = "FILE")]
    ledger: Option<String>,
    /// An observation file to check, CSV or Parquet (.parquet) (repeatable;
    /// each file is checked as a batch of its own, after the ledger).
    #[arg(long, value_name = "FILE")]
    observations: Vec<String>,
    /// A plan in the plan format (default: the embedded 2007-2017 plan).
    #[arg(long, value_name = "FILE")]
    plan: Option<String>,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum ReportFormat {
    Text,
    Json,
    Csv,
    /// SDMX-CSV 2.0 (with --public).
    Sdmx,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
enum PlanFormat {
    Text,
    Json,
    Csv,
}

fn parse_date(text: &str) -> Result<NaiveDate, String> {
    seguimiento::parse_date(text).map_err(|e| e.to_string())
}

/// The primary threshold of disclosure control, in the range every
/// release's configuration takes.
fn parse_k(text: &str) -> Result<u32, String> {
    let (min, max) = (PublicConfig::MIN_K, PublicConfig::MAX_K);
    text.trim()
        .parse::<u32>()
        .ok()
        .filter(|k| (min..=max).contains(k))
        .ok_or_else(|| {
            format!("expected a whole number from {min} to {max} (counts 1..k-1 are confidential)")
        })
}

fn parse_years(text: &str) -> Result<(i32, i32), String> {
    let (first, last) = text
        .split_once('-')
        .ok_or_else(|| format!("{text:?} is not FIRST-LAST (e.g. 2009-2010)"))?;
    let year = |y: &str| {
        y.trim()
            .parse::<i32>()
            .map_err(|_| format!("{y:?} is not a year (in {text:?}, FIRST-LAST)"))
    };
    Ok((year(first)?, year(last)?))
}

fn parse_lang(text: &str) -> Result<Lang, String> {
    text.parse()
        .map_err(|e: seguimiento_report::format::UnknownLang| e.to_string())
}

fn parse_plan_table(text: &str) -> Result<PlanTable, String> {
    text.parse()
        .map_err(|e: seguimiento::UnknownName| e.to_string())
}

/// What a command gives back: its output, and whether the data it checked
/// failed (`validate` with rejections prints them and exits 1).
struct Outcome {
    output: String,
    failed: bool,
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(error) => return usage_error(&error),
    };
    let result = match cli.command {
        Command::Report(args) => report(&args).map(|output| Outcome {
            output,
            failed: false,
        }),
        Command::Plan(args) => plan(&args).map(|output| Outcome {
            output,
            failed: false,
        }),
        Command::Validate(args) => validate(&args),
        Command::Annual(args) => annual(&args).map(|output| Outcome {
            output,
            failed: false,
        }),
        Command::Evaluation(args) => evaluation(&args).map(|output| Outcome {
            output,
            failed: false,
        }),
    };
    match result {
        Ok(outcome) => {
            // A closed pipe (`| head`) is not an error worth a panic.
            let _ = std::io::stdout()
                .lock()
                .write_all(outcome.output.as_bytes());
            if outcome.failed {
                ExitCode::FAILURE
            } else {
                ExitCode::SUCCESS
            }
        }
        Err(message) => {
            eprintln!("error: {message}");
            ExitCode::FAILURE
        }
    }
}

/// `--help` and `--version` print and exit 0; a usage error prints the
/// error and the usage of the command it concerns, and exits 2.
fn usage_error(error: &clap::Error) -> ExitCode {
    use clap::error::ErrorKind;
    if matches!(
        error.kind(),
        ErrorKind::DisplayHelp | ErrorKind::DisplayVersion
    ) {
        let _ = error.print();
        return ExitCode::SUCCESS;
    }
    let mut message = error.render().to_string();
    // Some of clap's errors (an invalid value) leave the usage out: it is
    // added, the subcommand's when one was named.
    if !message.contains("Usage:") {
        let mut command = Cli::command();
        let named = std::env::args().nth(1);
        let usage = match named.and_then(|name| command.find_subcommand_mut(&name).cloned()) {
            Some(subcommand) => {
                let name = format!("seguimiento {}", subcommand.get_name());
                subcommand.bin_name(name).render_usage()
            }
            None => command.render_usage(),
        };
        let hint = "\n\nFor more information";
        message = match message.find(hint) {
            Some(at) => format!("{}\n\n{usage}{}", &message[..at], &message[at..]),
            None => format!("{}\n\n{usage}\n", message.trim_end()),
        };
    }
    eprint!("{message}");
    ExitCode::from(2)
}

/// A file's text, or an error naming the file and why.
fn read(path: &str) -> Result<String, String> {
    let bytes = std::fs::read(path).map_err(|e| format!("{path}: {e}"))?;
    String::from_utf8(bytes).map_err(|e| {
        format!(
            "{path}: not UTF-8 (invalid byte at offset {})",
            e.utf8_error().valid_up_to()
        )
    })
}

/// The plan in `path`, or the embedded one.
fn load_plan(path: Option<&str>) -> Result<Arc<Plan>, String> {
    let plan = match path {
        None => Plan::embedded(),
        Some(path) => Plan::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    Ok(Arc::new(plan))
}

/// One file read into the ledger, and what became of its records.
struct Ingested {
    /// The file's name, as messages give it.
    name: String,
    report: IngestReport,
}

/// A new ledger of `plan` holding the JSON ledger of `path` (the sample
/// when there is neither a ledger nor an observation file), then each
/// observation CSV file as a batch of its own, in order. An error names
/// the file.
fn load_ledger(
    plan: &Arc<Plan>,
    path: Option<&str>,
    observations: &[String],
    mode: Mode,
) -> Result<(Ledger, Vec<Ingested>), String> {
    let mut ledger = Ledger::new(Arc::clone(plan));
    let mut ingested = Vec::new();
    let json = match path {
        None if observations.is_empty() => Some((SAMPLE_LEDGER.to_string(), SAMPLE_LEDGER_NAME)),
        None => None,
        Some(path) => Some((read(path)?, path)),
    };
    if let Some((text, name)) = json {
        let report = ledger
            .ingest_json(&text, mode)
            .map_err(|e| format!("{name}: {e}"))?;
        ingested.push(Ingested {
            name: name.to_string(),
            report,
        });
    }
    for path in observations {
        let report = ingest_observations(&mut ledger, path, mode)?;
        ingested.push(Ingested {
            name: path.clone(),
            report,
        });
    }
    Ok((ledger, ingested))
}

/// An observation file's format, told by its name's extension (any case).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum ObservationFile {
    Csv,
    Parquet,
}

impl ObservationFile {
    /// The format a file name says, `None` for any other name (a JSON
    /// ledger, for `validate`).
    fn of(path: &str) -> Option<ObservationFile> {
        let name = path.to_ascii_lowercase();
        if name.ends_with(".parquet") {
            Some(ObservationFile::Parquet)
        } else if name.ends_with(".csv") {
            Some(ObservationFile::Csv)
        } else {
            None
        }
    }
}

/// Streams one observation file into the ledger: Parquet when its name
/// ends in `.parquet` (read a row group at a time), CSV otherwise, with a
/// progress bar on a terminal when it takes a while.
fn ingest_observations(
    ledger: &mut Ledger,
    path: &str,
    mode: Mode,
) -> Result<IngestReport, String> {
    if ObservationFile::of(path) == Some(ObservationFile::Parquet) {
        return seguimiento_arrow::ingest_parquet_path(
            ledger,
            seguimiento::RecordKind::Observation,
            path,
            mode,
        )
        .map_err(|e| format!("{path}: {e}"));
    }
    let file = std::fs::File::open(path).map_err(|e| format!("{path}: {e}"))?;
    let len = file.metadata().map(|m| m.len()).unwrap_or(0);
    let short_name = std::path::Path::new(path)
        .file_name()
        .map_or_else(|| path.to_string(), |n| n.to_string_lossy().into_owned());
    let mut reader = progress::ProgressReader::new(std::io::BufReader::new(file), len, &short_name);
    let result = ledger.ingest_csv(&mut reader, mode);
    reader.finish();
    result.map_err(|e| format!("{path}: {e}"))
}

/// How the report names where its records came from: the files, joined.
fn sources_name(ingested: &[Ingested]) -> String {
    ingested
        .iter()
        .map(|i| i.name.as_str())
        .collect::<Vec<_>>()
        .join(", ")
}

fn report(args: &ReportArgs) -> Result<String, String> {
    let plan = load_plan(args.plan.as_deref())?;
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => Config::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    if args.known_on.is_some() {
        config.known_on = args.known_on;
    }
    let mode = if args.strict {
        Mode::Strict
    } else {
        Mode::Lenient
    };
    let (ledger, ingested) = load_ledger(&plan, args.ledger.as_deref(), &args.observations, mode)?;
    for Ingested { name, report } in &ingested {
        for rejection in &report.rejections {
            eprintln!("{name}: rejected {rejection}");
        }
        if !report.rejections.is_empty() {
            eprintln!(
                "{name}: {} record(s) rejected, {} used",
                report.rejections.len(),
                report.accepted
            );
        }
    }
    let ledger_name = sources_name(&ingested);
    let card = evaluate(&plan, &ledger, args.as_of, &config).map_err(|e| e.to_string())?;
    if args.public {
        return public_release(args, &plan, &ledger, &card);
    }
    match args.format {
        ReportFormat::Sdmx => Err(
            "--format sdmx is the public release's export: add --public (the scorecard itself is json, csv or text)"
                .to_string(),
        ),
        ReportFormat::Json => Ok(card.to_json()),
        ReportFormat::Csv => render::scorecard_csv(&plan, &card),
        ReportFormat::Text => render::scorecard_text(
            &plan,
            &ledger,
            &card,
            &ledger_name,
            config.min_rank_coverage,
            args.lang,
        ),
    }
}

/// The public release of a scorecard (SPEC §5), in the format asked for.
fn public_release(
    args: &ReportArgs,
    plan: &Plan,
    ledger: &Ledger,
    card: &seguimiento::Scorecard,
) -> Result<String, String> {
    if args.format == ReportFormat::Text {
        return Err(
            "--public prints the release as json, csv or sdmx (--format); the scorecard in words is not a public document"
                .to_string(),
        );
    }
    let mut config = PublicConfig::new(
        args.release
            .clone()
            .unwrap_or_else(|| format!("public-{}", args.as_of)),
    );
    config.k = args.k;
    let view = PublicView::build(plan, ledger, card, &config).map_err(|e| e.to_string())?;
    Ok(match args.format {
        ReportFormat::Json => view.to_json(),
        ReportFormat::Csv => view.to_csv(),
        ReportFormat::Sdmx | ReportFormat::Text => view.to_sdmx_csv(),
    })
}

fn plan(args: &PlanArgs) -> Result<String, String> {
    let plan = load_plan(args.plan.as_deref())?;
    let table = plan.table(args.table);
    let format = if args.json {
        PlanFormat::Json
    } else {
        args.format
    };
    match format {
        PlanFormat::Text => render::table_text(&table, args.lang),
        PlanFormat::Json => Ok(table.write(TableFormat::Json)),
        PlanFormat::Csv => Ok(table.write(TableFormat::Csv)),
    }
}

fn validate(args: &ValidateArgs) -> Result<Outcome, String> {
    let plan = load_plan(args.plan.as_deref())?;
    // Files named without an option go by their extension.
    let (csv, json): (Vec<&String>, Vec<&String>) = args
        .files
        .iter()
        .partition(|f| ObservationFile::of(f).is_some());
    let ledger = match (args.ledger.as_ref(), json.as_slice()) {
        (None, []) => None,
        (Some(one), []) => Some(one.as_str()),
        (None, [one]) => Some(one.as_str()),
        _ => {
            return Err(
                "validate takes one JSON ledger (any number of .csv or .parquet observation files): merge the ledgers, or validate them one at a time".to_string(),
            )
        }
    };
    let observations: Vec<String> = csv.into_iter().chain(&args.observations).cloned().collect();
    let (_, ingested) = load_ledger(&plan, ledger, &observations, Mode::Lenient)?;
    let mut output = String::new();
    let mut failed = false;
    for Ingested { name, report } in &ingested {
        output.extend(
            report
                .rejections
                .iter()
                .map(|rejection| rejection_line(name, rejection)),
        );
        let rejected = report.rejections.len();
        failed |= rejected > 0;
        if rejected == 0 {
            eprintln!("{name}: {} record(s), all valid", report.accepted);
        } else {
            eprintln!(
                "{name}: {rejected} record(s) rejected, {} valid",
                report.accepted
            );
        }
    }
    Ok(Outcome { output, failed })
}

/// One rejected record on one line: the file, the record (its array and
/// index) and field, the reason in words and its stable code.
fn rejection_line(ledger: &str, rejection: &Rejection) -> String {
    format!("{ledger}: {rejection} [{}]\n", rejection.code())
}

/// What a public document is made from: the plan, the ledger and the
/// settings, with the fingerprints of their bytes.
struct DocumentInputs {
    plan: Arc<Plan>,
    ledger: Ledger,
    config: Config,
    fingerprints: Fingerprints,
}

fn document_inputs(args: &DocumentArgs) -> Result<DocumentInputs, String> {
    let plan_text = match &args.plan {
        None => EMBEDDED_PLAN_JSON.to_string(),
        Some(path) => read(path)?,
    };
    let plan = match &args.plan {
        None => Arc::new(Plan::embedded()),
        Some(path) => Arc::new(Plan::from_json(&plan_text).map_err(|e| format!("{path}: {e}"))?),
    };
    let (ledger_text, ledger_name) = match &args.ledger {
        None => (SAMPLE_LEDGER.to_string(), SAMPLE_LEDGER_NAME),
        Some(path) => (read(path)?, path.as_str()),
    };
    let mut config = match &args.config {
        None => Config::default(),
        Some(path) => Config::from_json(&read(path)?).map_err(|e| format!("{path}: {e}"))?,
    };
    let config_bytes = match &args.config {
        None => config.to_json(),
        Some(path) => read(path)?,
    };
    if args.known_on.is_some() {
        config.known_on = args.known_on;
    }
    let mut ledger = Ledger::new(Arc::clone(&plan));
    let report = ledger
        .ingest_json(&ledger_text, Mode::Lenient)
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
    let fingerprints = Fingerprints::of(
        plan_text.as_bytes(),
        ledger_text.as_bytes(),
        config_bytes.as_bytes(),
    );
    Ok(DocumentInputs {
        plan,
        ledger,
        config,
        fingerprints,
    })
}

/// Renders `template` with `model` (the built-in templates, or those of
/// --templates) and writes it to --out; with --format json, the model.
fn write_document<M: serde::Serialize>(
    args: &DocumentArgs,
    template: &str,
    model: &M,
) -> Result<String, String> {
    if args.format == DocumentFormat::Json {
        let mut json = serde_json::to_string_pretty(model).map_err(|e| e.to_string())?;
        json.push('\n');
        std::fs::write(&args.out, json).map_err(|e| format!("{}: {e}", args.out))?;
        eprintln!("wrote {}", args.out);
        return Ok(String::new());
    }
    let renderer = match &args.templates {
        None => seguimiento_report::templates::Renderer::new(),
        Some(dir) => seguimiento_report::templates::Renderer::with_overrides(dir),
    }
    .map_err(|e| e.to_string())?;
    let html = renderer
        .render(template, args.lang, model)
        .map_err(|e| e.to_string())?;
    std::fs::write(&args.out, html).map_err(|e| format!("{}: {e}", args.out))?;
    eprintln!("wrote {}", args.out);
    Ok(String::new())
}

fn annual(args: &AnnualArgs) -> Result<String, String> {
    let inputs = document_inputs(&args.document)?;
    let options = AnnualOptions {
        year: args.year,
        config: inputs.config,
        k: args.document.k,
        fingerprints: inputs.fingerprints,
    };
    let model = annual_report(&inputs.plan, &inputs.ledger, &options).map_err(|e| e.to_string())?;
    write_document(&args.document, "annual.html", &model)
}

fn evaluation(args: &EvaluationArgs) -> Result<String, String> {
    let inputs = document_inputs(&args.document)?;
    let (first_year, last_year) = args.years;
    let options = EvaluationOptions {
        first_year,
        last_year,
        config: inputs.config,
        k: args.document.k,
        fingerprints: inputs.fingerprints,
    };
    let model =
        biannual_evaluation(&inputs.plan, &inputs.ledger, &options).map_err(|e| e.to_string())?;
    write_document(&args.document, "evaluation.html", &model)
}
