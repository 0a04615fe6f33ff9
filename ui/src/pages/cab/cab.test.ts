// Behaviour tests for the CAB list: creating and editing a CAB (validation
// under the fields), deleting one (and the refusal when it has meetings), and
// preparing a meeting: the frozen agenda and the late additions.
import { describe, expect, it } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { cabWorld, seedChange, seedMeeting } from './seed';

async function openCabs(fake: FakeBackend) {
  history.replaceState(null, '', '#/cab');
  return renderApp(fake);
}

const card = (name: string) => {
  const found = screen.getAllByTestId('cab-card').find((c) => c.dataset.cabName === name);
  if (!found) throw new Error(`no card for ${name}`);
  return found;
};

describe('CAB list', () => {
  it('explains CABs when there are none, then creates one and lists it', async () => {
    const { user, fake } = await openCabs(fakeWithCatalog());
    expect(await screen.findByTestId('empty-cabs')).toHaveTextContent('frozen when a meeting is prepared');

    await user.click(screen.getByTestId('cab-new'));
    const horizon = screen.getByTestId('cab-horizon');
    await user.clear(horizon);
    await user.type(horizon, '0');
    await user.click(screen.getByTestId('cab-save'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('Name is required');
    expect(screen.getByTestId('error-horizon_days')).toHaveTextContent('choose 1 to 90');

    await user.type(screen.getByTestId('cab-name'), 'Production CAB');
    await user.clear(horizon);
    await user.type(horizon, '14');
    await user.click(screen.getByTestId('cab-level-high'));
    await user.click(screen.getByTestId('cab-level-critical'));
    await user.click(screen.getByTestId('cab-model-normal'));
    await user.click(screen.getByTestId('cab-env-production'));
    await user.click(screen.getByTestId('cab-save'));

    await waitFor(() => expect(screen.queryByTestId('cab-form')).not.toBeInTheDocument());
    expect(await screen.findByText('CAB created')).toBeInTheDocument();
    const created = await waitFor(() => card('Production CAB'));
    expect(within(created).getByTestId('cab-filter')).toHaveTextContent('Environments: production');
    expect(within(created).getByTestId('cab-filter')).toHaveTextContent('Levels: High, Critical');
    expect(within(created).getByTestId('cab-filter')).toHaveTextContent('Models: Normal');
    expect(within(created).getByTestId('cab-filter')).toHaveTextContent('within 14 days');
    expect(fake.cab.cabs[0]).toMatchObject({
      name: 'Production CAB', cadence: 'weekly',
      filter: { levels: ['high', 'critical'], models: ['normal'], horizon_days: 14 },
    });
  });

  it('edits a CAB, refusing a duplicate name under the field', async () => {
    const { fake } = cabWorld();
    fake.cab.cabs.push({ ...fake.cab.cabs[0], id: 'cab-other', name: 'Emergency CAB' });
    const { user } = await openCabs(fake);
    await waitFor(() => card('Weekly CAB'));
    expect(within(card('Weekly CAB')).getByTestId('cab-members')).toHaveTextContent('Test User, Ana Ortiz, Bo Chen');

    await user.click(within(card('Weekly CAB')).getByTestId('cab-edit'));
    const name = screen.getByTestId('cab-name');
    await user.clear(name);
    await user.type(name, 'emergency cab');
    await user.click(screen.getByTestId('cab-save'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('There is already a CAB named "emergency cab"');

    await user.clear(name);
    await user.type(name, 'Change board');
    await user.selectOptions(screen.getByTestId('cab-cadence'), 'fortnightly');
    await user.click(screen.getByTestId('cab-save'));
    await waitFor(() => expect(within(card('Change board')).getByTestId('cab-card-cadence')).toHaveTextContent('Fortnightly'));
  });

  it('deletes a CAB without meetings and shows the refusal for one with meetings', async () => {
    const { fake, cab } = cabWorld();
    fake.cab.cabs.push({ ...cab, id: 'cab-spare', name: 'Spare CAB' });
    seedMeeting(fake, cab);
    const { user } = await openCabs(fake);
    await waitFor(() => card('Weekly CAB'));

    await user.click(within(card('Weekly CAB')).getByTestId('cab-delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(await screen.findByTestId('confirm-error')).toHaveTextContent('"Weekly CAB" has 1 meeting(s) on record');
    await user.click(within(screen.getByTestId('confirm-dialog')).getByText('Cancel'));

    await user.click(within(card('Spare CAB')).getByTestId('cab-delete'));
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.getAllByTestId('cab-card').map((c) => c.dataset.cabName)).toEqual(['Weekly CAB']));
  });
});

describe('preparing a meeting', () => {
  it('freezes the agenda, opens the meeting and offers later matches as late additions', async () => {
    const { fake } = cabWorld();
    const { user } = await openCabs(fake);
    await waitFor(() => card('Weekly CAB'));
    expect(within(card('Weekly CAB')).queryAllByTestId('meeting-link')).toHaveLength(0);

    await user.click(within(card('Weekly CAB')).getByTestId('cab-prepare'));
    const at = screen.getByTestId<HTMLInputElement>('prepare-at');
    expect(at.value).toMatch(/^\d{4}-\d{2}-\d{2}T\d{2}:00$/);
    await fireEvent.input(at, { target: { value: '2024-06-01T09:00' } });
    await user.click(screen.getByTestId('prepare-confirm'));

    const meeting = await screen.findByTestId('meeting');
    expect(meeting).toHaveAttribute('data-status', 'prepared');
    expect(location.hash).toBe(`#/cab/${fake.cab.meetings[0].id}`);
    expect(fake.cab.meetings[0].at).toBe(new Date('2024-06-01T09:00').toISOString());
    expect(screen.getByTestId('meeting-cutoff')).toHaveTextContent('Agenda frozen at');
    const rows = () => screen.getAllByTestId('agenda-item');
    expect(rows().map((r) => r.children[1].textContent?.trim())).toEqual(['Checkout v2', 'Ledger schema', 'Cache warmup']);
    expect(rows()[0]).toHaveTextContent('high');
    expect(rows()[0]).toHaveTextContent('release manager, CAB member');
    expect(screen.queryAllByTestId('late-item')).toHaveLength(0);

    // A change planned after the cutoff matches the filter: a late addition.
    seedChange(fake, 'Hotfix rollout', '2024-06-02T10:00:00Z', { level: 'critical' });
    fake.emit(['change']);
    const late = await screen.findByTestId('late-item');
    expect(late).toHaveTextContent('Hotfix rollout');
    expect(late).toHaveTextContent('critical');
    expect(screen.getByTestId('late-additions')).toHaveTextContent('matched after the cutoff');
    expect(rows()).toHaveLength(3);

    await user.click(within(late).getByTestId('pull-in'));
    await waitFor(() => expect(rows()).toHaveLength(4));
    expect(rows()[3]).toHaveTextContent('Hotfix rollout');
    expect(rows()[3]).toHaveTextContent('late addition');
    expect(screen.queryAllByTestId('late-item')).toHaveLength(0);

    await user.click(screen.getByTestId('export-agenda-md'));
    await waitFor(() => expect(fake.exports.at(-1)).toContain('# Agenda: Weekly CAB'));

    await user.click(screen.getByTestId('back-to-cabs'));
    const link = await waitFor(() => within(card('Weekly CAB')).getByTestId('meeting-link'));
    expect(link).toHaveTextContent('Prepared');
    await user.click(link);
    expect(await screen.findByTestId('meeting')).toHaveAttribute('data-status', 'prepared');
  });
});
