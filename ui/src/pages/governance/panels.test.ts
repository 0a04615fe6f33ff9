// Behaviour tests for one change's governance panels, opened from the risk
// register: answering the questionnaire, deciding (refused for the
// requester, recorded for a reviewer), and moving through the stages.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { governanceFake, openGovernance, SAFE_ANSWERS, seedChange, seedPerson, seedStage } from './seed';

/** Opens the register and the dialog of the change titled `title`. */
async function openChange(fake: FakeBackend, title: string) {
  const app = await openGovernance(fake);
  const row = await waitFor(() => {
    const found = screen.getAllByTestId('register-row').find((r) => r.textContent?.includes(title));
    if (!found) throw new Error(`no row ${title}`);
    return found;
  });
  await app.user.click(row);
  const dialog = await screen.findByTestId('governance-dialog');
  await waitFor(() => expect(within(dialog).getAllByTestId('risk-reason').length).toBeGreaterThan(0));
  await waitFor(() => expect(within(dialog).getAllByTestId('approval-slot').length).toBeGreaterThan(0));
  return { ...app, dialog };
}

const radio = (key: string, index: number) => {
  const el = document.querySelector<HTMLInputElement>(`input[name="q-${key}"][value="${index}"]`);
  if (!el) throw new Error(`no option ${index} of ${key}`);
  return el;
};

describe('risk panel', () => {
  it('answering the questionnaire raises the level and shows why', async () => {
    const fake = governanceFake();
    seedChange(fake, 'Ledger schema');
    const { user, dialog } = await openChange(fake, 'Ledger schema');
    const panel = within(dialog).getByTestId('risk-panel');
    expect(within(panel).getByTestId('risk-level')).toHaveTextContent('low');
    expect(within(panel).getAllByTestId('risk-reason').map((r) => r.textContent)).toEqual(['lowQuestionnaire score 0 (low)']);
    expect(within(panel).getByTestId('risk-unanswered')).toHaveTextContent('5 of 5 unanswered');

    await user.click(radio('tested', 2));
    await user.click(radio('rollback', 3));
    expect(within(panel).getByTestId('risk-unanswered')).toHaveTextContent('3 of 5 unanswered');
    await user.click(within(panel).getByTestId('risk-save'));

    await waitFor(() => expect(within(panel).getByTestId('risk-level')).toHaveTextContent('high'));
    expect(within(panel).getByTestId('risk-score')).toHaveTextContent('score 10');
    expect(within(panel).getAllByTestId('risk-reason')[0]).toHaveTextContent('Questionnaire score 10 (high)');
    expect(radio('tested', 2)).toBeChecked();
    expect(fake.audit.at(-1)).toMatchObject({ action: 'assessed', entity_label: 'Ledger schema' });
  });

  it('lists the rules a change meets, highest first, and locks a standard change', async () => {
    const fake = governanceFake();
    const c = seedChange(fake, 'Checkout in prod', { env: 'production', services: ['checkout-api'] });
    seedStage(fake, c, { model: 'standard' });
    const { dialog } = await openChange(fake, 'Checkout in prod');
    const panel = within(dialog).getByTestId('risk-panel');
    expect(within(panel).getByTestId('risk-level')).toHaveTextContent('high');
    const reasons = within(panel).getAllByTestId('risk-reason').map((r) => r.textContent);
    expect(reasons).toEqual([
      'highCritical service affected: checkout-api', 'moderateProduction environment', 'lowQuestionnaire score 0 (low)',
    ]);
    expect(within(panel).getByTestId('risk-locked')).toHaveTextContent('standard change is pre-approved');
    expect(radio('tested', 0)).toBeDisabled();
    expect(within(panel).getByTestId('risk-save')).toBeDisabled();
  });
});

describe('approvals panel', () => {
  it('refuses the requester approving their own change, and records nothing', async () => {
    const fake = governanceFake();
    seedPerson(fake, 'Test User');
    const c = seedChange(fake, 'My own change', { owner: 'Test User' });
    seedStage(fake, c, { stage: 'authorise', answers: SAFE_ANSWERS });
    const { user, dialog } = await openChange(fake, 'My own change');
    const panel = within(dialog).getByTestId('approvals-panel');
    expect(within(panel).getByTestId('acting-as')).toHaveTextContent('You act as Test User (release manager)');

    await user.click(within(panel).getByTestId('approve'));
    const refusal = await within(panel).findByTestId('decision-refused');
    expect(refusal).toHaveAttribute('role', 'alert');
    expect(refusal).toHaveTextContent('Test User requested this change and cannot decide on it: the requester may not approve their own change');
    expect(fake.gov.decisions).toHaveLength(0);
    expect(within(panel).getByTestId('approval-slot')).toHaveTextContent('open');
    expect(within(panel).getByTestId('no-decisions')).toBeInTheDocument();
  });

  it('lets a reviewer approve: the slot shows their name and the change may move on', async () => {
    const fake = governanceFake();
    seedPerson(fake, 'Test User');
    const c = seedChange(fake, 'Dana’s change');
    seedStage(fake, c, { stage: 'authorise', answers: SAFE_ANSWERS });
    const { user, dialog } = await openChange(fake, 'Dana’s change');
    const panel = within(dialog).getByTestId('approvals-panel');
    expect(within(panel).getByTestId('approvals-status')).toHaveTextContent('1 more approval: release manager');

    await user.type(within(panel).getByTestId('decision-note'), 'Looks safe');
    await user.click(within(panel).getByTestId('approve'));
    await waitFor(() => expect(within(panel).getByTestId('slot-filled-by')).toHaveTextContent('Test User'));
    expect(within(panel).getByTestId('approvals-status')).toHaveTextContent('Every approval it needs is given');
    expect(within(panel).getByTestId('decision-row')).toHaveTextContent('Test User');
    expect(within(panel).getByTestId('decision-row')).toHaveTextContent('Looks safe');
    expect(within(panel).queryByTestId('decision-refused')).toBeNull();
    expect(fake.gov.decisions).toMatchObject([{ person_name: 'Test User', decision: 'approve', round: 1 }]);

    const lifecycle = within(dialog).getByTestId('lifecycle-panel');
    await user.click(within(lifecycle).getByTestId('stage-next'));
    await waitFor(() => expect(within(lifecycle).getByTestId('stage-current')).toHaveTextContent('scheduled'));
  });

  it('needs a note to request changes, which sends the change back to assess', async () => {
    const fake = governanceFake();
    seedPerson(fake, 'Test User', 'cab_member');
    const c = seedChange(fake, 'Rework me');
    seedStage(fake, c, { stage: 'authorise', answers: SAFE_ANSWERS });
    const { user, dialog } = await openChange(fake, 'Rework me');
    const panel = within(dialog).getByTestId('approvals-panel');
    await user.click(within(panel).getByTestId('request-changes'));
    expect(await within(panel).findByTestId('decision-refused')).toHaveTextContent('needs a note');
    await user.type(within(panel).getByTestId('decision-note'), 'Add a rollback plan');
    await user.click(within(panel).getByTestId('request-changes'));
    await waitFor(() => expect(within(dialog).getByTestId('stage-current')).toHaveTextContent('assess'));
    expect(within(panel).getByTestId('decision-row')).toHaveTextContent('Requested changes');
    expect(fake.gov.records.get(c.id)).toMatchObject({ stage: 'assess', round: 2 });
  });

  it('tells a user who is not a person how to become one', async () => {
    const fake = governanceFake();
    seedChange(fake, 'Anyone');
    const { dialog } = await openChange(fake, 'Anyone');
    expect(within(dialog).getByTestId('acting-as')).toHaveTextContent('You are not among this workspace\'s people');
  });
});

describe('lifecycle panel', () => {
  it('moves along the path, refusing an unfinished assessment and a skip with the reason', async () => {
    const fake = governanceFake();
    const c = seedChange(fake, 'Step by step');
    const { user, dialog } = await openChange(fake, 'Step by step');
    const panel = within(dialog).getByTestId('lifecycle-panel');
    expect(within(panel).getByTestId('stage-current')).toHaveTextContent('new');
    await user.click(within(panel).getByTestId('stage-next'));
    await waitFor(() => expect(within(panel).getByTestId('stage-current')).toHaveTextContent('assess'));

    await user.click(within(panel).getByTestId('stage-next'));
    const refusal = await within(panel).findByTestId('stage-refused');
    expect(refusal).toHaveAttribute('role', 'alert');
    expect(refusal).toHaveTextContent('The risk assessment is not finished: answer every question first');
    expect(within(panel).getByTestId('stage-current')).toHaveTextContent('assess');

    // Someone else sent it back to new meanwhile: authorise would now skip assess.
    fake.gov.seedRecord(c.id, { stage: 'new', answers: SAFE_ANSWERS });
    await user.click(within(panel).getByTestId('stage-next'));
    await waitFor(() =>
      expect(within(panel).getByTestId('stage-refused')).toHaveTextContent('A normal change cannot skip from new to authorise: assess comes first'));
    await waitFor(() => expect(within(panel).getByTestId('stage-current')).toHaveTextContent('new'));
  });

  it('cancels with a reason only', async () => {
    const fake = governanceFake();
    seedChange(fake, 'Not needed');
    const { user, dialog } = await openChange(fake, 'Not needed');
    const panel = within(dialog).getByTestId('lifecycle-panel');
    await user.click(within(panel).getByTestId('stage-cancel'));
    expect(await within(panel).findByTestId('stage-refused')).toHaveTextContent('Cancelling a change needs a reason');
    await user.type(within(panel).getByTestId('stage-reason'), 'Superseded by 4.3');
    await user.click(within(panel).getByTestId('stage-cancel'));
    await waitFor(() => expect(within(panel).getByTestId('stage-current')).toHaveTextContent('cancelled'));
    expect(within(panel).queryByTestId('stage-next')).toBeNull();
  });

  it('lets an emergency bypass approval with a reason, then owes its review', async () => {
    const fake = governanceFake();
    const c = seedChange(fake, 'Hotfix');
    seedStage(fake, c, { model: 'emergency', stage: 'authorise' });
    const { user, dialog } = await openChange(fake, 'Hotfix');
    const panel = within(dialog).getByTestId('lifecycle-panel');
    expect(within(panel).getAllByTestId('stage').map((s) => s.dataset.stage)).toEqual(['new', 'implement', 'review', 'closed']);
    await user.click(within(panel).getByTestId('stage-next'));
    expect(await within(panel).findByTestId('stage-refused')).toHaveTextContent('an emergency may bypass approval only with a reason');
    await user.type(within(panel).getByTestId('stage-reason'), 'Payments are down');
    await user.click(within(panel).getByTestId('stage-next'));
    await waitFor(() => expect(within(panel).getByTestId('stage-current')).toHaveTextContent('implement'));
    expect(within(panel).getByTestId('pir-owed')).toHaveTextContent('Post-implementation review owed');
    expect(within(panel).getByTestId('pir-owed')).toHaveTextContent('Payments are down');
  });
});
