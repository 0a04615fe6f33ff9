// The fake notices backend's own rules: the naive renderer (loops, ifs,
// filters, errors with their line), Markdown escaping, the customer lint,
// recipient parsing, template versions and refusals.
import { describe, expect, it } from 'vitest';
import { FakeBackend } from './fakeBackend';
import { customerLint, markdownHtml, parseRecipients, renderPart } from './fakeNoticeText';

const ctx = { release: { name: 'R1', when: 'soon' }, services: [{ name: 'a' }, { name: 'b' }], none: [] };

describe('fake template renderer', () => {
  it('replaces variables, runs loops and ifs, and applies filters', () => {
    const source = '{{ release.name }} ({{ services | length }}):\n{% for s in services %}\n- {{ s.name | upper }}\n{% endfor %}\n{% if none %}x{% else %}empty{% endif %}';
    expect(renderPart('body', source, ctx)).toEqual({ text: 'R1 (2):\n- A\n- B\nempty', error: null });
    expect(renderPart('body', '{% for s in none %}{{ s }}{% else %}no services{% endfor %}', ctx).text).toBe('no services');
  });

  it('names the part and line of an unclosed tag or an unknown variable', () => {
    expect(renderPart('body', 'a\nb\n{{ release.name', ctx).error).toEqual({
      part: 'body', line: 3, message: 'syntax error: unexpected end of input, expected end of variable block',
    });
    expect(renderPart('subject', '{% for s in services %}', ctx).error?.message).toBe('syntax error: unexpected end of input, expected endfor');
    expect(renderPart('body', 'ok\n\n{{ releese.name }}', ctx).error).toMatchObject({ line: 3, message: expect.stringContaining('"releese" is not defined') });
    expect(renderPart('body', '{{ release.nme }}', ctx).error?.message).toContain('"release.nme" is not defined');
  });
});

describe('fake Markdown and lint', () => {
  it('escapes HTML before converting headings, lists, bold and paragraphs', () => {
    expect(markdownHtml('# Hi <script>\n\nSome **bold**\ntext\n\n- one\n- two')).toBe(
      '<h1>Hi &lt;script&gt;</h1>\n<p>Some <strong>bold</strong> text</p>\n<ul>\n<li>one</li>\n<li>two</li>\n</ul>');
  });

  it('warns about internal fields once each, with their line', () => {
    expect(customerLint('{{ release.id }}', 'ok\n{{ release.owner }} {{ release.owner }}\n{{ "owner" }}')).toEqual([
      'Subject, line 1: "release.id" is internal; customers should not see it',
      'Body, line 2: "release.owner" is internal; customers should not see it',
    ]);
  });

  it('parses recipients one per line, naming each bad line and dropping duplicates', () => {
    expect(parseRecipients('# team\nOps <ops@example.com>\n\n"Doe, Jane" <jane@example.com>; OPS@example.com')).toEqual({
      list: [{ name: 'Ops', address: 'ops@example.com' }, { name: 'Doe, Jane', address: 'jane@example.com' }], errors: [],
    });
    expect(parseRecipients('ok@example.com\nnope\na@b\n.x@example.com').errors).toEqual([
      { line: 2, message: '"nope" has no @' },
      { line: 3, message: '"a@b" has an invalid domain "b"' },
      { line: 4, message: '".x@example.com" has an invalid part before the @' },
    ]);
  });
});

describe('fake notices backend', () => {
  it('versions templates, keeps unchanged saves as they are, and refuses to delete a built-in', async () => {
    const fake = new FakeBackend();
    const t = await fake.addTemplate({ name: 'Mine', kind: 'cab_outcome', audience: 'support', subject: 'S', body: 'B' });
    const same = await fake.updateTemplate(t.id, { name: 'Mine', kind: 'cab_outcome', audience: 'support', subject: 'S', body: 'B' });
    expect(same.version).toBe(1);
    const next = await fake.updateTemplate(t.id, { name: 'Mine', kind: 'cab_outcome', audience: 'support', subject: 'S2', body: 'B' });
    expect(next.version).toBe(2);
    expect((await fake.template(t.id)).versions.map((v) => v.version)).toEqual([2, 1]);
    await expect(fake.updateTemplate(t.id, { ...next, body: '{% if x %}' })).rejects.toMatchObject({
      code: 'validation', fields: [{ field: 'body', message: 'Body, line 1: syntax error: unexpected end of input, expected endif' }],
    });
    const builtin = fake.notices.templates.find((x) => x.builtin !== null);
    await expect(fake.deleteTemplate(builtin?.id ?? '')).rejects.toMatchObject({ code: 'refused' });
  });

  it('reports template errors inside the preview, not as a failed call', async () => {
    const fake = new FakeBackend();
    const p = await fake.previewTemplate({
      subject: '{{ release.name }}', body: 'a\n{{ nope }}', kind: 'incident_update', audience: 'customers', target: null, time_zone: 'UTC',
    });
    expect(p.subject).toBe('Checkout v2 rollout');
    expect(p.target_label).toBe('Example data');
    expect(p.errors).toEqual([{ part: 'body', line: 2, message: '"nope" is not defined (check the variable\'s name in the palette)' }]);
  });
});
