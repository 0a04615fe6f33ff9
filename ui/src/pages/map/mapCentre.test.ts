// The map keeps a found service in the middle even when the search's Enter
// comes between a change of view (clearing a focus) and the frame that draws
// it: the first frame of a new view fits the whole map, unless the view has
// been placed already. Frames are run by hand, so the order is certain.
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { fireEvent } from '@testing-library/svelte';
import { fakeWithCatalog, renderApp, screen, waitFor } from '../../test/render';

let frames: FrameRequestCallback[] = [];
const original = { raf: window.requestAnimationFrame };

function runFrames() {
  const now = frames;
  frames = [];
  for (const frame of now) frame(performance.now());
}

beforeEach(() => {
  frames = [];
  window.requestAnimationFrame = (cb) => frames.push(cb);
  // jsdom lays nothing out; the map needs a size to draw and to point into.
  Object.defineProperty(HTMLElement.prototype, 'clientWidth', { configurable: true, get: () => 1000 });
  Object.defineProperty(HTMLElement.prototype, 'clientHeight', { configurable: true, get: () => 600 });
});

afterEach(() => {
  window.requestAnimationFrame = original.raf;
  delete (HTMLElement.prototype as { clientWidth?: number }).clientWidth;
  delete (HTMLElement.prototype as { clientHeight?: number }).clientHeight;
});

describe('finding a service on the map', () => {
  it('puts it in the middle even when the map changed a moment before', async () => {
    const fake = fakeWithCatalog();
    const [checkout, ledger, cache] = fake.services;
    fake.deps.seed(checkout.id, ledger.id, 'runtime');
    fake.deps.seed(ledger.id, cache.id, 'deploy_order');
    history.replaceState(null, '', '#/map');
    const { user } = renderApp(fake);
    await waitFor(() => expect(screen.getByTestId('map-summary')).toHaveTextContent('3 services of 3 shown'));
    runFrames();

    await user.type(screen.getByTestId('map-search'), 'checkout{Enter}');
    await user.click(await screen.findByTestId('map-focus-here'));
    await user.selectOptions(screen.getByTestId('map-depth'), '1 level');
    await waitFor(() => expect(screen.getByTestId('map-summary')).toHaveTextContent('2 services of 3 shown'));
    runFrames();

    // The whole map is back, but not yet drawn, when Enter finds checkout.
    await user.click(screen.getByTestId('map-clear-focus'));
    await waitFor(() => expect(screen.getByTestId('map-summary')).toHaveTextContent('3 services of 3 shown'));
    await user.clear(screen.getByTestId('map-search'));
    await user.type(screen.getByTestId('map-search'), 'checkout{Enter}');
    runFrames();

    const canvas = screen.getByTestId('map-canvas');
    const [x, y] = (canvas.dataset.centre ?? '').split(',').map(Number);
    await fireEvent.pointerMove(canvas, { clientX: x, clientY: y });
    expect(screen.getByTestId('map-tip')).toHaveTextContent('checkout-api');
  });
});
