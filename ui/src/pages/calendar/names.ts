// Lookups built from the catalog lists: service names by id, and services as
// picker items hinted with their owner team.
import type { PickItem } from '../../components/MultiPicker.svelte';
import type { Service, TeamListItem } from '../../lib/bindings';

export function serviceNamesOf(services: readonly Service[]): ReadonlyMap<string, string> {
  return new Map(services.map((s) => [s.id, s.name]));
}

export function serviceItemsOf(services: readonly Service[], teams: readonly TeamListItem[]): PickItem[] {
  const teamNames = new Map(teams.map((t) => [t.team.id, t.team.name]));
  return services.map((s) => ({ id: s.id, label: s.name, hint: (s.owner_team_id && teamNames.get(s.owner_team_id)) || undefined }));
}
