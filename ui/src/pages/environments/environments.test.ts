// Behaviour tests for environments: promotion order, quota display and the form.
import { describe, expect, it } from 'vitest';
import { field, fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';

async function openEnvironments() {
  history.replaceState(null, '', '#/environments');
  const app = renderApp(fakeWithCatalog());
  await waitFor(() => expect(screen.getAllByTestId('environment-row')).toHaveLength(2));
  return app;
}

describe('environments', () => {
  it('lists environments in promotion order with production badge and quota', async () => {
    await openEnvironments();
    const [staging, production] = screen.getAllByTestId('environment-row');
    expect(staging).toHaveTextContent('staging');
    expect(staging).toHaveTextContent('no limit');
    expect(staging).not.toHaveTextContent('Production');
    expect(production).toHaveTextContent('Production');
    expect(production).toHaveTextContent('Europe/Berlin');
    expect(production).toHaveTextContent('2');
  });

  it('creates an environment; an empty quota means no limit', async () => {
    const { user, fake } = await openEnvironments();
    await user.click(screen.getByTestId('new-environment'));
    expect(field('position')).toHaveValue('2');
    await user.type(field('name'), 'canary');
    await user.clear(field('time_zone'));
    await user.type(field('time_zone'), 'Mars/Olympus');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('error-time_zone')).toHaveTextContent('not an IANA time zone');

    await user.clear(field('time_zone'));
    await user.type(field('time_zone'), 'Asia/Tokyo');
    await user.click(field('production'));
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByText('Environment created')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('environment-row')).toHaveLength(3));
    expect(fake.environments.find((e) => e.name === 'canary')).toMatchObject({
      position: 2, production: true, deploy_quota: null, time_zone: 'Asia/Tokyo',
    });
  });

  it('checks the quota is a whole number before sending', async () => {
    const { user, fake } = await openEnvironments();
    await user.click(screen.getAllByTestId('environment-row')[1]);
    expect(field('deploy_quota')).toHaveValue('2');
    await user.clear(field('deploy_quota'));
    await user.type(field('deploy_quota'), 'lots');
    await user.click(screen.getByTestId('save'));
    expect(await screen.findByTestId('error-deploy_quota')).toHaveTextContent('Quota must be a whole number');
    expect(fake.calls).not.toContain('update_environment');

    await user.clear(field('deploy_quota'));
    await user.click(screen.getByTestId('save'));
    await waitFor(() => expect(screen.getAllByTestId('environment-row')[1]).toHaveTextContent('no limit'));
  });
});
