//! The plan loader: any bytes. A plan that loads writes JSON that loads
//! again as the same plan, and evaluates an empty ledger without failing.
#![no_main]

use std::sync::Arc;

use libfuzzer_sys::fuzz_target;
use seguimiento::{Config, Ledger, Plan, PlanError};
use seguimiento_fuzz::{as_of_dates, check_message, evaluate_checked};

fuzz_target!(|data: &[u8]| {
    let plan = match Plan::from_json_bytes(data) {
        Ok(plan) => plan,
        Err(PlanError::Invalid { problems }) => {
            for problem in problems.iter().take(100) {
                check_message(&problem.to_string());
            }
            return;
        }
        Err(e) => {
            check_message(&e.to_string());
            return;
        }
    };
    let json = plan.to_json();
    let again = Plan::from_json(&json).expect("a plan's own JSON was refused");
    assert!(again == plan, "plan → JSON → plan changed the plan");
    assert_eq!(again.to_json(), json);
    let plan = Arc::new(plan);
    let ledger = Ledger::new(Arc::clone(&plan));
    for as_of in as_of_dates(&plan) {
        if plan
            .record_years()
            .contains(&chrono::Datelike::year(&as_of))
        {
            evaluate_checked(&plan, &ledger, as_of, &Config::default())
                .expect("an empty ledger did not evaluate");
        }
    }
});
