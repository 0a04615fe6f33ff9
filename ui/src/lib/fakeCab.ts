// The fake's change advisory boards: CAB definitions, preparing a meeting
// (a frozen agenda and late additions), meeting mode and the documents.
// (Skeleton: filled in with the CAB screens.)
import type {
  Cab, CabInput, CabView, EntityKind, ErrorPayload, Meeting, MeetingDecision, MeetingView, MinutesFormat,
  PrepareInput,
} from './bindings';
import type { FakeGovernance } from './fakeGovernance';

export interface CabContext {
  governance: FakeGovernance;
  now: () => string;
  id: (prefix: string) => string;
  record: (entity: EntityKind, id: string, label: string, action: string, before: unknown, after: unknown) => void;
}

const todo = (what: string): ErrorPayload => ({ code: 'internal', message: `${what} is not in the fake yet`, fields: [], problems: [] });

export class FakeCab {
  cabs: Cab[] = [];
  meetings: Meeting[] = [];
  constructor(readonly ctx: CabContext) {}
  list(): CabView[] { throw todo('list_cabs'); }
  create(_input: CabInput): Cab { throw todo('create_cab'); }
  update(_id: string, _input: CabInput): Cab { throw todo('update_cab'); }
  remove(_id: string): null { throw todo('delete_cab'); }
  prepare(_input: PrepareInput): Meeting { throw todo('prepare_meeting'); }
  view(_id: string): MeetingView { throw todo('meeting'); }
  start(_id: string): MeetingView { throw todo('start_meeting'); }
  go(_id: string, _position: number): MeetingView { throw todo('meeting_go'); }
  attend(_id: string, _person: string, _present: boolean): MeetingView { throw todo('set_attendance'); }
  decide(_id: string, _change: string, _decision: MeetingDecision, _note: string): MeetingView { throw todo('decide_item'); }
  pullIn(_id: string, _change: string): MeetingView { throw todo('pull_in'); }
  close(_id: string): MeetingView { throw todo('close_meeting'); }
  document(_id: string, _minutes: boolean, _format: MinutesFormat): string { throw todo('export_meeting'); }
}
