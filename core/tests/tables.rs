//! The tidy tables (`seguimiento::Table`): every table's columns and types,
//! their values against the objects they lay out, and their CSV and JSON.

use std::collections::BTreeMap;
use std::str::FromStr;
use std::sync::{Arc, OnceLock};

use chrono::NaiveDate;
use rust_decimal::Decimal;
use seguimiento::{
    evaluate, Accumulation, Band, ColumnData, ColumnType, Config, Datum, EntityKind, Frequency,
    Ledger, LedgerTable, Level, Measure, Mode, Plan, PlanTable, RecordKind, Rejection, ReportKind,
    Score, Scorecard, ScorecardTable, Source, Status, Table, TableFormat, Unit,
};

const DEMO: &str = include_str!("../../seeds/demo-ledger.json");

fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}

fn demo() -> &'static Ledger {
    static LEDGER: OnceLock<Ledger> = OnceLock::new();
    LEDGER.get_or_init(|| {
        let mut ledger = Ledger::new(plan());
        ledger.ingest_json(DEMO, Mode::Strict).unwrap();
        ledger
    })
}

fn date(text: &str) -> NaiveDate {
    NaiveDate::parse_from_str(text, "%Y-%m-%d").unwrap()
}

/// The demo ledger as of 2017-12-31: discrepancies and consistency notes too.
fn card() -> &'static Scorecard {
    static CARD: OnceLock<Scorecard> = OnceLock::new();
    CARD.get_or_init(|| evaluate(&plan(), demo(), date("2017-12-31"), &Config::default()).unwrap())
}

use ColumnType::{
    Bool, Category, Date, Decimal as Dec, Integer, OptionalInteger, OptionalText, Score as Sc,
    Text, TextList, TextMap,
};

/// Each column's name and type, and a category column's names.
fn schema(table: &Table) -> Vec<(String, ColumnType, Option<&'static [&'static str]>)> {
    table
        .columns()
        .iter()
        .map(|c| {
            let categories = match c.data() {
                ColumnData::Category { categories, .. } => Some(*categories),
                _ => None,
            };
            (c.name().to_string(), c.column_type(), categories)
        })
        .collect()
}

fn expect(table: &Table, name: &str, columns: &[(&str, ColumnType)]) {
    assert_eq!(table.name(), name);
    let got: Vec<(String, ColumnType)> =
        schema(table).into_iter().map(|(n, t, _)| (n, t)).collect();
    let want: Vec<(String, ColumnType)> =
        columns.iter().map(|(n, t)| (n.to_string(), *t)).collect();
    assert_eq!(got, want, "columns of {name}");
    for column in table.columns() {
        assert_eq!(column.len(), table.len(), "{name}.{}", column.name());
    }
}

fn categories(table: &Table, column: &str) -> &'static [&'static str] {
    match table.column(column).unwrap().data() {
        ColumnData::Category { categories, .. } => categories,
        other => panic!("{column} is not a category column: {other:?}"),
    }
}

fn ranking(table: &Table, column: &str) -> &'static [&'static str] {
    match table.column(column).unwrap().data() {
        ColumnData::Category { ranking, .. } => ranking,
        other => panic!("{column} is not a category column: {other:?}"),
    }
}

#[test]
fn plan_tables_have_the_columns_python_users_know() {
    let plan = plan();
    let axes = plan.table(PlanTable::Axes);
    expect(
        &axes,
        "axes",
        &[
            ("axis", Text),
            ("text", Text),
            ("corrected", OptionalText),
            ("lines", Integer),
            ("goals", Integer),
            ("actions", Integer),
            ("indicators", Integer),
            ("plazos", Integer),
        ],
    );
    assert_eq!(axes.len(), plan.axes().len());

    let actions = plan.table(PlanTable::Actions);
    expect(
        &actions,
        "actions",
        &[
            ("action", Text),
            ("axis", Text),
            ("line", Text),
            ("goal", Text),
            ("text", Text),
            ("corrected", OptionalText),
            ("plazos", TextList),
            ("start_year", OptionalInteger),
            ("end_year", OptionalInteger),
            ("responsible", TextList),
            ("entities", TextList),
            ("indicators", Integer),
        ],
    );
    assert_eq!(actions.len(), plan.action_count());

    let plazos = plan.table(PlanTable::Plazos);
    expect(
        &plazos,
        "plazos",
        &[
            ("plazo", Text),
            ("action", Text),
            ("label", Text),
            ("stated_years", Integer),
            ("start_year", Integer),
            ("end_year", Integer),
        ],
    );
    let all_plazos: usize = plan.actions().map(|a| a.plazos.len()).sum();
    assert_eq!(plazos.len(), all_plazos);

    let indicators = plan.table(PlanTable::Indicators);
    expect(
        &indicators,
        "indicators",
        &[
            ("indicator", Text),
            ("action", Text),
            ("goal", Text),
            ("line", Text),
            ("axis", Text),
            ("text", Text),
            ("corrected", OptionalText),
            ("measure", Category),
            ("accumulation", Category),
            ("frequency", Category),
            ("dimensions", TextList),
            ("sensitive", Bool),
            ("plazo", Text),
            ("plazo_label", Text),
            ("start_year", Integer),
            ("end_year", Integer),
            ("weight", Dec),
            ("reason", OptionalText),
        ],
    );
    assert_eq!(indicators.len(), plan.indicator_count());
    assert_eq!(categories(&indicators, "measure"), Measure::NAMES);
    assert_eq!(categories(&indicators, "accumulation"), Accumulation::NAMES);
    assert_eq!(categories(&indicators, "frequency"), Frequency::NAMES);

    let entities = plan.table(PlanTable::Entities);
    expect(
        &entities,
        "entities",
        &[
            ("code", Text),
            ("name", Text),
            ("kind", Category),
            ("parent", OptionalText),
            ("members", TextList),
            ("aliases", TextList),
            ("description", OptionalText),
        ],
    );
    assert_eq!(entities.len(), plan.entities().len());
    assert_eq!(categories(&entities, "kind"), EntityKind::NAMES);
}

#[test]
fn plan_tables_hold_the_plans_values() {
    let plan = plan();
    let actions = plan.table(PlanTable::Actions);
    for (row, action) in actions.rows().zip(plan.actions()) {
        assert_eq!(row.get("action"), Some(Datum::Text(&action.id)));
        let labels: Vec<String> = action.plazos.iter().map(|p| p.label.clone()).collect();
        assert_eq!(row.get("plazos").unwrap().as_list().unwrap(), labels);
        let start = action.plazos.iter().map(|p| i64::from(p.start_year)).min();
        assert_eq!(row.get("start_year").unwrap().as_integer(), start);
        let goal = plan.parent(&action.id).unwrap();
        assert_eq!(row.get("goal").unwrap().as_str(), Some(goal));
        let responsible: Vec<&str> = action.responsible.iter().map(|r| r.code.as_str()).collect();
        assert_eq!(
            row.get("responsible").unwrap().as_list().unwrap(),
            responsible
        );
    }
    let indicators = plan.table(PlanTable::Indicators);
    for (row, indicator) in indicators.rows().zip(plan.indicators()) {
        assert_eq!(
            row.get("indicator").unwrap().as_str(),
            Some(indicator.id.as_str())
        );
        assert_eq!(
            row.get("measure"),
            Some(Datum::Category(indicator.measure.as_str()))
        );
        assert_eq!(row.get("sensitive"), Some(Datum::Bool(indicator.sensitive)));
        assert_eq!(row.get("weight"), Some(Datum::Decimal(indicator.weight)));
        assert_eq!(
            row.get("plazo").unwrap().as_str(),
            Some(indicator.plazo.as_str())
        );
    }
    let axes = plan.table(PlanTable::Axes);
    for (row, counts) in axes.rows().zip(plan.counts()) {
        assert_eq!(
            row.get("axis").unwrap().as_str(),
            Some(counts.axis.as_str())
        );
        assert_eq!(
            row.get("actions").unwrap().as_integer(),
            Some(counts.actions as i64)
        );
        assert_eq!(
            row.get("plazos").unwrap().as_integer(),
            Some(counts.plazos as i64)
        );
    }
    // Years and counts say so, for a renderer.
    assert_eq!(axes.column("lines").unwrap().unit(), Some(Unit::Count));
    assert_eq!(
        indicators.column("start_year").unwrap().unit(),
        Some(Unit::Year)
    );
}

#[test]
fn ledger_tables_have_the_fields_of_the_ledger_format() {
    let ledger = demo();
    let expected: [(LedgerTable, &[(&str, ColumnType)]); 5] = [
        (
            LedgerTable::Targets,
            &[
                ("indicator", Text),
                ("period", Text),
                ("entity", OptionalText),
                ("baseline", Dec),
                ("value", Dec),
                ("recorded_on", Date),
            ],
        ),
        (
            LedgerTable::Observations,
            &[
                ("indicator", Text),
                ("period", Text),
                ("entity", Text),
                ("cell", TextMap),
                ("value", Dec),
                ("source", Category),
                ("recorded_on", Date),
            ],
        ),
        (
            LedgerTable::Milestones,
            &[
                ("indicator", Text),
                ("entity", Text),
                ("achieved_on", Date),
                ("recorded_on", Date),
            ],
        ),
        (
            LedgerTable::Submissions,
            &[
                ("entity", Text),
                ("kind", Category),
                ("period", Text),
                ("submitted_on", Date),
            ],
        ),
        (
            LedgerTable::Obligations,
            &[
                ("entity", Text),
                ("kind", Category),
                ("from", Integer),
                ("to", Integer),
            ],
        ),
    ];
    let counts = ledger.counts();
    for (i, (which, columns)) in expected.iter().enumerate() {
        let table = ledger.table(*which);
        expect(&table, which.as_str(), columns);
        assert_eq!(table.len(), counts[i], "{which}");
        assert!(!table.is_empty(), "the demo ledger has {which}");
    }
    let observations = ledger.table(LedgerTable::Observations);
    assert_eq!(categories(&observations, "source"), Source::NAMES);
    let submissions = ledger.table(LedgerTable::Submissions);
    assert_eq!(categories(&submissions, "kind"), ReportKind::NAMES);
    // The same rows as the export, in its order.
    let export = ledger.export();
    for (row, record) in observations.rows().zip(&export.observations) {
        assert_eq!(row.get("cell"), Some(Datum::TextMap(&record.cell)));
        assert_eq!(row.get("value"), Some(Datum::Decimal(record.value)));
        assert_eq!(
            row.get("period").unwrap().as_str(),
            Some(record.period.to_string().as_str())
        );
        let recorded = record.recorded_on.map_or(Datum::Null, Datum::Date);
        assert_eq!(row.get("recorded_on"), Some(recorded));
    }
}

#[test]
fn scorecard_tables_have_their_columns_and_the_scorecards_values() {
    let plan = plan();
    let card = card();
    let nodes = card.table(&plan, ScorecardTable::Nodes);
    expect(
        &nodes,
        "nodes",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("id", Text),
            ("level", Category),
            ("parent", OptionalText),
            ("text", OptionalText),
            ("score", Sc),
            ("band", Category),
            ("coverage", Sc),
            ("status", Category),
        ],
    );
    assert_eq!(categories(&nodes, "level"), Level::NAMES);
    assert_eq!(categories(&nodes, "band"), Band::NAMES);
    assert_eq!(ranking(&nodes, "band"), ["red", "yellow", "green"]);
    assert!(ranking(&nodes, "level").is_empty() && ranking(&nodes, "status").is_empty());
    assert_eq!(categories(&nodes, "status"), Status::NAMES);
    let score = nodes.column("score").unwrap();
    assert!(score.is_score() && score.unit() == Some(Unit::Fraction));
    let coverage = nodes.column("coverage").unwrap();
    assert!(!coverage.is_score() && coverage.unit() == Some(Unit::Fraction));
    assert_eq!(nodes.len(), card.nodes.len());
    for (row, node) in nodes.rows().zip(&card.nodes) {
        assert_eq!(row.get("id").unwrap().as_str(), Some(node.id.as_str()));
        assert_eq!(row.get("level"), Some(Datum::Category(node.level.as_str())));
        assert_eq!(row.get("score").unwrap().as_score(), node.score);
        assert_eq!(row.get("band"), Some(Datum::Category(node.band.as_str())));
        assert_eq!(row.get("coverage"), Some(Datum::Score(node.coverage)));
        assert_eq!(
            row.get("status"),
            Some(Datum::Category(node.status.as_str()))
        );
        // The parent: none for the plan, the plan for an axis, else the tree's.
        let parent = row.get("parent").unwrap().as_str();
        let text = row.get("text").unwrap().as_str();
        match node.level {
            Level::Plan => {
                assert_eq!(parent, None);
                assert_eq!(text, Some(plan.document().title.as_str()));
            }
            Level::Axis => {
                assert_eq!(parent, Some(card.plan.as_str()));
                assert_eq!(text, Some(plan.node(&node.id).unwrap().text()));
            }
            _ => {
                assert_eq!(parent, plan.parent(&node.id));
                assert_eq!(text, Some(plan.node(&node.id).unwrap().text()));
            }
        }
    }

    let entities = card.table(&plan, ScorecardTable::Entities);
    expect(
        &entities,
        "entities",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("code", Text),
            ("name", OptionalText),
            ("score", Sc),
            ("band", Category),
            ("coverage", Sc),
            ("actions", Integer),
            ("scored_actions", Integer),
            ("overdue", TextList),
        ],
    );
    assert_eq!(ranking(&entities, "band"), ["red", "yellow", "green"]);
    for (row, entity) in entities.rows().zip(&card.entities) {
        assert_eq!(
            row.get("code").unwrap().as_str(),
            Some(entity.code.as_str())
        );
        let name = plan.entity(&entity.code).map(|e| e.name.as_str());
        assert_eq!(row.get("name").unwrap().as_str(), name);
        assert_eq!(row.get("score").unwrap().as_score(), entity.score);
        assert_eq!(
            row.get("overdue").unwrap().as_list().unwrap(),
            entity.overdue
        );
    }

    let rankings = card.table(&plan, ScorecardTable::Rankings);
    expect(
        &rankings,
        "rankings",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("group", Category),
            ("rank", OptionalInteger),
            ("code", Text),
            ("name", OptionalText),
            ("score", Sc),
            ("band", Category),
            ("coverage", Sc),
            ("scored_actions", Integer),
            ("actions", Integer),
            ("standing", Category),
        ],
    );
    // Every entity once; institutions before groups; the ranked ones with a
    // rank, by score, each with coverage of at least one half.
    assert_eq!(rankings.len(), card.entities.len());
    let mut previous: Option<(String, Option<Score>)> = None;
    for (row, r) in rankings.rows().zip(&card.rankings) {
        assert_eq!(row.get("code").unwrap().as_str(), Some(r.code.as_str()));
        let group = row.get("group").unwrap().to_string();
        let ranked = row.get("standing").unwrap().to_string() == "ranked";
        assert_eq!(row.get("rank").unwrap().as_integer().is_some(), ranked);
        if ranked {
            assert!(r.coverage.to_decimal() >= Decimal::new(5, 1), "{r:?}");
            if let Some((g, score)) = &previous {
                if *g == group {
                    assert!(*score >= r.score, "{r:?} after {score:?}");
                }
            }
            previous = Some((group, r.score));
        }
    }

    let reporting = card.table(&plan, ScorecardTable::Reporting);
    expect(
        &reporting,
        "reporting",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("entity", Text),
            ("kind", Category),
            ("expected", Integer),
            ("on_time", Integer),
            ("late", Integer),
            ("missing", Integer),
            ("rate", Sc),
            ("timeliness", Sc),
            ("missing_periods", TextList),
        ],
    );
    assert_eq!(reporting.len(), card.reporting.len());
    for (row, r) in reporting.rows().zip(&card.reporting) {
        assert_eq!(row.get("rate"), Some(Datum::Score(r.rate)));
        assert_eq!(
            row.get("expected").unwrap().as_integer(),
            Some(r.expected as i64)
        );
        let missing: Vec<String> = r.missing_periods.iter().map(|p| p.to_string()).collect();
        assert_eq!(
            row.get("missing_periods").unwrap().as_list().unwrap(),
            missing
        );
    }

    let detail = card.table(&plan, ScorecardTable::ReportingDetail);
    expect(
        &detail,
        "reporting_detail",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("entity", Text),
            ("kind", Category),
            ("period", Text),
            ("due_on", Date),
            ("submitted_on", Date),
            ("status", Category),
            ("days_late", Integer),
        ],
    );
    assert_eq!(
        detail.len(),
        card.reporting.iter().map(|r| r.expected).sum::<usize>()
    );
    for (row, d) in detail.rows().zip(&card.reporting_detail) {
        assert_eq!(row.get("period").unwrap().to_string(), d.period.to_string());
        assert_eq!(row.get("status").unwrap().to_string(), d.status.as_str());
        assert_eq!(
            row.get("days_late").unwrap().as_integer(),
            Some(d.days_late)
        );
    }

    let discrepancies = card.table(&plan, ScorecardTable::Discrepancies);
    expect(
        &discrepancies,
        "discrepancies",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("indicator", Text),
            ("period", Text),
            ("entity", Text),
            ("cell", TextMap),
            ("official", Dec),
            ("verification", Dec),
        ],
    );
    assert_eq!(discrepancies.len(), card.discrepancies.len());
    assert!(!discrepancies.is_empty());
    for (row, d) in discrepancies.rows().zip(&card.discrepancies) {
        assert_eq!(row.get("official"), Some(Datum::Decimal(d.official)));
        assert_eq!(
            row.get("verification"),
            Some(Datum::Decimal(d.verification))
        );
    }

    let consistency = card.table(&plan, ScorecardTable::Consistency);
    expect(
        &consistency,
        "consistency",
        &[
            ("as_of", Date),
            ("known_on", Date),
            ("indicator", Text),
            ("period", Text),
            ("entity", Text),
            ("total", Dec),
            ("cells_sum", Dec),
            ("cells", Integer),
        ],
    );
    assert_eq!(consistency.len(), card.consistency.len());
    assert!(!consistency.is_empty());

    // Every table of the scorecard says which date it is of, on every row.
    for which in ScorecardTable::ALL {
        let table = card.table(&plan, *which);
        let as_of = table.column("as_of").unwrap();
        assert_eq!(as_of.label(), "column-as-of");
        assert!(
            table
                .rows()
                .all(|row| row.get("as_of") == Some(Datum::Date(card.as_of))),
            "{which}"
        );
    }
}

#[test]
fn rejections_table_reads_each_rejection() {
    let mut ledger = Ledger::new(plan());
    let batch = r#"{"observations": [
        {"indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "MRE", "value": "3"},
        {"indicator": "E9.L9", "period": "2009", "entity": "MRE", "value": "3"},
        {"indicator": "E1.L1.M1.A2.I2", "period": "2009", "entity": "MRE", "value": "-3"}
    ]}"#;
    let report = ledger.ingest_json(batch, Mode::Lenient).unwrap();
    assert_eq!(report.rejections.len(), 2);
    let table = Rejection::table(&report.rejections);
    expect(
        &table,
        "rejections",
        &[
            ("index", Integer),
            ("kind", Category),
            ("field", Text),
            ("code", Text),
            ("reason", Text),
        ],
    );
    assert_eq!(categories(&table, "kind"), RecordKind::NAMES);
    for (row, r) in table.rows().zip(&report.rejections) {
        assert_eq!(row.get("index").unwrap().as_integer(), Some(r.index as i64));
        assert_eq!(row.get("kind"), Some(Datum::Category("observation")));
        assert_eq!(row.get("field").unwrap().as_str(), Some(r.field.as_str()));
        assert_eq!(row.get("code").unwrap().as_str(), Some(r.code()));
        assert_eq!(
            row.get("reason").unwrap().as_str(),
            Some(r.reason.to_string().as_str())
        );
    }
    let empty = Rejection::table(&[]);
    assert!(empty.is_empty());
    assert_eq!(empty.to_csv(), "index,kind,field,code,reason\n");
    assert_eq!(empty.to_json(), "[]\n");
}

/// A small ledger whose tables are written out in full below.
fn small_ledger() -> Ledger {
    let mut ledger = Ledger::new(plan());
    let batch = r#"{
        "targets": [
            {"indicator": "E1.L1.M1.A2.I2", "period": "2007/2017", "baseline": "1", "value": "10"}
        ],
        "observations": [
            {"indicator": "E2.L3.M2.A4.I1", "period": "2009-03", "entity": "DGM",
             "cell": {"sexo": "mujer", "edad": "13-17"}, "value": "4", "recorded_on": "2009-04-02"},
            {"indicator": "E1.L1.M4.A1.I4", "period": "2009", "entity": "MRE", "value": "3.50",
             "source": "verification"}
        ]
    }"#;
    let report = ledger.ingest_json(batch, Mode::Strict).unwrap();
    assert_eq!(report.accepted, 3);
    ledger
}

#[test]
fn csv_and_json_of_a_table() {
    let ledger = small_ledger();
    let observations = ledger.table(LedgerTable::Observations);
    assert_eq!(
        observations.write(TableFormat::Csv),
        "indicator,period,entity,cell.edad,cell.sexo,value,source,recorded_on\n\
         E2.L3.M2.A4.I1,2009-03,DGM,13-17,mujer,4,official,2009-04-02\n\
         E1.L1.M4.A1.I4,2009,MRE,,,3.50,verification,\n"
    );
    assert_eq!(
        observations.write(TableFormat::Json),
        "[\n\
         {\"indicator\":\"E2.L3.M2.A4.I1\",\"period\":\"2009-03\",\"entity\":\"DGM\",\
         \"cell\":{\"edad\":\"13-17\",\"sexo\":\"mujer\"},\"value\":\"4\",\"source\":\"official\",\
         \"recorded_on\":\"2009-04-02\"},\n\
         {\"indicator\":\"E1.L1.M4.A1.I4\",\"period\":\"2009\",\"entity\":\"MRE\",\"cell\":{},\
         \"value\":\"3.50\",\"source\":\"verification\",\"recorded_on\":null}\n\
         ]\n"
    );
    let targets = ledger.table(LedgerTable::Targets);
    assert_eq!(
        targets.to_csv(),
        "indicator,period,entity,baseline,value,recorded_on\n\
         E1.L1.M1.A2.I2,2007/2017,,1,10,\n"
    );
    // An empty table: the header alone, an empty array.
    let milestones = ledger.table(LedgerTable::Milestones);
    assert_eq!(
        milestones.to_csv(),
        "indicator,entity,achieved_on,recorded_on\n"
    );
    assert_eq!(milestones.to_json(), "[]\n");
}

#[test]
fn the_observations_csv_goes_back_in() {
    let ledger = demo();
    let csv = ledger.table(LedgerTable::Observations).to_csv();
    let mut again = Ledger::new(plan());
    let report = again.ingest_csv(csv.as_bytes(), Mode::Strict).unwrap();
    assert_eq!(report.accepted, ledger.counts()[1]);
    assert_eq!(again.export().observations, ledger.export().observations);
}

/// The CSV header: each column's name, a map column as one column per key.
fn csv_header(table: &Table) -> Vec<String> {
    let mut names = Vec::new();
    for column in table.columns() {
        match column.data() {
            ColumnData::TextMap(maps) => {
                let keys: std::collections::BTreeSet<&String> =
                    maps.iter().flat_map(|m| m.keys()).collect();
                names.extend(keys.into_iter().map(|k| format!("{}.{k}", column.name())));
            }
            _ => names.push(column.name().to_string()),
        }
    }
    names
}

/// Reads a table's CSV and JSON back and compares every value with the
/// table's own.
fn reads_back(table: &Table) {
    let csv = table.to_csv();
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    let header: Vec<String> = reader
        .headers()
        .unwrap()
        .iter()
        .map(str::to_string)
        .collect();
    assert_eq!(header, csv_header(table), "{}", table.name());
    let records: Vec<csv::StringRecord> = reader.records().map(Result::unwrap).collect();
    assert_eq!(records.len(), table.len(), "{}", table.name());

    let text = table.to_json();
    // Keys in column order: on each line, each name after the one before.
    for line in text.lines().filter(|l| l.starts_with('{')) {
        let mut from = 0;
        for column in table.columns() {
            let key = format!("{:?}:", column.name());
            let at = line[from..].find(&key).map(|i| from + i);
            assert!(at.is_some(), "{} not in order in {line}", column.name());
            from = at.unwrap_or(from) + key.len();
        }
    }
    let json: serde_json::Value = serde_json::from_str(&text).unwrap();
    let objects = json.as_array().unwrap();
    assert_eq!(objects.len(), table.len());

    for (row, (record, object)) in table.rows().zip(records.iter().zip(objects)) {
        let object = object.as_object().unwrap();
        let mut keys: Vec<&str> = object.keys().map(String::as_str).collect();
        let mut names: Vec<&str> = table.columns().iter().map(|c| c.name()).collect();
        keys.sort_unstable();
        names.sort_unstable();
        assert_eq!(keys, names, "a JSON key per column");
        for column in table.columns() {
            let value = row.get(column.name()).unwrap();
            let json = &object[column.name()];
            match value {
                Datum::TextMap(map) => {
                    let back: BTreeMap<String, String> =
                        serde_json::from_value(json.clone()).unwrap();
                    assert_eq!(&back, map);
                    for (key, cell) in map {
                        let at = header
                            .iter()
                            .position(|h| *h == format!("{}.{key}", column.name()))
                            .unwrap();
                        assert_eq!(&record[at], cell);
                    }
                }
                other => {
                    let at = header.iter().position(|h| h == column.name()).unwrap();
                    assert_eq!(
                        record[at],
                        other.to_string(),
                        "{}.{}",
                        table.name(),
                        column.name()
                    );
                    let expected = match other {
                        Datum::Null => serde_json::Value::Null,
                        Datum::Integer(n) => n.into(),
                        Datum::Bool(b) => b.into(),
                        Datum::TextList(items) => items.into(),
                        text => text.to_string().into(),
                    };
                    assert_eq!(json, &expected, "{}.{}", table.name(), column.name());
                }
            }
        }
    }
}

#[test]
fn every_table_reads_back_from_its_csv_and_json() {
    let plan = plan();
    for which in PlanTable::ALL {
        reads_back(&plan.table(*which));
    }
    for which in LedgerTable::ALL {
        reads_back(&demo().table(*which));
    }
    for which in ScorecardTable::ALL {
        reads_back(&card().table(&plan, *which));
    }
}

#[test]
fn tables_over_many_scorecards_are_each_tables_rows_led_by_their_dates() {
    let plan = plan();
    let dates = [date("2009-12-31"), date("2017-12-31")];
    let config = Config {
        known_on: Some(date("2018-03-31")),
        ..Config::default()
    };
    let cards = seguimiento::evaluate_many(&plan, demo(), &dates, &config).unwrap();
    for which in ScorecardTable::ALL {
        let long = Scorecard::table_over(&cards, &plan, *which);
        let parts: Vec<Table> = cards.iter().map(|c| c.table(&plan, *which)).collect();
        assert_eq!(long.len(), parts.iter().map(Table::len).sum::<usize>());
        let names: Vec<&str> = long.columns().iter().map(|c| c.name()).collect();
        let part_names: Vec<&str> = parts[0].columns().iter().map(|c| c.name()).collect();
        assert_eq!(names[..2], ["as_of", "known_on"]);
        assert_eq!(names, part_names);
        // Row by row: the dates, then the scorecard's own row.
        let mut long_rows = long.rows();
        for (card, part) in cards.iter().zip(&parts) {
            for row in part.rows() {
                let l = long_rows.next().unwrap();
                assert_eq!(l.get("as_of"), Some(Datum::Date(card.as_of)));
                assert_eq!(l.get("known_on"), Some(Datum::Date(date("2018-03-31"))));
                for name in &part_names {
                    assert_eq!(l.get(name), row.get(name), "{} {name}", long.name());
                }
            }
        }
        reads_back(&long);
    }
    // No scorecards: no rows, the same columns.
    let empty = Scorecard::table_over(&[], &plan, ScorecardTable::Nodes);
    assert_eq!(empty.len(), 0);
    assert_eq!(
        empty.columns().len(),
        card().table(&plan, ScorecardTable::Nodes).columns().len()
    );
}

#[test]
fn text_that_needs_quotes_is_quoted() {
    let mut doc = plan().document().clone();
    doc.axes[0].text = "Uno, \"dos\"\ny tres".to_string();
    let hostile = Plan::new(doc).unwrap();
    let axes = hostile.table(PlanTable::Axes);
    let csv = axes.to_csv();
    let second_line = csv.lines().nth(1).unwrap();
    assert!(second_line.starts_with("E1,\"Uno, \"\"dos\"\""), "{csv}");
    reads_back(&axes);
}

#[test]
fn the_same_inputs_give_the_same_bytes() {
    let plan = plan();
    let again = evaluate(&plan, demo(), date("2017-12-31"), &Config::default()).unwrap();
    for which in ScorecardTable::ALL {
        for format in TableFormat::ALL {
            assert_eq!(
                card().table(&plan, *which).write(*format),
                again.table(&plan, *which).write(*format)
            );
        }
    }
}

#[test]
fn select_picks_columns_and_names_an_unknown_one() {
    let plan = plan();
    let nodes = card().table(&plan, ScorecardTable::Nodes);
    let picked = nodes.select(&["id", "score", "band"]).unwrap();
    assert_eq!(picked.len(), nodes.len());
    let names: Vec<&str> = picked.columns().iter().map(|c| c.name()).collect();
    assert_eq!(names, ["id", "score", "band"]);
    let first = picked.rows().next().unwrap();
    let plan_score = card().plan_node().score.unwrap();
    assert_eq!(first.get("score"), Some(Datum::Score(plan_score)));
    assert_eq!(first.get("level"), None);
    let error = nodes.select(&["id", "grade"]).unwrap_err();
    assert_eq!(
        error.to_string(),
        "the table \"nodes\" has no column \"grade\" (its columns: as_of, known_on, id, level, parent, text, \
         score, band, coverage, status)"
    );
}

#[test]
fn values_print_as_csv_fields() {
    let cell: BTreeMap<String, String> = [("edad", "0-17"), ("sexo", "mujer")]
        .into_iter()
        .map(|(k, v)| (k.to_string(), v.to_string()))
        .collect();
    let list = ["PNC".to_string(), "DGM".to_string()];
    let cases: [(Datum<'_>, &str); 10] = [
        (Datum::Null, ""),
        (Datum::Text("a, b"), "a, b"),
        (Datum::Integer(-3), "-3"),
        (
            Datum::Decimal(Decimal::from_str("1250.750").unwrap()),
            "1250.750",
        ),
        (
            Datum::Score(Score::from_millionths(734_512).unwrap()),
            "0.734512",
        ),
        (Datum::Date(date("2010-01-05")), "2010-01-05"),
        (Datum::Bool(true), "true"),
        (Datum::Category("green"), "green"),
        (Datum::TextList(&list), "PNC; DGM"),
        (Datum::TextMap(&cell), "edad=0-17; sexo=mujer"),
    ];
    for (value, text) in cases {
        assert_eq!(value.to_string(), text);
    }
}

#[test]
fn a_record_of_one_empty_field_is_not_a_blank_line() {
    let plan = plan();
    let nodes = card().table(&plan, ScorecardTable::Nodes);
    let parents = nodes.select(&["parent"]).unwrap();
    let csv = parents.to_csv();
    // The plan has no parent: its line is `""`, not an empty line a reader skips.
    assert!(csv.starts_with("parent\n\"\"\n"), "{csv}");
    let mut reader = csv::ReaderBuilder::new().from_reader(csv.as_bytes());
    assert_eq!(reader.records().count(), nodes.len());
}

#[test]
fn table_names_read_back() {
    assert_eq!("nodes".parse::<ScorecardTable>(), Ok(ScorecardTable::Nodes));
    assert_eq!("axes".parse::<PlanTable>(), Ok(PlanTable::Axes));
    assert_eq!(
        "records".parse::<LedgerTable>().unwrap_err().to_string(),
        "\"records\" is not a ledger table (targets, observations, milestones, submissions, \
         obligations, recommendations, follow_ups)"
    );
    assert_eq!("csv".parse::<TableFormat>(), Ok(TableFormat::Csv));
}
