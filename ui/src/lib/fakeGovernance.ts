// The fake's change governance: risk policy and assessments, the register,
// change models and stages, people and approvals. (Skeleton: filled in with
// the governance screens.)
import type {
  ApprovalPolicy, ApprovalsView, Change, ChangeModel, DecisionInput, EntityKind, Environment, ErrorPayload,
  GovernanceView, Person, PersonInput, PersonView, RegisterPage, RegisterQuery, RiskPolicy, RiskView, Service,
  StageInput,
} from './bindings';

export interface GovernanceContext {
  services: () => Service[];
  environments: () => Environment[];
  changes: () => Change[];
  displayName: () => string | null;
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: string, before: unknown, after: unknown) => void;
}

const todo = (what: string): ErrorPayload => ({ code: 'internal', message: `${what} is not in the fake yet`, fields: [], problems: [] });

export class FakeGovernance {
  people: Person[] = [];
  constructor(readonly ctx: GovernanceContext) {}
  riskPolicy(): RiskPolicy { throw todo('risk_policy'); }
  setRiskPolicy(_p: RiskPolicy): RiskPolicy { throw todo('set_risk_policy'); }
  approvalPolicy(): ApprovalPolicy { throw todo('approval_policy'); }
  setApprovalPolicy(_p: ApprovalPolicy): ApprovalPolicy { throw todo('set_approval_policy'); }
  changeRisk(_id: string): RiskView { throw todo('change_risk'); }
  answerRisk(_id: string, _answers: Record<string, number>): RiskView { throw todo('answer_risk'); }
  register(_q: RegisterQuery): RegisterPage { throw todo('risk_register'); }
  registerCsv(_q: RegisterQuery): string { throw todo('export_risk_register'); }
  governance(_id: string): GovernanceView { throw todo('change_governance'); }
  move(_id: string, _input: StageInput): GovernanceView { throw todo('move_change'); }
  setModel(_id: string, _model: ChangeModel): GovernanceView { throw todo('set_change_model'); }
  decide(_id: string, _input: DecisionInput): ApprovalsView { throw todo('decide_change'); }
  approvals(_change: string | null): ApprovalsView { throw todo('list_approvals'); }
  listPeople(): PersonView[] { throw todo('list_people'); }
  addPerson(_input: PersonInput): Person { throw todo('add_person'); }
  updatePerson(_id: string, _input: PersonInput): Person { throw todo('update_person'); }
  deletePerson(_id: string): null { throw todo('delete_person'); }
}
