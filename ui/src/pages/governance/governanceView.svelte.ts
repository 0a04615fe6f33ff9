// One change's governance view (record, path, risk, approvals, decisions),
// reloaded when changes, people, policies or the workspace move. The
// lifecycle and approvals panels share one when shown together.
import { untrack } from 'svelte';
import type { GovernanceView } from '../../lib/bindings';
import { useData } from '../../lib/data.svelte';
import { Latest } from '../../lib/latest.svelte';

/** Call while a component initialises: it registers the reload effect. */
export function useGovernanceView(id: string): Latest<GovernanceView | null> {
  const data = useData();
  const view = new Latest<GovernanceView | null>(() => data.api.changeGovernance(id), null);
  $effect(() => {
    void data.versions.change;
    void data.versions.person;
    void data.versions.policy;
    void data.versions.workspace;
    untrack(() => void view.load());
  });
  return view;
}
