// Behaviour tests for the Risk & approvals area: the register (order, level
// filter, search, export, empty state), the people (add, duplicate names,
// delete refused for people with history) and the policy editor.
import { describe, expect, it } from 'vitest';
import { field, screen, waitFor, within } from '../../test/render';
import { governanceFake, openGovernance, registerTitles, SAFE_ANSWERS, seedChange, seedPerson, seedStage } from './seed';

function registerFake() {
  const fake = governanceFake();
  seedChange(fake, 'Quiet tweak', { start: '2024-05-12T10:00:00Z', end: '2024-05-12T11:00:00Z' });
  seedChange(fake, 'Prod config', { env: 'production', start: '2024-05-11T10:00:00Z', end: '2024-05-11T11:00:00Z' });
  seedChange(fake, 'Checkout rewrite', { services: ['checkout-api'], owner: 'Sam Lee' });
  const risky = seedChange(fake, 'Data migration', { start: '2024-06-01T10:00:00Z', end: '2024-06-01T11:00:00Z' });
  seedStage(fake, risky, { answers: { tested: 2, rollback: 3, data: 2, downtime: 5, novelty: 3 } });
  const closed = seedChange(fake, 'Long done', { start: '2024-05-13T10:00:00Z', end: '2024-05-13T11:00:00Z' });
  seedStage(fake, closed, { model: 'standard', stage: 'closed' });
  seedChange(fake, 'Far future', { start: '2024-12-01T10:00:00Z', end: '2024-12-01T11:00:00Z' });
  return fake;
}

const levels = () => screen.getAllByTestId('register-row').map((r) => within(r).getByTestId('risk-level').textContent);

describe('risk register', () => {
  it('lists the open changes of the next 90 days, highest level first, with why', async () => {
    const fake = registerFake();
    await openGovernance(fake);
    await waitFor(() => expect(registerTitles()).toEqual(['Data migration', 'Checkout rewrite', 'Prod config', 'Quiet tweak']));
    expect(levels()).toEqual(['critical', 'high', 'moderate', 'low']);
    const rows = screen.getAllByTestId('register-row');
    const migration = fake.cal.changes.find((c) => c.title === 'Data migration');
    expect(rows[0]).toHaveAttribute('data-change-id', migration?.id);
    expect(rows[0]).toHaveTextContent('15');
    expect(rows[0]).toHaveTextContent('Questionnaire score 15 (critical)');
    expect(rows[1]).toHaveTextContent('Sam Lee');
    expect(rows[1]).toHaveTextContent('Critical service affected: checkout-api');
    expect(rows[1]).toHaveTextContent('normal');
    expect(rows[1]).toHaveTextContent('new');
    expect(rows[2]).toHaveTextContent('production');
    expect(screen.getByTestId('level-count-critical')).toHaveTextContent('1');
    expect(screen.getByTestId('level-count-low')).toHaveTextContent('1');
    expect(screen.getByTestId('register-summary')).toHaveTextContent('Showing 1–4 of 4');
  });

  it('lists the post-implementation reviews owed above the register, whatever their date, and opens one', async () => {
    const fake = registerFake();
    const past = seedChange(fake, 'Hotfix last month', { start: '2024-04-01T10:00:00Z', end: '2024-04-01T11:00:00Z' });
    seedStage(fake, past, { model: 'emergency', stage: 'review', pir_owed: true, bypass_reason: 'Payments down' });
    const { user } = await openGovernance(fake);
    const owed = await screen.findByTestId('pir-owed');
    expect(owed).toHaveTextContent('Post-implementation reviews owed 1');
    expect(owed).toHaveTextContent('approval bypassed: Payments down');
    await user.click(within(owed).getByTestId('pir-owed-item'));
    expect(await screen.findByTestId('lifecycle-panel')).toBeInTheDocument();
  });

  it('shows no owed reviews when there are none', async () => {
    await openGovernance(registerFake());
    await waitFor(() => expect(registerTitles()).toHaveLength(4));
    expect(screen.queryByTestId('pir-owed')).toBeNull();
  });

  it('filters by level and by words, and shows the top two reasons with the rest counted', async () => {
    const fake = registerFake();
    seedChange(fake, 'Prod checkout', { env: 'production', services: ['checkout-api'], start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    const { user } = await openGovernance(fake);
    await waitFor(() => expect(registerTitles()).toHaveLength(5));
    const prod = screen.getAllByTestId('register-row').find((r) => r.textContent?.includes('Prod checkout'));
    // Short lead time (high), critical service (high), production (moderate), the score (low).
    expect(prod).toHaveTextContent('+2 more');

    await user.click(screen.getByTestId('level-filter-high'));
    await waitFor(() => expect(registerTitles()).toEqual(['Prod checkout', 'Checkout rewrite']));
    expect(screen.getByTestId('level-filter-high')).toHaveAttribute('aria-pressed', 'true');
    await user.click(screen.getByTestId('level-filter-critical'));
    await waitFor(() => expect(registerTitles()).toEqual(['Data migration', 'Prod checkout', 'Checkout rewrite']));
    await user.click(screen.getByTestId('level-filter-all'));
    await waitFor(() => expect(registerTitles()).toHaveLength(5));

    await user.type(screen.getByTestId('search'), 'sam');
    await waitFor(() => expect(registerTitles()).toEqual(['Checkout rewrite']));
    await user.type(screen.getByTestId('search'), 'zz');
    expect(await screen.findByTestId('no-matches')).toHaveTextContent('No changes match');
    await user.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(registerTitles()).toHaveLength(5));
  });

  it('exports the register as CSV and says where it went', async () => {
    const fake = registerFake();
    const { user } = await openGovernance(fake);
    await waitFor(() => expect(registerTitles()).toHaveLength(4));
    await user.click(screen.getByTestId('register-export'));
    expect(await screen.findByText('Register saved to /tmp/signalbox-risk-register.csv')).toBeInTheDocument();
    const csv = fake.exports.at(-1) ?? '';
    expect(csv.split('\n')[0]).toBe('level,score,title,owner,environment,start,model,stage,reasons,change_id');
    expect(csv.split('\n')[1]).toContain('critical,15,Data migration');
  });

  it('explains the register when nothing is open', async () => {
    await openGovernance(governanceFake());
    expect(await screen.findByTestId('empty-register')).toHaveTextContent('No open changes in this period');
  });

  it('opens a change from the keyboard and Escape closes it', async () => {
    const fake = registerFake();
    const { user } = await openGovernance(fake);
    await waitFor(() => expect(registerTitles()).toHaveLength(4));
    screen.getAllByTestId('register-row')[0].focus();
    await user.keyboard('{ArrowDown}{Enter}');
    const dialog = await screen.findByTestId('governance-dialog');
    expect(within(dialog).getByRole('heading', { level: 2 })).toHaveTextContent('Checkout rewrite');
    await waitFor(() => expect(within(dialog).getByTestId('risk-panel')).toBeInTheDocument());
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('governance-dialog')).toBeNull();
  });
});

describe('people', () => {
  it('adds a person, marks the current user, and refuses a duplicate name beside the field', async () => {
    const fake = governanceFake();
    const { user } = await openGovernance(fake, '#/governance/people');
    expect(await screen.findByTestId('empty-people')).toHaveTextContent('No people yet');
    await user.click(screen.getByTestId('add-person-empty'));
    await user.type(field('name'), 'Test User');
    await user.selectOptions(field('role'), 'release_manager');
    await user.click(screen.getByTestId('save'));
    const row = await screen.findByTestId('person-row');
    expect(row).toHaveTextContent('Test User');
    expect(row).toHaveTextContent('Release manager');
    expect(within(row).getByTestId('is-me')).toHaveTextContent('you');

    await user.click(screen.getByTestId('add-person'));
    await user.type(field('name'), 'test user');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('There is already a person named "test user"');
    expect(field('name')).toHaveAttribute('aria-invalid', 'true');
    expect(fake.gov.people).toHaveLength(1);
  });

  it('refuses to delete someone who has decided, with the reason in the dialog', async () => {
    const fake = governanceFake();
    const ana = seedPerson(fake, 'Ana Ortiz', 'cab_member');
    const c = seedChange(fake, 'Reviewed');
    seedStage(fake, c, { stage: 'authorise', answers: SAFE_ANSWERS });
    fake.gov.approvalRules = { rules: [{ level: 'low', environment_id: null, roles: ['cab_member'] }] };
    fake.gov.decideAs(ana, c.id, 'approve', '');
    const { user } = await openGovernance(fake, '#/governance/people');
    const row = await screen.findByTestId('person-row');
    expect(row).toHaveTextContent('1');
    await user.click(row);
    await user.click(screen.getByTestId('delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(await screen.findByTestId('confirm-error')).toHaveTextContent(
      'Ana Ortiz has given 1 decision(s); people with history cannot be deleted');
    expect(fake.gov.people).toHaveLength(1);
  });
});

describe('policy', () => {
  it('saves the thresholds and shows a problem beside them', async () => {
    const fake = governanceFake();
    const { user } = await openGovernance(fake, '#/governance/policy');
    const high = await screen.findByTestId('threshold-high');
    await user.clear(high);
    await user.type(high, '2');
    await user.click(screen.getByTestId('save-risk-policy'));
    expect(await screen.findByTestId('error-thresholds')).toHaveTextContent('Thresholds must rise');
    expect(fake.gov.policy.thresholds.high).toBe(9);

    await user.clear(high);
    await user.type(high, '10');
    await user.click(screen.getByTestId('save-risk-policy'));
    expect(await screen.findByText('Risk policy saved')).toBeInTheDocument();
    expect(fake.gov.policy.thresholds.high).toBe(10);
    expect(screen.queryByTestId('error-thresholds')).toBeNull();
  });

  it('edits the questionnaire and the approval rules', async () => {
    const fake = governanceFake();
    const { user } = await openGovernance(fake, '#/governance/policy');
    await screen.findAllByTestId('policy-question');
    await user.click(screen.getByTestId('add-question'));
    const added = screen.getAllByTestId('policy-question').at(-1) as HTMLElement;
    await user.type(within(added).getByTestId('question-key'), 'peak');
    await user.type(within(added).getByTestId('question-text'), 'During peak hours?');
    await user.click(screen.getByTestId('save-risk-policy'));
    await waitFor(() => expect(fake.gov.policy.questions.at(-1)).toMatchObject({ key: 'peak', text: 'During peak hours?' }));

    const rules = screen.getAllByTestId('approval-rule');
    expect(rules).toHaveLength(4);
    await user.click(within(rules[0]).getByTestId('add-approval'));
    await user.click(screen.getByTestId('save-approval-policy'));
    await waitFor(() => expect(fake.gov.approvalRules.rules[0].roles).toEqual(['release_manager', 'cab_member']));
  });
});
