//! The embedded plan and what the ledger tests share about it: the plan,
//! loaded once per test binary, the indicators the tests lean on (each
//! chosen for its measure, frequency and dimensions, said beside it), and
//! the type words a table read column by column is given.

// Each test binary uses its own share of these.
#![allow(dead_code)]

use std::sync::{Arc, OnceLock};

use seguimiento::read::TypeWords;
use seguimiento::Plan;

/// count, annual, no dimensions, 2007-2017; responsible MRE only.
pub const COUNT: &str = "E1.L1.M1.A2.I2";
/// percentage, annual; responsible MRE.
pub const PERCENT: &str = "E1.L1.M1.A2.I3";
/// amount, annual, dimension institucion; responsible MRE, GIT.
pub const AMOUNT: &str = "E1.L1.M4.A1.I4";
/// count, monthly, dimensions sexo and edad; responsible MINGOB/DGM, MTPS, MRE.
pub const MONTHLY: &str = "E2.L3.M2.A4.I1";
/// milestone, once, plazo 2007-2017; responsible MRE, GIT.
pub const MILESTONE: &str = "E1.L1.M4.A1.I1";

/// How a table read column by column names the types it expects.
pub const WORDS: TypeWords = TypeWords {
    text: "a text",
    number: "a number",
    date: "a date",
    period: "a period",
    year: "a year",
    cell: "a map of dimension → value texts",
};

/// The embedded 2007-2017 plan, loaded once.
pub fn plan() -> Arc<Plan> {
    static PLAN: OnceLock<Arc<Plan>> = OnceLock::new();
    Arc::clone(PLAN.get_or_init(|| Arc::new(Plan::embedded())))
}
