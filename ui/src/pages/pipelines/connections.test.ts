// Behaviour tests for connections: the list, the form (validation, the
// token, provider defaults, rules with the service picker), the rules
// preview, the connection test and delete.
import { describe, expect, it } from 'vitest';
import { field, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { byName, fakeWithPipelines } from './seed';

async function openConnections(fake: FakeBackend) {
  history.replaceState(null, '', '#/pipelines/connections');
  const app = renderApp(fake);
  await screen.findByTestId('add-connection');
  await waitFor(() => expect(screen.queryByText('Loading connections…')).not.toBeInTheDocument());
  return app;
}

async function openForm(app: Awaited<ReturnType<typeof openConnections>>, row?: number) {
  if (row === undefined) await app.user.click(screen.getByTestId('add-connection'));
  else await app.user.click(screen.getAllByTestId('connection-row')[row]);
  return screen.findByTestId('connection-form');
}

describe('connections', () => {
  it('lists each connection with provider, scope, polling and health', async () => {
    const { fake } = fakeWithPipelines();
    await openConnections(fake);
    const [github, jenkins] = await waitFor(() => {
      const rows = screen.getAllByTestId('connection-row');
      expect(rows).toHaveLength(2);
      return rows;
    });
    expect(github).toHaveTextContent('GitHub acme');
    expect(github).toHaveTextContent('https://api.github.com');
    expect(github).toHaveTextContent('3 sources');
    expect(github).toHaveTextContent('every 5 min');
    expect(within(github).getByTestId('connection-health')).toHaveTextContent('OK');
    expect(within(jenkins).getByTestId('connection-health')).toHaveTextContent('Failed');
    expect(within(jenkins).getByTestId('connection-health')).toHaveTextContent('HTTP 401');
    expect(screen.getByTestId('nav-count-pipelines')).toHaveTextContent('2');
  });

  it('checks the fields, then adds a connection with its rules; the token goes to the keyring only', async () => {
    const fake = fakeWithCatalog();
    const app = await openConnections(fake);
    const { user } = app;
    const form = await openForm(app);
    expect(field('name')).toHaveFocus();
    expect(field('base_url')).toHaveValue('https://api.github.com');
    expect(field('scope')).toHaveAttribute('placeholder', expect.stringContaining('acme/checkout'));
    expect(within(form).queryByRole('textbox', { name: 'Username' })).not.toBeInTheDocument();
    expect(screen.getByTestId('preview-unsaved')).toHaveTextContent('Sync once to preview what your rules match');
    // Testing works before saving, but needs the token typed in.
    await user.click(screen.getByTestId('test-connection'));
    expect(await screen.findByTestId('test-error')).toHaveTextContent('Give the access token to test with');

    await user.clear(field('poll_minutes'));
    await user.type(field('poll_minutes'), 'often');
    await user.click(screen.getByTestId('save-connection'));
    expect(await screen.findByTestId('error-poll_interval_s')).toHaveTextContent('Poll every 1 to 1,440 minutes');
    expect(screen.getByTestId('error-token')).toHaveTextContent('Give the access token');
    expect(fake.calls).not.toContain('create_connection');

    await user.clear(field('poll_minutes'));
    await user.type(field('poll_minutes'), '10');
    await user.type(field('scope'), 'acme');
    await user.click(screen.getByTestId('save-connection'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('Name is required');
    expect(screen.getByTestId('error-scope')).toHaveTextContent('"acme" is not a repository: write it as owner/name');
    expect(screen.getByTestId('error-token')).toHaveTextContent('Give the access token');
    expect(field('name')).toHaveFocus();
    expect(fake.sync.connections).toHaveLength(0);

    await user.type(field('name'), 'GitHub acme');
    await user.clear(field('scope'));
    await user.type(field('scope'), 'acme/checkout{Enter}acme/ledger');
    await user.type(field('token'), 'ghp_secret');
    await user.type(field('deployment_names'), 'deploy*');
    await user.click(screen.getByTestId('add-env-rule'));
    const env = screen.getByTestId('env-rule');
    await user.type(within(env).getByRole('textbox'), 'prod');
    await user.selectOptions(env.querySelector('select[name="environment_id"]') as HTMLSelectElement, byName(fake.environments, 'production'));

    await user.click(screen.getByTestId('add-service-rule'));
    const rule = screen.getByTestId('service-rule');
    await user.type(rule.querySelector('input[name="source"]') as HTMLInputElement, 'acme/checkout');
    await user.type(within(rule).getByTestId('service-search'), 'check');
    await user.click(await within(rule).findByRole('option', { name: /checkout-api/ }));
    expect(within(rule).getByTestId('service-search')).toHaveValue('checkout-api');

    await user.click(screen.getByTestId('save-connection'));
    expect(await screen.findByText('Connection added')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    const [saved] = fake.sync.connections;
    expect(saved).toMatchObject({
      name: 'GitHub acme', provider: 'github', base_url: 'https://api.github.com', scope: ['acme/checkout', 'acme/ledger'], poll_interval_s: 600,
      username: null,
      rules: {
        deployment_names: ['deploy*'], stall_after_min: null,
        environments: [{ provider_environment: 'prod', environment_id: byName(fake.environments, 'production') }],
        services: [{ source: 'acme/checkout', service_id: byName(fake.services, 'checkout-api') }],
      },
    });
    expect(fake.sync.tokens.get(saved.id)).toBe('ghp_secret');
    expect(JSON.stringify(saved)).not.toContain('ghp_secret');
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(1));
  });

  it('fills provider defaults, asks Jenkins for a user, and says which rule row is missing its target', async () => {
    const fake = fakeWithCatalog();
    const app = await openConnections(fake);
    const { user } = app;
    await openForm(app);
    await user.selectOptions(field('provider'), 'gitlab');
    expect(field('base_url')).toHaveValue('https://gitlab.com/api/v4');
    await user.selectOptions(field('provider'), 'jenkins');
    expect(field('base_url')).toHaveValue('');
    expect(field('base_url')).toHaveAttribute('placeholder', 'https://jenkins.example.com');
    expect(field('username')).toBeInTheDocument();

    await user.type(field('name'), 'CI');
    await user.type(field('base_url'), 'https://ci.acme.test');
    await user.type(field('scope'), 'deploy/ledger');
    await user.type(field('token'), 't');
    await user.type(field('stall_after_min'), '0');
    await user.click(screen.getByTestId('add-service-rule'));
    await user.type(screen.getByTestId('service-rule').querySelector('input[name="source"]') as HTMLInputElement, 'deploy/ledger');
    await user.click(screen.getByTestId('save-connection'));
    expect(await screen.findByTestId('error-rules')).toHaveTextContent('Pick the service for “deploy/ledger”');
    expect(screen.getByTestId('error-stall_after_min')).toHaveTextContent('whole number of minutes');

    await user.clear(field('stall_after_min'));
    await user.type(field('stall_after_min'), '90');
    await user.click(screen.getByRole('button', { name: 'Remove service rule 1' }));
    await user.click(screen.getByTestId('save-connection'));
    expect(await screen.findByTestId('error-username')).toHaveTextContent('Jenkins needs the user');
    expect(field('username')).toHaveFocus();
    await user.type(field('username'), 'ci-bot');
    await user.click(screen.getByTestId('save-connection'));
    await waitFor(() => expect(fake.sync.connections).toHaveLength(1));
    expect(fake.sync.connections[0]).toMatchObject({ provider: 'jenkins', username: 'ci-bot', rules: { stall_after_min: 90 } });
  });

  it('edits a connection: keeps the stored token, previews the rules and tests the sources', async () => {
    const { fake, github } = fakeWithPipelines();
    const app = await openConnections(fake);
    const { user } = app;
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(2));
    await openForm(app, 0);
    expect(field('token')).toHaveValue('');
    expect(screen.getByText('Leave empty to keep the stored token')).toBeInTheDocument();
    expect(field('stall_after_min')).toHaveAttribute('placeholder', '60');
    await waitFor(() => expect(screen.getAllByTestId('service-search').map((i) => (i as HTMLInputElement).value)).toEqual(['checkout-api', 'ledger']));

    // checkout-api's four deploy runs are placed; ledger's lint run is not a deployment.
    expect(await screen.findByTestId('preview-total')).toHaveTextContent('4 of 5 runs land on the board');
    expect(screen.getByTestId('preview-unsynced')).toHaveTextContent('acme/unsynced');
    await user.clear(field('deployment_names'));
    await waitFor(() => expect(screen.getByTestId('preview-total')).toHaveTextContent('5 of 5 runs land on the board'));

    fake.sync.checks = [
      { source: 'acme/checkout', ok: true, message: 'readable' },
      { source: 'acme/ledger', ok: false, message: 'HTTP 404: no such repository, or the token cannot see it' },
    ];
    await user.type(field('token'), 'new-token');
    await user.click(screen.getByTestId('test-connection'));
    await waitFor(() => expect(screen.getAllByTestId('source-check')).toHaveLength(2));
    const [ok, bad] = screen.getAllByTestId('source-check');
    expect(ok).toHaveTextContent('✓');
    expect(bad).toHaveTextContent('✗');
    expect(bad).toHaveTextContent('no such repository');
    expect(screen.getByTestId('test-summary')).toHaveTextContent('1 of 2 sources failed');

    await user.clear(field('token'));
    await user.click(screen.getByTestId('save-connection'));
    await waitFor(() => expect(screen.queryByTestId('connection-form')).not.toBeInTheDocument());
    expect(fake.sync.tokens.get(github.id)).toBe('secret-token');
    expect(fake.sync.connections[0].rules.deployment_names).toEqual([]);
  });

  it('deletes a connection after confirming', async () => {
    const { fake } = fakeWithPipelines();
    const app = await openConnections(fake);
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(2));
    await openForm(app, 1);
    await app.user.click(screen.getByTestId('delete-connection'));
    expect(screen.getByTestId('confirm-dialog')).toHaveTextContent('its token is deleted from the keyring');
    await app.user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(screen.getAllByTestId('connection-row')).toHaveLength(1));
    expect(fake.sync.connections.map((c) => c.name)).toEqual(['GitHub acme']);
    expect(fake.sync.tokens.size).toBe(1);
  });
});
