// Behaviour tests for the Notices tab: the empty list, generating a notice
// (objects, search, a new incident), editing and saving it ("Edited"),
// exports and copies, recording a sending (bad addresses named, nothing
// recorded), a deleted object, delete, and the unsaved-edits guard.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '../../test/render';
import { router } from '../../lib/router.svelte';
import { noticeSubjects, noticesFake, openNotices, seedNotice, seedRecipients, templateId } from './seed';

const value = (testid: string) => (screen.getByTestId(testid) as HTMLInputElement).value;

describe('notices list', () => {
  it('explains notices when there are none and generates one from the dialog, which then opens', async () => {
    const fake = noticesFake();
    const { user } = await openNotices(fake);
    expect(await screen.findByTestId('empty-notices')).toHaveTextContent('No notices yet');
    await user.click(screen.getByTestId('new-notice'));
    const dialog = await screen.findByTestId('generate-dialog');

    await user.selectOptions(within(dialog).getByTestId('target-kind'), 'window');
    await waitFor(() => expect(within(dialog).getByTestId('target-select')).toHaveTextContent('Nightly maintenance — maintenance · Europe/Berlin'));
    // A window suggests a maintenance template; the user picks the customers' one.
    expect((within(dialog).getByTestId('template-select') as HTMLSelectElement).selectedOptions[0].textContent)
      .toBe('Maintenance window · Operations — Maintenance window for operations');
    await user.selectOptions(within(dialog).getByTestId('template-select'), templateId(fake, 'Maintenance window for customers'));
    await user.click(within(dialog).getByTestId('generate-notice'));

    expect(await screen.findByTestId('notice-heading')).toHaveTextContent('Scheduled maintenance: maintenance · Europe/Berlin');
    expect(screen.queryByTestId('generate-dialog')).toBeNull();
    expect(screen.getByTestId('notice-meta')).toHaveTextContent('About the window “Nightly maintenance”');
    expect(screen.getByTestId('notice-meta')).toHaveTextContent('from “Maintenance window for customers” v1');
    expect(location.hash).toBe(`#/notices/notice/${fake.notices.notices[0].id}`);

    await user.click(screen.getByTestId('back-to-notices'));
    await waitFor(() => expect(noticeSubjects()).toEqual(['Scheduled maintenance: maintenance · Europe/Berlin']));
    const row = screen.getByTestId('notice-row');
    expect(row).toHaveTextContent('Customers');
    expect(row).toHaveTextContent('Nightly maintenance');
    expect(within(row).getByTestId('notice-status')).toHaveTextContent('Draft');
  });

  it('searches changes by title as you type', async () => {
    const { user } = await openNotices(noticesFake());
    await user.click(await screen.findByTestId('new-notice'));
    await user.selectOptions(screen.getByTestId('target-kind'), 'change');
    await waitFor(() => expect(screen.getByTestId('target-select').querySelectorAll('option')).toHaveLength(2));
    await user.type(screen.getByTestId('target-search'), 'tls');
    await waitFor(() => expect(screen.getByTestId('target-select').querySelectorAll('option')).toHaveLength(1));
    expect(screen.getByTestId('target-select')).toHaveTextContent('Rotate TLS certificates');
    await user.type(screen.getByTestId('target-search'), 'zz');
    expect(await screen.findByText('No changes match “tlszz”.')).toBeInTheDocument();
  });

  it('adds an incident from the dialog and chooses it', async () => {
    const fake = noticesFake();
    const { user } = await openNotices(fake);
    await user.click(await screen.findByTestId('new-notice'));
    await user.selectOptions(screen.getByTestId('target-kind'), 'incident');
    expect(await screen.findByText('No incidents yet: add one with “New incident…”.')).toBeInTheDocument();
    await user.click(screen.getByTestId('new-incident'));
    await user.click(screen.getByTestId('save-incident'));
    expect(await screen.findByTestId('error-title')).toHaveTextContent('Title is required');
    await user.type(screen.getByTestId('incident-title'), 'Checkout errors');
    await user.selectOptions(screen.getByTestId('incident-status'), 'resolved');
    await user.click(screen.getByTestId('save-incident'));
    expect(await screen.findByTestId('error-resolved_at')).toHaveTextContent('A resolved incident needs the time it was resolved');
    await user.selectOptions(screen.getByTestId('incident-status'), 'identified');
    await user.click(screen.getByTestId('save-incident'));
    await waitFor(() => expect(screen.queryByTestId('incident-dialog')).toBeNull());
    expect(fake.notices.incidents[0]).toMatchObject({ title: 'Checkout errors', status: 'identified', resolved_at: null });
    await waitFor(() => expect((screen.getByTestId('target-select') as HTMLSelectElement).value).toBe(fake.notices.incidents[0].id));
  });
});

describe('a notice', () => {
  it('saves an edit, shows it as edited and previews unsaved Markdown', async () => {
    const fake = noticesFake();
    const n = seedNotice(fake);
    const { user } = await openNotices(fake, `#/notices/notice/${n.id}`);
    await waitFor(() => expect(value('notice-subject')).toBe(n.subject));
    expect(screen.queryByTestId('notice-edited')).toBeNull();
    expect(screen.getByTestId('save-notice')).toBeDisabled();

    const body = screen.getByTestId('notice-body');
    await user.clear(body);
    await user.type(body, 'All **systems** go');
    await waitFor(() => expect(screen.getByTestId('notice-preview-html').innerHTML).toContain('<strong>systems</strong>'));
    expect(screen.getByTestId('notice-unsaved')).toBeInTheDocument();
    await user.click(screen.getByTestId('save-notice'));
    expect(await screen.findByTestId('notice-edited')).toHaveTextContent('Edited');
    expect(fake.notices.notices[0]).toMatchObject({ body: 'All **systems** go', edited: true });
    expect(screen.getByTestId('save-notice')).toBeDisabled();

    await user.type(screen.getByTestId('notice-subject'), '!');
    await user.keyboard('{Control>}s{/Control}');
    await waitFor(() => expect(fake.notices.notices[0].subject).toBe(`${n.subject}!`));
  });

  it('saves unsaved edits before an export, says where the file went, and copies', async () => {
    const fake = noticesFake();
    const n = seedNotice(fake);
    const { user } = await openNotices(fake, `#/notices/notice/${n.id}`);
    const body = await screen.findByTestId('notice-body');
    await user.clear(body);
    await user.type(body, 'Fresh text');
    await user.click(screen.getByTestId('export-md'));
    expect(await screen.findByText(`Saved to /home/test/notice-${n.id}.md`)).toBeInTheDocument();
    expect(fake.calls.indexOf('update_notice')).toBeLessThan(fake.calls.indexOf('save_notice'));
    expect(fake.exports.at(-1)).toBe(`# ${n.subject}\n\nFresh text`);

    fake.notices.cancelSave = true;
    await user.click(screen.getByTestId('export-eml'));
    await waitFor(() => expect(fake.calls.filter((c) => c === 'save_notice')).toHaveLength(2));
    expect(screen.queryByText(/notice-.*\.eml/)).toBeNull();

    await user.click(screen.getByTestId('copy-md'));
    expect(await screen.findByText('Copied to the clipboard')).toBeInTheDocument();
    expect(fake.notices.clipboard).toContain('Fresh text');
  });

  it('names every bad address when marking as sent, records nothing, then records the good ones', async () => {
    const fake = noticesFake();
    seedRecipients(fake, 'operations', 'Ops Team <ops@example.com>');
    const n = seedNotice(fake);
    const { user } = await openNotices(fake, `#/notices/notice/${n.id}`);
    expect(await screen.findByTestId('no-sends')).toBeInTheDocument();
    await user.click(screen.getByTestId('mark-sent'));
    const area = screen.getByTestId('sent-recipients');
    expect(area).toHaveValue('Ops Team <ops@example.com>');

    await user.clear(area);
    await user.type(area, 'ops@example.com{Enter}not-an-address{Enter}x@y');
    await user.click(screen.getByTestId('confirm-sent'));
    await waitFor(() => expect(screen.getAllByTestId('sent-error').map((e) => e.textContent)).toEqual([
      'Line 2: "not-an-address" has no @',
      'Line 3: "x@y" has an invalid domain "y"',
    ]));
    expect(screen.getByTestId('send-dialog')).toBeInTheDocument();
    expect(area).toHaveAttribute('aria-invalid', 'true');
    expect(fake.notices.sends).toHaveLength(0);

    await user.clear(area);
    await user.type(area, 'ops@example.com{Enter}Jane Doe <jane@example.com>');
    await user.click(screen.getByTestId('confirm-sent'));
    await waitFor(() => expect(screen.queryByTestId('send-dialog')).toBeNull());
    expect(await screen.findByText('Recorded as sent to 2 recipients')).toBeInTheDocument();
    const record = await screen.findByTestId('send-record');
    expect(record).toHaveTextContent('Sent by Test User');
    expect(record).toHaveTextContent('to 2 recipients');
    expect(record).toHaveTextContent('Jane Doe <jane@example.com>');
    expect(screen.queryByTestId('delete-notice')).toBeNull();
    expect(fake.audit.at(-1)).toMatchObject({ action: 'sent', entity: 'notice', entity_id: n.id });

    await user.click(screen.getByTestId('back-to-notices'));
    expect(await screen.findByTestId('notice-status')).toHaveTextContent('Sent');
  });

  it('says when its object has been deleted, keeping the text', async () => {
    const fake = noticesFake();
    const n = seedNotice(fake);
    fake.notices.targets = fake.notices.targets.filter((t) => t.id !== 'win-demo-1');
    await openNotices(fake, `#/notices/notice/${n.id}`);
    expect(await screen.findByTestId('target-deleted')).toHaveTextContent(
      'The window this notice is about has since been deleted; its text stays.');
    expect(value('notice-body')).toBe(n.body);
  });

  it('asks before leaving unsaved edits, from Back and from the sidebar', async () => {
    const fake = noticesFake();
    const n = seedNotice(fake);
    const { user } = await openNotices(fake, `#/notices/notice/${n.id}`);
    await user.type(await screen.findByTestId('notice-body'), ' more');
    await user.click(screen.getByTestId('back-to-notices'));
    const confirm = await screen.findByTestId('confirm-dialog');
    expect(confirm).toHaveTextContent('Discard your edits?');
    await user.click(within(confirm).getByRole('button', { name: 'Cancel' }));
    expect(value('notice-body')).toBe(`${n.body} more`);

    await user.click(document.querySelector('[data-nav="services"]') as HTMLElement);
    expect(await screen.findByTestId('confirm-dialog')).toBeInTheDocument();
    expect(router.current).toBe('notices');
    await user.click(screen.getByTestId('confirm-delete'));
    await waitFor(() => expect(router.current).toBe('services'));
  });

  it('deletes an unsent notice after confirming', async () => {
    const fake = noticesFake();
    const n = seedNotice(fake);
    const { user } = await openNotices(fake, `#/notices/notice/${n.id}`);
    await user.click(await screen.findByTestId('delete-notice'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(await screen.findByTestId('empty-notices')).toBeInTheDocument();
    expect(fake.notices.notices).toHaveLength(0);
  });
});

describe('recipients', () => {
  it('saves a list, naming each bad line and storing nothing until all are good', async () => {
    const fake = noticesFake();
    const { user } = await openNotices(fake, '#/notices/recipients');
    const area = await screen.findByTestId('recipients-customers');
    await waitFor(() => expect(screen.getByTestId('recipients-count-customers')).toHaveTextContent('0 recipients'));
    await user.type(area, 'Ana <ana@example.com>{Enter}bad{Enter}# a comment');
    await user.click(screen.getByTestId('save-recipients-customers'));
    await waitFor(() => expect(screen.getAllByTestId('recipients-error').map((e) => e.textContent)).toEqual(['Line 2: "bad" has no @']));
    expect(fake.notices.lists.customers).toEqual([]);

    await user.clear(area);
    await user.type(area, 'Ana <ana@example.com>{Enter}bo@example.com');
    await user.click(screen.getByTestId('save-recipients-customers'));
    await waitFor(() => expect(screen.getByTestId('recipients-count-customers')).toHaveTextContent('2 recipients'));
    expect(screen.queryByTestId('recipients-error')).toBeNull();
    expect(fake.notices.lists.customers).toEqual([{ name: 'Ana', address: 'ana@example.com' }, { name: '', address: 'bo@example.com' }]);
    expect(screen.getByTestId('save-recipients-customers')).toBeDisabled();
  });

  it('imports a CSV (refusing a bad one with its rows), exports one, and saves the sender', async () => {
    const fake = noticesFake();
    const { user } = await openNotices(fake, '#/notices/recipients');
    fake.notices.nextImport = 'name,address\nAna,ana@example.com\nBo,nope';
    await user.click(await screen.findByTestId('import-recipients-support'));
    expect(await screen.findByTestId('recipients-import-problem')).toHaveTextContent('Row 3: "nope" has no @');
    fake.notices.nextImport = 'name,address\nAna,ana@example.com';
    await user.click(screen.getByTestId('import-recipients-support'));
    await waitFor(() => expect(screen.getByTestId('recipients-support')).toHaveValue('Ana <ana@example.com>'));
    expect(screen.getByTestId('recipients-count-support')).toHaveTextContent('1 recipient');
    await user.click(screen.getByTestId('export-recipients-support'));
    expect(await screen.findByText('Saved to /home/test/recipients-support.csv')).toBeInTheDocument();
    expect(fake.exports.at(-1)).toBe('name,address\nAna,ana@example.com');

    const sender = screen.getByTestId('notice-sender');
    await user.type(sender, 'nobody');
    await user.click(screen.getByTestId('save-sender'));
    expect(await screen.findByTestId('error-sender')).toHaveTextContent('The sender: "nobody" has no @');
    await user.clear(sender);
    await user.type(sender, 'Release desk <releases@example.com>');
    await user.click(screen.getByTestId('save-sender'));
    expect(await screen.findByText('Sender saved')).toBeInTheDocument();
    expect(fake.notices.sender).toBe('Release desk <releases@example.com>');
  });
});
