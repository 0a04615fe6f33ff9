//! The command line's shape.

use std::path::PathBuf;

use clap::{Args, Parser, Subcommand, ValueEnum};

/// Signalbox: release calendars, dependency maps, risk and notices, from the shell.
#[derive(Debug, Parser)]
#[command(name = "signalbox", version)]
pub struct Cli {
    /// The workspace file (default: the app's workspace in the data directory,
    /// or $SIGNALBOX_DATA_DIR/workspace.signalbox).
    #[arg(long, global = true, value_name = "FILE")]
    pub workspace: Option<PathBuf>,
    /// Print results (and errors) as JSON.
    #[arg(long, global = true)]
    pub json: bool,
    /// Name recorded as the author of changes when the workspace has no display name yet.
    #[arg(long, global = true, value_name = "NAME")]
    pub actor: Option<String>,
    #[command(subcommand)]
    pub command: Command,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Fill an empty workspace with the sample portfolio.
    Demo {
        #[arg(long, value_enum, default_value = "small")]
        size: Size,
        #[arg(long, default_value_t = 1)]
        seed: u64,
    },
    /// The service catalog.
    #[command(subcommand)]
    Services(ServicesCmd),
    /// Environments in promotion order.
    #[command(subcommand)]
    Environments(EnvironmentsCmd),
    /// The audit trail.
    #[command(subcommand)]
    Audit(AuditCmd),
    /// Show the display name recorded as the author of changes, or set it.
    Whoami {
        /// The new display name.
        name: Option<String>,
    },
}

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum Size {
    Small,
    Large,
}

#[derive(Debug, Subcommand)]
pub enum ServicesCmd {
    /// List services, optionally searching.
    List {
        /// Text matched against name, description, system, tags and owner.
        #[arg(long)]
        search: Option<String>,
    },
    /// Add one service.
    Add(AddService),
    /// Import services from CSV: all rows or none.
    ImportCsv { file: PathBuf },
    /// Export every service as CSV to FILE, or to standard output.
    ExportCsv { file: Option<PathBuf> },
}

#[derive(Debug, Args)]
pub struct AddService {
    #[arg(long)]
    pub name: String,
    /// critical, high, medium or low.
    #[arg(long, default_value = "medium")]
    pub tier: String,
    /// Owner team name.
    #[arg(long)]
    pub owner: Option<String>,
    #[arg(long, default_value = "")]
    pub system: String,
    #[arg(long, default_value = "")]
    pub description: String,
    /// Comma-separated tags.
    #[arg(long, default_value = "")]
    pub tags: String,
    #[arg(long)]
    pub repository_url: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum EnvironmentsCmd {
    /// List environments.
    List,
    /// Add an environment.
    Add {
        #[arg(long)]
        name: String,
        /// Place in the promotion path (0 first).
        #[arg(long)]
        position: u32,
        #[arg(long)]
        production: bool,
        /// Most concurrent deployments (omit for no limit).
        #[arg(long)]
        quota: Option<u32>,
        /// IANA time zone, e.g. Europe/Berlin.
        #[arg(long, default_value = "UTC")]
        time_zone: String,
    },
}

#[derive(Debug, Subcommand)]
pub enum AuditCmd {
    /// Check the audit hash chain; exits 3 when it is broken.
    Verify,
}
