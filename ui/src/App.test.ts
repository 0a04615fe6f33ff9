// Behaviour tests for start-up: the welcome flow, the workspace error page and ui_ready.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from './lib/fakeBackend';
import { prefetchFirstScreen } from './firstScreen';
import { expectServices, fakeWithCatalog, renderApp, screen, waitFor } from './test/render';

describe('first run', () => {
  it('asks for a display name, sets it, then loads the sample portfolio', async () => {
    const fake = new FakeBackend({ displayName: null });
    const { user } = renderApp(fake);

    expect(await screen.findByRole('heading', { name: 'Welcome to Signalbox' })).toBeInTheDocument();
    const input = screen.getByLabelText(/recorded as the author of every change/i);
    expect(input).toHaveAttribute('id', 'display-name');
    await waitFor(() => expect(input).toHaveFocus());

    await user.type(input, 'Grace Hopper');
    await user.click(screen.getByTestId('load-sample'));

    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    const calls = fake.calls.filter((c) => c === 'set_display_name' || c === 'load_sample');
    expect(calls).toEqual(['set_display_name', 'load_sample']);
    expect(fake.displayName).toBe('Grace Hopper');
    expect(screen.getByTestId('display-name')).toHaveTextContent('Grace Hopper');
    await waitFor(() => expect(screen.getByTestId('nav-count-services')).toHaveTextContent('3'));
  });

  it('shows the sample button as busy while loading', async () => {
    const fake = new FakeBackend({ displayName: null, latency: 30 });
    const { user } = renderApp(fake);
    await user.type(await screen.findByLabelText(/author of every change/i), 'Ada');
    await user.click(screen.getByTestId('load-sample'));
    expect(screen.getByTestId('load-sample')).toBeDisabled();
    expect(screen.getByTestId('load-sample')).toHaveTextContent('Loading sample…');
    expect(screen.getByTestId('start-empty')).toBeDisabled();
    expect(await screen.findByRole('heading', { name: 'Services' })).toBeInTheDocument();
  });

  it('shows a validation error under the name field and does not load anything', async () => {
    const fake = new FakeBackend({ displayName: null });
    const { user } = renderApp(fake);
    await user.click(await screen.findByTestId('load-sample'));

    expect(await screen.findByTestId('error-display_name')).toHaveTextContent('Display name is required');
    expect(screen.getByLabelText(/author of every change/i)).toHaveAttribute('aria-invalid', 'true');
    expect(fake.calls).not.toContain('load_sample');
  });

  it('"Start empty" goes to an empty services page with the CLI hint', async () => {
    const { user } = renderApp(new FakeBackend({ displayName: null }));
    await user.type(await screen.findByLabelText(/author of every change/i), 'Ada');
    await user.click(screen.getByTestId('start-empty'));
    expect(await screen.findByText('No services yet')).toBeInTheDocument();
    expect(screen.getByText('signalbox services import-csv FILE')).toBeInTheDocument();
  });
});

describe('opening the workspace', () => {
  it('shows a calm full-screen error when the workspace cannot be opened', async () => {
    const fake = new FakeBackend();
    fake.failNext('workspace_status', {
      code: 'workspace_too_new', message: 'This workspace was made by Signalbox 9.0', fields: [], problems: [],
    });
    renderApp(fake);
    expect(await screen.findByTestId('workspace-error-message')).toHaveTextContent('This workspace was made by Signalbox 9.0');
    expect(screen.getByRole('heading', { name: /can’t open this workspace/ })).toBeInTheDocument();
    expect(screen.queryByRole('navigation')).not.toBeInTheDocument();
  });

  it('turns a plain string rejection into a visible error', async () => {
    const fake = new FakeBackend();
    fake.failNext('workspace_status', 'database is locked');
    renderApp(fake);
    expect(await screen.findByTestId('workspace-error-message')).toHaveTextContent('database is locked');
  });

  it('goes straight to the shell when a display name is set, and calls ui_ready once', async () => {
    const { fake } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    expect(screen.queryByText('Welcome to Signalbox')).not.toBeInTheDocument();
    await waitFor(() => expect(fake.calls.filter((c) => c === 'ui_ready')).toHaveLength(1));
    for (const area of ['services', 'teams', 'environments', 'audit']) {
      expect(document.querySelector(`[data-nav="${area}"]`)).toBeInTheDocument();
    }
    expect(screen.getByTestId('workspace-path')).toHaveTextContent('/home/test/signalbox.sqlite');
  });
});

describe('first screen prefetch', () => {
  it('draws the first screen from the prefetched answers without asking again', async () => {
    const fake = fakeWithCatalog();
    await prefetchFirstScreen(fake);
    expect(fake.calls).toEqual(['workspace_status', 'list_teams', 'search_services']);
    renderApp(fake);
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await waitFor(() => expect(fake.calls).toContain('ui_ready'));
    // Owners come from the prefetched teams; nothing of the three was asked twice.
    expect(screen.getAllByTestId('service-row')[1]).toHaveTextContent('Payments');
    for (const command of ['workspace_status', 'list_teams', 'search_services']) {
      expect(fake.calls.filter((c) => c === command)).toHaveLength(1);
    }
  });

  it('on a first run, shows the loaded sample, not the empty list asked for before it', async () => {
    const fake = new FakeBackend({ displayName: null });
    await prefetchFirstScreen(fake);
    const { user } = renderApp(fake);
    await user.type(await screen.findByLabelText(/author of every change/i), 'Ada');
    await user.click(screen.getByTestId('load-sample'));
    // The first list drawn is the sample, never the empty answer from before it.
    await waitFor(() => expect(screen.queryAllByTestId('service-row').length + screen.queryAllByText('No services yet').length).toBeGreaterThan(0));
    expect(screen.queryByText('No services yet')).not.toBeInTheDocument();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    expect(fake.calls.filter((c) => c === 'search_services').length).toBeGreaterThanOrEqual(2);
  });

  it('still shows the workspace error when the prefetched status failed', async () => {
    const fake = fakeWithCatalog();
    fake.failNext('workspace_status', { code: 'workspace_read_only', message: 'The workspace file is read-only.', fields: [], problems: [] });
    await prefetchFirstScreen(fake);
    renderApp(fake);
    expect(await screen.findByTestId('workspace-error-message')).toHaveTextContent('The workspace file is read-only.');
    expect(fake.calls.filter((c) => c === 'workspace_status')).toHaveLength(1);
  });
});
