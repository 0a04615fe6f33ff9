// Generated from the Rust types by crates/api/src/bindings.rs. Do not edit:
// run `make bindings` after changing a type that crosses IPC.

export type AuditAction = "created" | "updated" | "deleted";

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

export type Counts = { services: number, teams: number, environments: number, audit_events: number, };

export type DemoSize = "small" | "large";

export type EntityKind = "workspace" | "team" | "service" | "environment";

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

export type ErrorCode = "validation" | "not_found" | "conflict" | "import_rejected" | "needs_setup" | "not_a_workspace" | "workspace_too_new" | "workspace_read_only" | "workspace_unavailable" | "internal";

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
