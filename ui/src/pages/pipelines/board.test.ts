// Behaviour tests for the Pipelines board: cells, drill-down, each
// connection's health, live sync progress, paging and the empty states.
import { describe, expect, it } from 'vitest';
import { fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { byName, fakeWithPipelines, seedConnection } from './seed';

async function openBoard(fake: FakeBackend) {
  history.replaceState(null, '', '#/pipelines');
  const app = renderApp(fake);
  await screen.findByTestId('pipelines-board');
  await waitFor(() => expect(screen.queryByTestId('board-loading')).not.toBeInTheDocument());
  return app;
}

const cell = (service: string, env: string) => {
  const el = document.querySelector<HTMLElement>(`[data-testid="board-cell"][data-service="${service}"][data-env="${env}"]`);
  if (!el) throw new Error(`no cell ${service} / ${env}`);
  return el;
};
const card = (name: string) => screen.getAllByTestId('connection-card').find((c) => c.dataset.name === name) as HTMLElement;

describe('pipelines board', () => {
  it('shows each service’s newest deployment per environment, with earlier ones as dots', async () => {
    const { fake } = fakeWithPipelines();
    await openBoard(fake);
    await waitFor(() => expect(screen.getAllByTestId('board-row')).toHaveLength(2));
    expect(screen.getAllByTestId('board-env').map((e) => e.textContent?.trim())).toEqual(['staging', 'production prod']);

    const prod = cell('checkout-api', 'production');
    expect(within(prod).getByTestId('cell-status')).toHaveTextContent('Succeeded');
    expect(prod).toHaveTextContent('abc1234');
    expect(prod.querySelectorAll('.dot')).toHaveLength(1);
    expect(prod).toHaveAttribute('aria-label', expect.stringContaining('before: Failed'));

    const stalled = cell('checkout-api', 'staging');
    expect(within(stalled).getByTestId('cell-status')).toHaveTextContent('Stalled');
    expect(within(stalled).getByTestId('cell-inferred')).toHaveAttribute('title', expect.stringContaining('stalled — inferred'));

    expect(within(cell('ledger', 'staging')).getByTestId('cell-status')).toHaveTextContent('Failed');
    expect(within(cell('ledger', 'production')).getByTestId('cell-status')).toHaveTextContent('—');
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 1–2 of 2 services');
  });

  it('opens a cell’s runs with the provider’s words and a link to the run', async () => {
    const { fake } = fakeWithPipelines();
    const { user } = await openBoard(fake);
    await user.click(await waitFor(() => cell('checkout-api', 'production')));
    const dialog = await screen.findByTestId('cell-runs');
    await waitFor(() => expect(within(dialog).getAllByTestId('cell-run')).toHaveLength(2));
    const [newest, older] = within(dialog).getAllByTestId('cell-run');
    expect(newest).toHaveTextContent('Succeeded');
    expect(newest).toHaveTextContent('completed:success');
    expect(newest).toHaveTextContent('#9001 · attempt 2');
    expect(newest).toHaveTextContent('abc1234');
    expect(newest).toHaveTextContent('main');
    expect(newest).toHaveTextContent('dana');
    expect(newest).toHaveTextContent('4 min 30 s');
    expect(older).toHaveTextContent('Failed');
    expect(within(older).queryByTestId('open-run')).not.toBeInTheDocument();

    await user.click(within(newest).getByRole('button', { name: 'Open in GitHub' }));
    await waitFor(() => expect(fake.sync.opened).toEqual(['https://github.com/acme/checkout/actions/runs/9001']));

    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('cell-runs')).not.toBeInTheDocument());
  });

  it('moves between cells with the arrow keys and opens one with Enter', async () => {
    const { fake } = fakeWithPipelines();
    const { user } = await openBoard(fake);
    const first = await waitFor(() => cell('checkout-api', 'staging'));
    expect(first).toHaveAttribute('tabindex', '0');
    first.focus();
    await user.keyboard('{ArrowRight}');
    expect(cell('checkout-api', 'production')).toHaveFocus();
    await user.keyboard('{ArrowDown}');
    expect(cell('ledger', 'production')).toHaveFocus();
    await user.keyboard('{ArrowLeft}{Enter}');
    const dialog = await screen.findByTestId('cell-runs');
    expect(dialog).toHaveTextContent('ledger in staging');
    await waitFor(() => expect(within(dialog).getAllByTestId('cell-run')).toHaveLength(1));
  });

  it('shows each connection’s health: quota, what it read, an incomplete read and the last error', async () => {
    const { fake } = fakeWithPipelines();
    await openBoard(fake);
    const github = await waitFor(() => card('GitHub acme'));
    expect(within(github).getByTestId('connection-quota')).toHaveTextContent('4,812 of 5,000 requests left');
    expect(github).toHaveTextContent('120 runs · 4 pages · 6 requests · 2 not modified');
    expect(github).toHaveTextContent('took 4.2 s');
    expect(within(github).queryByTestId('connection-last-error')).not.toBeInTheDocument();
    expect(within(github).queryByTestId('connection-incomplete')).not.toBeInTheDocument();

    const jenkins = card('Jenkins');
    expect(jenkins).toHaveTextContent('Jenkins');
    expect(within(jenkins).getByTestId('connection-last-error')).toHaveTextContent('HTTP 401 from https://jenkins.acme.test');
    expect(within(jenkins).getByTestId('connection-incomplete')).toHaveTextContent('Incomplete');
    expect(within(jenkins).getByTestId('connection-gaps')).toHaveTextContent('builds 1–40 were not read');
    expect(within(jenkins).queryByTestId('connection-quota')).not.toBeInTheDocument();
  });

  it('opens the full report with the history and the planned changes a sync moved', async () => {
    const { fake } = fakeWithPipelines();
    const { user } = await openBoard(fake);
    await user.click(within(await waitFor(() => card('GitHub acme'))).getByTestId('connection-report'));
    const report = await screen.findByTestId('sync-report');
    expect(within(report).getByTestId('report-advanced')).toHaveTextContent('Checkout v2: planned → in progress');
    await waitFor(() => expect(within(report).getAllByTestId('history-row')).toHaveLength(1));
  });

  it('syncs a connection with live progress, then refreshes the board', async () => {
    const { fake, github } = fakeWithPipelines();
    fake.sync.stepMs = 40;
    const { user } = await openBoard(fake);
    await user.click(within(await waitFor(() => card('GitHub acme'))).getByTestId('connection-sync-now'));
    expect(await within(card('GitHub acme')).findByTestId('connection-syncing')).toHaveTextContent('Syncing…');
    await waitFor(() => expect(within(card('GitHub acme')).getByTestId('connection-syncing')).toHaveTextContent('Syncing… 3 pages, 6 runs'));
    expect(within(card('GitHub acme')).getByTestId('connection-sync-now')).toBeDisabled();
    await waitFor(() => expect(within(card('GitHub acme')).queryByTestId('connection-syncing')).not.toBeInTheDocument());
    // The new runs landed in production (the first environment rule); the board shows them.
    await waitFor(() => expect(within(cell('ledger', 'production')).getByTestId('cell-status')).toHaveTextContent('Succeeded'));
    expect(fake.sync.history.get(github.id)).toHaveLength(2);
  });

  it('Sync all starts every connection', async () => {
    const { fake } = fakeWithPipelines();
    const { user } = await openBoard(fake);
    await user.click(await screen.findByTestId('sync-all'));
    await waitFor(() => expect([...fake.sync.history.values()].map((h) => h.length)).toEqual([2, 3]));
  });

  it('searches and filters by team, and pages through many services', async () => {
    const fake = fakeWithCatalog();
    const services = Array.from({ length: 60 }, (_, i) => fake.seedService(`svc-${String(i).padStart(2, '0')}`));
    seedConnection(fake, {
      name: 'Many', scope: ['acme/a'],
      rules: { deployment_names: [], environments: [], stall_after_min: null, services: services.map((s, i) => ({ source: `acme/s${i}`, service_id: s.id })) },
    });
    const { user } = await openBoard(fake);
    await waitFor(() => expect(screen.getAllByTestId('board-row')).toHaveLength(50));
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 1–50 of 60 services');
    await user.click(screen.getByTestId('page-next'));
    await waitFor(() => expect(screen.getAllByTestId('board-row')).toHaveLength(10));
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 51–60 of 60 services');

    await user.type(screen.getByTestId('search'), 'svc-0');
    // A narrower search starts again from the first page.
    await waitFor(() => expect(screen.getByTestId('showing')).toHaveTextContent('Showing 1–10 of 10 services'));
    expect(screen.getAllByTestId('board-row')[0]).toHaveTextContent('svc-00');
    expect(screen.queryByTestId('page-next')).not.toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('board-team'), byName(fake.teams, 'Payments'));
    expect(await screen.findByTestId('no-matches')).toHaveTextContent('No services on the board match “svc-0”');
  });

  it('invites a first connection, then rules, when the board has nothing to show', async () => {
    const fake = fakeWithCatalog();
    const { user } = await openBoard(fake);
    expect(await screen.findByTestId('empty-board')).toHaveTextContent('Connect GitHub, GitLab, Jenkins or Argo CD');
    await user.click(screen.getByTestId('empty-add-connection'));
    expect(await screen.findByTestId('connection-form')).toHaveTextContent('Add connection');
    await user.keyboard('{Escape}');

    seedConnection(fake, { name: 'Bare' });
    fake.emit(['connection']);
    expect(await screen.findByTestId('empty-mapping')).toHaveTextContent('Map repositories to services in a connection\'s rules');
    await user.click(screen.getByTestId('edit-rules'));
    expect(await screen.findByTestId('connection-form')).toHaveTextContent('Edit Bare');
  });
});
