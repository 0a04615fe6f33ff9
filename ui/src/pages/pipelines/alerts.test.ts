// The sync's app-wide news: an alert toast when a production deployment
// fails or stalls and a warning when a sync fails, on whatever page is open.
import { describe, expect, it } from 'vitest';
import { renderApp, screen, waitFor } from '../../test/render';
import { fakeWithPipelines } from './seed';

const toastsOf = (kind: string) =>
  screen.queryAllByTestId('toast').filter((t) => t.dataset.kind === kind).map((t) => t.textContent?.replace('×', '').trim());

describe('sync alerts', () => {
  it('raises a failed or stalled production deployment on any page', async () => {
    const { fake, github } = fakeWithPipelines();
    renderApp(fake);
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(3));
    const [run] = fake.sync.cell(fake.services[0].id, fake.environments[1].id, 1);
    fake.sync.alert({ run: { ...run, connection_id: github.id, status: 'failed' }, service_name: 'checkout-api', environment_name: 'production' });
    await waitFor(() => expect(toastsOf('error')).toEqual(['checkout-api deployment to production failed']));
    fake.sync.alert({ run: { ...run, status: 'stalled', inferred: 'stalled' }, service_name: 'ledger', environment_name: 'production' });
    await waitFor(() => expect(toastsOf('error')).toContain('ledger deployment to production stalled'));
  });

  it('warns when a sync fails, naming the connection', async () => {
    const { fake, jenkins } = fakeWithPipelines();
    history.replaceState(null, '', '#/calendar');
    renderApp(fake);
    await screen.findByTestId('nav-count-pipelines');
    fake.sync.failNextSync(jenkins.id, 'HTTP 503 from https://jenkins.acme.test');
    await fake.syncNow(jenkins.id);
    await waitFor(() => expect(toastsOf('warning')).toEqual(['Sync of Jenkins failed: HTTP 503 from https://jenkins.acme.test']));
  });
});
