import { describe, expect, it } from 'vitest';
import { askEarly, FIRST_SERVICES_QUERY } from './boot';
import { prefetchFirstScreen } from './firstScreen';
import { FakeBackend } from './lib/fakeBackend';
import { take, STATUS_KEY, TEAMS_KEY } from './lib/prefetch';
import { defaultFilters, PAGE_SIZE, servicesKey, toQuery } from './pages/services/query';

describe('boot script', () => {
  it('asks exactly the questions the first screen asks, under the same keys', () => {
    expect(FIRST_SERVICES_QUERY).toEqual(toQuery(defaultFilters(), 0, PAGE_SIZE));
    const asked: [string, unknown][] = [];
    const early = askEarly((cmd, args) => {
      asked.push([cmd, args]);
      return Promise.resolve(cmd);
    });
    expect([...early.keys()].sort()).toEqual(
      [STATUS_KEY, TEAMS_KEY, servicesKey(toQuery(defaultFilters(), 0, PAGE_SIZE))].sort(),
    );
    expect(asked.map(([cmd]) => cmd).sort()).toEqual(['list_teams', 'search_services', 'workspace_status']);
  });

  it('hands its answers to the app instead of asking again, and failures as error payloads', async () => {
    const api = new FakeBackend();
    let backendCalls = 0;
    const original = api.workspaceStatus;
    api.workspaceStatus = () => {
      backendCalls += 1;
      return original();
    };
    const early = askEarly((cmd) =>
      cmd === 'list_teams' ? Promise.reject('disk gone') : Promise.resolve(`early ${cmd}`),
    );
    await prefetchFirstScreen(api, early);
    expect(await take(api, STATUS_KEY, () => Promise.resolve('asked again'))).toBe('early workspace_status');
    await expect(take(api, TEAMS_KEY, () => Promise.resolve([]))).rejects.toMatchObject({ code: 'internal', message: 'disk gone' });
    expect(backendCalls).toBe(0);
    expect(early.size).toBe(0);
  });
});
