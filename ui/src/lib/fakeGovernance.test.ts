// The fake's governance rules against the backend's sentences: skipping a
// stage, assessment and approval gates, rounds, the register's paging.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from './fakeBackend';
import type { Change } from './bindings';

function fake() {
  const f = new FakeBackend();
  const svc = f.seedService('ledger', { tier: 'high' });
  const env = f.seedEnvironment('staging');
  const change = (title: string, start = '2024-05-10T10:00:00Z'): Change => {
    const c: Change = {
      id: `c-${f.cal.changes.length + 1}`, title, description: '', service_ids: [svc.id], environment_id: env.id, start,
      end: '2024-06-30T00:00:00Z', owner: 'Dana Reyes', train_id: null, status: 'planned',
      created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z',
    };
    f.cal.changes.push(c);
    return c;
  };
  return { f, change };
}

const ALL = { tested: 0, rollback: 0, data: 0, downtime: 0, novelty: 0 };

describe('fake governance', () => {
  it('refuses skipping a stage, with what comes first', async () => {
    const { f, change } = fake();
    const c = change('Skip');
    f.gov.seedRecord(c.id, { stage: 'assess' });
    await expect(f.moveChange(c.id, { to: 'scheduled', reason: null })).rejects.toMatchObject({
      code: 'refused', message: 'A normal change cannot skip from assess to scheduled: authorise comes first',
    });
    await expect(f.moveChange(c.id, { to: 'authorise', reason: null })).rejects.toMatchObject({
      message: 'The risk assessment is not finished: answer every question first',
    });
    await f.answerRisk(c.id, ALL);
    expect((await f.moveChange(c.id, { to: 'authorise', reason: null })).record.stage).toBe('authorise');
    await expect(f.moveChange(c.id, { to: 'scheduled', reason: null })).rejects.toMatchObject({
      message: 'It is not approved yet: 1 more approval: release manager',
    });
  });

  it('counts decisions per round: requesting changes starts a new one', async () => {
    const { f, change } = fake();
    const c = change('Rounds');
    f.gov.seedRecord(c.id, { stage: 'authorise', answers: ALL });
    f.gov.seedPerson('Test User', 'release_manager');
    await expect(f.decideChange(c.id, { decision: 'reject', note: ' ' })).rejects.toMatchObject({
      message: 'Say why: a decision that the change is rejected needs a note',
    });
    await f.decideChange(c.id, { decision: 'request_changes', note: 'Needs a plan' });
    expect((await f.changeGovernance(c.id)).record).toMatchObject({ stage: 'assess', round: 2 });
    await f.moveChange(c.id, { to: 'authorise', reason: null });
    const view = await f.decideChange(c.id, { decision: 'approve', note: '' });
    expect(view.state).toMatchObject({ satisfied: true, slots: [{ role: 'release_manager', filled_by: 'Test User' }] });
    await expect(f.decideChange(c.id, { decision: 'approve', note: '' })).rejects.toMatchObject({ code: 'refused' });
    expect(view.decisions.map((d) => [d.decision, d.round])).toEqual([['request_changes', 1], ['approve', 2]]);
  });

  it('pages the register and counts every open change by level', async () => {
    const { f, change } = fake();
    for (let i = 0; i < 5; i++) change(`Change ${i}`, `2024-05-${10 + i}T10:00:00Z`);
    f.gov.seedRecord('c-5', { answers: { ...ALL, tested: 1, rollback: 2 } });
    const page = await f.riskRegister({ from: null, to: null, levels: [], search: '', offset: 1, limit: 2 });
    expect(page.total).toBe(5);
    expect(page.by_level).toEqual([4, 1, 0, 0]);
    expect(page.rows.map((r) => r.title)).toEqual(['Change 0', 'Change 1']);
    const first = await f.riskRegister({ from: null, to: null, levels: ['moderate'], search: '', offset: 0, limit: null });
    expect(first.rows.map((r) => [r.title, r.level, r.reasons[0]])).toEqual([['Change 4', 'moderate', 'Questionnaire score 5 (moderate)']]);
  });
});
