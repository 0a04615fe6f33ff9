// The lists the calendar needs beside its period: every service (names for
// timeline rows, the service pickers) and the trains (filter, editor).
// Reloaded by the page when services or trains change.
import type { PickItem } from '../../components/MultiPicker.svelte';
import type { Backend } from '../../lib/backend';
import type { Service, TeamListItem, TrainSummary } from '../../lib/bindings';
import { toErrorPayload } from '../../lib/errors';
import { toasts } from '../../lib/toasts.svelte';
import { serviceItemsOf, serviceNamesOf } from './names';

export class CalendarCatalog {
  services = $state<Service[]>([]);
  trains = $state<TrainSummary[]>([]);
  servicesLoaded = $state(false);

  readonly serviceNames = $derived(serviceNamesOf(this.services));

  constructor(private readonly api: Backend) {}

  /** Services as picker items, hinted with their owner team. */
  serviceItems(teams: readonly TeamListItem[]): PickItem[] {
    return serviceItemsOf(this.services, teams);
  }

  async loadServices(): Promise<void> {
    try {
      const page = await this.api.searchServices({
        text: null, owner_team_id: null, tier: null, system: null, sort: 'name', descending: false, limit: null, offset: 0,
      });
      this.services = page.items;
      this.servicesLoaded = true;
    } catch (e) {
      toasts.error(`Services could not be loaded: ${toErrorPayload(e).message}`);
    }
  }

  async loadTrains(): Promise<void> {
    try {
      this.trains = await this.api.listTrains();
    } catch (e) {
      toasts.error(`Trains could not be loaded: ${toErrorPayload(e).message}`);
    }
  }
}
