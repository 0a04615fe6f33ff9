// Unit tests for window kind, scope and import wording.
import { describe, expect, it } from 'vitest';
import { importMessage, kindKey, matchesWindow, scopeText } from './windowFormat';

describe('window words', () => {
  it('names the kind', () => {
    expect(kindKey({ kind: 'freeze', soft: false })).toBe('hard');
    expect(kindKey({ kind: 'freeze', soft: true })).toBe('soft');
    expect(kindKey({ kind: 'maintenance', soft: false })).toBe('maintenance');
  });

  it('describes the scope', () => {
    const names: Record<string, string> = { e1: 'staging', e2: 'production' };
    const envName = (id: string) => names[id] ?? null;
    expect(scopeText({ environment_ids: [], service_ids: [] }, envName)).toBe('Everything');
    expect(scopeText({ environment_ids: ['e2', 'e1'], service_ids: [] }, envName)).toBe('production, staging');
    expect(scopeText({ environment_ids: [], service_ids: ['s1', 's2', 's3'] }, envName)).toBe('All environments · 3 services');
    expect(scopeText({ environment_ids: ['e2'], service_ids: ['s1'] }, envName)).toBe('production · 1 service');
    expect(scopeText({ environment_ids: ['gone'], service_ids: [] }, envName)).toBe('unknown environment');
  });

  it('summarises an import', () => {
    expect(importMessage({ created: 12, skipped: 3 })).toBe('Imported 12 freeze windows (3 already there)');
    expect(importMessage({ created: 1, skipped: 0 })).toBe('Imported 1 freeze window (0 already there)');
  });

  it('searches name and description', () => {
    const w = { name: 'Christmas freeze', description: 'Holiday season' };
    expect(matchesWindow(w, 'CHRIST')).toBe(true);
    expect(matchesWindow(w, 'holiday')).toBe(true);
    expect(matchesWindow(w, 'easter')).toBe(false);
  });
});
