//! `signalbox`: the headless command for scripts and pipelines, built on the
//! same use cases as the desktop app.

mod args;
mod calendar;
mod deps;
mod governance;
mod notices;
mod run;
mod sync;

use std::process::ExitCode;

use clap::Parser;

fn main() -> ExitCode {
    let cli = args::Cli::parse();
    let json = cli.json;
    match run::run(cli) {
        Ok(code) => code,
        Err(e) => {
            let payload = e.payload();
            if json {
                let text = serde_json::to_string_pretty(&payload)
                    .unwrap_or_else(|_| payload.message.clone());
                eprintln!("{text}");
            } else {
                eprintln!("error: {}", payload.message);
                for f in &payload.fields {
                    eprintln!("  {}: {}", f.field, f.message);
                }
                for p in payload.problems.iter().skip(1) {
                    eprintln!("  {p}");
                }
            }
            ExitCode::from(1)
        }
    }
}
