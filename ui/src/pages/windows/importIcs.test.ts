// Behaviour tests for importing a holiday/freeze calendar: the report toast,
// a cancelled file dialog, and a rejected file's problems.
import { describe, expect, it, vi } from 'vitest';
import { field, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';

async function openImport() {
  history.replaceState(null, '', '#/windows');
  const app = renderApp(fakeWithCatalog());
  await app.user.click(await screen.findByTestId('import-ics'));
  expect(screen.getByTestId('import-ics-dialog')).toHaveTextContent('freeze windows');
  return app;
}

describe('import ICS', () => {
  it('imports with the chosen options and reports what it did', async () => {
    const { user, fake } = await openImport();
    fake.cal.importReport = { created: 12, skipped: 3 };
    const spy = vi.spyOn(fake, 'importCalendarIcs');
    await user.click(field('soft'));
    await user.click(screen.getByTestId('ics-environments-input'));
    const option = (await screen.findAllByTestId('ics-environments-option')).find((o) => o.textContent?.includes('production'));
    if (!option) throw new Error('production is not offered');
    await user.click(option);
    await user.click(screen.getByTestId('choose-ics'));

    expect(await screen.findByText('Imported 12 freeze windows (3 already there)')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('import-ics-dialog')).not.toBeInTheDocument());
    const production = fake.environments.find((e) => e.name === 'production');
    expect(spy).toHaveBeenCalledWith(true, [production?.id]);
  });

  it('does nothing when the file dialog is cancelled', async () => {
    const { user, fake } = await openImport();
    fake.cal.importReport = null;
    await user.click(screen.getByTestId('choose-ics'));
    await waitFor(() => expect(fake.calls).toContain('import_calendar_ics'));
    await waitFor(() => expect(screen.getByTestId('choose-ics')).toBeEnabled());
    expect(screen.getByTestId('import-ics-dialog')).toBeInTheDocument();
    expect(screen.queryByText(/Imported/)).not.toBeInTheDocument();
    expect(screen.queryByTestId('ics-error')).not.toBeInTheDocument();
  });

  it('shows a rejected file with each problem', async () => {
    const { user, fake } = await openImport();
    fake.failNext('import_calendar_ics', {
      code: 'import_rejected', message: 'holidays.ics could not be imported: 2 problems', fields: [],
      problems: ['line 3: DTSTART is missing', 'line 17: RRULE has no FREQ'],
    });
    await user.click(screen.getByTestId('choose-ics'));
    const error = await screen.findByTestId('ics-error');
    expect(error).toHaveTextContent('holidays.ics could not be imported: 2 problems');
    const problems = within(screen.getByTestId('ics-problems')).getAllByRole('listitem');
    expect(problems.map((p) => p.textContent)).toEqual(['line 3: DTSTART is missing', 'line 17: RRULE has no FREQ']);
    expect(screen.getByTestId('import-ics-dialog')).toBeInTheDocument();

    // A second try that works clears the problems and closes the dialog.
    await user.click(screen.getByTestId('choose-ics'));
    expect(await screen.findByText('Imported 2 freeze windows (0 already there)')).toBeInTheDocument();
  });
});
