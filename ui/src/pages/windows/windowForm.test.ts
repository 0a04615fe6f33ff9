// Behaviour tests for the window form: building the RRULE from the simple
// controls, the live preview and its validation errors, duration parsing,
// skipped dates, scope, editing and deleting.
import { describe, expect, it, vi } from 'vitest';
import { field, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import type { FakeBackend } from '../../lib/fakeBackend';
import { seedWindow } from './seed';
import { formatWall } from './wallClock';

async function openForm(fake: FakeBackend = fakeWithCatalog()) {
  history.replaceState(null, '', '#/windows');
  const app = renderApp(fake);
  await app.user.click(await screen.findByTestId('new-window'));
  expect(screen.getByTestId('window-form')).toBeInTheDocument();
  return app;
}

const occurrences = () => screen.queryAllByTestId('preview-occurrence');

describe('window form', () => {
  it('creates a weekend hard freeze from the simple recurrence controls', async () => {
    const { user, fake } = await openForm();
    await user.type(field('name'), 'Weekend freeze');
    expect(field('kind')).toHaveValue('freeze');
    expect(field('soft')).not.toBeChecked();
    await waitFor(() => expect(within(field('time_zone')).getByRole('option', { name: 'Europe/Berlin' })).toBeInTheDocument());
    await user.selectOptions(field('time_zone'), 'Europe/Berlin');
    await user.clear(field('start'));
    await user.type(field('start'), '2024-05-04T00:00'); // a Saturday
    await user.clear(field('duration'));
    await user.type(field('duration'), '2d');
    expect(screen.getByText('= 2 d')).toBeInTheDocument();

    await user.selectOptions(field('freq'), 'weekly');
    // The start's weekday is chosen for you.
    expect(field('day-SA')).toBeChecked();
    await user.click(field('day-SU'));
    expect(screen.getByTestId('built-rule')).toHaveTextContent('FREQ=WEEKLY;BYDAY=SA,SU');

    await user.click(screen.getByTestId('scope-environments-input'));
    const option = (await screen.findAllByTestId('scope-environments-option')).find((o) => o.textContent?.includes('production'));
    if (!option) throw new Error('production is not offered');
    await user.click(option);
    await user.click(screen.getByTestId('save-window'));

    await waitFor(() => expect(screen.queryByTestId('window-form')).not.toBeInTheDocument());
    expect(await screen.findByText('Window created')).toBeInTheDocument();
    const production = fake.environments.find((e) => e.name === 'production');
    expect(fake.cal.windows).toHaveLength(1);
    expect(fake.cal.windows[0]).toMatchObject({
      name: 'Weekend freeze', kind: 'freeze', soft: false, time_zone: 'Europe/Berlin', start: '2024-05-04T00:00:00',
      duration_minutes: 2880, rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', exdates: [], rdates: [],
      environment_ids: [production?.id], service_ids: [],
    });
    await waitFor(() => expect(screen.getAllByTestId('window-row')).toHaveLength(1));
    expect(screen.getByTestId('window-rule')).toHaveTextContent('Every Sat, Sun');
  });

  it('builds monthly rules and a soft freeze', async () => {
    const { user, fake } = await openForm();
    await user.type(field('name'), 'Patch Tuesday');
    await user.click(field('soft'));
    await user.clear(field('start'));
    await user.type(field('start'), '2024-05-14T18:00'); // the second Tuesday
    await user.selectOptions(field('freq'), 'monthly');
    expect(screen.getByTestId('built-rule')).toHaveTextContent('FREQ=MONTHLY;BYMONTHDAY=14');
    await user.click(within(screen.getByTestId('window-form')).getByRole('radio', { name: 'On the' }));
    expect(field('nth')).toHaveValue('2');
    expect(field('weekday')).toHaveValue('TU');
    expect(screen.getByTestId('built-rule')).toHaveTextContent('FREQ=MONTHLY;BYDAY=2TU');
    await user.click(screen.getByTestId('save-window'));
    await waitFor(() => expect(fake.cal.windows).toHaveLength(1));
    expect(fake.cal.windows[0]).toMatchObject({ soft: true, rrule: 'FREQ=MONTHLY;BYDAY=2TU' });
  });

  it('previews the next occurrences, and puts a bad RRULE error under the rule', async () => {
    const { user, fake } = await openForm();
    const preview = vi.spyOn(fake, 'previewWindow');
    await user.clear(field('start'));
    await user.type(field('start'), '2024-05-02T09:00');
    await user.selectOptions(field('freq'), 'daily');
    await waitFor(() => expect(occurrences()).toHaveLength(10));
    expect(occurrences()[0]).toHaveTextContent(formatWall('2024-05-02T09:00:00'));
    expect(occurrences()[1]).toHaveTextContent(formatWall('2024-05-03T09:00:00'));
    expect(screen.getByTestId('window-preview')).toHaveTextContent('UTC');
    expect(preview.mock.calls.every(([, count]) => count === 10)).toBe(true);

    // Asked once the typing settles, not once per keystroke.
    const before = preview.mock.calls.length;
    await user.type(field('description'), 'Quiet period');
    await waitFor(() => expect(preview.mock.calls.at(-1)?.[0].description).toBe('Quiet period'));
    // Twelve keystrokes; a few calls at most even on a slow machine.
    expect(preview.mock.calls.length - before).toBeLessThanOrEqual(4);

    await user.selectOptions(field('freq'), 'custom');
    expect(field('rrule')).toHaveValue('FREQ=DAILY');
    await user.clear(field('rrule'));
    await user.type(field('rrule'), 'BYDAY=MO');
    const error = await screen.findByTestId('error-rrule');
    expect(error).toHaveTextContent('RRULE has no FREQ');
    expect(field('rrule')).toHaveAttribute('aria-invalid', 'true');
    expect(field('rrule')).toHaveAttribute('aria-describedby', error.id);
    expect(screen.getByTestId('preview-blocked')).toHaveTextContent('Fix the highlighted fields to see the next occurrences');
    expect(occurrences()).toHaveLength(0);

    await user.clear(field('rrule'));
    await user.type(field('rrule'), 'FREQ=WEEKLY');
    await waitFor(() => expect(occurrences()).toHaveLength(10));
    expect(screen.queryByTestId('error-rrule')).not.toBeInTheDocument();
    expect(occurrences()[1]).toHaveTextContent(formatWall('2024-05-09T09:00:00'));
  });

  it('never lets an older, slower preview answer replace a newer one', async () => {
    const fake = fakeWithCatalog();
    const answer = (local: string, minutes: number) => [{
      local_start: local, interval: { start: `${local}Z`, end: new Date(Date.parse(`${local}Z`) + minutes * 60_000).toISOString() },
    }];
    vi.spyOn(fake, 'previewWindow').mockImplementation(async (input) => {
      if (input.duration_minutes === 60) {
        await new Promise((r) => setTimeout(r, 500));
        return answer('2030-01-01T00:00:00', 60);
      }
      return answer('2031-06-15T00:00:00', input.duration_minutes);
    });
    const { user } = await openForm(fake);
    // Let the first (slow) request go out, then change the duration.
    await waitFor(() => expect(fake.previewWindow).toHaveBeenCalledTimes(1));
    await user.clear(field('duration'));
    await user.type(field('duration'), '2h');
    await waitFor(() => expect(occurrences()[0]).toHaveTextContent(formatWall('2031-06-15T00:00:00')));
    await new Promise((r) => setTimeout(r, 600));
    expect(occurrences()).toHaveLength(1);
    expect(occurrences()[0]).toHaveTextContent(formatWall('2031-06-15T00:00:00'));
  });

  it('shows a time zone the backend rejects under the zone field', async () => {
    const { user, fake } = await openForm();
    fake.failNext('preview_window', {
      code: 'validation', message: 'time_zone: bad', fields: [{ field: 'time_zone', message: '"Mars/Olympus" is not an IANA time zone' }], problems: [],
    });
    await user.clear(field('duration'));
    await user.type(field('duration'), '3h');
    expect(await screen.findByTestId('error-time_zone')).toHaveTextContent('not an IANA time zone');
    expect(screen.getByTestId('preview-blocked')).toHaveTextContent('Fix the highlighted fields');
  });

  it('parses the duration as you type and refuses to save a bad one', async () => {
    const { user, fake } = await openForm();
    await user.type(field('name'), 'Bad duration');
    await user.clear(field('duration'));
    await user.type(field('duration'), '1h30m');
    expect(screen.getByText('= 1 h 30 min')).toBeInTheDocument();
    await user.clear(field('duration'));
    await user.type(field('duration'), 'a while');
    const error = screen.getByTestId('error-duration_minutes');
    expect(error).toHaveTextContent('“a while” is not a duration; write it like 90m, 8h, 2d or 1h30m');
    expect(field('duration')).toHaveAttribute('aria-invalid', 'true');
    expect(screen.getByTestId('preview-blocked')).toHaveTextContent('Fix the highlighted fields');
    await user.click(screen.getByTestId('save-window'));
    expect(field('duration')).toHaveFocus();
    expect(fake.calls).not.toContain('create_window');

    await user.clear(field('duration'));
    await user.type(field('duration'), '45m');
    expect(screen.queryByTestId('error-duration_minutes')).not.toBeInTheDocument();
    await user.click(screen.getByTestId('save-window'));
    await waitFor(() => expect(fake.cal.windows[0]?.duration_minutes).toBe(45));
  });

  it('adds and removes skipped dates, which the preview leaves out', async () => {
    const { user, fake } = await openForm();
    await user.type(field('name'), 'Daily');
    await user.clear(field('start'));
    await user.type(field('start'), '2024-05-02T09:00');
    await user.selectOptions(field('freq'), 'daily');
    await waitFor(() => expect(occurrences()[1]).toHaveTextContent(formatWall('2024-05-03T09:00:00')));
    for (const day of ['2024-05-03T09:00', '2024-05-05T09:00']) {
      await user.type(field('exdates-new'), day);
      await user.click(screen.getByTestId('add-exdates'));
    }
    expect(screen.getAllByTestId('exdates-item')).toHaveLength(2);
    await waitFor(() => expect(occurrences()[1]).toHaveTextContent(formatWall('2024-05-04T09:00:00')));
    await user.click(within(screen.getAllByTestId('exdates-item')[1]).getByRole('button', { name: /Remove/ }));
    await user.click(screen.getByTestId('save-window'));
    await waitFor(() => expect(fake.cal.windows).toHaveLength(1));
    expect(fake.cal.windows[0].exdates).toEqual(['2024-05-03T09:00:00']);
  });

  it('shows a duplicate name from the save under the name field', async () => {
    const fake = fakeWithCatalog();
    seedWindow(fake, 'Year end');
    const { user } = await openForm(fake);
    await user.type(field('name'), 'year end');
    await user.click(screen.getByTestId('save-window'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('A window named "year end" already exists');
    expect(field('name')).toHaveFocus();
  });

  it('edits a window pre-filled from its rule, and deletes it', async () => {
    const fake = fakeWithCatalog();
    const staging = fake.environments.find((e) => e.name === 'staging');
    seedWindow(fake, 'Weekend freeze', {
      rrule: 'FREQ=WEEKLY;BYDAY=SA,SU', duration_minutes: 90, time_zone: 'Asia/Tokyo', environment_ids: staging ? [staging.id] : [],
      exdates: ['2024-05-11T00:00:00'],
    });
    history.replaceState(null, '', '#/windows');
    const { user } = renderApp(fake);
    await user.click(await screen.findByTestId('window-row'));
    expect(field('name')).toHaveValue('Weekend freeze');
    expect(field('duration')).toHaveValue('1h30m');
    expect(field('start')).toHaveValue('2024-05-04T00:00');
    expect(field('freq')).toHaveValue('weekly');
    expect(field('day-SA')).toBeChecked();
    expect(field('day-SU')).toBeChecked();
    expect(field('day-MO')).not.toBeChecked();
    expect(screen.getAllByTestId('exdates-item')).toHaveLength(1);
    await waitFor(() => expect(field('time_zone')).toHaveValue('Asia/Tokyo'));
    await waitFor(() => expect(screen.getByTestId('scope-environments-chip')).toHaveTextContent('staging'));

    await user.click(field('day-SA'));
    await user.click(screen.getByTestId('save-window'));
    expect(await screen.findByText('Saved')).toBeInTheDocument();
    expect(fake.cal.windows[0]).toMatchObject({
      rrule: 'FREQ=WEEKLY;BYDAY=SU', time_zone: 'Asia/Tokyo', duration_minutes: 90, environment_ids: [staging?.id],
      exdates: ['2024-05-11T00:00:00'],
    });
    await waitFor(() => expect(screen.getByTestId('window-rule')).toHaveTextContent('Every Sun'));

    await user.click(screen.getByTestId('window-row'));
    await user.click(screen.getByTestId('delete-window'));
    await user.click(await screen.findByTestId('confirm-delete'));
    expect(await screen.findByTestId('empty-windows')).toBeInTheDocument();
    expect(fake.cal.windows).toHaveLength(0);
  });
});
