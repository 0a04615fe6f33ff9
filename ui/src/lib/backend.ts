// The one door to the Rust backend. Components call backend().someCommand(...),
// never Tauri's invoke() directly, so tests can swap in the in-memory fake.
import { invoke } from '@tauri-apps/api/core';
import { listen } from '@tauri-apps/api/event';
import type {
  ApprovalPolicy,
  ApprovalsView,
  Cab,
  CabInput,
  CabView,
  ChangeModel,
  DecisionInput,
  GovernanceView,
  PirOwed,
  Meeting,
  MeetingDecision,
  MeetingView,
  MinutesFormat,
  Person,
  PersonInput,
  PersonView,
  PrepareInput,
  RegisterPage,
  RegisterQuery,
  RiskPolicy,
  RiskView,
  StageInput,
  Board,
  BoardQuery,
  BoardRun,
  Connection,
  ConnectionHealth,
  ConnectionInput,
  Provider,
  RulesPreview,
  SourceCheck,
  StatusRule,
  StatusTableView,
  SyncActivity,
  SyncEvent,
  SyncRecord,
  BackstageReport,
  DependencyImportReport,
  DependencyInput,
  Impact,
  ImpactOptions,
  MapQuery,
  MapView,
  ServiceDependency,
  ServiceLinks,
  TrainOrder,
  AuditPage,
  AuditQuery,
  CalendarQuery,
  CalendarView,
  Change,
  ChangeDraft,
  ChangeInput,
  Conflict,
  IcsImportReport,
  Slot,
  SlotQuery,
  Train,
  TrainDetail,
  TrainInput,
  TrainSummary,
  TransitionInput,
  Window,
  WindowInput,
  WindowPreview,
  ChangeEvent,
  DemoSize,
  Environment,
  EnvironmentInput,
  SampleReport,
  Service,
  ServiceInput,
  ServicePage,
  ServiceQuery,
  Team,
  TeamInput,
  TeamListItem,
  VerifyReport,
  WorkspaceStatus,
  Audience,
  ExportFormat,
  GenerateInput,
  Incident,
  IncidentInput,
  Notice,
  NoticeEdit,
  NoticeSend,
  NoticeView,
  PaletteEntry,
  Preview,
  PreviewInput,
  RecipientsView,
  SendInput,
  TargetKind,
  TargetOption,
  Template,
  TemplateInput,
  TemplateView,
} from './bindings';
import { toErrorPayload } from './errors';

/** Every backend command the UI uses. Rejections are always ErrorPayloads. */
export interface Backend {
  workspaceStatus(): Promise<WorkspaceStatus>;
  setDisplayName(name: string): Promise<WorkspaceStatus>;
  loadSample(size: DemoSize): Promise<SampleReport>;

  searchServices(query: ServiceQuery): Promise<ServicePage>;
  getService(id: string): Promise<Service>;
  serviceSystems(): Promise<string[]>;
  createService(input: ServiceInput): Promise<Service>;
  updateService(id: string, input: ServiceInput): Promise<Service>;
  deleteService(id: string): Promise<null>;

  listTeams(): Promise<TeamListItem[]>;
  createTeam(input: TeamInput): Promise<Team>;
  updateTeam(id: string, input: TeamInput): Promise<Team>;
  deleteTeam(id: string): Promise<null>;

  listEnvironments(): Promise<Environment[]>;
  createEnvironment(input: EnvironmentInput): Promise<Environment>;
  updateEnvironment(id: string, input: EnvironmentInput): Promise<Environment>;
  deleteEnvironment(id: string): Promise<null>;
  timeZones(): Promise<string[]>;

  listAudit(query: AuditQuery): Promise<AuditPage>;
  verifyAudit(): Promise<VerifyReport>;

  /** The changes, window occurrences (and optionally conflicts) of a period. */
  calendarView(query: CalendarQuery): Promise<CalendarView>;
  listTrains(): Promise<TrainSummary[]>;
  trainDetail(id: string): Promise<TrainDetail>;
  createTrain(input: TrainInput): Promise<Train>;
  updateTrain(id: string, input: TrainInput): Promise<Train>;
  deleteTrain(id: string): Promise<null>;
  getChange(id: string): Promise<Change>;
  createChange(input: ChangeInput): Promise<Change>;
  updateChange(id: string, input: ChangeInput): Promise<Change>;
  deleteChange(id: string): Promise<null>;
  transitionChange(id: string, request: TransitionInput): Promise<Change>;
  /** Conflicts a change being edited (or dragged) would have; nothing is saved. */
  checkChange(draft: ChangeDraft): Promise<Conflict[]>;
  /** The earliest slots within 90 days with no error-level conflict. */
  nextFreeSlots(query: SlotQuery): Promise<Slot[]>;
  listWindows(): Promise<Window[]>;
  createWindow(input: WindowInput): Promise<Window>;
  updateWindow(id: string, input: WindowInput): Promise<Window>;
  deleteWindow(id: string): Promise<null>;
  /** The next `count` occurrences of a window being edited (validation errors as usual). */
  previewWindow(input: WindowInput, count: number): Promise<WindowPreview[]>;
  /** Asks where to save and writes the period as ICS; the path, or null when cancelled. */
  exportCalendarIcs(from: string, to: string): Promise<string | null>;
  /** Asks for an .ics file and imports its events as freeze windows; null when cancelled. */
  importCalendarIcs(soft: boolean, environmentIds: string[]): Promise<IcsImportReport | null>;

  /** The dependency map as `query` shows it, laid out. */
  dependencyMap(query: MapQuery): Promise<MapView>;
  /** A service's dependencies, dependants, blast radius and upcoming changes. */
  serviceLinks(id: string): Promise<ServiceLinks>;
  createDependency(input: DependencyInput): Promise<ServiceDependency>;
  updateDependency(id: string, input: DependencyInput): Promise<ServiceDependency>;
  deleteDependency(id: string): Promise<null>;
  /** The blast radius (downstream) and prerequisites (upstream) of services. */
  impact(services: string[], options: ImpactOptions): Promise<Impact>;
  /** A train's deploy and rollback order, with the services named. */
  trainOrder(id: string): Promise<TrainOrder>;
  /** Asks where to save and writes the whole map as DOT or Mermaid; the path, or null. */
  exportDependencies(format: 'dot' | 'mermaid'): Promise<string | null>;
  /** Asks where to save and writes the view `query` shows as SVG; the path, or null. */
  exportMapSvg(query: MapQuery): Promise<string | null>;
  /** Asks where to save the PNG the UI painted; the path, or null. */
  exportMapPng(png: Uint8Array): Promise<string | null>;
  /** Asks for a Backstage catalog file or folder and imports it; null when cancelled. */
  importBackstage(folder: boolean): Promise<BackstageReport | null>;
  /** Asks for a dependencies CSV and imports it; null when cancelled. */
  importDependenciesCsv(): Promise<DependencyImportReport | null>;

  /** Every CI/CD connection with how its syncs have gone. */
  listConnections(): Promise<ConnectionHealth[]>;
  /** Adds a connection; `token` (required) goes to the OS keyring only. */
  createConnection(input: ConnectionInput, token: string): Promise<Connection>;
  /** Saves a connection; a null or empty token keeps the stored one. */
  updateConnection(id: string, input: ConnectionInput, token: string | null): Promise<Connection>;
  /** Removes a connection, its synced runs and its token. */
  deleteConnection(id: string): Promise<null>;
  /** Checks each source with `token`, or the stored token when null. */
  /** Tests `input`'s sources with `token`, or with connection `id`'s stored token. */
  testConnection(id: string | null, input: ConnectionInput, token: string | null): Promise<SourceCheck[]>;
  /** Starts a sync of one connection (null: all); progress comes as sync events. */
  syncNow(id: string | null): Promise<null>;
  syncActivity(): Promise<SyncActivity[]>;
  /** A connection's newest sync attempts, newest first. */
  syncHistory(id: string, limit: number): Promise<SyncRecord[]>;
  pipelinesBoard(query: BoardQuery): Promise<Board>;
  /** One board cell's deployments, newest first. */
  cellRuns(service: string, environment: string, limit: number): Promise<BoardRun[]>;
  /** What the rules in `input` would match among saved connection `id`'s synced runs. */
  previewRules(id: string, input: ConnectionInput): Promise<RulesPreview>;
  statusTable(): Promise<StatusTableView>;
  /** Maps a provider's status value; the number of runs re-mapped. */
  setStatusRule(rule: StatusRule): Promise<number>;
  /** Puts a provider's status value back to its default; the number of runs re-mapped. */
  resetStatusRule(provider: Provider, raw: string): Promise<number>;
  /** Opens a web address (a run's page) in the default browser. */
  openExternal(url: string): Promise<null>;

  /** Tells the backend the first screen with data is on screen (startup benchmark). */
  // Governance (issue 6): risk, stages, approvals, people, CABs, meetings.
  riskPolicy(): Promise<RiskPolicy>;
  setRiskPolicy(policy: RiskPolicy): Promise<RiskPolicy>;
  approvalPolicy(): Promise<ApprovalPolicy>;
  setApprovalPolicy(policy: ApprovalPolicy): Promise<ApprovalPolicy>;
  changeRisk(id: string): Promise<RiskView>;
  /** Every answer (a question left out is unanswered): option index by question key. */
  answerRisk(id: string, answers: Record<string, number>): Promise<RiskView>;
  riskRegister(query: RegisterQuery): Promise<RegisterPage>;
  /** Saves the whole register as CSV through the save dialog; the path, or null when cancelled. */
  exportRiskRegister(query: RegisterQuery): Promise<string | null>;
  changeGovernance(id: string): Promise<GovernanceView>;
  moveChange(id: string, input: StageInput): Promise<GovernanceView>;
  /** Every post-implementation review still owed (emergency changes), oldest first. */
  pirOwed(): Promise<PirOwed[]>;
  setChangeModel(id: string, model: ChangeModel): Promise<GovernanceView>;
  /** The current user's decision; refused (code `refused`) by separation of duties and the policy. */
  decideChange(id: string, input: DecisionInput): Promise<ApprovalsView>;
  listApprovals(change: string | null): Promise<ApprovalsView>;
  listPeople(): Promise<PersonView[]>;
  addPerson(input: PersonInput): Promise<Person>;
  updatePerson(id: string, input: PersonInput): Promise<Person>;
  deletePerson(id: string): Promise<null>;
  listCabs(): Promise<CabView[]>;
  createCab(input: CabInput): Promise<Cab>;
  updateCab(id: string, input: CabInput): Promise<Cab>;
  deleteCab(id: string): Promise<null>;
  /** Freezes the agenda now for a meeting at `input.at`. */
  prepareMeeting(input: PrepareInput): Promise<Meeting>;
  meeting(id: string): Promise<MeetingView>;
  startMeeting(id: string): Promise<MeetingView>;
  meetingGo(id: string, position: number): Promise<MeetingView>;
  setAttendance(id: string, person: string, present: boolean): Promise<MeetingView>;
  decideItem(id: string, change: string, decision: MeetingDecision, note: string): Promise<MeetingView>;
  pullIn(id: string, change: string): Promise<MeetingView>;
  closeMeeting(id: string): Promise<MeetingView>;
  /** Saves the agenda (minutes false) or the minutes through the save dialog; the path, or null. */
  exportMeeting(id: string, minutes: boolean, format: MinutesFormat): Promise<string | null>;

  // Notices (issue 7): templates, previews, generated notices, sends, recipients, incidents.
  listTemplates(): Promise<Template[]>;
  /** A template with its versions (newest first) and the customer lint's warnings. */
  template(id: string): Promise<TemplateView>;
  addTemplate(input: TemplateInput): Promise<Template>;
  /** Saves a new version; unchanged text comes back unchanged. */
  updateTemplate(id: string, input: TemplateInput): Promise<Template>;
  /** Saves an earlier version's text as the newest version. */
  restoreTemplateVersion(id: string, version: number): Promise<Template>;
  /** Refused (code `refused`) for built-in templates. */
  deleteTemplate(id: string): Promise<null>;
  templatePalette(): Promise<PaletteEntry[]>;
  /** Renders unsaved text; template errors are part of the answer, not a failure. */
  previewTemplate(input: PreviewInput): Promise<Preview>;
  /** Objects a notice can be about; changes are searched by title (at most 50). */
  noticeTargets(kind: TargetKind, query: string): Promise<TargetOption[]>;
  generateNotice(input: GenerateInput): Promise<Notice>;
  /** Newest first. */
  listNotices(): Promise<Notice[]>;
  notice(id: string): Promise<NoticeView>;
  updateNotice(id: string, edit: NoticeEdit): Promise<Notice>;
  /** Refused for a notice that was sent. */
  deleteNotice(id: string): Promise<null>;
  /** Checks every line first: one bad address and nothing is recorded. */
  recordNoticeSent(id: string, input: SendInput): Promise<NoticeSend>;
  /** Saves the stored text through the save dialog; the path, or null when cancelled. */
  saveNotice(id: string, format: ExportFormat): Promise<string | null>;
  /** Puts the stored text on the clipboard. */
  copyNotice(id: string, format: ExportFormat): Promise<null>;
  /** Markdown as a safe HTML fragment (every text escaped), for previewing unsaved edits. */
  markdownHtml(markdown: string): Promise<string>;
  recipients(audience: Audience): Promise<RecipientsView>;
  /** Replaces the list with `text`, one recipient per line. */
  setRecipients(audience: Audience, text: string): Promise<RecipientsView>;
  /** Asks for a CSV (name,address) and replaces the list; null when cancelled. */
  importRecipients(audience: Audience): Promise<RecipientsView | null>;
  /** Saves the list as CSV through the save dialog; the path, or null when cancelled. */
  saveRecipients(audience: Audience): Promise<string | null>;
  /** The From line of email drafts (`Name <address>`), or blank. */
  noticeSender(): Promise<string>;
  setNoticeSender(sender: string): Promise<string>;
  /** Newest first. */
  listIncidents(): Promise<Incident[]>;
  addIncident(input: IncidentInput): Promise<Incident>;
  updateIncident(id: string, input: IncidentInput): Promise<Incident>;

  uiReady(): Promise<null>;

  /** Calls `cb` after every committed write; returns a function that stops listening. */
  onChange(cb: (event: ChangeEvent) => void): () => void;
  /** Calls `cb` with the background sync's news; returns a function that stops listening. */
  onSync(cb: (event: SyncEvent) => void): () => void;
}

/** Name of the Tauri event emitted after every committed write. */
export const CHANGE_EVENT = 'signalbox://changed';
/** Name of the Tauri event carrying sync progress, results and alerts. */
export const SYNC_EVENT = 'signalbox://sync';

/** Listens to a Tauri event until the returned function is called. */
function subscribe<T>(name: string, cb: (payload: T) => void): () => void {
  let stopped = false;
  let unlisten: (() => void) | null = null;
  listen<T>(name, (event) => cb(event.payload))
    .then((fn) => {
      if (stopped) fn();
      else unlisten = fn;
    })
    .catch((e: unknown) => console.error(`Could not listen for ${name}`, e));
  return () => {
    stopped = true;
    unlisten?.();
  };
}

async function call<T>(command: string, args?: Record<string, unknown> | Uint8Array): Promise<T> {
  try {
    return await invoke<T>(command, args);
  } catch (e) {
    throw toErrorPayload(e);
  }
}

/** The real backend, over Tauri IPC. */
export const tauriBackend: Backend = {
  workspaceStatus: () => call('workspace_status'),
  setDisplayName: (name) => call('set_display_name', { name }),
  loadSample: (size) => call('load_sample', { size }),

  searchServices: (query) => call('search_services', { query }),
  getService: (id) => call('get_service', { id }),
  serviceSystems: () => call('service_systems'),
  createService: (input) => call('create_service', { input }),
  updateService: (id, input) => call('update_service', { id, input }),
  deleteService: (id) => call('delete_service', { id }),

  listTeams: () => call('list_teams'),
  createTeam: (input) => call('create_team', { input }),
  updateTeam: (id, input) => call('update_team', { id, input }),
  deleteTeam: (id) => call('delete_team', { id }),

  listEnvironments: () => call('list_environments'),
  createEnvironment: (input) => call('create_environment', { input }),
  updateEnvironment: (id, input) => call('update_environment', { id, input }),
  deleteEnvironment: (id) => call('delete_environment', { id }),
  timeZones: () => call('time_zones'),

  listAudit: (query) => call('list_audit', { query }),
  verifyAudit: () => call('verify_audit'),

  calendarView: (query) => call('calendar_view', { query }),
  listTrains: () => call('list_trains'),
  trainDetail: (id) => call('train_detail', { id }),
  createTrain: (input) => call('create_train', { input }),
  updateTrain: (id, input) => call('update_train', { id, input }),
  deleteTrain: (id) => call('delete_train', { id }),
  getChange: (id) => call('get_change', { id }),
  createChange: (input) => call('create_change', { input }),
  updateChange: (id, input) => call('update_change', { id, input }),
  deleteChange: (id) => call('delete_change', { id }),
  transitionChange: (id, request) => call('transition_change', { id, request }),
  checkChange: (draft) => call('check_change', { draft }),
  nextFreeSlots: (query) => call('next_free_slots', { query }),
  listWindows: () => call('list_windows'),
  createWindow: (input) => call('create_window', { input }),
  updateWindow: (id, input) => call('update_window', { id, input }),
  deleteWindow: (id) => call('delete_window', { id }),
  previewWindow: (input, count) => call('preview_window', { input, count }),
  exportCalendarIcs: (from, to) => call('export_calendar_ics', { from, to }),
  importCalendarIcs: (soft, environmentIds) => call('import_calendar_ics', { soft, environmentIds }),

  dependencyMap: (query) => call('dependency_map', { query }),
  serviceLinks: (id) => call('service_links', { id }),
  createDependency: (input) => call('create_dependency', { input }),
  updateDependency: (id, input) => call('update_dependency', { id, input }),
  deleteDependency: (id) => call('delete_dependency', { id }),
  impact: (services, options) => call('impact', { services, options }),
  trainOrder: (id) => call('train_order', { id }),
  exportDependencies: (format) => call('export_dependencies', { format }),
  exportMapSvg: (query) => call('export_map_svg', { query }),
  exportMapPng: (png) => call('export_map_png', png),
  importBackstage: (folder) => call('import_backstage', { folder }),
  importDependenciesCsv: () => call('import_dependencies_csv'),

  listConnections: () => call('list_connections'),
  createConnection: (input, token) => call('create_connection', { input, token }),
  updateConnection: (id, input, token) => call('update_connection', { id, input, token }),
  deleteConnection: (id) => call('delete_connection', { id }),
  testConnection: (id, input, token) => call('test_connection', { id, input, token }),
  syncNow: (id) => call('sync_now', { id }),
  syncActivity: () => call('sync_activity'),
  syncHistory: (id, limit) => call('sync_history', { id, limit }),
  pipelinesBoard: (query) => call('pipelines_board', { query }),
  cellRuns: (service, environment, limit) => call('cell_runs', { service, environment, limit }),
  previewRules: (id, input) => call('preview_rules', { id, input }),
  statusTable: () => call('status_table'),
  setStatusRule: (rule) => call('set_status_rule', { rule }),
  resetStatusRule: (provider, raw) => call('reset_status_rule', { provider, raw }),
  openExternal: (url) => call('open_external', { url }),

  riskPolicy: () => call('risk_policy'),
  setRiskPolicy: (policy) => call('set_risk_policy', { policy }),
  approvalPolicy: () => call('approval_policy'),
  setApprovalPolicy: (policy) => call('set_approval_policy', { policy }),
  changeRisk: (id) => call('change_risk', { id }),
  answerRisk: (id, answers) => call('answer_risk', { id, answers }),
  riskRegister: (query) => call('risk_register', { query }),
  exportRiskRegister: (query) => call('export_risk_register', { query }),
  changeGovernance: (id) => call('change_governance', { id }),
  moveChange: (id, input) => call('move_change', { id, input }),
  pirOwed: () => call('pir_owed'),
  setChangeModel: (id, model) => call('set_change_model', { id, model }),
  decideChange: (id, input) => call('decide_change', { id, input }),
  listApprovals: (change) => call('list_approvals', { change }),
  listPeople: () => call('list_people'),
  addPerson: (input) => call('add_person', { input }),
  updatePerson: (id, input) => call('update_person', { id, input }),
  deletePerson: (id) => call('delete_person', { id }),
  listCabs: () => call('list_cabs'),
  createCab: (input) => call('create_cab', { input }),
  updateCab: (id, input) => call('update_cab', { id, input }),
  deleteCab: (id) => call('delete_cab', { id }),
  prepareMeeting: (input) => call('prepare_meeting', { input }),
  meeting: (id) => call('meeting', { id }),
  startMeeting: (id) => call('start_meeting', { id }),
  meetingGo: (id, position) => call('meeting_go', { id, position }),
  setAttendance: (id, person, present) => call('set_attendance', { id, person, present }),
  decideItem: (id, change, decision, note) => call('decide_item', { id, change, decision, note }),
  pullIn: (id, change) => call('pull_in', { id, change }),
  closeMeeting: (id) => call('close_meeting', { id }),
  exportMeeting: (id, minutes, format) => call('export_meeting', { id, minutes, format }),

  listTemplates: () => call('list_templates'),
  template: (id) => call('template', { id }),
  addTemplate: (input) => call('add_template', { input }),
  updateTemplate: (id, input) => call('update_template', { id, input }),
  restoreTemplateVersion: (id, version) => call('restore_template_version', { id, version }),
  deleteTemplate: (id) => call('delete_template', { id }),
  templatePalette: () => call('template_palette'),
  previewTemplate: (input) => call('preview_template', { input }),
  noticeTargets: (kind, query) => call('notice_targets', { kind, query }),
  generateNotice: (input) => call('generate_notice', { input }),
  listNotices: () => call('list_notices'),
  notice: (id) => call('notice', { id }),
  updateNotice: (id, edit) => call('update_notice', { id, edit }),
  deleteNotice: (id) => call('delete_notice', { id }),
  recordNoticeSent: (id, input) => call('record_notice_sent', { id, input }),
  saveNotice: (id, format) => call('save_notice', { id, format }),
  copyNotice: (id, format) => call('copy_notice', { id, format }),
  markdownHtml: (markdown) => call('markdown_html', { markdown }),
  recipients: (audience) => call('recipients', { audience }),
  setRecipients: (audience, text) => call('set_recipients', { audience, text }),
  importRecipients: (audience) => call('import_recipients', { audience }),
  saveRecipients: (audience) => call('save_recipients', { audience }),
  noticeSender: () => call('notice_sender'),
  setNoticeSender: (sender) => call('set_notice_sender', { sender }),
  listIncidents: () => call('list_incidents'),
  addIncident: (input) => call('add_incident', { input }),
  updateIncident: (id, input) => call('update_incident', { id, input }),

  uiReady: () => call('ui_ready'),

  onChange: (cb) => subscribe<ChangeEvent>(CHANGE_EVENT, cb),
  onSync: (cb) => subscribe<SyncEvent>(SYNC_EVENT, cb),
};

let active: Backend = tauriBackend;

/** Replaces the active backend (tests install the fake here). */
export function setBackend(next: Backend): void {
  active = next;
}

/** The active backend. */
export function backend(): Backend {
  return active;
}
