// Test data for the Notices area: the app opened on a notices hash, notices
// generated straight on the fake (no events), and recipient lists.
import { expect } from 'vitest';
import type { Audience, Notice, TargetKind } from '../../lib/bindings';
import type { FakeBackend } from '../../lib/fakeBackend';
import { fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';

export const noticesFake = (): FakeBackend => fakeWithCatalog();

/** Opens the app on `hash` (the notices list by default) and waits for the area's tabs. */
export async function openNotices(fake: FakeBackend, hash = '#/notices') {
  history.replaceState(null, '', hash);
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getByTestId('notices-tab-notices')).toBeInTheDocument());
  return app;
}

/** The id of the fake's template named `name`. */
export function templateId(fake: FakeBackend, name: string): string {
  const t = fake.notices.templates.find((x) => x.name === name);
  if (!t) throw new Error(`no template named ${name}`);
  return t.id;
}

/** A notice generated on the fake from `template` for a demo object. */
export function seedNotice(fake: FakeBackend, template = 'Maintenance window for operations', kind: TargetKind = 'window',
  target = 'win-demo-1'): Notice {
  return fake.notices.generate({ template_id: templateId(fake, template), target: { kind, id: target }, time_zone: 'UTC' });
}

export function seedRecipients(fake: FakeBackend, audience: Audience, text: string): void {
  fake.notices.setRecipients(audience, text);
}

/** The rows' subjects, top to bottom. */
export const noticeSubjects = () =>
  screen.queryAllByTestId('notice-row').map((r) => (r.querySelector('td.subject')?.textContent ?? '').replace(/\s*edited\s*$/, '').trim());
