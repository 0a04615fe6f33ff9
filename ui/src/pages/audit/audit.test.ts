// Behaviour tests for the audit trail: rows, detail, verification and live refresh.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../lib/fakeBackend';
import { fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';

async function openAudit(fake = fakeWithCatalog()) {
  history.replaceState(null, '', '#/audit');
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getAllByTestId('audit-row').length).toBeGreaterThan(0));
  return app;
}

describe('audit', () => {
  it('lists events newest first with actor, action and record', async () => {
    await openAudit();
    const rows = screen.getAllByTestId('audit-row');
    expect(rows).toHaveLength(7);
    expect(rows[0]).toHaveTextContent('production');
    expect(rows[0]).toHaveTextContent('Test User');
    expect(rows[0]).toHaveTextContent('created');
    expect(rows[0]).toHaveTextContent('environment');
    expect(rows[6]).toHaveTextContent('Payments');
    expect(rows[0].querySelector('time')?.getAttribute('title')).toMatch(/UTC$/);
  });

  it('expands a row to show before and after as escaped JSON', async () => {
    const fake = new FakeBackend();
    const svc = fake.seedService('<b>bold</b>');
    await fake.updateService(svc.id, { ...svc, tier: 'critical' });
    const { user } = await openAudit(fake);
    await user.click(screen.getAllByRole('button', { name: /Show details/ })[0]);
    const detail = screen.getByTestId('audit-detail');
    expect(within(detail).getByText('Changed: tier')).toBeInTheDocument();
    expect(screen.getByTestId('audit-before')).toHaveTextContent('"tier": "medium"');
    expect(screen.getByTestId('audit-after')).toHaveTextContent('"tier": "critical"');
    expect(screen.getByTestId('audit-after')).toHaveTextContent('"name": "<b>bold</b>"');
    expect(detail.querySelector('b')).toBeNull();
  });

  it('verifies an intact chain', async () => {
    const { user } = await openAudit();
    await user.click(screen.getByTestId('verify-chain'));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveTextContent('Chain intact: 7 events verified');
    expect(result).toHaveClass('ok');
  });

  it('reports the first broken event', async () => {
    const fake = fakeWithCatalog();
    fake.brokenSeq = 4;
    const { user } = await openAudit(fake);
    await user.click(screen.getByTestId('verify-chain'));
    const result = await screen.findByTestId('verify-result');
    expect(result).toHaveTextContent('Event 4: Event 4 was changed after it was recorded');
    expect(result).toHaveClass('bad');
  });

  it('shows new events when any write happens', async () => {
    const { fake } = await openAudit();
    await fake.createTeam({ name: 'Search', description: '', contact: '' });
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(8));
    expect(screen.getAllByTestId('audit-row')[0]).toHaveTextContent('Search');
  });

  it('loads older events with "Load more"', async () => {
    const fake = new FakeBackend();
    for (let i = 0; i < 120; i++) fake.seedTeam(`team-${i}`);
    const { user } = await openAudit(fake);
    expect(screen.getAllByTestId('audit-row')).toHaveLength(100);
    await user.click(screen.getByTestId('load-more'));
    await waitFor(() => expect(screen.getAllByTestId('audit-row')).toHaveLength(120));
    expect(fake.calls.filter((c) => c === 'list_audit')).toHaveLength(2);
  });
});
