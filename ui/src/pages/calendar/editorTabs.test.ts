// Behaviour tests for the change editor's governance tabs: only a saved
// change has them; Risk shows its risk and lifecycle, Approvals its
// approvals; details typed before switching are kept.
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { fakeWithCatalog, field, screen, waitFor, within } from '../../test/render';
import { chip, openCalendar, pinClock, seedChange } from './calendarTestKit';

beforeEach(() => pinClock());
afterEach(() => vi.useRealTimers());

describe('change editor tabs', () => {
  it('a new change has its details only', async () => {
    const { user } = await openCalendar();
    await user.click(screen.getByTestId('new-change'));
    expect(screen.getByTestId('change-form')).toBeInTheDocument();
    expect(screen.queryByTestId('tab-details')).toBeNull();
    expect(screen.queryByTestId('tab-risk')).toBeNull();
    expect(screen.queryByTestId('risk-panel')).toBeNull();
  });

  it('shows the risk, lifecycle and approvals of a saved change, keeping typed details', async () => {
    const fake = fakeWithCatalog();
    seedChange(fake, { title: 'Ship 5.0', start: '2024-05-08T10:00:00Z', end: '2024-05-08T11:00:00Z' });
    const { user } = await openCalendar(fake);
    await waitFor(() => chip('Ship 5.0'));
    await user.click(chip('Ship 5.0'));
    await screen.findByTestId('change-form');
    expect(screen.getByTestId('tab-details')).toHaveAttribute('aria-selected', 'true');
    await user.type(field('title'), ' (final)');

    await user.click(screen.getByTestId('tab-risk'));
    expect(screen.getByTestId('tab-risk')).toHaveAttribute('aria-selected', 'true');
    const risk = await screen.findByTestId('risk-panel');
    await waitFor(() => expect(within(risk).getByTestId('risk-level')).toHaveTextContent('low'));
    expect(screen.getByTestId('lifecycle-panel')).toBeInTheDocument();
    await waitFor(() => expect(screen.getByTestId('stage-current')).toHaveTextContent('new'));
    expect(screen.queryByTestId('approvals-panel')).toBeNull();

    // Arrow keys move between the tabs.
    screen.getByTestId('tab-risk').focus();
    await user.keyboard('{ArrowRight}');
    expect(screen.getByTestId('tab-approvals')).toHaveFocus();
    const approvals = await screen.findByTestId('approvals-panel');
    await waitFor(() => expect(within(approvals).getByTestId('approval-slot')).toHaveTextContent('Release manager'));
    expect(screen.queryByTestId('risk-panel')).toBeNull();

    await user.click(screen.getByTestId('tab-details'));
    expect(field('title')).toHaveValue('Ship 5.0 (final)');
    await user.click(screen.getByTestId('save-change'));
    await waitFor(() => expect(fake.cal.changes[0].title).toBe('Ship 5.0 (final)'));
  });
});
