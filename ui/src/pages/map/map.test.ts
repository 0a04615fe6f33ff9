// Behaviour tests for the dependency map screen on the fake backend: empty
// states, import reports and problems, search and the blast radius of the
// selection, focus with depth, collapsing a system, filters, exports, a
// change's blast radius from a deep link, the centring of a found service
// as the map changes, and the train's deploy order and the service dialog's
// links elsewhere.
import { fireEvent } from '@testing-library/svelte';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { dialog, fakeWithCatalog, renderApp, screen, waitFor, within } from '../../test/render';
import { FakeBackend } from '../../lib/fakeBackend';
import { seedChange, seedTrain } from '../trains/seed';

function catalogWithMap(): FakeBackend {
  const fake = fakeWithCatalog();
  const [checkout, ledger, cache] = fake.services;
  fake.deps.seed(checkout.id, ledger.id, 'runtime');
  fake.deps.seed(ledger.id, cache.id, 'deploy_order');
  return fake;
}

async function openMap(fake = catalogWithMap(), hash = '#/map') {
  history.replaceState(null, '', hash);
  const app = renderApp(fake);
  await waitFor(() => expect(screen.getByTestId(fake.services.length ? 'map-summary' : 'map-empty-services')).toBeInTheDocument());
  return app;
}

const summary = () => screen.getByTestId('map-summary').textContent ?? '';

describe('dependency map', () => {
  it('explains an empty workspace and offers the import', async () => {
    const { user } = await openMap(new FakeBackend());
    expect(screen.getByTestId('map-empty-services')).toHaveTextContent('No services yet');
    await user.click(within(screen.getByTestId('map-empty-services')).getByRole('button', { name: 'Import a catalog…' }));
    expect(dialog()).toHaveTextContent('Backstage catalog folder');
  });

  it('summarises the map', async () => {
    await openMap();
    expect(summary()).toBe('3 services of 3 shown, 2 links');
    expect(screen.queryByTestId('map-no-dependencies')).toBeNull();
    expect(screen.getByTestId('map-legend')).toHaveTextContent('Deploy order');
  });

  it('says when there are services but no dependencies yet', async () => {
    await openMap(fakeWithCatalog());
    expect(screen.getByTestId('map-no-dependencies')).toHaveTextContent('No dependencies yet');
  });

  it('finds a service, selects it and shows its blast radius and prerequisites', async () => {
    const { user } = await openMap();
    await user.type(screen.getByTestId('map-search'), 'ledger{Enter}');
    expect(screen.getByTestId('map-search-count')).toHaveTextContent('1 match');
    await waitFor(() => expect(screen.getByTestId('map-details-title')).toHaveTextContent('ledger'));
    await waitFor(() => expect(screen.getByTestId('map-blast')).toHaveTextContent('1 service depends on it (1 critical).'));
    expect(screen.getByTestId('map-blast')).toHaveTextContent('Depends on 1 service');
    await user.click(within(screen.getByTestId('map-details')).getByRole('button', { name: 'Close' }));
    expect(screen.queryByTestId('map-details')).toBeNull();
  });

  it('focuses on a service with a depth, and shows everything again', async () => {
    const { user, fake } = await openMap();
    await user.type(screen.getByTestId('map-search'), 'checkout{Enter}');
    await user.click(await screen.findByTestId('map-focus-here'));
    await waitFor(() => expect(screen.getByTestId('map-focus')).toHaveTextContent('Focused on checkout-api'));
    await user.selectOptions(screen.getByTestId('map-depth'), '1 level');
    await waitFor(() => expect(summary()).toBe('2 services of 3 shown, 1 link'));
    await user.click(screen.getByTestId('map-clear-focus'));
    await waitFor(() => expect(summary()).toBe('3 services of 3 shown, 2 links'));
    expect(fake.calls.filter((c) => c === 'dependency_map').length).toBeGreaterThanOrEqual(3);
  });

  it('collapses a system into one box and expands it again', async () => {
    const fake = catalogWithMap();
    fake.seedService('ledger-db', { tier: 'critical', system: 'finance' });
    const { user } = await openMap(fake);
    await user.type(screen.getByTestId('map-search'), 'ledger{Enter}');
    await user.click(await screen.findByRole('button', { name: 'Collapse finance' }));
    await waitFor(() => expect(summary()).toBe('4 services of 4 shown in 3 boxes, 2 links'));
    expect(screen.queryByTestId('map-details')).toBeNull();
    await user.click(screen.getByTestId('map-collapse-all'));
    await user.click(await screen.findByTestId('map-expand-all'));
    await waitFor(() => expect(summary()).toBe('4 services of 4 shown, 2 links'));
    expect(screen.getByTestId('map-collapse-all')).toBeInTheDocument();
  });

  it('filters by tier and dependency kind, and clears the filters', async () => {
    const { user } = await openMap();
    await user.click(screen.getByTestId('map-tier-critical'));
    await waitFor(() => expect(summary()).toBe('1 service of 3 shown, 0 links'));
    await user.click(screen.getByTestId('map-clear-filters'));
    await user.click(screen.getByTestId('map-kind-deploy_order'));
    await waitFor(() => expect(summary()).toBe('3 services of 3 shown, 1 link'));
    expect(screen.getByTestId('map-kind-deploy_order')).toHaveAttribute('aria-pressed', 'true');
  });

  it('imports a Backstage folder and reports what it did, or lists the problems', async () => {
    const fake = catalogWithMap();
    fake.deps.backstageReport = {
      files: 3, services_created: 5, services_updated: 1, services_unchanged: 0, teams_created: 2,
      dependencies_created: 7, dependencies_unchanged: 0, skipped: ['web.yaml:12: Location is not imported'],
    };
    const { user } = await openMap(fake);
    await user.click(screen.getByTestId('map-import'));
    await user.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-report')).toHaveTextContent('3 files read'));
    expect(screen.getByTestId('import-report')).toHaveTextContent('dependencies: 7 created');
    expect(screen.getByTestId('import-skipped')).toHaveTextContent('web.yaml:12: Location is not imported');

    fake.failNext('import_dependencies_csv', {
      code: 'import_rejected', message: 'The file was not imported: 2 problems', fields: [],
      problems: ['row 3: no service named "nope"', 'row 5: web cannot depend on itself'],
    });
    await user.click(screen.getByTestId('import-source-csv'));
    await user.click(screen.getByTestId('import-choose'));
    await waitFor(() => expect(screen.getByTestId('import-problems')).toHaveTextContent('row 3: no service named "nope"'));
  });

  it('exports the current view as SVG and the whole map as DOT', async () => {
    const { user, fake } = await openMap();
    await user.click(screen.getByTestId('map-tier-high'));
    await user.click(screen.getByTestId('map-export'));
    await user.click(screen.getByTestId('export-svg'));
    await waitFor(() => expect(fake.deps.lastExport?.kind).toBe('svg'));
    expect((fake.deps.lastExport?.detail as { tiers: string[] }).tiers).toEqual(['high']);
    await screen.findByText('Saved /home/test/signalbox-map.svg');
    await user.click(screen.getByTestId('map-export'));
    await user.keyboard('{Escape}');
    expect(screen.queryByTestId('export-dot')).toBeNull();
    await user.click(screen.getByTestId('map-export'));
    await user.click(screen.getByTestId('export-dot'));
    await waitFor(() => expect(fake.deps.lastExport?.kind).toBe('dot'));
  });

  it('shows the blast radius of a change from a deep link', async () => {
    const fake = catalogWithMap();
    const change = seedChange(fake, 'Ledger schema', null, 'planned', { service_ids: [fake.services[1].id] });
    await openMap(fake, `#/map/change/${change.id}`);
    await waitFor(() => expect(screen.getByTestId('map-change-banner')).toHaveTextContent('Ledger schema'));
    await waitFor(() => expect(screen.getByTestId('map-blast')).toHaveTextContent('1 service depends on this change (1 critical).'));
  });
});

describe('deploy order and service links', () => {
  it('shows a train’s deploy order and its rollback order', async () => {
    const fake = catalogWithMap();
    const [checkout, ledger] = fake.services;
    const train = seedTrain(fake, 'June release');
    seedChange(fake, 'Checkout v2', train.id, 'planned', { service_ids: [checkout.id] });
    seedChange(fake, 'Ledger schema', train.id, 'planned', { service_ids: [ledger.id] });
    history.replaceState(null, '', `#/trains/${train.id}`);
    const { user } = renderApp(fake);
    await waitFor(() => expect(screen.getAllByTestId('order-layer')).toHaveLength(2));
    const layers = () => screen.getAllByTestId('order-layer').map((l) => l.textContent ?? '');
    expect(layers()[0]).toContain('ledger');
    expect(layers()[1]).toContain('checkout-api');
    expect(layers()[1]).toContain('after ledger');
    await user.click(screen.getByTestId('order-rollback'));
    expect(layers()[0]).toContain('checkout-api');
    expect(screen.getByTestId('train-order')).toHaveTextContent('Rollback order');
  });

  it('lists a service’s links on its dialog, adds one and removes one', async () => {
    const fake = catalogWithMap();
    history.replaceState(null, '', '#/services');
    const { user } = renderApp(fake);
    await waitFor(() => expect(screen.getAllByTestId('service-row').length).toBe(3));
    await user.click(screen.getAllByTestId('service-row').find((r) => r.textContent?.includes('ledger'))!);
    await waitFor(() => expect(screen.getAllByTestId('dependency')).toHaveLength(1));
    expect(screen.getByTestId('dependency')).toHaveTextContent('build-cache');
    expect(screen.getByTestId('dependant')).toHaveTextContent('checkout-api');
    expect(screen.getByTestId('service-blast')).toHaveTextContent('1 service depends on it.');

    const links = screen.getByTestId('service-links');
    await user.type(within(links).getByPlaceholderText('Add: service it depends on…'), 'ledger');
    await user.click(within(links).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(within(links).getByRole('alert')).toHaveTextContent('No service named “ledger”'));

    await user.clear(within(links).getByPlaceholderText('Add: service it depends on…'));
    await user.type(within(links).getByPlaceholderText('Add: service it depends on…'), 'checkout-api');
    await waitFor(() => expect(links.querySelectorAll('datalist option').length).toBeGreaterThan(0));
    await user.click(within(links).getByRole('button', { name: 'Add' }));
    await waitFor(() => expect(screen.getAllByTestId('dependency')).toHaveLength(2));

    // A refused change of kind puts the select back to what is stored.
    fake.failNext('update_dependency', {
      code: 'validation', message: 'depends_on: that would close a deploy-order loop', problems: [],
      fields: [{ field: 'depends_on', message: 'That would close a deploy-order loop' }],
    });
    const kindOf = () => within(screen.getAllByTestId('dependency')[0]).getByRole('combobox') as HTMLSelectElement;
    const before = kindOf().value;
    await user.selectOptions(kindOf(), 'deploy_order');
    await screen.findByText('That would close a deploy-order loop');
    await waitFor(() => expect(kindOf().value).toBe(before));

    await user.click(within(screen.getAllByTestId('dependency')[0]).getByRole('button', { name: /Remove/ }));
    await waitFor(() => expect(screen.getAllByTestId('dependency')).toHaveLength(1));
  });
});

// The first frame of a new view fits the whole map, unless the view has been
// placed already. Frames run by hand here, so Enter in the search can come
// between a change of view (clearing a focus) and the frame that draws it.
describe('a found service in the middle', () => {
  let frames: FrameRequestCallback[] = [];
  const raf = window.requestAnimationFrame;
  const runFrames = () => {
    const now = frames;
    frames = [];
    for (const frame of now) frame(performance.now());
  };

  beforeEach(() => {
    frames = [];
    window.requestAnimationFrame = (cb) => frames.push(cb);
    // jsdom lays nothing out; the map needs a size to draw and to point into.
    Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
    Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
  });

  afterEach(() => {
    window.requestAnimationFrame = raf;
    delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
    delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
  });

  it('stays there even when the map changed a moment before', async () => {
    const { user } = await openMap();
    runFrames();
    await user.type(screen.getByTestId('map-search'), 'checkout{Enter}');
    await user.click(await screen.findByTestId('map-focus-here'));
    await user.selectOptions(screen.getByTestId('map-depth'), '1 level');
    await waitFor(() => expect(summary()).toBe('2 services of 3 shown, 1 link'));
    runFrames();

    // The whole map is back, but not yet drawn, when Enter finds checkout.
    await user.click(screen.getByTestId('map-clear-focus'));
    await waitFor(() => expect(summary()).toBe('3 services of 3 shown, 2 links'));
    await user.clear(screen.getByTestId('map-search'));
    await user.type(screen.getByTestId('map-search'), 'checkout{Enter}');
    runFrames();

    const canvas = screen.getByTestId('map-canvas');
    const [x, y] = (canvas.dataset.centre ?? '').split(',').map(Number);
    await fireEvent.pointerMove(canvas, { clientX: x, clientY: y });
    expect(screen.getByTestId('map-tip')).toHaveTextContent('checkout-api');
  });
});
