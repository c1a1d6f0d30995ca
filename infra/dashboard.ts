import { catalogFor } from '../src/alarms/index.js';
import { albWidgets } from '../src/alarms/alb.js';
import { ecsWidgets } from '../src/alarms/ecs.js';
import { redisWidgets } from '../src/alarms/elasticache.js';
import { dashboardName } from '../src/alarms/naming.js';
import { rdsWidgets } from '../src/alarms/rds.js';
import type { AlarmDefinition } from '../src/alarms/types.js';
import type { Lookup, WidgetContent } from '../src/alarms/widgets.js';
import type { StageConfig } from '../src/config/stage.js';
import type { Fragment } from './cfn.js';
import { LOGICAL_IDS } from './names.js';

// CloudWatch dashboard body structure: https://docs.aws.amazon.com/AmazonCloudWatch/latest/APIReference/CloudWatch-Dashboard-Body-Structure.html
// Each service module draws its widgets (src/alarms/<service>.ts); this file orders and places them.

export interface MetricWidget {
  type: 'metric';
  x: number;
  y: number;
  width: number;
  height: number;
  properties: WidgetContent & { region: string; view: 'timeSeries'; stacked: false };
}

export interface DashboardBody {
  start: string;
  widgets: MetricWidget[];
}

/** Reading order, two a row: ECS, then the load balancer, then the data stores, then the task counts. */
function widgets(def: Lookup, config: StageConfig): WidgetContent[] {
  const ecs = ecsWidgets(def, config.resources);
  const alb = albWidgets(def, config.resources);
  return [ecs.usage, alb.latency, alb.responses, rdsWidgets(def).database, redisWidgets(def).redis, ecs.tasks(alb.targets)];
}

const WIDTH = 12;
const HEIGHT = 6;

/** The stage's dashboard, drawn from the same definitions (metrics, periods, thresholds) as its alarms. */
export function dashboardBodyFor(config: StageConfig, catalog: readonly AlarmDefinition[]): DashboardBody {
  const placed = new Set<string>();
  const def: Lookup = (id) => {
    const found = catalog.find((d) => d.id === id);
    if (!found) throw new Error(`Dashboard: no catalog definition "${id}" (renamed? update its service module's widgets)`);
    placed.add(id);
    return found;
  };
  const body = widgets(def, config).map((content, i): MetricWidget => ({
    type: 'metric',
    x: (i % 2) * WIDTH,
    y: Math.floor(i / 2) * HEIGHT,
    width: WIDTH,
    height: HEIGHT,
    properties: { region: config.region, view: 'timeSeries', stacked: false, ...content },
  }));
  const unplaced = catalog.filter((d) => !placed.has(d.id)).map((d) => d.id);
  if (unplaced.length > 0) throw new Error(`Dashboard: alarms ${unplaced.join(', ')} are on no widget; draw them in their service module's widgets`);
  return { start: '-PT6H', widgets: body };
}

export const dashboardBody = (config: StageConfig): DashboardBody => dashboardBodyFor(config, catalogFor(config));

export function dashboardResources(config: StageConfig, catalog: readonly AlarmDefinition[]): Fragment {
  return {
    Resources: {
      [LOGICAL_IDS.dashboard]: {
        Type: 'AWS::CloudWatch::Dashboard',
        Properties: { DashboardName: dashboardName(config.stage), DashboardBody: JSON.stringify(dashboardBodyFor(config, catalog)) },
      },
    },
    Outputs: { DashboardName: { Description: `CloudWatch dashboard of ${config.stage}`, Value: { Ref: LOGICAL_IDS.dashboard } } },
  };
}
