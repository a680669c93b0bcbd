//! Every column of every table has a label in both languages of the message
//! catalogs (`report/locales/*/main.ftl`): the text report and the Python
//! display take column labels from there, by the key each column carries.

use std::collections::BTreeSet;
use std::sync::Arc;

use chrono::NaiveDate;
use seguimiento::{
    evaluate, Config, Ledger, LedgerTable, Plan, PlanTable, Rejection, ScorecardTable, Table,
};
use seguimiento_report::format::Lang;
use seguimiento_report::i18n::t;

/// Every table the core lays out, for the embedded plan and an empty ledger:
/// the columns do not depend on the rows.
fn every_table() -> Vec<Table> {
    let plan = Arc::new(Plan::embedded());
    let ledger = Ledger::new(Arc::clone(&plan));
    let as_of = NaiveDate::from_ymd_opt(2010, 12, 31).unwrap();
    let card = evaluate(&plan, &ledger, as_of, &Config::default()).unwrap();
    let mut tables: Vec<Table> = PlanTable::ALL.iter().map(|&w| plan.table(w)).collect();
    tables.extend(LedgerTable::ALL.iter().map(|&w| ledger.table(w)));
    tables.extend(ScorecardTable::ALL.iter().map(|&w| card.table(&plan, w)));
    tables.push(Rejection::table(&[]));
    tables
}

#[test]
fn every_column_label_key_is_in_both_catalogs() {
    let keys: BTreeSet<(String, String)> = every_table()
        .iter()
        .flat_map(|table| {
            table
                .columns()
                .iter()
                .map(|c| {
                    (
                        c.label().to_string(),
                        format!("{}.{}", table.name(), c.name()),
                    )
                })
                .collect::<Vec<_>>()
        })
        .collect();
    assert!(
        keys.len() > 50,
        "only {} label keys: were the tables read?",
        keys.len()
    );
    let mut missing = Vec::new();
    for (key, column) in &keys {
        for lang in Lang::ALL {
            match t(lang, key, &[]) {
                Ok(text) if !text.trim().is_empty() => {}
                Ok(_) => missing.push(format!("{key} ({column}): empty in {lang}")),
                Err(e) => missing.push(format!("{key} ({column}): {e}")),
            }
        }
    }
    assert!(
        missing.is_empty(),
        "labels missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn labels_differ_between_the_languages_where_the_words_do() {
    // The catalogs are not one language copied twice.
    assert_eq!(t(Lang::EsGt, "column-score", &[]).unwrap(), "Puntaje");
    assert_eq!(t(Lang::En, "column-score", &[]).unwrap(), "Score");
    assert_eq!(
        t(Lang::EsGt, "column-as-of", &[]).unwrap(),
        "Fecha de corte"
    );
    assert_eq!(t(Lang::En, "column-as-of", &[]).unwrap(), "As of");
}

#[test]
fn every_category_value_with_words_is_in_both_catalogs() {
    let mut checked = 0;
    let mut missing = Vec::new();
    for table in every_table() {
        for column in table.columns() {
            let Some(keys) = column.value_labels() else {
                continue;
            };
            for key in keys {
                checked += 1;
                for lang in Lang::ALL {
                    if let Err(e) = t(lang, &key, &[]) {
                        missing.push(format!("{}.{}: {e}", table.name(), column.name()));
                    }
                }
            }
        }
    }
    // level, band (twice), status, report kind (three times).
    assert!(
        checked >= 30,
        "only {checked} value labels: were they declared?"
    );
    assert!(
        missing.is_empty(),
        "value labels missing:\n{}",
        missing.join("\n")
    );
}

#[test]
fn value_labels_name_the_value() {
    let tables = every_table();
    let nodes = tables.iter().find(|t| t.name() == "nodes").unwrap();
    let status = nodes.column("status").unwrap();
    assert_eq!(
        status.value_label("not_started").as_deref(),
        Some("status-not-started")
    );
    assert_eq!(
        t(Lang::EsGt, "status-not-started", &[]).unwrap(),
        "no iniciada"
    );
    assert_eq!(nodes.column("id").unwrap().value_label("E1"), None);
    assert_eq!(nodes.column("id").unwrap().value_labels(), None);
}
