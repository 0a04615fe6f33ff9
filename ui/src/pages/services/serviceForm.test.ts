// Behaviour tests for creating, editing and deleting services in the form dialog.
import { describe, expect, it } from 'vitest';
import { dialog, expectServices, field, renderApp, screen, waitFor, within } from '../../test/render';

describe('service form', () => {
  it('creates a service from every field and shows a toast', async () => {
    const { user, fake } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('new-service'));

    await user.type(field('name'), 'search-api');
    await user.type(field('description'), 'Finds things');
    await user.selectOptions(field('owner_team_id'), 'Platform');
    await user.selectOptions(field('tier'), 'high');
    await user.type(field('system'), 'discovery');
    await user.type(field('tags'), 'api, Search ,, edge');
    await user.type(field('repository_url'), 'https://git.example.com/search');
    await user.click(screen.getByTestId('add-link'));
    await user.type(field('link_label'), 'Runbook');
    await user.type(field('link_url'), 'https://wiki.example.com/search');
    await user.click(screen.getByTestId('save'));

    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Service created')).toBeInTheDocument();
    await expectServices(['build-cache', 'checkout-api', 'ledger', 'search-api']);
    const created = fake.services.find((s) => s.name === 'search-api');
    expect(created).toMatchObject({
      description: 'Finds things',
      owner_team_id: fake.teams.find((t) => t.name === 'Platform')?.id,
      tier: 'high',
      system: 'discovery',
      tags: ['api', 'search', 'edge'],
      repository_url: 'https://git.example.com/search',
      links: [{ label: 'Runbook', url: 'https://wiki.example.com/search' }],
    });
  });

  it('shows a duplicate name error under the name field and keeps what was typed', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('new-service'));
    await user.type(field('name'), 'ledger');
    await user.type(field('description'), 'A second ledger');
    await user.type(field('tags'), 'money, core');
    await user.selectOptions(field('tier'), 'critical');
    await user.click(screen.getByTestId('save'));

    const error = await screen.findByTestId('error-name');
    expect(error).toHaveTextContent('A service named "ledger" already exists');
    const name = field('name');
    expect(name).toHaveAttribute('aria-invalid', 'true');
    expect(name.getAttribute('aria-describedby')).toBe(error.id);
    // The error sits directly under the name input, inside the same field.
    expect(name.parentElement).toContainElement(error);
    expect(name).toHaveValue('ledger');
    expect(field('description')).toHaveValue('A second ledger');
    expect(field('tags')).toHaveValue('money, core');
    expect(field('tier')).toHaveValue('critical');
    expect(screen.getByRole('dialog')).toBeInTheDocument();
  });

  it('saves with Ctrl+Enter and shows non-field errors in a banner', async () => {
    const { user, fake } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('new-service'));
    await user.type(field('name'), 'queue');
    fake.failNext('create_service', { code: 'internal', message: 'disk full', fields: [], problems: [] });
    await user.keyboard('{Control>}{Enter}{/Control}');
    expect(await within(dialog()).findByRole('alert')).toHaveTextContent('disk full');
    expect(field('name')).toHaveValue('queue');

    await user.keyboard('{Control>}{Enter}{/Control}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    await expectServices(['build-cache', 'checkout-api', 'ledger', 'queue']);
  });

  it('edits a service, pre-filled, and saves', async () => {
    const { user, fake } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getAllByTestId('service-row')[1]);

    await waitFor(() => expect(field('name')).toHaveValue('checkout-api'));
    expect(field('tier')).toHaveValue('critical');
    expect(field('tags')).toHaveValue('api, pci');
    expect(within(dialog()).getByRole('option', { name: 'Payments', selected: true })).toBeInTheDocument();

    await user.clear(field('name'));
    await user.type(field('name'), 'checkout');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    await expectServices(['build-cache', 'checkout', 'ledger']);
    expect(fake.calls).toContain('update_service');
  });

  it('deletes after confirmation; Escape in the confirmation only cancels it', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getAllByTestId('service-row')[2]);
    await waitFor(() => expect(field('name')).toHaveValue('ledger'));

    await user.click(screen.getByTestId('delete'));
    expect(await screen.findByTestId('confirm-delete')).toBeInTheDocument();
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('confirm-delete')).not.toBeInTheDocument());
    expect(screen.getByRole('dialog')).toHaveTextContent('Edit ledger');

    await user.click(screen.getByTestId('delete'));
    await user.click(await screen.findByTestId('confirm-delete'));
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(await screen.findByText('Deleted')).toBeInTheDocument();
    await expectServices(['build-cache', 'checkout-api']);
  });

  it('shows an invalid repository URL under its field', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('new-service'));
    await user.type(field('name'), 'thing');
    await user.type(field('repository_url'), 'git@example.com:x.git');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('error-repository_url')).toHaveTextContent('must start with http');
    expect(screen.queryByTestId('error-name')).not.toBeInTheDocument();
  });
});
