//! Prints the embedded plan (or `--plan FILE`): a readable outline, or with
//! `--json` the whole plan in the plan format.
//!
//! ```text
//! cargo run -q --release --example plan -- --json
//! cargo run -q --release --example plan
//! ```

use std::process::ExitCode;

use seguimiento::Plan;

fn main() -> ExitCode {
    let mut json = false;
    let mut plan_file: Option<String> = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        match arg.as_str() {
            "--json" => json = true,
            "--plan" => match args.next() {
                Some(f) => plan_file = Some(f),
                None => return usage("--plan needs a file"),
            },
            "-h" | "--help" => {
                println!("usage: plan [--plan FILE] [--json]");
                return ExitCode::SUCCESS;
            }
            other => return usage(&format!("unknown argument {other:?}")),
        }
    }
    let plan = match plan_file {
        None => Plan::embedded(),
        Some(path) => match std::fs::File::open(&path)
            .map_err(|e| e.to_string())
            .and_then(|f| Plan::from_reader(std::io::BufReader::new(f)).map_err(|e| e.to_string()))
        {
            Ok(p) => p,
            Err(e) => {
                eprintln!("error: {path}: {e}");
                return ExitCode::FAILURE;
            }
        },
    };
    let text = if json { plan.to_json() } else { outline(&plan) };
    // A closed pipe (`| head`) is not an error worth a panic.
    let _ = std::io::Write::write_all(&mut std::io::stdout().lock(), text.as_bytes());
    ExitCode::SUCCESS
}

fn usage(problem: &str) -> ExitCode {
    eprintln!("error: {problem}\nusage: plan [--plan FILE] [--json]");
    ExitCode::from(2)
}

fn outline(plan: &Plan) -> String {
    use std::fmt::Write;
    let mut out = String::new();
    let doc = plan.document();
    let _ = writeln!(out, "{}", doc.title);
    let _ = writeln!(out, "coordinator: {}", doc.coordinator);
    for (axis, counts) in plan.axes().iter().zip(plan.counts()) {
        let _ = writeln!(
            out,
            "\n{} {} — {} lines, {} goals, {} actions, {} indicators",
            axis.id, axis.text, counts.lines, counts.goals, counts.actions, counts.indicators
        );
        for line in &axis.lines {
            for goal in &line.goals {
                for action in &goal.actions {
                    let plazos: Vec<&str> =
                        action.plazos.iter().map(|p| p.label.as_str()).collect();
                    let entities: Vec<&str> =
                        action.responsible.iter().map(|r| r.code.as_str()).collect();
                    let _ = writeln!(out, "  {:<16} {}", action.id, shorten(&action.text, 90));
                    let _ = writeln!(
                        out,
                        "  {:<16} plazo: {}; responsible: {}",
                        "",
                        plazos.join(" + "),
                        entities.join(", ")
                    );
                }
            }
        }
    }
    let total: usize = plan.counts().iter().map(|c| c.indicators).sum();
    let _ = writeln!(
        out,
        "\n{} axes, {} actions, {} indicators, {} entities, {} data notes",
        plan.axes().len(),
        plan.action_count(),
        total,
        plan.entities().len(),
        plan.notes().len()
    );
    out
}

fn shorten(text: &str, max: usize) -> String {
    if text.chars().count() <= max {
        text.to_string()
    } else {
        let cut: String = text.chars().take(max - 1).collect();
        format!("{cut}…")
    }
}
