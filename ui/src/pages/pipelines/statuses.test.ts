// Behaviour tests for the status table: change, reset, map a value nothing
// maps, and add a value, each re-mapping the stored runs.
import { describe, expect, it } from 'vitest';
import { renderApp, screen, waitFor, within } from '../../test/render';
import { fakeWithPipelines } from './seed';

async function openStatuses() {
  const { fake } = fakeWithPipelines();
  history.replaceState(null, '', '#/pipelines/statuses');
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getAllByTestId('status-row').length).toBeGreaterThan(0));
  return app;
}

const row = (provider: string, raw: string) => {
  const el = document.querySelector<HTMLElement>(`[data-testid="status-row"][data-provider="${provider}"][data-raw="${raw}"]`);
  if (!el) throw new Error(`no row ${provider} ${raw}`);
  return el;
};
const toasts = () => screen.queryAllByTestId('toast').map((t) => t.textContent?.replace('×', '').trim());

describe('status table', () => {
  it('groups each provider’s values and offers only the statuses a provider may report', async () => {
    await openStatuses();
    expect(screen.getAllByTestId('status-group').map((g) => g.dataset.provider)).toEqual(['github', 'gitlab', 'jenkins', 'argocd']);
    const select = within(row('github', 'completed:success')).getByTestId('status-select') as HTMLSelectElement;
    expect(select).toHaveValue('succeeded');
    const offered = [...select.options].map((o) => o.value);
    expect(offered).not.toContain('planned');
    expect(offered).not.toContain('verified');
    expect(offered).not.toContain('stalled');
    expect(within(row('github', 'completed:success')).queryByTestId('status-changed')).not.toBeInTheDocument();
  });

  it('changes a value, says how many runs were re-mapped, and resets it to the default', async () => {
    const { user, fake } = await openStatuses();
    await user.selectOptions(within(row('github', 'completed:failure')).getByTestId('status-select'), 'cancelled');
    await waitFor(() => expect(toasts()).toContain('2 runs re-mapped'));
    await waitFor(() => expect(within(row('github', 'completed:failure')).getByTestId('status-changed')).toHaveTextContent('changed from default: Failed'));
    expect(fake.sync.runs.filter((r) => r.raw_status === 'completed:failure').map((r) => r.status)).toEqual(['cancelled', 'cancelled']);

    await user.click(within(row('github', 'completed:failure')).getByTestId('status-reset'));
    await waitFor(() => expect(within(row('github', 'completed:failure')).queryByTestId('status-changed')).not.toBeInTheDocument());
    expect(within(row('github', 'completed:failure')).getByTestId('status-select')).toHaveValue('failed');
    expect(fake.sync.runs.filter((r) => r.raw_status === 'completed:failure').map((r) => r.status)).toEqual(['failed', 'failed']);
  });

  it('maps a value seen that nothing maps, and adds a new value', async () => {
    const { user } = await openStatuses();
    const unmapped = screen.getByTestId('unmapped-row');
    expect(unmapped).toHaveTextContent('weird_new_state');
    await user.selectOptions(within(unmapped).getByTestId('unmapped-select'), 'succeeded');
    await waitFor(() => expect(toasts()).toContain('1 run re-mapped'));
    await waitFor(() => expect(screen.queryByTestId('unmapped')).not.toBeInTheDocument());
    expect(within(row('github', 'weird_new_state')).getByTestId('status-added')).toHaveTextContent('added');

    const add = screen.getByTestId('add-status');
    await user.click(within(add).getByTestId('add-status-rule'));
    expect(await screen.findByTestId('error-raw')).toHaveTextContent("Give the provider's status value");
    await user.selectOptions(within(add).getByRole('combobox', { name: 'Provider' }), 'jenkins');
    await user.type(within(add).getByRole('textbox'), 'NOT_RUN');
    await user.selectOptions(within(add).getByRole('combobox', { name: 'Status' }), 'cancelled');
    await user.click(within(add).getByTestId('add-status-rule'));
    await waitFor(() => expect(toasts()).toContain('0 runs re-mapped'));
    await waitFor(() => expect(within(row('jenkins', 'NOT_RUN')).getByTestId('status-select')).toHaveValue('cancelled'));
    expect(screen.queryByTestId('error-raw')).not.toBeInTheDocument();
  });
});
