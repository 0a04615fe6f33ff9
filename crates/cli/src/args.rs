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
    /// Act as this person (one known to the workspace) instead of the
    /// workspace's configured user; without a configured user, the name
    /// recorded as the author of changes.
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
    /// Is a deployment allowed now (or at TIME)? Exits 0 when it is, 2 when
    /// not, with the reasons: the check a pipeline runs before it deploys.
    Gate {
        /// The service being deployed.
        #[arg(long)]
        service: String,
        /// The environment it goes to.
        #[arg(long)]
        env: String,
        /// RFC 3339 time, e.g. 2026-03-29T01:30:00Z or 2026-03-29T03:30:00+02:00 (default: now).
        #[arg(long, value_name = "TIME")]
        at: Option<String>,
    },
    /// Freeze and maintenance windows.
    #[command(subcommand)]
    Windows(WindowsCmd),
    /// Scheduled changes.
    #[command(subcommand)]
    Changes(ChangesCmd),
    /// Release trains.
    #[command(subcommand)]
    Trains(TrainsCmd),
    /// Calendar export and import (ICS, CSV).
    #[command(subcommand)]
    Calendar(CalendarCmd),
    /// The dependency map between services.
    #[command(subcommand)]
    Deps(DepsCmd),
    /// What else a change to SERVICE affects (downstream) and needs (upstream).
    Impact {
        /// The service (repeat for several).
        #[arg(long, required = true)]
        service: Vec<String>,
        /// How many levels to follow (default: all).
        #[arg(long)]
        depth: Option<u32>,
    },
    /// The deploy order of a train's services, in parallel layers, and the rollback order.
    Order {
        /// The train's name.
        #[arg(long)]
        train: String,
    },
    /// CI/CD connections (GitHub, GitLab, Jenkins, Argo CD).
    #[command(subcommand)]
    Connections(ConnectionsCmd),
    /// Read runs from CI/CD connections into the workspace, with the token
    /// given here or else each connection's own from the OS keyring.
    Sync {
        /// Only this connection (default: every connection).
        #[arg(long)]
        connection: Option<String>,
        #[command(flatten)]
        token: TokenArgs,
    },
    /// Runs synced from CI/CD connections.
    #[command(subcommand)]
    Runs(RunsCmd),
    /// People and their governance roles.
    #[command(subcommand)]
    People(crate::governance::PeopleCmd),
    /// A change's risk assessment.
    #[command(subcommand)]
    Risk(crate::governance::RiskCmd),
    /// Approval decisions.
    #[command(subcommand)]
    Approvals(crate::governance::ApprovalsCmd),
    /// Change advisory boards: definitions, agendas, minutes.
    #[command(subcommand)]
    Cab(crate::governance::CabCmd),
    /// Stakeholder notice templates.
    #[command(subcommand)]
    Templates(crate::notices::TemplatesCmd),
    /// Stakeholder notices rendered from live data.
    #[command(subcommand)]
    Notice(crate::notices::NoticeCmd),
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

#[derive(Debug, Clone, Copy, ValueEnum)]
pub enum WindowKindArg {
    Freeze,
    Maintenance,
}

#[derive(Debug, Subcommand)]
pub enum WindowsCmd {
    /// List windows with their next occurrence.
    List,
    /// Add a window.
    Add(Box<AddWindow>),
    /// Remove a window by name.
    Remove { name: String },
}

#[derive(Debug, Args)]
pub struct AddWindow {
    #[arg(long, value_enum)]
    pub kind: WindowKindArg,
    /// A soft freeze warns instead of blocking.
    #[arg(long)]
    pub soft: bool,
    #[arg(long)]
    pub name: String,
    /// IANA time zone the local times are in, e.g. Europe/London.
    #[arg(long)]
    pub tz: String,
    /// Local start of the first occurrence, e.g. 2026-03-29T02:00.
    #[arg(long, value_name = "LOCAL_DATETIME")]
    pub start: String,
    /// How long each occurrence lasts: 90m, 8h, 2d, 1h30m.
    #[arg(long)]
    pub duration: String,
    /// RFC 5545 recurrence rule, e.g. FREQ=WEEKLY;BYDAY=SA.
    #[arg(long)]
    pub rrule: Option<String>,
    /// A local start to skip (repeatable).
    #[arg(long, value_name = "LOCAL_DATETIME")]
    pub exdate: Vec<String>,
    /// An extra local start (repeatable).
    #[arg(long, value_name = "LOCAL_DATETIME")]
    pub rdate: Vec<String>,
    /// Limit to this environment (repeatable; none means every environment).
    #[arg(long)]
    pub env: Vec<String>,
    /// Limit to this service (repeatable; none means every service).
    #[arg(long)]
    pub service: Vec<String>,
    #[arg(long, default_value = "")]
    pub description: String,
}

#[derive(Debug, Subcommand)]
pub enum ChangesCmd {
    /// Plan a change.
    Add(AddChange),
    /// Changes in a period (default: the next 30 days).
    List(Period),
    /// Conflicts in a period (default: the next 30 days); exits 2 when any is an error.
    Conflicts(Period),
    /// Move a change to another stage of its change model.
    Transition {
        /// The change's id or exact title.
        #[arg(long)]
        change: String,
        /// new, assess, authorise, scheduled, implement, review, closed or cancelled.
        #[arg(long)]
        to: String,
        /// Why: needed to cancel, to bypass approval in an emergency, and as
        /// the post-implementation review when closing an emergency change.
        #[arg(long)]
        reason: Option<String>,
    },
}

#[derive(Debug, Args)]
pub struct AddChange {
    #[arg(long)]
    pub title: String,
    /// A service it touches (repeatable).
    #[arg(long, required = true)]
    pub service: Vec<String>,
    #[arg(long)]
    pub env: String,
    /// RFC 3339 start.
    #[arg(long, value_name = "TIME")]
    pub start: String,
    /// RFC 3339 end.
    #[arg(long, value_name = "TIME")]
    pub end: String,
    /// The train it rides (by name).
    #[arg(long)]
    pub train: Option<String>,
    /// The person responsible.
    #[arg(long, default_value = "")]
    pub owner: String,
    #[arg(long, default_value = "")]
    pub description: String,
}

#[derive(Debug, Args)]
pub struct Period {
    /// RFC 3339 start (default: now).
    #[arg(long, value_name = "TIME")]
    pub from: Option<String>,
    /// RFC 3339 end (default: 30 days after the start).
    #[arg(long, value_name = "TIME")]
    pub to: Option<String>,
}

#[derive(Debug, Subcommand)]
pub enum TrainsCmd {
    /// List trains with progress.
    List,
    /// Add a train.
    Add {
        #[arg(long)]
        name: String,
        #[arg(long, default_value = "")]
        version: String,
        #[arg(long, default_value = "")]
        owner: String,
        #[arg(long, default_value = "")]
        description: String,
        /// A target as ENV=YYYY-MM-DD (repeatable).
        #[arg(long, value_name = "ENV=DATE")]
        target: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum CalendarCmd {
    /// Export changes, trains and windows as iCalendar (RFC 5545).
    ExportIcs {
        #[command(flatten)]
        period: Period,
        /// Write to FILE instead of standard output.
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Export the changes of a period as CSV.
    ExportCsv {
        #[command(flatten)]
        period: Period,
        #[arg(long, value_name = "FILE")]
        out: Option<PathBuf>,
    },
    /// Import a holiday or freeze calendar (.ics) as freeze windows.
    ImportIcs {
        file: PathBuf,
        /// Store the events as freeze windows (the only import there is).
        #[arg(long, required = true)]
        as_freeze: bool,
        /// Soft freezes (warn) instead of hard ones.
        #[arg(long)]
        soft: bool,
        /// Limit the freezes to this environment (repeatable).
        #[arg(long)]
        env: Vec<String>,
    },
}

#[derive(Debug, Subcommand)]
pub enum DepsCmd {
    /// Every dependency: service, what it depends on, kind, note.
    List,
    /// Add a dependency: FROM depends on TO.
    Add {
        #[arg(long)]
        from: String,
        #[arg(long)]
        to: String,
        /// runtime, data or deploy-order.
        #[arg(long = "type", default_value = "runtime")]
        kind: String,
        #[arg(long, default_value = "")]
        note: String,
    },
    /// Import dependencies from CSV (service,depends_on,type,note): all or nothing.
    ImportCsv { file: PathBuf },
    /// Import a Backstage catalog: a catalog-info.yaml file, or a folder of them.
    ImportBackstage { path: PathBuf },
    /// The whole map as Graphviz DOT, to FILE or standard output.
    ExportDot {
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// The whole map as a Mermaid flowchart, to FILE or standard output.
    ExportMermaid {
        #[arg(long)]
        out: Option<PathBuf>,
    },
}

/// Where a token comes from. Never a command-line argument: it would show in
/// the process list and the shell history.
#[derive(Debug, Args)]
pub struct TokenArgs {
    /// Read the token from this environment variable.
    #[arg(long, value_name = "VAR", conflicts_with = "token_stdin")]
    pub token_env: Option<String>,
    /// Read the token from the first line of standard input.
    #[arg(long)]
    pub token_stdin: bool,
}

#[derive(Debug, Subcommand)]
pub enum ConnectionsCmd {
    /// Every connection: provider, base URL, scope, poll interval.
    List,
    /// Add a connection.
    Add {
        #[arg(long)]
        name: String,
        /// github, gitlab, jenkins or argocd.
        #[arg(long)]
        provider: String,
        /// e.g. https://api.github.com, https://ghe.example.com/api/v3, https://gitlab.example.com
        #[arg(long)]
        base_url: String,
        /// A repository (owner/name), project, job or Argo CD project (repeatable).
        #[arg(long, required = true)]
        scope: Vec<String>,
        /// Seconds between syncs.
        #[arg(long, default_value_t = 300)]
        poll: u32,
        /// Jenkins: the user the API token belongs to.
        #[arg(long)]
        user: Option<String>,
        /// The connection's token, kept in the OS keyring (and nowhere else).
        #[command(flatten)]
        token: TokenArgs,
    },
    /// Store (or replace) a connection's token in the OS keyring.
    SetToken {
        /// The connection's name.
        name: String,
        #[command(flatten)]
        token: TokenArgs,
    },
    /// Check a connection's token against each of its sources (one request
    /// each); exits 2 when any fails, saying what failed.
    Test {
        name: String,
        #[command(flatten)]
        token: TokenArgs,
    },
    /// Remove a connection, the runs synced from it and its token in the OS keyring.
    Remove { name: String },
}

#[derive(Debug, Subcommand)]
pub enum RunsCmd {
    /// The newest synced runs.
    List {
        /// Only runs of this repository, project, job or application.
        #[arg(long)]
        source: Option<String>,
        /// Only deployments the rules place on this service (by name).
        #[arg(long)]
        service: Option<String>,
        /// Only deployments the rules place in this environment (by name).
        #[arg(long = "env")]
        environment: Option<String>,
        #[arg(long, default_value_t = 50)]
        limit: u32,
    },
}
