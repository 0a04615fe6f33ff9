// Behaviour tests for the calendar page: month grid in the display zone,
// switching views, empty states, export, and refresh on change events.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { vi } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import type { Backend } from '../../lib/backend';
import { FakeBackend } from '../../lib/fakeBackend';
import { fakeWithCatalog, renderApp as renderAppOn, screen, waitFor, within } from '../../test/render';
import { chip, focusBar, monthDay, openCalendar, pinClock, seedChange, seedWindow } from './calendarTestKit';

beforeEach(() => pinClock());
afterEach(() => vi.useRealTimers());

describe('calendar month view', () => {
  it('shows each change on its day in the display zone, with status and conflicts', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Deploy ledger 4.2', start: '2024-05-07T22:30:00Z', end: '2024-05-07T23:30:00Z' });
    seedChange(fake, { title: 'Rotate keys', start: '2024-05-14T10:00:00Z', end: '2024-05-14T11:00:00Z', status: 'failed' });
    seedWindow(fake, { name: 'Audit freeze', start: '2024-05-14T00:00:00', duration_minutes: 24 * 60 });
    const { user } = await openCalendar(fake);

    expect(screen.getByTestId('cal-title')).toHaveTextContent('May 2024');
    await waitFor(() => expect(within(monthDay('2024-05-07')).getByText('Deploy ledger 4.2')).toBeInTheDocument());
    expect(chip('Deploy ledger 4.2')).toHaveTextContent(/22:30|10:30\sPM/);
    expect(within(monthDay('2024-05-08')).queryByText('Deploy ledger 4.2')).toBeNull();

    // The failed change sits in the hard freeze: red day, status colour, conflict marker.
    const rotate = chip('Rotate keys');
    expect(monthDay('2024-05-14')).toContainElement(rotate);
    expect(rotate).toHaveClass('st-failed');
    expect(monthDay('2024-05-14')).toHaveClass('win-hard');
    expect(monthDay('2024-05-14')).toHaveTextContent('Freeze');
    expect(monthDay('2024-05-01')).toHaveAttribute('aria-current', 'date');

    // Tokyo is nine hours ahead: the evening change moves to the next morning.
    await user.selectOptions(screen.getByTestId('cal-zone'), 'Asia/Tokyo');
    await waitFor(() => expect(within(monthDay('2024-05-08')).getByText('Deploy ledger 4.2')).toBeInTheDocument());
    expect(chip('Deploy ledger 4.2')).toHaveTextContent(/07:30|7:30\sAM/);
  });

  it('marks changes with conflicts', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'In freeze', start: '2024-05-14T10:00:00Z', end: '2024-05-14T11:00:00Z' });
    seedChange(fake, { title: 'Clear day', start: '2024-05-15T10:00:00Z', end: '2024-05-15T11:00:00Z' });
    seedWindow(fake, { name: 'Audit freeze', start: '2024-05-14T00:00:00', duration_minutes: 24 * 60 });
    await openCalendar(fake);
    await waitFor(() => expect(within(chip('In freeze')).getByTestId('conflict-marker')).toHaveClass('sev-error'));
    expect(within(chip('Clear day')).queryByTestId('conflict-marker')).toBeNull();
    expect(chip('In freeze')).toHaveAccessibleName(/1 conflict/);
  });

  it('collapses a crowded day behind "+N more"', async () => {
    const fake = fakeWithCatalog();
    for (let i = 0; i < 5; i++) {
      seedChange(fake, { title: `Busy ${i}`, start: `2024-05-09T1${i}:00:00Z`, end: `2024-05-09T1${i}:30:00Z` });
    }
    const { user } = await openCalendar(fake);
    const day = monthDay('2024-05-09');
    await waitFor(() => expect(within(day).getAllByTestId('change-chip')).toHaveLength(2));
    expect(within(day).getByTestId('day-more')).toHaveTextContent('+3 more');
    await user.click(within(day).getByTestId('day-more'));
    expect(within(day).getAllByTestId('change-chip')).toHaveLength(5);
    await user.click(within(day).getByRole('button', { name: 'Show less' }));
    expect(within(day).getAllByTestId('change-chip')).toHaveLength(2);
  });
});

describe('calendar views and toolbar', () => {
  it('switches between month, week and timeline, and steps through periods', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Deploy ledger', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    seedChange(fake, { title: 'Prod rollout', start: '2024-05-02T12:00:00Z', end: '2024-05-02T13:00:00Z', environment_id: fake.environments[1].id });
    const { user } = await openCalendar(fake);

    await user.click(screen.getByTestId('view-week'));
    expect(await screen.findByTestId('week-view')).toBeInTheDocument();
    expect(screen.queryByTestId('month-view')).toBeNull();
    expect(screen.getByTestId('view-week')).toHaveAttribute('aria-pressed', 'true');
    expect(screen.getByTestId('cal-title')).toHaveTextContent(/Apr.*29.*May.*5.*2024|29 Apr.*5 May 2024/);
    await waitFor(() => expect(screen.getAllByTestId('change-block')).toHaveLength(2));
    expect(screen.getAllByTestId('week-day')).toHaveLength(7);

    await user.click(screen.getByTestId('cal-next'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent(/May.*6.*12.*2024|6.*12 May 2024/);
    await waitFor(() => expect(screen.queryAllByTestId('change-block')).toHaveLength(0));
    expect(screen.getByTestId('cal-empty-hint')).toHaveTextContent('No changes are planned in this period');
    await user.click(screen.getByTestId('cal-today'));
    await waitFor(() => expect(screen.getAllByTestId('change-block')).toHaveLength(2));

    await user.click(screen.getByTestId('view-timeline'));
    expect(await screen.findByTestId('timeline-view')).toBeInTheDocument();
    const rows = () => screen.getAllByTestId('timeline-row');
    expect(rows().map((r) => r.textContent?.trim().split(/\s+/)[0])).toEqual(['staging', 'production']);
    expect(rows().map((r) => r.dataset.changes)).toEqual(['1', '1']);
    // The bars are painted; the keyboard reaches them through the canvas, row by row.
    expect(await focusBar('Deploy ledger')).toHaveAttribute('aria-label', expect.stringContaining('Deploy ledger, Planned'));
    fireEvent.keyDown(document.activeElement as HTMLElement, { key: 'ArrowDown' });
    await waitFor(() => expect(document.activeElement).toHaveTextContent('Prod rollout'));
    await user.click(screen.getByTestId('zoom-quarter'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent('Q2 2024');
    await user.click(screen.getByTestId('timeline-rows'));
    expect(screen.getByTestId('timeline-view')).toHaveAttribute('data-rows', 'service');
    await waitFor(() => expect(rows()).toHaveLength(1));
    expect(rows()[0]).toHaveTextContent('ledger');
    expect(rows()[0]).toHaveAttribute('data-changes', '2');

    await user.click(screen.getByTestId('view-month'));
    expect(await screen.findByTestId('month-view')).toBeInTheDocument();
    await user.click(screen.getByTestId('cal-prev'));
    expect(screen.getByTestId('cal-title')).toHaveTextContent('April 2024');
  });

  it('filters by environment and status', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Staging one', start: '2024-05-02T10:00:00Z', end: '2024-05-02T11:00:00Z' });
    seedChange(fake, { title: 'Prod one', start: '2024-05-03T10:00:00Z', end: '2024-05-03T11:00:00Z', environment_id: fake.environments[1].id, status: 'queued' });
    const { user } = await openCalendar(fake);
    await waitFor(() => expect(screen.getAllByTestId('change-chip')).toHaveLength(2));
    await user.selectOptions(screen.getByTestId('filter-environment'), fake.environments[1].id);
    await waitFor(() => expect(screen.getAllByTestId('change-chip')).toHaveLength(1));
    expect(chip('Prod one')).toBeInTheDocument();
    await user.selectOptions(screen.getByTestId('filter-status'), 'planned');
    await waitFor(() => expect(screen.queryAllByTestId('change-chip')).toHaveLength(0));
    expect(screen.getByTestId('cal-empty-hint')).toHaveTextContent('No changes match the filters');
    await user.click(screen.getByTestId('clear-filters'));
    await waitFor(() => expect(screen.getAllByTestId('change-chip')).toHaveLength(2));
  });

  it('exports the visible period as ICS and reports where it went', async () => {
    const fake = fakeWithCatalog();
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('export-ics'));
    expect(await screen.findByText('Saved to /home/test/signalbox-calendar.ics')).toBeInTheDocument();
    expect(fake.cal.lastExport).toEqual({ from: '2024-04-29T00:00:00Z', to: '2024-06-10T00:00:00Z' });

    await user.click(screen.getByTestId('view-week'));
    await user.click(screen.getByTestId('export-ics'));
    await waitFor(() => expect(fake.cal.lastExport).toEqual({ from: '2024-04-29T00:00:00Z', to: '2024-05-06T00:00:00Z' }));

    fake.failNext('export_calendar_ics', { code: 'internal', message: 'disk full', fields: [], problems: [] });
    await user.click(screen.getByTestId('export-ics'));
    expect(await screen.findByText('The calendar could not be exported: disk full')).toBeInTheDocument();
  });

  it('says nothing when the export dialog is cancelled', async () => {
    const fake = fakeWithCatalog();
    const api: Backend = fake;
    api.exportCalendarIcs = async (from, to) => {
      fake.calls.push('export_calendar_ics');
      fake.cal.lastExport = { from, to };
      return null;
    };
    const { user } = await openCalendar(fake);
    await user.click(screen.getByTestId('export-ics'));
    await waitFor(() => expect(fake.cal.lastExport).not.toBeNull());
    await new Promise((r) => setTimeout(r, 30));
    expect(screen.queryAllByTestId('toast')).toHaveLength(0);
  });

  it('refreshes when changes or windows are written elsewhere', async () => {
    const fake = fakeWithCatalog();
    await openCalendar(fake);
    expect(await screen.findByTestId('cal-empty-hint')).toBeInTheDocument();
    seedChange(fake, { title: 'From the CLI', start: '2024-05-06T10:00:00Z', end: '2024-05-06T11:00:00Z' });
    fake.emit(['change']);
    await waitFor(() => expect(monthDay('2024-05-06')).toContainElement(chip('From the CLI')));
    seedWindow(fake, { name: 'New freeze', start: '2024-05-06T00:00:00', duration_minutes: 60 });
    fake.emit(['window']);
    await waitFor(() => expect(monthDay('2024-05-06')).toHaveClass('win-hard'));
  });

  it('shows a loading indicator while a query runs, keeping the grid', async () => {
    const fake = fakeWithCatalog({ latency: 60 });
    seedChange(fake, { title: 'Slow', start: '2024-05-06T10:00:00Z', end: '2024-05-06T11:00:00Z' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Slow'));
    await waitFor(() => expect(screen.queryByTestId('cal-loading')).toBeNull());
    await user.click(screen.getByTestId('cal-next'));
    expect(screen.getByTestId('cal-loading')).toHaveTextContent('Loading');
    expect(screen.getByTestId('month-view')).toBeInTheDocument();
    await waitFor(() => expect(screen.queryByTestId('cal-loading')).toBeNull());
  });
});

describe('calendar empty states', () => {
  it('explains that changes need services and environments, with links', async () => {
    history.replaceState(null, '', '#/calendar');
    const fake = new FakeBackend();
    renderAppOn(fake);
    const empty = await screen.findByTestId('calendar-setup');
    expect(empty).toHaveTextContent('Changes need a service and an environment');
    expect(within(empty).getByTestId('setup-services')).toHaveAttribute('href', '#/services');
    await waitFor(() => expect(within(empty).getByTestId('setup-environments')).toHaveAttribute('href', '#/environments'));
    expect(empty).toHaveTextContent('There are no services and no environments yet.');
    expect(screen.getByTestId('new-change')).toBeDisabled();
  });

  it('keeps the grid with a hint when the period has no changes', async () => {
    await openCalendar();
    expect(await screen.findByTestId('cal-empty-hint')).toHaveTextContent('Click a day or use “New change” to plan one.');
    expect(screen.getAllByTestId('month-day')).toHaveLength(42);
  });
});
