//! The scorecard and the plan's tables as aligned text, in the words of the
//! report crate's message catalogs (es-GT or en). Everything shown is read
//! from the core's tables; nothing is computed here.

use std::fmt::Write as _;

use rust_decimal::Decimal;
use seguimiento::{
    ColumnType, Ledger, Plan, PlanTable, Row, Score, Scorecard, ScorecardTable, Table,
};
use seguimiento_report::format::Lang;
use seguimiento_report::i18n::{t, Arg};

/// At most this many late or missing reports are listed in the text report.
const MAX_LISTED: usize = 25;

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
pub(crate) fn scorecard_text(
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
                words.message("text-reports-more", &[("rest", &more)])?
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
pub(crate) fn scorecard_csv(plan: &Plan, card: &Scorecard) -> Result<String, String> {
    let nodes = card.table(plan, ScorecardTable::Nodes);
    let picked = nodes
        .select(&["id", "level", "score", "band", "coverage", "status"])
        .map_err(|e| e.to_string())?;
    Ok(picked.to_csv())
}

/// A table as aligned text: a header of its column labels in the words of
/// `lang`, then one line per row; integers, decimals and scores aligned to
/// the right.
pub(crate) fn table_text(table: &Table, lang: Lang) -> Result<String, String> {
    let words = Words { lang };
    let columns = table.columns();
    let mut rows = vec![columns
        .iter()
        .map(|c| words.column(table, c.name()))
        .collect::<Result<Vec<_>, _>>()?];
    for row in table.rows() {
        rows.push(columns.iter().map(|c| field(&row, c.name())).collect());
    }
    let right: Vec<bool> = columns
        .iter()
        .map(|c| {
            matches!(
                c.column_type(),
                ColumnType::Integer
                    | ColumnType::OptionalInteger
                    | ColumnType::Decimal
                    | ColumnType::Score
            )
        })
        .collect();
    Ok(aligned(&rows, &right))
}
