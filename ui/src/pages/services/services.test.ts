// Behaviour tests for the services list: rendering, search, filters, sorting,
// keyboard, escaping and refresh on change events.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from '../../lib/fakeBackend';
import { dialog, expectServices, fakeWithCatalog, renderApp, screen, serviceNames, waitFor } from '../../test/render';

describe('services list', () => {
  it('renders one row per service with tier, system, owner and tags', async () => {
    renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    const row = screen.getAllByTestId('service-row')[1];
    expect(row).toHaveTextContent('checkout-api');
    expect(row).toHaveTextContent('Critical');
    expect(row).toHaveTextContent('commerce');
    expect(row).toHaveTextContent('Payments');
    expect(row).toHaveTextContent('pci');
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 3 of 3');
  });

  it('search narrows the rows, and a search without matches offers to clear', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    const search = screen.getByTestId('search');
    expect(search).toHaveAttribute('placeholder', 'Search services… ( / )');

    await user.type(search, 'pay');
    await expectServices(['checkout-api', 'ledger']);
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 2 of 2');

    await user.clear(search);
    await user.type(search, 'zzz');
    expect(await screen.findByText('No services match “zzz”')).toBeInTheDocument();
    await user.click(screen.getByTestId('clear-filters'));
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
  });

  it('filters by tier and sorts by clicking headers', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);

    const tierHeader = screen.getByRole('columnheader', { name: /Tier/ });
    await user.click(screen.getByRole('button', { name: /Tier/ }));
    await expectServices(['checkout-api', 'ledger', 'build-cache']);
    expect(tierHeader).toHaveAttribute('aria-sort', 'ascending');
    await user.click(screen.getByRole('button', { name: /Tier/ }));
    await expectServices(['build-cache', 'ledger', 'checkout-api']);
    expect(tierHeader).toHaveAttribute('aria-sort', 'descending');

    await user.selectOptions(screen.getByTestId('filter-tier'), 'high');
    await expectServices(['ledger']);
  });

  it('pages with "Show more"', async () => {
    const fake = new FakeBackend();
    for (let i = 0; i < 130; i++) fake.seedService(`svc-${String(i).padStart(3, '0')}`);
    const { user } = renderApp(fake);
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(100));
    expect(screen.getByTestId('showing')).toHaveTextContent('Showing 100 of 130');
    await user.click(screen.getByTestId('show-more'));
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(130));
    expect(screen.queryByTestId('show-more')).not.toBeInTheDocument();
  });

  it('shows hostile names as plain text', async () => {
    const fake = new FakeBackend();
    fake.seedService('<img src=x onerror=alert(1)>');
    fake.seedService('<script>alert(1)</script>');
    renderApp(fake);
    await expectServices(['<img src=x onerror=alert(1)>', '<script>alert(1)</script>']);
    expect(document.querySelector('main img')).toBeNull();
    expect(document.querySelector('main script')).toBeNull();
  });

  it('reloads when a change event arrives from elsewhere', async () => {
    const { fake } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    fake.seedService('added-by-cli');
    fake.emit(['service']);
    await expectServices(['added-by-cli', 'build-cache', 'checkout-api', 'ledger']);
    await waitFor(() => expect(screen.getByTestId('nav-count-services')).toHaveTextContent('4'));
  });

  it('renames owners when a team changes', async () => {
    const fake = fakeWithCatalog();
    renderApp(fake);
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    fake.teams[0] = { ...fake.teams[0], name: 'Money' };
    fake.emit(['team']);
    await waitFor(() => expect(screen.getAllByTestId('service-row')[1]).toHaveTextContent('Money'));
  });
});

describe('keyboard', () => {
  it('`/` focuses the search box unless the user is typing', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.keyboard('/');
    const search = screen.getByTestId('search');
    expect(search).toHaveFocus();
    expect(search).toHaveValue('');
    await user.keyboard('led/');
    expect(search).toHaveValue('led/');
  });

  it('End reaches the last row of a long page, Home the first', async () => {
    const fake = new FakeBackend();
    for (let i = 0; i < 100; i++) fake.seedService(`svc-${String(i).padStart(3, '0')}`);
    const { user } = renderApp(fake);
    await waitFor(() => expect(screen.getAllByTestId('service-row')).toHaveLength(100));
    await user.click(screen.getByTestId('search'));
    await user.keyboard('{ArrowDown}{End}');
    const rows = screen.getAllByTestId('service-row');
    expect(rows[99]).toHaveFocus();
    expect(rows[99]).toHaveTextContent('svc-099');
    await user.keyboard('{Home}');
    expect(rows[0]).toHaveFocus();
  });

  it('ArrowDown moves through rows and Enter opens the selected one', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('search'));
    await user.keyboard('{ArrowDown}');
    const rows = screen.getAllByTestId('service-row');
    expect(rows[0]).toHaveFocus();
    await user.keyboard('{ArrowDown}{ArrowDown}{ArrowUp}');
    expect(rows[1]).toHaveFocus();
    expect(rows[1]).toHaveAttribute('aria-selected', 'true');
    await user.keyboard('{Enter}');
    await waitFor(() => expect(dialog()).toHaveTextContent('Edit checkout-api'));
  });

  it('Escape closes the dialog and returns focus', async () => {
    const { user } = renderApp();
    await expectServices(['build-cache', 'checkout-api', 'ledger']);
    await user.click(screen.getByTestId('new-service'));
    await waitFor(() => expect(dialog().querySelector('[name="name"]')).toHaveFocus());
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByRole('dialog')).not.toBeInTheDocument());
    expect(serviceNames()).toHaveLength(3);
  });
});
