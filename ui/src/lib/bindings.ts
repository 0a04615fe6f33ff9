// Generated from the Rust types by crates/api/src/bindings.rs. Do not edit:
// run `make bindings` after changing a type that crosses IPC.

export type AuditAction = "created" | "updated" | "deleted" | "status_changed" | "stage_changed" | "assessed" | "approved" | "rejected" | "changes_requested" | "bypassed" | "decided" | "sent";

export type AuditEvent = { 
/**
 * Position in the chain, from 1.
 */
seq: number, id: string, at: string, 
/**
 * The local user's display name.
 */
actor: string, entity: EntityKind, entity_id: string, 
/**
 * A human name for the record at the time (service name, team name).
 */
entity_label: string, action: AuditAction, 
/**
 * The record before the change, as JSON text; `None` on create.
 */
before: string | null, 
/**
 * The record after the change, as JSON text; `None` on delete.
 */
after: string | null, prev_hash: string, hash: string, };

export type AuditPage = { 
/**
 * Events in the whole trail.
 */
total: number, items: Array<AuditEvent>, };

export type AuditQuery = { before_seq: number | null, entity_id: string | null, limit: number | null, };

export type BrokenEvent = { seq: number, reason: BrokenLink, 
/**
 * A sentence for the user.
 */
message: string, };

export type BrokenLink = "content_altered" | "chain_broken" | "sequence_gap";

export type ChangeEvent = { 
/**
 * The kinds of record that changed; the UI reloads those views.
 */
entities: Array<EntityKind>, };

export type Counts = { services: number, teams: number, environments: number, trains: number, changes: number, windows: number, dependencies: number, 
/**
 * CI/CD connections.
 */
connections: number, 
/**
 * People with a governance role.
 */
people: number, 
/**
 * Change advisory boards.
 */
cabs: number, 
/**
 * Stakeholder notices generated.
 */
notices: number, audit_events: number, };

export type DemoSize = "small" | "large";

export type EntityKind = "workspace" | "team" | "service" | "environment" | "train" | "change" | "window" | "dependency" | "connection" | "run" | "person" | "cab" | "meeting" | "policy" | "template" | "notice" | "incident" | "recipients";

export type Environment = { id: string, name: string, 
/**
 * Order in the promotion path: lower comes first.
 */
position: number, 
/**
 * Whether deployments here count as production (DORA metrics, approvals).
 */
production: boolean, 
/**
 * Most deployments allowed to run at once; `None` means no limit.
 */
deploy_quota: number | null, 
/**
 * IANA time zone name for windows in this environment, e.g. `Europe/Berlin`.
 */
time_zone: string, created_at: string, updated_at: string, };

export type EnvironmentInput = { name: string, position: number, production: boolean, deploy_quota: number | null, time_zone: string, };

export type ErrorCode = "validation" | "not_found" | "conflict" | "refused" | "import_rejected" | "needs_setup" | "not_a_workspace" | "workspace_too_new" | "workspace_read_only" | "workspace_unavailable" | "sync_failed" | "internal";

export type ErrorPayload = { code: ErrorCode, message: string, 
/**
 * Per-field problems, for `validation`.
 */
fields: Array<FieldError>, 
/**
 * Per-row problems, for `import_rejected` (`row 3, column tier: ...`).
 */
problems: Array<string>, };

export type FieldError = { 
/**
 * The input field, e.g. `name` or `repository_url`.
 */
field: string, 
/**
 * A sentence a user can act on.
 */
message: string, };

export type ImportReport = { created: number, updated: number, unchanged: number, teams_created: number, };

export type SampleReport = { size: DemoSize, seed: number, counts: Counts, };

export type Service = { id: string, name: string, description: string, owner_team_id: string | null, tier: Tier, 
/**
 * The system or domain the service belongs to, for roll-ups.
 */
system: string, tags: Array<string>, repository_url: string | null, links: Array<ServiceLink>, created_at: string, updated_at: string, };

export type ServiceInput = { name: string, description: string, owner_team_id: string | null, tier: Tier, system: string, tags: Array<string>, repository_url: string | null, links: Array<ServiceLink>, };

export type ServiceLink = { label: string, url: string, };

export type ServicePage = { 
/**
 * How many services match, across all pages.
 */
total: number, items: Array<Service>, };

export type ServiceQuery = { 
/**
 * Matches name, description, system, tags and owner team name, ignoring case.
 */
text: string | null, owner_team_id: string | null, tier: Tier | null, system: string | null, sort: ServiceSort, descending: boolean, 
/**
 * Most items to return; `None` returns every match.
 */
limit: number | null, offset: number, };

export type ServiceSort = "name" | "tier" | "system" | "owner" | "updated_at";

export type Team = { id: string, name: string, description: string, 
/**
 * How to reach the team: an email address, a chat channel, a pager alias.
 */
contact: string, created_at: string, updated_at: string, };

export type TeamInput = { name: string, description: string, contact: string, };

export type TeamListItem = { team: Team, service_count: number, };

export type Tier = "critical" | "high" | "medium" | "low";

export type VerifyReport = { 
/**
 * Events checked before stopping (all of them when the chain is intact).
 */
checked: number, 
/**
 * The first event that does not link correctly, if any.
 */
first_broken: BrokenEvent | null, };

export type WorkspaceStatus = { 
/**
 * The workspace file, or `:memory:`.
 */
path: string, 
/**
 * `None` until the user has set it on first run.
 */
display_name: string | null, counts: Counts, };

export type CalendarQuery = { from: string, to: string, 
/**
 * Only these environments (all when empty).
 */
environment_ids: Array<string>, 
/**
 * Only changes touching services this team owns.
 */
team_id: string | null, train_id: string | null, 
/**
 * Only changes touching one of these services (all when empty).
 */
service_ids: Array<string>, 
/**
 * Only these statuses (all when empty).
 */
statuses: Array<DeployStatus>, 
/**
 * Also run conflict detection over the shown changes.
 */
with_conflicts: boolean, };

export type CalendarView = { changes: Array<Change>, windows: Array<WindowOccurrence>, conflicts: Array<Conflict>, 
/**
 * Windows whose stored rule could not be read (shown as a warning).
 */
problems: Array<string>, };

export type Change = { id: string, title: string, description: string, 
/**
 * The services it deploys or touches, by id (at least one).
 */
service_ids: Array<string>, environment_id: string, 
/**
 * Planned start, UTC.
 */
start: string, 
/**
 * Planned end, UTC; after `start`.
 */
end: string, 
/**
 * The person responsible (double-booking is checked on this name).
 */
owner: string, train_id: string | null, status: DeployStatus, created_at: string, updated_at: string, };

export type ChangeDraft = { id: string | null, input: ChangeInput, };

export type ChangeInput = { title: string, description: string, service_ids: Array<string>, environment_id: string, start: string, end: string, owner: string, train_id: string | null, };

export type Conflict = { kind: ConflictKind, severity: Severity, 
/**
 * The changes involved, the one being checked first.
 */
change_ids: Array<string>, 
/**
 * Every affected service.
 */
service_ids: Array<string>, 
/**
 * Every window involved (the freeze, or the maintenance windows missed).
 */
window_ids: Array<string>, environment_id: string | null, 
/**
 * When it bites.
 */
interval: Interval, 
/**
 * Why it is a conflict, in words, naming services and windows.
 */
message: string, };

export type ConflictKind = "hard_freeze" | "soft_freeze" | "outside_maintenance" | "quota_exceeded" | "service_overlap" | "dependency_overlap" | "owner_double_booked";

export type DeployStatus = "planned" | "queued" | "in_progress" | "succeeded" | "verified" | "failed" | "cancelled" | "rolled_back" | "stalled" | "blocked" | "unknown";

export type GateReport = { allowed: boolean, at: string, service: string, environment: string, 
/**
 * Why not: the error-level conflicts.
 */
blocking: Array<Conflict>, 
/**
 * What to know anyway: soft freezes and other warnings.
 */
warnings: Array<Conflict>, };

export type IcsImportReport = { 
/**
 * Freeze windows created.
 */
created: number, 
/**
 * Events skipped because a window of the same name already exists.
 */
skipped: number, };

export type Interval = { start: string, end: string, };

export type Severity = "error" | "warning";

export type Slot = { interval: Interval, 
/**
 * Warning-level conflicts the slot still has (errors never).
 */
warnings: Array<Conflict>, };

export type SlotQuery = { draft: ChangeDraft, 
/**
 * Earliest start; now when absent.
 */
after: string | null, 
/**
 * How many slots to propose (1 to 10; 3 when absent).
 */
limit: number | null, };

export type Train = { id: string, name: string, version: string, owner: string, description: string, status: TrainStatus, 
/**
 * Target dates along the promotion path, in path order.
 */
targets: Array<TrainTarget>, created_at: string, updated_at: string, };

export type TrainDetail = { train: Train, changes: Array<Change>, progress: TrainProgress, 
/**
 * Conflicts involving any of its changes.
 */
conflicts: Array<Conflict>, };

export type TrainInput = { name: string, version: string, owner: string, description: string, status: TrainStatus, targets: Array<TrainTarget>, };

export type TrainProgress = { total: number, 
/**
 * Succeeded or verified.
 */
done: number, 
/**
 * Queued, in progress, stalled or blocked.
 */
active: number, 
/**
 * Failed or rolled back.
 */
failed: number, cancelled: number, };

export type TrainStatus = "planning" | "boarding" | "departed" | "shipped" | "cancelled";

export type TrainSummary = { train: Train, progress: TrainProgress, };

export type TrainTarget = { environment_id: string, date: string, };

export type TransitionInput = { to: DeployStatus, 
/**
 * The sign-off, check or rollback reference `verified` and `rolled_back` need.
 */
evidence: string | null, };

export type Window = { id: string, name: string, kind: WindowKind, 
/**
 * A soft freeze warns instead of blocking. Always false for maintenance.
 */
soft: boolean, description: string, 
/**
 * IANA zone the local times are in.
 */
time_zone: string, 
/**
 * Local wall-clock start of the first occurrence.
 */
start: string, duration_minutes: number, 
/**
 * RFC 5545 RRULE value (without `RRULE:`), or none for one-off dates.
 */
rrule: string | null, 
/**
 * Extra local starts.
 */
rdates: Array<string>, 
/**
 * Local starts skipped.
 */
exdates: Array<string>, 
/**
 * Empty with `service_ids` empty: everything.
 */
environment_ids: Array<string>, service_ids: Array<string>, created_at: string, updated_at: string, };

export type WindowInput = { name: string, kind: WindowKind, soft: boolean, description: string, time_zone: string, start: string, duration_minutes: number, rrule: string | null, rdates: Array<string>, exdates: Array<string>, environment_ids: Array<string>, service_ids: Array<string>, };

export type WindowKind = "freeze" | "maintenance";

export type WindowOccurrence = { window_id: string, name: string, kind: WindowKind, soft: boolean, interval: Interval, environment_ids: Array<string>, service_ids: Array<string>, };

export type WindowPreview = { 
/**
 * Local wall-clock start in the window's zone.
 */
local_start: string, interval: Interval, };

export type BackstageReport = { files: number, services_created: number, services_updated: number, services_unchanged: number, teams_created: number, dependencies_created: number, dependencies_unchanged: number, 
/**
 * What was not imported, each as `file:line: reason`.
 */
skipped: Array<string>, };

export type DependencyImportReport = { created: number, 
/**
 * Rows naming an edge the map already has.
 */
unchanged: number, };

export type LinkedService = { dependency_id: string, service_id: string, name: string, tier: Tier, kind: DependencyKind, note: string, };

export type ServiceLinks = { 
/**
 * What it depends on, by name.
 */
dependencies: Array<LinkedService>, 
/**
 * What depends on it, by name.
 */
dependants: Array<LinkedService>, 
/**
 * How many services depend on it, directly or not.
 */
blast_radius: number, 
/**
 * The most critical tier among them.
 */
highest_tier: Tier | null, 
/**
 * Its changes that have not ended, soonest first.
 */
changes: Array<Change>, };

export type TrainOrder = { order: DeployOrder, names: { [key in string]: string }, };

export type MapEdge = { from: number, to: number, kind: DependencyKind, 
/**
 * Dependencies it stands for (more than 1 between collapsed systems).
 */
count: number, 
/**
 * Part of a loop of dependencies among the shown services (not flagged
 * between collapsed systems).
 */
in_cycle: boolean, };

export type MapNode = { 
/**
 * The service's id, or `system:` and the system's name.
 */
key: string, kind: MapNodeKind, service_id: string | null, label: string, system: string, team_id: string | null, 
/**
 * For a system, its most critical member's tier.
 */
tier: Tier, 
/**
 * Services it stands for (1 for a service).
 */
members: number, 
/**
 * For a system, the services it stands for; empty for a service.
 */
services: Array<string>, 
/**
 * Deploy layer: 0 depends on nothing shown, n after layer n-1.
 */
layer: number, x: number, y: number, width: number, height: number, };

export type MapNodeKind = "service" | "system";

export type MapQuery = { 
/**
 * Show only this service and what it reaches within `depth`, both ways.
 */
focus: string | null, 
/**
 * Levels around the focus; `None` is all the way.
 */
depth: number | null, 
/**
 * Owning teams to show; empty shows every team (and unowned services).
 */
teams: Array<string>, 
/**
 * Tiers to show; empty shows every tier.
 */
tiers: Array<Tier>, 
/**
 * Dependency kinds to show; empty shows every kind.
 */
kinds: Array<DependencyKind>, 
/**
 * Systems drawn as one node each ("" is the services with no system).
 */
collapsed: Array<string>, };

export type MapSystem = { name: string, services: number, collapsed: boolean, };

export type MapView = { nodes: Array<MapNode>, edges: Array<MapEdge>, 
/**
 * The layout's extent.
 */
width: number, height: number, 
/**
 * Services and dependencies in the whole map, shown or not.
 */
total_services: number, total_dependencies: number, 
/**
 * Services shown (inside collapsed systems too).
 */
shown_services: number, 
/**
 * Every system of the whole map, by name.
 */
systems: Array<MapSystem>, 
/**
 * The focus service, when it no longer exists.
 */
focus_missing: boolean, };

export type Prerequisite = { service_id: string, 
/**
 * The kind of the direct dependency; `None` when it comes through
 * services outside the set.
 */
kind: DependencyKind | null, };

export type DependencyInput = { service_id: string, depends_on: string, kind: DependencyKind, note: string, };

export type DependencyKind = "runtime" | "data" | "deploy_order";

export type DeployOrder = { layers: Array<OrderLayer>, 
/**
 * The same layers, last first.
 */
rollback: Array<OrderLayer>, 
/**
 * Groups of members that depend on each other in a loop.
 */
cycles: Array<Array<string>>, };

export type Impact = { sources: Array<string>, 
/**
 * Services that depend on the sources, nearest first.
 */
downstream: Array<Reached>, 
/**
 * Services the sources depend on, nearest first.
 */
upstream: Array<Reached>, 
/**
 * The downstream services by tier.
 */
tiers: TierCounts, 
/**
 * The most critical tier downstream, if any.
 */
highest_tier: Tier | null, 
/**
 * Whether the depth limit stopped the search with more beyond it.
 */
truncated: boolean, };

export type ImpactOptions = { 
/**
 * Levels to follow; `None` is all the way.
 */
depth: number | null, 
/**
 * Kinds to follow; empty means every kind.
 */
kinds: Array<DependencyKind>, };

export type OrderLayer = { 
/**
 * From 1.
 */
number: number, steps: Array<OrderStep>, };

export type OrderStep = { service_id: string, 
/**
 * The members of the set it waits for (the nearest ones; what they
 * wait for is implied).
 */
after: Array<Prerequisite>, 
/**
 * Members in a dependency cycle with it, deployed in the same layer.
 */
together_with: Array<string>, };

export type Reached = { service_id: string, 
/**
 * 1 for a direct dependant (or dependency), 2 through one other, …
 */
depth: number, 
/**
 * The service one step closer to the start, through which it was reached.
 */
via: string, 
/**
 * The kind of that step.
 */
kind: DependencyKind, };

export type ServiceDependency = { id: string, service_id: string, depends_on: string, kind: DependencyKind, note: string, created_at: string, updated_at: string, };

export type TierCounts = { critical: number, high: number, medium: number, low: number, };

export type Board = { environments: Array<BoardEnvironment>, rows: Array<BoardRow>, 
/**
 * Services matching the query, over all pages.
 */
total: number, offset: number, connections: Array<ConnectionHealth>, };

export type BoardCell = { environment_id: string, 
/**
 * The newest deployment; `None` when nothing was deployed here.
 */
latest: BoardRun | null, 
/**
 * The shown statuses of the few deployments before it, newest first.
 */
previous: Array<DeployStatus>, };

export type BoardEnvironment = { id: string, name: string, production: boolean, };

export type BoardQuery = { 
/**
 * Part of a service name, any case.
 */
search: string, team_id: string | null, offset: number, 
/**
 * Rows per page; 0 means the default.
 */
limit: number, };

export type BoardRow = { service_id: string, service_name: string, team_name: string | null, 
/**
 * One per environment of the board, in the board's order.
 */
cells: Array<BoardCell>, };

export type BoardRun = { 
/**
 * The stored row's id: stable, for drill-down and keys.
 */
id: number, connection_id: string, provider: Provider, kind: RunKind, source: string, external_id: string, attempt: number, name: string, 
/**
 * The provider's environment name, when it gave one.
 */
provider_environment: string | null, 
/**
 * The provider's words, as read.
 */
raw_status: string, 
/**
 * The status shown: the mapped one, or the inferred one.
 */
status: DeployStatus, 
/**
 * Set when `status` was inferred rather than read.
 */
inferred: Inference | null, sha: string | null, git_ref: string | null, 
/**
 * The run's page at the provider.
 */
url: string | null, actor: string | null, created_at: string, started_at: string | null, finished_at: string | null, };

export type ConnectionHealth = { connection: Connection, 
/**
 * The latest attempt.
 */
last: SyncRecord | null, 
/**
 * When a sync last ran to the end.
 */
last_ok_at: string | null, };

export type DeployAlert = { run: BoardRun, service_name: string, environment_name: string, };

export type Inference = "stalled" | "rollback";

export type SyncRecord = { connection_id: string, started_at: string, finished_at: string, duration_ms: number, 
/**
 * Whether it ran to the end (it may still have gaps: see the report).
 */
ok: boolean, 
/**
 * What went wrong, when it did not.
 */
error: string | null, 
/**
 * Rows written.
 */
stored: number, 
/**
 * Planned changes it moved, "title: planned → in progress".
 */
advanced: Array<string>, 
/**
 * What it read; also kept for a failed sync, as far as it got.
 */
report: SyncReport, };

export type Quota = { limit: number | null, remaining: number | null, reset_at: string | null, };

export type SyncReport = { 
/**
 * Runs read (each counted once per page it came on).
 */
items: number, pages: number, 
/**
 * HTTP requests sent, retries included.
 */
requests: number, 
/**
 * Answers of 304 Not Modified (free on GitHub's quota).
 */
not_modified: number, 
/**
 * Whether every run of the window was read.
 */
complete: boolean, 
/**
 * Why not, when it was not.
 */
gaps: Array<string>, quota: Quota, };

export type Connection = { id: string, name: string, provider: Provider, base_url: string, scope: Array<string>, poll_interval_s: number, username: string | null, rules: MappingRules, created_at: string, updated_at: string, };

export type ConnectionInput = { name: string, provider: Provider, base_url: string, 
/**
 * Repositories (`owner/repo`), projects, jobs or applications to read.
 */
scope: Array<string>, poll_interval_s: number, 
/**
 * Jenkins' user for Basic auth; unused elsewhere.
 */
username: string | null, rules: MappingRules, };

export type EnvironmentRule = { 
/**
 * The provider's name, matched without regard to case.
 */
provider_environment: string, environment_id: string, };

export type MappingRules = { 
/**
 * Workflow, pipeline or job names that count as deployments; a `*` at
 * the end matches any ending. Empty: every run counts.
 */
deployment_names: Array<string>, environments: Array<EnvironmentRule>, services: Array<ServiceRule>, 
/**
 * Minutes a deployment may stay in progress before it counts as
 * stalled; `None` means [`DEFAULT_STALL_MIN`].
 */
stall_after_min: number | null, };

export type Provider = "github" | "gitlab" | "jenkins" | "argocd";

export type RunKind = "pipeline" | "deployment" | "build" | "sync";

export type ServiceRule = { 
/**
 * As in the connection's scope (`owner/repo`, a project path, a job path).
 */
source: string, service_id: string, };

export type StatusRule = { provider: Provider, 
/**
 * The raw key, exactly as the connector produces it.
 */
raw: string, status: DeployStatus, };

export type SourceCheck = { source: string, ok: boolean, 
/**
 * "readable", or exactly what failed.
 */
message: string, };

export type PreviewRow = { kind: RunKind, source: string, name: string, provider_environment: string | null, 
/**
 * Runs in this group.
 */
runs: number, deployment: boolean, 
/**
 * The service the rules give it, by name.
 */
service: string | null, 
/**
 * The environment the rules give it, by name.
 */
environment: string | null, };

export type RulesPreview = { rows: Array<PreviewRow>, 
/**
 * Runs in the groups shown.
 */
runs: number, 
/**
 * Of those, the deployments the rules place on the board.
 */
placed: number, 
/**
 * Sources in the scope with no runs synced yet.
 */
unsynced: Array<string>, };

export type SyncActivity = { connection_id: string, running: boolean, 
/**
 * How far the running sync has got.
 */
progress: SyncProgress | null, 
/**
 * When the next scheduled sync is due.
 */
next_at: string | null, };

export type SyncEvent = { "type": "started", connection_id: string, } | { "type": "progress" } & SyncProgress | { "type": "finished" } & SyncRecord | { "type": "alert" } & DeployAlert;

export type SyncProgress = { connection_id: string, items: number, pages: number, 
/**
 * Rows written so far.
 */
stored: number, };

export type StatusRow = { provider: Provider, raw: string, status: DeployStatus, 
/**
 * What ships for this value; `None` for a value the user added.
 */
default: DeployStatus | null, };

export type StatusTableView = { rows: Array<StatusRow>, 
/**
 * Values seen in synced runs that no row maps, by provider.
 */
unmapped: Array<StatusRule>, };

export type RiskLevel = "low" | "moderate" | "high" | "critical";

export type AnswerOption = { label: string, weight: number, };

export type Question = { 
/**
 * Stable key answers refer to.
 */
key: string, text: string, options: Array<AnswerOption>, };

export type Thresholds = { moderate: number, high: number, critical: number, };

export type Rule = { enabled: boolean, 
/**
 * Days, hours or a count, as the rule reads it.
 */
limit: number, level: RiskLevel, };

export type RiskRules = { 
/**
 * Planned less than `limit` days ahead.
 */
short_lead_time: Rule, 
/**
 * A critical-tier service is affected (`limit` unused).
 */
critical_service: Rule, 
/**
 * Inside a freeze, or within `limit` hours of one.
 */
near_freeze: Rule, 
/**
 * A deployment of an affected service failed in the last `limit` days.
 */
recent_failure: Rule, 
/**
 * More than `limit` services depend on the affected ones, directly or not.
 */
many_dependants: Rule, 
/**
 * The environment is production (`limit` unused).
 */
production: Rule, };

export type RiskPolicy = { questions: Array<Question>, thresholds: Thresholds, rules: RiskRules, };

export type RiskFacts = { 
/**
 * Hours from now (or from when it was requested) to its start.
 */
lead_time_hours: number, 
/**
 * Affected services of the critical tier, by name.
 */
critical_services: Array<string>, 
/**
 * The nearest freeze: its name and the hours to it (0 when inside).
 */
nearest_freeze: [string, number] | null, 
/**
 * Affected services with a failed deployment, and how many days ago.
 */
recent_failures: Array<[string, number]>, 
/**
 * Services depending on the affected ones, directly or not.
 */
dependants: number, 
/**
 * False when counting stopped past the rule's limit (there may be more).
 */
dependants_exact: boolean, production: boolean, };

export type RiskReason = { level: RiskLevel, text: string, };

export type RiskAssessment = { 
/**
 * The highest of the score's level and every condition's.
 */
level: RiskLevel, score: number, score_level: RiskLevel, 
/**
 * Highest first; the score's own reason included.
 */
reasons: Array<RiskReason>, 
/**
 * Questions not answered yet (they count 0).
 */
unanswered: Array<string>, };

export type ChangeModel = "standard" | "normal" | "emergency";

export type Stage = "new" | "assess" | "authorise" | "scheduled" | "implement" | "review" | "closed" | "rejected" | "cancelled";

export type ChangeGovernance = { change_id: string, model: ChangeModel, stage: Stage, 
/**
 * Who requested it: they may not approve it.
 */
requested_by: string, 
/**
 * The chosen answer's index by question key.
 */
answers: { [key in string]: number }, 
/**
 * Approvals count in the round they were given in; requesting changes
 * starts the next round.
 */
round: number, 
/**
 * An emergency change owes its post-implementation review.
 */
pir_owed: boolean, 
/**
 * The post-implementation review, once written.
 */
pir: string, 
/**
 * Why an emergency change went ahead without its approvals.
 */
bypass_reason: string, updated_at: string, };

export type Role = "release_manager" | "cab_member" | "viewer";

export type Person = { id: string, name: string, role: Role, created_at: string, updated_at: string, };

export type PersonInput = { name: string, role: Role, };

export type ApprovalRule = { level: RiskLevel, 
/**
 * `None`: every environment without a rule of its own.
 */
environment_id: string | null, 
/**
 * One slot per entry: two CAB members is dual approval.
 */
roles: Array<Role>, };

export type ApprovalPolicy = { rules: Array<ApprovalRule>, };

export type Decision = "approve" | "reject" | "request_changes";

export type Approval = { id: string, change_id: string, 
/**
 * Decisions count only in the round they were given in; requesting
 * changes starts a new round.
 */
round: number, person_id: string, person_name: string, role: Role, decision: Decision, note: string, at: string, 
/**
 * The CAB meeting it was given in, if any.
 */
meeting_id: string | null, };

export type ApprovalSlot = { role: Role, filled_by: string | null, };

export type ApprovalState = { slots: Array<ApprovalSlot>, satisfied: boolean, 
/**
 * e.g. "1 more approval: CAB member"; empty when satisfied.
 */
missing: string, };

export type Cadence = "weekly" | "fortnightly" | "monthly" | "ad_hoc";

export type AgendaFilter = { environment_ids: Array<string>, levels: Array<RiskLevel>, models: Array<ChangeModel>, 
/**
 * Changes starting within this many days of the meeting.
 */
horizon_days: number, };

export type Cab = { id: string, name: string, cadence: Cadence, 
/**
 * People, by id.
 */
member_ids: Array<string>, filter: AgendaFilter, created_at: string, updated_at: string, };

export type CabInput = { name: string, cadence: Cadence, member_ids: Array<string>, filter: AgendaFilter, };

export type MeetingDecision = "approve" | "reject" | "defer" | "request_changes";

export type ItemFacts = { change_id: string, title: string, environment: string, services: Array<string>, owner: string, requested_by: string, start: string, end: string, model: ChangeModel, stage: Stage, level: RiskLevel, score: number, reasons: Array<RiskReason>, 
/**
 * Conflicts, as their messages.
 */
conflicts: Array<string>, 
/**
 * Services downstream of the change's, directly or not.
 */
blast_radius: number, 
/**
 * The approvals its level and environment need, e.g. "release manager".
 */
approvals_needed: Array<string>, };

export type AgendaItem = { position: number, facts: ItemFacts, 
/**
 * Pulled in by the chair after the cutoff.
 */
late: boolean, decision: MeetingDecision | null, note: string, decided_by: string | null, decided_at: string | null, 
/**
 * Time the meeting spent on it.
 */
seconds: number, };

export type MeetingStatus = "prepared" | "in_progress" | "closed";

export type Attendee = { person_id: string, name: string, role: Role, present: boolean, };

export type Meeting = { id: string, cab_id: string, cab_name: string, 
/**
 * When it sits; the agenda's horizon counts from here.
 */
at: string, 
/**
 * When the agenda was frozen.
 */
cutoff: string, status: MeetingStatus, chair: string, attendees: Array<Attendee>, items: Array<AgendaItem>, 
/**
 * The item being discussed (a position), while in progress.
 */
current: number, 
/**
 * When the current item came up.
 */
current_since: string | null, started_at: string | null, ended_at: string | null, };

export type RiskView = { change_id: string, title: string, model: ChangeModel, stage: Stage, assessment: RiskAssessment, facts: RiskFacts, questions: Array<Question>, answers: { [key in string]: number }, 
/**
 * False for standard changes (pre-approved: no assessment) and changes
 * past authorisation.
 */
editable: boolean, };

export type RegisterQuery = { 
/**
 * Start of the period (default: now).
 */
from: string | null, 
/**
 * End of the period (default: 90 days after the start).
 */
to: string | null, 
/**
 * Only these levels; empty means all.
 */
levels: Array<RiskLevel>, 
/**
 * Words in the title, owner or environment.
 */
search: string, offset: number, 
/**
 * Rows per page (default 100, at most 1,000).
 */
limit: number | null, };

export type RegisterRow = { change_id: string, title: string, owner: string, environment: string, start: string, model: ChangeModel, stage: Stage, level: RiskLevel, score: number, 
/**
 * Highest first.
 */
reasons: Array<string>, };

export type RegisterPage = { rows: Array<RegisterRow>, 
/**
 * Rows matching, before paging.
 */
total: number, 
/**
 * Open changes in the period by level: low, moderate, high, critical.
 */
by_level: [number, number, number, number], from: string, to: string, };

export type StageInput = { to: Stage, 
/**
 * Needed to cancel, to bypass approval in an emergency, and as the
 * post-implementation review when an emergency change is closed.
 */
reason: string | null, };

export type GovernanceView = { change_id: string, title: string, record: ChangeGovernance, path: Array<Stage>, 
/**
 * The next stage on its path, if any.
 */
next: Stage | null, risk: RiskAssessment, approvals: ApprovalState, 
/**
 * Every decision, every round, oldest first.
 */
decisions: Array<Approval>, 
/**
 * The person the current user acts as, if they are one.
 */
acting_as: Person | null, };

export type DecisionInput = { decision: Decision, 
/**
 * Why; required to reject or request changes.
 */
note: string, };

export type ApprovalsView = { decisions: Array<Approval>, 
/**
 * The change's approvals now, when one change was asked for.
 */
state: ApprovalState | null, required: Array<Role>, };

export type PersonView = { person: Person, decisions: number, 
/**
 * The current user acts as this person.
 */
is_me: boolean, };

export type CabView = { cab: Cab, members: Array<string>, 
/**
 * Newest first, without their items.
 */
meetings: Array<Meeting>, };

export type PrepareInput = { cab_id: string, 
/**
 * When the meeting sits; its agenda looks ahead from here.
 */
at: string, };

export type LateAddition = { change_id: string, title: string, start: string, level: RiskLevel, };

export type MeetingView = { meeting: Meeting, 
/**
 * Matching changes not on the frozen agenda.
 */
late: Array<LateAddition>, 
/**
 * Where the current item's approvals stand now (live, not frozen).
 */
current_approvals: ApprovalState | null, 
/**
 * When the view was read: the item timer counts from `current_since`.
 */
now: string, };

export type MinutesFormat = "markdown" | "html" | "pdf";

export type PirOwed = { change_id: string, title: string, start: string, stage: Stage, 
/**
 * Why it went ahead without its approvals, if it did.
 */
bypass_reason: string, };

export type NoticeKind = "maintenance_window" | "release_announcement" | "incident_update" | "rollback_notice" | "freeze_announcement" | "cab_outcome";

export type Audience = "operations" | "executives" | "customers" | "support";

export type Template = { id: string, name: string, kind: NoticeKind, audience: Audience, 
/**
 * One line of Jinja: the mail subject.
 */
subject: string, 
/**
 * Jinja producing Markdown.
 */
body: string, 
/**
 * 1 when created, one more with every save.
 */
version: number, 
/**
 * The built-in this template started as (`maintenance_window/customers`),
 * or `None` for one a user wrote.
 */
builtin: string | null, created_at: string, updated_at: string, };

export type TemplateVersion = { version: number, name: string, subject: string, body: string, saved_at: string, saved_by: string, };

export type TemplateInput = { name: string, kind: NoticeKind, audience: Audience, subject: string, body: string, };

export type TemplateView = { template: Template, 
/**
 * Newest first; the first is the current text.
 */
versions: Array<TemplateVersion>, lint: Array<string>, };

export type Part = "subject" | "body";

export type TemplateError = { part: Part, line: number | null, message: string, };

export type PaletteEntry = { 
/**
 * What to write, e.g. `release.when` or `c.title` inside a loop.
 */
path: string, description: string, 
/**
 * What to insert: `{{ release.when }}` or a whole loop.
 */
snippet: string, 
/**
 * An internal field the customer lint warns about.
 */
internal: boolean, };

export type PreviewInput = { subject: string, body: string, kind: NoticeKind, audience: Audience, target: NoticeTarget | null, 
/**
 * IANA name, e.g. `Europe/Berlin`: the reader's zone.
 */
time_zone: string, };

export type Preview = { subject: string, 
/**
 * Markdown.
 */
body: string, 
/**
 * The body as an HTML fragment, every value escaped.
 */
html: string, errors: Array<TemplateError>, lint: Array<string>, 
/**
 * What it was rendered for: an object's name or "Example data".
 */
target_label: string, };

export type TargetKind = "train" | "change" | "window" | "incident";

export type NoticeTarget = { kind: TargetKind, id: string, };

export type TargetOption = { kind: TargetKind, id: string, label: string, 
/**
 * When, or what else tells it apart.
 */
detail: string, };

export type GenerateInput = { template_id: string, target: NoticeTarget, time_zone: string, };

export type Notice = { id: string, 
/**
 * The template it came from (it may since have been deleted).
 */
template_id: string | null, template_name: string, template_version: number, kind: NoticeKind, audience: Audience, target: NoticeTarget, 
/**
 * The object's name when the notice was generated.
 */
target_label: string, 
/**
 * The zone its times are written in.
 */
time_zone: string, subject: string, 
/**
 * Markdown.
 */
body: string, 
/**
 * Edited by hand since it was generated.
 */
edited: boolean, created_by: string, created_at: string, updated_at: string, 
/**
 * When it was last recorded as sent.
 */
sent_at: string | null, };

export type NoticeEdit = { subject: string, body: string, };

export type NoticeSend = { id: string, notice_id: string, at: string, by: string, recipients: Array<Recipient>, };

export type Recipient = { 
/**
 * May be blank.
 */
name: string, address: string, };

export type NoticeView = { notice: Notice, 
/**
 * Newest first.
 */
sends: Array<NoticeSend>, 
/**
 * The body as an HTML fragment.
 */
html: string, 
/**
 * Who its audience's list says it goes to.
 */
recipients: Array<Recipient>, 
/**
 * False when its object has since been deleted (it cannot be
 * generated again, but its text stays).
 */
target_exists: boolean, };

export type SendInput = { 
/**
 * One recipient per line (`Name <address>` or an address).
 */
recipients: string, };

export type ExportFormat = "markdown" | "html" | "text" | "eml";

export type Exported = { file_name: string, content: string, };

export type RecipientsView = { audience: Audience, recipients: Array<Recipient>, };

export type IncidentStatus = "investigating" | "identified" | "monitoring" | "resolved";

export type Incident = { id: string, title: string, status: IncidentStatus, 
/**
 * What users notice, in words customers understand.
 */
impact: string, service_ids: Array<string>, started_at: string, resolved_at: string | null, created_at: string, updated_at: string, };

export type IncidentInput = { title: string, status: IncidentStatus, impact: string, service_ids: Array<string>, started_at: string, resolved_at: string | null, };
