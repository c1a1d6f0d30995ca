import type { AlarmDefinition } from './types.js';

/** Who fixes it: `platform` (ECS, ALB, capacity), `backend` (the API's code and behaviour), `data` (RDS, Redis). */
export type Team = 'platform' | 'backend' | 'data';

export const runbookPath = (id: string): string => `docs/runbooks/${id}.md`;

/** What a service module writes for one alarm; the runbook path follows from the id and alarms start enabled. */
export type DefinitionSpec = Omit<AlarmDefinition, 'runbook' | 'enabled' | 'owner'> & { owner: Team; enabled?: boolean };

export const define = (spec: DefinitionSpec): AlarmDefinition => ({
  ...spec,
  runbook: runbookPath(spec.id),
  enabled: spec.enabled ?? true,
});
