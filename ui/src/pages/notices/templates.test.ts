// Behaviour tests for the Templates tab: grouping by kind, the editor (errors
// named by line and marked in the gutter, the palette, the customer lint,
// previews for an object), saving versions and restoring one, a new
// template, delete, Esc; and the preview's latest-answer-wins rule.
import { describe, expect, it } from 'vitest';
import { screen, waitFor, within } from '../../test/render';
import type { Backend } from '../../lib/backend';
import type { Preview, PreviewInput } from '../../lib/bindings';
import { noticesFake, openNotices, templateId } from './seed';
import { PreviewModel } from './templateDraft.svelte';
import type { FakeBackend } from '../../lib/fakeBackend';

const rowNames = (group: HTMLElement) => within(group).queryAllByTestId('template-row').map((r) => r.querySelector('td.name')?.textContent?.replace('Built-in', '').trim());
const body = () => screen.getByTestId('template-body') as HTMLTextAreaElement;

async function openTemplate(fake: FakeBackend, name: string) {
  const app = await openNotices(fake, `#/notices/templates/${templateId(fake, name)}`);
  await waitFor(() => expect(screen.getByTestId('template-name')).toHaveValue(name));
  await screen.findByTestId('preview-subject');
  return app;
}

/** Puts the cursor at the end of the body and pastes `text` there. */
async function append(user: Awaited<ReturnType<typeof openNotices>>['user'], text: string) {
  await user.click(body());
  body().setSelectionRange(body().value.length, body().value.length);
  await user.paste(text);
}

describe('template list', () => {
  it('groups the templates under the six kinds, in audience order, and marks built-ins', async () => {
    const fake = noticesFake();
    fake.notices.addTemplate({ name: 'Support heads-up', kind: 'incident_update', audience: 'support', subject: 'Heads-up', body: 'Hi' });
    const { user } = await openNotices(fake, '#/notices/templates');
    await waitFor(() => expect(screen.getAllByTestId('template-group')).toHaveLength(6));
    const groups = screen.getAllByTestId('template-group');
    expect(groups.map((g) => g.querySelector('h3')?.textContent?.replace(/\d+$/, '').trim())).toEqual([
      'Maintenance window', 'Release announcement', 'Incident update', 'Rollback notice', 'Freeze announcement', 'CAB outcome',
    ]);
    expect(rowNames(groups[0])).toEqual(['Maintenance window for operations', 'Maintenance window for customers']);
    expect(rowNames(groups[2])).toEqual(['Support heads-up']);
    expect(within(groups[0]).getAllByTestId('builtin-badge')).toHaveLength(2);
    expect(within(groups[2]).queryByTestId('builtin-badge')).toBeNull();
    expect(groups[3]).toHaveTextContent('No rollback notice templates.');
    expect(within(groups[0]).getAllByTestId('template-row')[1]).toHaveTextContent('Customers');
    expect(within(groups[0]).getAllByTestId('template-row')[1]).toHaveTextContent('v1');

    await user.click(groups[2].querySelector('td.name') as HTMLElement);
    expect(await screen.findByTestId('template-editor')).toBeInTheDocument();
    expect(screen.getByTestId('template-name')).toHaveValue('Support heads-up');
  });

  it('explains templates when there are none', async () => {
    const fake = noticesFake();
    fake.notices.templates = [];
    await openNotices(fake, '#/notices/templates');
    expect(await screen.findByTestId('empty-templates')).toHaveTextContent('No templates yet');
    expect(screen.getByTestId('new-template')).toBeInTheDocument();
  });
});

describe('template editor', () => {
  it('renders the first preview without waiting for the template record', async () => {
    const fake = noticesFake();
    fake.template = () => new Promise(() => {});
    const { user } = await openNotices(fake, '#/notices/templates');
    await user.click((await screen.findAllByTestId('template-row'))[0].querySelector('td.name') as HTMLElement);
    expect(await screen.findByTestId('preview-subject')).toHaveTextContent('Maintenance: Checkout v2 rollout, Sat 1 Jun 2024, 22:00–23:30');
    expect(screen.getByTestId('preview-for')).toHaveTextContent('For Example data');
  });

  it('names the line of an error, marks it in the gutter, and clears it when fixed', async () => {
    const fake = noticesFake();
    const { user } = await openTemplate(fake, 'Maintenance window for customers');
    const original = body().value;
    const lines = original.split('\n').length;
    await append(user, '\n{{ broken');
    const error = await screen.findByTestId('template-error');
    expect(error).toHaveTextContent(`Body, line ${lines + 1}: syntax error: unexpected end of input, expected end of variable block`);
    const gutter = screen.getAllByTestId('gutter-line');
    expect(gutter).toHaveLength(lines + 1);
    expect(gutter.filter((g) => g.dataset.error === 'true').map((g) => g.dataset.line)).toEqual([String(lines + 1)]);
    expect(body()).toHaveAttribute('aria-invalid', 'true');

    await append(user, ' }}');
    await waitFor(() => expect(screen.getByTestId('template-error')).toHaveTextContent(`Body, line ${lines + 1}: "broken" is not defined`));
    await user.clear(body());
    await user.paste(original);
    await waitFor(() => expect(screen.queryByTestId('template-error')).toBeNull());
    expect(screen.getAllByTestId('gutter-line').some((g) => g.dataset.error)).toBe(false);
  });

  it('inserts a palette entry at the cursor, and warns about internal fields for customers', async () => {
    const fake = noticesFake();
    const { user } = await openTemplate(fake, 'Maintenance window for customers');
    await user.click(body());
    body().setSelectionRange(0, 0);
    const owner = screen.getAllByTestId('palette-entry').find((e) => e.dataset.path === 'release.owner') as HTMLElement;
    expect(owner).toHaveClass('warn');
    expect(owner).toHaveTextContent('internal');
    expect(owner).toHaveTextContent('Customers should not see this');
    await user.click(owner);
    expect(body().value.startsWith('{{ release.owner }}We will carry out')).toBe(true);
    expect(await screen.findByTestId('template-lint')).toHaveTextContent('Body, line 1: "release.owner" is internal; customers should not see it');

    await user.selectOptions(screen.getByTestId('template-audience'), 'operations');
    await waitFor(() => expect(screen.queryByTestId('template-lint')).toBeNull());
    expect(owner).not.toHaveClass('warn');
  });

  it('previews for a chosen object and shows the raw Markdown on request', async () => {
    const fake = noticesFake();
    const { user } = await openTemplate(fake, 'Maintenance window for operations');
    await user.selectOptions(screen.getByTestId('preview-kind'), 'window');
    await waitFor(() => expect(screen.getByTestId('preview-for')).toHaveTextContent('For Nightly maintenance'));
    expect(screen.getByTestId('preview-subject')).toHaveTextContent('Maintenance: Nightly maintenance, maintenance · Europe/Berlin');
    await user.selectOptions(screen.getByTestId('preview-target'), 'win-demo-2');
    await waitFor(() => expect(screen.getByTestId('preview-for')).toHaveTextContent('For Year-end freeze'));
    expect(screen.getByTestId('preview-html').innerHTML).toContain('<h2>Changes (2)</h2>');
    await user.click(screen.getByTestId('preview-markdown'));
    expect(screen.getByTestId('preview-raw')).toHaveTextContent('## Changes (2)');
  });

  it('saves a new version into the history and restores an earlier one', async () => {
    const fake = noticesFake();
    const { user } = await openTemplate(fake, 'Maintenance window for operations');
    const original = (screen.getByTestId('template-subject') as HTMLInputElement).value;
    expect(screen.getByTestId('save-template')).toBeDisabled();
    const subject = screen.getByTestId('template-subject');
    await user.clear(subject);
    await user.paste('Heads-up: {{ release.name }}');
    await user.click(screen.getByTestId('save-template'));
    expect(await screen.findByText('Saved as version 2')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('template-version').map((v) => v.dataset.version)).toEqual(['2', '1']));
    const [newest, first] = screen.getAllByTestId('template-version');
    expect(newest).toHaveTextContent('Current');
    expect(newest).toHaveTextContent('Saved by Test User');
    expect(within(newest).queryByTestId('restore-version')).toBeNull();
    expect(screen.getByTestId('template-current-version')).toHaveTextContent('v2');

    await user.click(within(first).getByTestId('restore-version'));
    expect(await screen.findByText('Version 1 restored as version 3')).toBeInTheDocument();
    expect(screen.getByTestId('template-subject')).toHaveValue(original);
    await waitFor(() => expect(screen.getAllByTestId('template-version').map((v) => v.dataset.version)).toEqual(['3', '2', '1']));
    expect(fake.notices.templates.find((t) => t.name === 'Maintenance window for operations')?.version).toBe(3);
  });

  it('writes a new template, with errors beside the fields, and lists it', async () => {
    const fake = noticesFake();
    const { user } = await openNotices(fake, '#/notices/templates');
    await user.click(await screen.findByTestId('new-template'));
    expect(await screen.findByTestId('template-title')).toHaveTextContent('New template');
    expect(body().value).toContain('{{ release.name }}');
    await user.click(screen.getByTestId('save-template'));
    expect(await screen.findByTestId('error-name')).toHaveTextContent('Name is required');
    expect(screen.getByTestId('template-name')).toHaveFocus();

    await user.type(screen.getByTestId('template-name'), 'Rollback heads-up');
    await user.selectOptions(screen.getByTestId('template-kind'), 'rollback_notice');
    await user.click(screen.getByTestId('save-template'));
    expect(await screen.findByText('Template created')).toBeInTheDocument();
    const created = fake.notices.templates.find((t) => t.name === 'Rollback heads-up');
    expect(created).toMatchObject({ kind: 'rollback_notice', audience: 'operations', version: 1, builtin: null });
    expect(location.hash).toBe(`#/notices/templates/${created?.id}`);
    expect(await screen.findByTestId('template-version')).toHaveTextContent('v1');

    await user.click(screen.getByTestId('back-to-templates'));
    const group = (await screen.findAllByTestId('template-group')).find((g) => g.dataset.kind === 'rollback_notice') as HTMLElement;
    expect(rowNames(group)).toEqual(['Rollback heads-up']);
  });

  it('deletes a written template but offers no delete for a built-in', async () => {
    const fake = noticesFake();
    const mine = fake.notices.addTemplate({ name: 'Mine', kind: 'cab_outcome', audience: 'executives', subject: 'S', body: 'B' });
    const { user } = await openTemplate(fake, 'Maintenance window for customers');
    expect(screen.queryByTestId('delete-template')).toBeNull();
    await user.click(screen.getByTestId('back-to-templates'));
    await user.click((await screen.findAllByTestId('template-row')).find((r) => r.dataset.templateId === mine.id) as HTMLElement);
    await user.click(await screen.findByTestId('delete-template'));
    await user.click(screen.getByTestId('confirm-delete'));
    expect(await screen.findByText('Template deleted')).toBeInTheDocument();
    await waitFor(() => expect(screen.getAllByTestId('template-group')).toHaveLength(6));
    expect(fake.notices.templates.some((t) => t.id === mine.id)).toBe(false);
  });

  it('goes back on Esc, asking first when there are unsaved edits', async () => {
    const fake = noticesFake();
    const { user } = await openTemplate(fake, 'Maintenance window for customers');
    await user.type(screen.getByTestId('template-name'), ' (draft)');
    await user.keyboard('{Escape}');
    expect(await screen.findByTestId('confirm-dialog')).toHaveTextContent('Discard your edits?');
    await user.keyboard('{Escape}');
    await waitFor(() => expect(screen.queryByTestId('confirm-dialog')).toBeNull());
    expect(screen.getByTestId('template-name')).toHaveValue('Maintenance window for customers (draft)');
    await user.keyboard('{Escape}');
    await user.click(await screen.findByTestId('confirm-delete'));
    expect(await screen.findByTestId('new-template')).toBeInTheDocument();
    expect(fake.notices.templates.find((t) => t.builtin === 'maintenance_window/customers')?.name).toBe('Maintenance window for customers');
  });
});

describe('preview model', () => {
  it('keeps the answer to the latest request when an older one arrives later', async () => {
    const pending: { input: PreviewInput; resolve: (p: Preview) => void }[] = [];
    const api = { previewTemplate: (input: PreviewInput) => new Promise<Preview>((resolve) => pending.push({ input, resolve })) };
    const model = new PreviewModel(api as unknown as Backend);
    const input = (subject: string): PreviewInput =>
      ({ subject, body: '', kind: 'maintenance_window', audience: 'operations', target: null, time_zone: 'UTC' });
    const answer = (subject: string): Preview => ({ subject, body: '', html: '', errors: [], lint: [], target_label: 'Example data' });
    const older = model.run(input('old'));
    const newer = model.run(input('new'));
    expect(model.pending).toBe(true);
    pending[1].resolve(answer('new'));
    await newer;
    expect(model.preview?.subject).toBe('new');
    expect(model.pending).toBe(false);
    pending[0].resolve(answer('old'));
    await older;
    expect(model.preview?.subject).toBe('new');
  });
});
