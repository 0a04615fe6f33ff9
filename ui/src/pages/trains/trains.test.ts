// Behaviour tests for the trains area: list with progress, the train form
// (targets, validation, delete) and the train screen (changes, conflicts).
import { describe, expect, it } from 'vitest';
import { field, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { envId, seedChange, seedTrain } from './seed';

function catalogWithTrains(): FakeBackend {
  const fake = fakeWithCatalog();
  const june = seedTrain(fake, 'June release', {
    version: '2024.06', owner: 'Dana', status: 'departed',
    targets: [
      { environment_id: envId(fake, 'staging'), date: '2020-01-06' },
      { environment_id: envId(fake, 'production'), date: '2999-01-13' },
    ],
  });
  seedChange(fake, 'Ledger schema', june.id, 'succeeded', { start: '2024-06-04T08:00:00Z', end: '2024-06-04T09:00:00Z' });
  seedChange(fake, 'Checkout v2', june.id, 'verified', { start: '2024-06-03T08:00:00Z', end: '2024-06-03T09:00:00Z' });
  seedChange(fake, 'Cache warmup', june.id, 'in_progress', {
    start: '2024-06-05T08:00:00Z', end: '2024-06-05T09:00:00Z', environment_id: envId(fake, 'production'),
  });
  seedChange(fake, 'Search reindex', june.id, 'failed', { start: '2024-06-06T08:00:00Z', end: '2024-06-06T09:00:00Z' });
  seedChange(fake, 'Not on a train', null, 'planned');
  seedTrain(fake, 'July release', { version: '2024.07', owner: 'Sam' });
  return fake;
}

async function openTrains(fake = catalogWithTrains(), hash = '#/trains') {
  history.replaceState(null, '', hash);
  const app = renderApp(fake);
  if (hash === '#/trains') await waitFor(() => expect(screen.getAllByTestId('train-row').length).toBeGreaterThan(0));
  return app;
}

const trainNames = () => screen.queryAllByTestId('train-row').map((r) => r.querySelector('td')?.textContent);

describe('trains list', () => {
  it('shows each train with status, owner, progress and change count', async () => {
    await openTrains();
    expect(trainNames()).toEqual(['July release', 'June release']);
    const june = screen.getAllByTestId('train-row')[1];
    expect(june).toHaveTextContent('2024.06');
    expect(june).toHaveTextContent('Departed');
    expect(june).toHaveTextContent('Dana');
    expect(june).toHaveTextContent('2/4');
    expect(within(june).getAllByRole('cell').at(-1)).toHaveTextContent('4');
    expect(within(june).getByTestId('progress-done').style.width).toBe('50%');
    expect(within(june).getByTestId('progress-active').style.width).toBe('25%');
    expect(within(june).getByTestId('progress-failed').style.width).toBe('25%');
    expect(within(june).getByRole('progressbar')).toHaveAttribute('aria-valuetext', '2 of 4 done, 1 active, 1 failed');

    const july = screen.getAllByTestId('train-row')[0];
    expect(july).toHaveTextContent('Planning');
    expect(within(july).getByTestId('progress-done').style.width).toBe('0%');
  });

  it('filters by name, version or owner', async () => {
    const { user } = await openTrains();
    await user.type(screen.getByTestId('search'), 'sam');
    await waitFor(() => expect(trainNames()).toEqual(['July release']));
    await user.clear(screen.getByTestId('search'));
    await user.type(screen.getByTestId('search'), '2024.06');
    await waitFor(() => expect(trainNames()).toEqual(['June release']));
    await user.type(screen.getByTestId('search'), 'x');
    expect(await screen.findByTestId('no-matches')).toHaveTextContent('No trains match “2024.06x”');
  });

  it('explains trains when there are none', async () => {
    history.replaceState(null, '', '#/trains');
    renderApp(fakeWithCatalog());
    expect(await screen.findByTestId('empty-trains')).toHaveTextContent('groups changes that ship together');
  });

  it('refreshes progress when a change moves', async () => {
    const { fake } = await openTrains();
    const failed = fake.cal.changes.find((c) => c.title === 'Search reindex');
    if (!failed) throw new Error('seed missing');
    failed.status = 'succeeded';
    fake.emit(['change']);
    await waitFor(() => expect(screen.getAllByTestId('train-row')[1]).toHaveTextContent('3/4'));
    expect(within(screen.getAllByTestId('train-row')[1]).getByTestId('progress-failed').style.width).toBe('0%');
  });
});

describe('train form', () => {
  it('rejects a duplicate name under the field, then creates the train with two target dates', async () => {
    const { user, fake } = await openTrains();
    await user.click(screen.getByTestId('new-train'));
    expect(screen.getByTestId('train-form')).toBeInTheDocument();
    await waitFor(() => field('target-staging'));
    expect(field('owner')).toHaveValue('Test User');

    await user.type(field('name'), 'june release');
    await user.type(field('version'), '2024.08');
    await user.selectOptions(field('status'), 'boarding');
    await user.type(field('target-staging'), '2024-08-05');
    await user.type(field('target-production'), '2024-08-12');
    await user.click(screen.getByTestId('save-train'));

    const error = await screen.findByTestId('error-name');
    expect(error).toHaveTextContent('A train named "june release" already exists');
    expect(field('name')).toHaveAttribute('aria-describedby', error.id);
    expect(field('target-production')).toHaveValue('2024-08-12');

    await user.clear(field('name'));
    await user.type(field('name'), 'August release');
    await user.click(screen.getByTestId('save-train'));
    await waitFor(() => expect(screen.queryByTestId('train-form')).not.toBeInTheDocument());
    expect(await screen.findByText('Train created')).toBeInTheDocument();
    await waitFor(() => expect(trainNames()).toEqual(['August release', 'July release', 'June release']));
    expect(fake.cal.trains.find((t) => t.name === 'August release')).toMatchObject({
      version: '2024.08', status: 'boarding', owner: 'Test User',
      targets: [
        { environment_id: envId(fake, 'staging'), date: '2024-08-05' },
        { environment_id: envId(fake, 'production'), date: '2024-08-12' },
      ],
    });
  });

  it('saves only the filled target dates', async () => {
    const { user, fake } = await openTrains();
    await user.click(screen.getByTestId('new-train'));
    await waitFor(() => field('target-production'));
    await user.type(field('name'), 'Hotfix');
    await user.type(field('target-production'), '2024-09-01');
    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(fake.cal.trains.find((t) => t.name === 'Hotfix')).toBeDefined());
    expect(fake.cal.trains.find((t) => t.name === 'Hotfix')?.targets).toEqual([
      { environment_id: envId(fake, 'production'), date: '2024-09-01' },
    ]);
  });
});

describe('train screen', () => {
  it('opens from the list with its changes by start, targets and conflicts; Escape goes back', async () => {
    const { user, fake } = await openTrains();
    fake.cal.windows.push({
      id: 'win-1', name: 'Launch freeze', kind: 'freeze', soft: false, description: '', time_zone: 'UTC',
      start: '2024-06-04T00:00:00', duration_minutes: 1440, rrule: null, rdates: [], exdates: [],
      environment_ids: [], service_ids: [], created_at: '2024-05-01T09:00:00Z', updated_at: '2024-05-01T09:00:00Z',
    });
    await user.click(screen.getAllByTestId('train-row')[1]);

    expect(await screen.findByTestId('train-name')).toHaveTextContent('June release');
    const june = fake.cal.trains.find((t) => t.name === 'June release');
    expect(location.hash).toBe(`#/trains/${june?.id}`);
    expect(screen.getByTestId('train-version')).toHaveTextContent('2024.06');
    expect(screen.getByTestId('train-status')).toHaveTextContent('Departed');
    expect(screen.getByTestId('train-owner')).toHaveTextContent('Dana');
    expect(screen.getByTestId('train-progress')).toHaveTextContent('2 of 4 done, 1 active, 1 failed');

    const changes = screen.getAllByTestId('train-change');
    expect(changes.map((r) => r.querySelectorAll('td')[2].textContent)).toEqual([
      'Checkout v2', 'Ledger schema', 'Cache warmup', 'Search reindex',
    ]);
    // Environment names arrive with the environments, which load on their own.
    await waitFor(() => expect(changes[0]).toHaveTextContent('staging'));
    expect(changes[0]).toHaveTextContent('Verified');
    expect(changes[2]).toHaveTextContent('production');
    expect(changes[2]).toHaveTextContent('In progress');
    expect(screen.queryByText('Not on a train')).not.toBeInTheDocument();

    const [staging, production] = await screen.findAllByTestId('train-target');
    expect(staging).toHaveTextContent('staging');
    expect(within(staging).getByTestId('target-past')).toBeInTheDocument();
    expect(staging.querySelector('time')).toHaveAttribute('datetime', '2020-01-06');
    expect(within(production).queryByTestId('target-past')).not.toBeInTheDocument();
    expect(production.querySelector('time')).toHaveAttribute('datetime', '2999-01-13');

    const conflicts = screen.getAllByTestId('train-conflict');
    expect(conflicts[0]).toHaveTextContent('Error');
    expect(conflicts.some((c) => /"Ledger schema" on checkout-api falls in the hard freeze "Launch freeze"/.test(c.textContent ?? ''))).toBe(true);
    expect(screen.queryByTestId('no-conflicts')).not.toBeInTheDocument();

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.getAllByTestId('train-row')).toHaveLength(2));
    expect(location.hash).toBe('#/trains');
  });

  it('opens straight from the hash and says when there are no conflicts', async () => {
    const fake = catalogWithTrains();
    const july = fake.cal.trains.find((t) => t.name === 'July release');
    await openTrains(fake, `#/trains/${july?.id}`);
    expect(await screen.findByTestId('train-name')).toHaveTextContent('July release');
    expect(screen.getByTestId('no-conflicts')).toHaveTextContent('No conflicts');
    expect(screen.getByTestId('no-train-changes')).toBeInTheDocument();
    const targets = await screen.findAllByTestId('train-target');
    expect(targets).toHaveLength(2);
    expect(targets[0]).toHaveTextContent('staging No target');
    expect(targets[1]).toHaveTextContent('production No target');
  });

  it('goes back to the list when the sidebar link is clicked on a train screen', async () => {
    const fake = catalogWithTrains();
    const july = fake.cal.trains.find((t) => t.name === 'July release');
    const { user } = await openTrains(fake, `#/trains/${july?.id}`);
    expect(await screen.findByTestId('train-name')).toHaveTextContent('July release');
    const nav = document.querySelector<HTMLElement>('[data-nav="trains"]');
    if (!nav) throw new Error('no Trains link in the sidebar');
    await user.click(nav);
    await waitFor(() => expect(screen.getAllByTestId('train-row').length).toBeGreaterThan(0));
    expect(screen.queryByTestId('train-name')).not.toBeInTheDocument();
  });

  it('shows a missing train calmly', async () => {
    await openTrains(catalogWithTrains(), '#/trains/trn-gone');
    expect(await screen.findByTestId('train-missing')).toHaveTextContent('This train no longer exists');
    await screen.getByTestId('back-to-trains').click();
    await waitFor(() => expect(screen.getAllByTestId('train-row')).toHaveLength(2));
  });

  it('edits the train in place and deletes it, leaving its changes on the calendar', async () => {
    const fake = catalogWithTrains();
    const june = fake.cal.trains.find((t) => t.name === 'June release');
    const { user } = await openTrains(fake, `#/trains/${june?.id}`);
    await screen.findAllByTestId('train-target');
    await user.click(screen.getByTestId('edit-train'));
    expect(field('name')).toHaveValue('June release');
    expect(field('target-staging')).toHaveValue('2020-01-06');
    await user.selectOptions(field('status'), 'shipped');
    await user.clear(field('target-staging'));
    await user.click(screen.getByTestId('save-train'));
    await waitFor(() => expect(screen.getByTestId('train-status')).toHaveTextContent('Shipped'));
    expect(fake.cal.trains.find((t) => t.id === june?.id)?.targets).toEqual([
      { environment_id: envId(fake, 'production'), date: '2999-01-13' },
    ]);

    await user.click(screen.getByTestId('edit-train'));
    await user.click(screen.getByTestId('delete-train'));
    expect(within(screen.getByTestId('confirm-dialog')).getByText(/Its 4 changes stay on the calendar without a train/)).toBeInTheDocument();
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(trainNames()).toEqual(['July release']));
    expect(fake.cal.trains.some((t) => t.id === june?.id)).toBe(false);
    expect(fake.cal.changes.filter((c) => c.title !== 'Not on a train').every((c) => c.train_id === null)).toBe(true);
  });
});
