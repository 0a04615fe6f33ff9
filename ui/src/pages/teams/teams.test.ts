// Behaviour tests for the teams area: list, search, create, edit, delete and the conflict on delete.
import { describe, expect, it } from 'vitest';
import { dialog, field, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';

async function openTeams() {
  history.replaceState(null, '', '#/teams');
  const app = renderApp(fakeWithCatalog());
  await waitFor(() => expect(screen.getAllByTestId('team-row')).toHaveLength(2));
  return app;
}

const teamNames = () => screen.queryAllByTestId('team-row').map((r) => r.querySelector('td')?.textContent);

describe('teams', () => {
  it('lists teams with contact and service count, and search narrows them', async () => {
    const { user } = await openTeams();
    const [payments, platform] = screen.getAllByTestId('team-row');
    expect(payments).toHaveTextContent('Payments');
    expect(payments).toHaveTextContent('#payments');
    expect(within(payments).getAllByRole('cell').at(-1)).toHaveTextContent('2');
    expect(platform).toHaveTextContent('platform@example.com');

    await user.keyboard('/');
    expect(screen.getByTestId('search')).toHaveFocus();
    await user.keyboard('plat');
    await waitFor(() => expect(teamNames()).toEqual(['Platform']));
  });

  it('creates a team, rejecting a duplicate name first', async () => {
    const { user } = await openTeams();
    await user.click(screen.getByTestId('new-team'));
    await user.type(field('name'), 'payments');
    await user.type(field('contact'), '#new');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('A team named "payments" already exists');
    expect(field('contact')).toHaveValue('#new');

    await user.clear(field('name'));
    await user.type(field('name'), 'Search');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByText('Team created')).toBeInTheDocument();
    await waitFor(() => expect(teamNames()).toEqual(['Payments', 'Platform', 'Search']));
  });

  it('shows the conflict in the confirmation when the team still owns services', async () => {
    const { user } = await openTeams();
    await user.click(screen.getAllByTestId('team-row')[0]);
    await user.click(screen.getByTestId('delete'));
    await user.click(await screen.findByTestId('confirm-delete'));
    expect(await screen.findByTestId('confirm-error')).toHaveTextContent(
      '"Payments" owns 2 services: give them another owner before deleting the team',
    );
    expect(teamNames()).toEqual(['Payments', 'Platform']);
  });

  it('edits and deletes a team', async () => {
    const { user, fake } = await openTeams();
    const platform = fake.teams.find((t) => t.name === 'Platform');
    fake.services = fake.services.filter((s) => s.owner_team_id !== platform?.id);
    fake.emit(['service']);
    await waitFor(() => expect(within(screen.getAllByTestId('team-row')[1]).getAllByRole('cell').at(-1)).toHaveTextContent('0'));

    await user.click(screen.getAllByTestId('team-row')[1]);
    expect(dialog()).toHaveTextContent('Edit Platform');
    await user.clear(field('description'));
    await user.type(field('description'), 'Builds and tooling');
    await user.click(screen.getByTestId('save'));
    await waitFor(() => expect(screen.getAllByTestId('team-row')[1]).toHaveTextContent('Builds and tooling'));

    await user.click(screen.getAllByTestId('team-row')[1]);
    await user.click(screen.getByTestId('delete'));
    await user.click(await screen.findByTestId('confirm-delete'));
    await waitFor(() => expect(teamNames()).toEqual(['Payments']));
    expect(screen.getByText('Deleted')).toBeInTheDocument();
  });
});
