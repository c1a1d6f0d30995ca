import { createRequire } from 'module'; const require = createRequire(import.meta.url);

// src/alarms/define.ts
var runbookPath = (id) => `docs/runbooks/${id}.md`;
var define = (spec) => ({
  ...spec,
  runbook: runbookPath(spec.id),
  enabled: spec.enabled ?? true
});

// src/alarms/metric.ts
var metric = (namespace, name, dimensions2, statistic2) => ({ type: "metric", namespace, name, dimensions: dimensions2, statistic: statistic2 });
var input = (id, m) => ({
  id,
  namespace: m.namespace,
  name: m.name,
  dimensions: m.dimensions,
  statistic: m.statistic
});
var math = (expression, label, metrics) => ({
  type: "math",
  expression,
  label,
  metrics
});
var isPercentile = (statistic2) => /^p\d{1,2}(\.\d+)?$|^p100$/.test(statistic2);
var STATISTICS = ["Average", "Sum", "Minimum", "Maximum", "SampleCount"];

// src/alarms/alb.ts
var ALB_DEFAULTS = {
  max5xxPer5Minutes: 10,
  maxUnhealthyTargets: 0,
  maxP99ResponseSeconds: 2
};
var NS = "AWS/ApplicationELB";
function albMetrics(r) {
  const lb = { LoadBalancer: r.loadBalancerFullName };
  const api = { TargetGroup: r.targetGroupFullName, LoadBalancer: r.loadBalancerFullName };
  return {
    // 5xx the load balancer generated itself (no healthy target, target timeout, 502 on a reset): LB-wide only.
    elb5xx: metric(NS, "HTTPCode_ELB_5XX_Count", lb, "Sum"),
    target5xx: metric(NS, "HTTPCode_Target_5XX_Count", api, "Sum"),
    target2xx: metric(NS, "HTTPCode_Target_2XX_Count", api, "Sum"),
    target4xx: metric(NS, "HTTPCode_Target_4XX_Count", api, "Sum"),
    elb4xx: metric(NS, "HTTPCode_ELB_4XX_Count", lb, "Sum"),
    responseTime: metric(NS, "TargetResponseTime", api, "p99"),
    unhealthyTargets: metric(NS, "UnHealthyHostCount", api, "Maximum"),
    healthyTargets: metric(NS, "HealthyHostCount", api, "Minimum")
  };
}
function albAlarms(config2) {
  const m = albMetrics(config2.resources);
  return [
    // Errors users received, whoever produced them: ELB-generated plus target 5xx, summed over one 5-minute period
    // (1 of 1), which is "more than 10 in 5 minutes". ELB only publishes these counts when they are non-zero, so
    // FILL(…, 0) keeps one silent series from blanking the sum, and notBreaching covers minutes with no traffic.
    define({
      id: "alb-5xx",
      title: "API returning 5xx errors",
      severity: "critical",
      service: "alb",
      owner: "backend",
      metric: math("FILL(elb5xx, 0) + FILL(target5xx, 0)", "5xx responses (ELB + targets)", [
        input("elb5xx", m.elb5xx),
        input("target5xx", m.target5xx)
      ]),
      comparison: "GreaterThanThreshold",
      threshold: ALB_DEFAULTS.max5xxPer5Minutes,
      displayUnit: "errors",
      periodSeconds: 300,
      evaluationPeriods: 1,
      datapointsToAlarm: 1,
      treatMissingData: "notBreaching",
      meaning: "Users are getting server errors from the API: requests are failing right now."
    }),
    // Maximum, not Minimum: Minimum over a minute hides a target that flaps between healthy and unhealthy (the usual
    // shape of a health check timing out under load), and needs every load balancer node's sample to agree.
    // Robustness to a rolling deploy comes from 3 of 5 minutes instead: a new task is `initial`, not unhealthy,
    // until its first checks pass, and a replaced one is `draining`, so a good deploy adds no unhealthy minutes;
    // a task that keeps failing its checks for 3 minutes of 5 is not a deploy blip. UnHealthyHostCount is published
    // every minute whatever the traffic, so a gap is real missing data.
    define({
      id: "alb-unhealthy-targets",
      title: "API targets failing health checks",
      severity: "critical",
      service: "alb",
      owner: "platform",
      metric: m.unhealthyTargets,
      comparison: "GreaterThanThreshold",
      threshold: ALB_DEFAULTS.maxUnhealthyTargets,
      displayUnit: "targets",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 3,
      treatMissingData: "missing",
      meaning: "Backend tasks are failing their health checks, so the API runs on reduced capacity and may start refusing requests."
    }),
    // AWS recommends a percentile of TargetResponseTime over 1-minute periods, 5 of 5. p99 is what the slowest
    // users see; 5 consecutive minutes keeps one slow request at quiet hours from firing it. TargetResponseTime is
    // only published when there are requests: no traffic is not slowness.
    define({
      id: "alb-p99-latency-high",
      title: "API p99 response time high",
      severity: "warning",
      service: "alb",
      owner: "backend",
      metric: m.responseTime,
      comparison: "GreaterThanThreshold",
      threshold: ALB_DEFAULTS.maxP99ResponseSeconds,
      displayUnit: "s",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "notBreaching",
      meaning: "The slowest 1 % of API requests take longer than the target, so some users see a sluggish app or client timeouts."
    })
  ];
}

// src/alarms/ecs.ts
var ECS_DEFAULTS = {
  maxCpuPercent: 80,
  maxMemoryPercent: 80,
  /** Alarm when the service runs this many tasks or fewer. */
  minRunningTasks: 0
};
function ecsMetrics(r) {
  const service = { ClusterName: r.ecsClusterName, ServiceName: r.ecsServiceName };
  return {
    cpu: metric("AWS/ECS", "CPUUtilization", service, "Average"),
    memory: metric("AWS/ECS", "MemoryUtilization", service, "Average"),
    // Container Insights task counts: Maximum over the minute, so one running task anywhere in it counts.
    runningTasks: metric("ECS/ContainerInsights", "RunningTaskCount", service, "Maximum"),
    desiredTasks: metric("ECS/ContainerInsights", "DesiredTaskCount", service, "Maximum"),
    pendingTasks: metric("ECS/ContainerInsights", "PendingTaskCount", service, "Maximum")
  };
}
function ecsAlarms(config2) {
  const m = ecsMetrics(config2.resources);
  return [
    // AWS's recommended alarm: Average, 1-minute periods, 5 of 5, so a GC pause or a burst at task start does not
    // fire it. Warning, not critical: busy tasks are slower, not failing; latency and 5xx alarms page when users
    // feel it. Missing data is notBreaching: ECS stops publishing when no task runs, and ecs-no-running-tasks
    // is the alarm that says so.
    define({
      id: "ecs-cpu-high",
      title: "Backend CPU high",
      severity: "warning",
      service: "ecs",
      owner: "backend",
      metric: m.cpu,
      comparison: "GreaterThanThreshold",
      threshold: ECS_DEFAULTS.maxCpuPercent,
      displayUnit: "%",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "notBreaching",
      meaning: "The backend tasks are using most of their CPU, so API responses slow down and autoscaling may not be keeping up."
    }),
    // Same shape as CPU. On Fargate the memory limit is hard: a task at 100 % is OOM-killed and its in-flight
    // requests fail, so 80 % sustained for 5 minutes is the early warning of a leak or an undersized task.
    define({
      id: "ecs-memory-high",
      title: "Backend memory high",
      severity: "warning",
      service: "ecs",
      owner: "backend",
      metric: m.memory,
      comparison: "GreaterThanThreshold",
      threshold: ECS_DEFAULTS.maxMemoryPercent,
      displayUnit: "%",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "notBreaching",
      meaning: "The backend tasks are close to their memory limit and will be killed and restarted if it keeps growing."
    }),
    // AWS's recommended Container Insights alarm (RunningTaskCount ≤ 0). Critical: no task means no API.
    // 3 of 3 minutes rather than AWS's 5 of 5 because this is a full outage; a rolling deploy keeps old tasks
    // until new ones are healthy, so it never reaches zero. Missing data is breaching: Container Insights may
    // publish nothing for a service with no tasks, which is exactly the case this alarm exists for.
    define({
      id: "ecs-no-running-tasks",
      title: "Backend has no running tasks",
      severity: "critical",
      service: "ecs",
      owner: "platform",
      metric: m.runningTasks,
      comparison: "LessThanOrEqualToThreshold",
      threshold: ECS_DEFAULTS.minRunningTasks,
      displayUnit: "tasks",
      periodSeconds: 60,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "breaching",
      meaning: "No backend task is running, so the API is down for every user."
    })
  ];
}

// src/alarms/elasticache.ts
var REDIS_DEFAULTS = {
  maxEngineCpuPercent: 70,
  maxMemoryPercent: 80,
  minHitRatePercent: 70,
  /** Below this many lookups in 5 minutes the hit rate is noise (3 misses out of 5 is "40 %"), so it is not evaluated. */
  minLookupsForHitRate: 100
};
var NS2 = "AWS/ElastiCache";
function redisMetrics(r) {
  const node = { CacheClusterId: r.cacheClusterId };
  return {
    engineCpu: metric(NS2, "EngineCPUUtilization", node, "Average"),
    memory: metric(NS2, "DatabaseMemoryUsagePercentage", node, "Average"),
    hits: metric(NS2, "KeyspaceHits", node, "Sum"),
    misses: metric(NS2, "KeyspaceMisses", node, "Sum")
  };
}
function redisAlarms(config2) {
  const m = redisMetrics(config2.resources);
  return [
    // EngineCPUUtilization, not CPUUtilization: Redis executes commands on one thread, so the host CPU of a
    // multi-vCPU node reads low while the engine thread is saturated. AWS's shape: Average, 1-minute, 5 of 5.
    define({
      id: "redis-cpu-high",
      title: "Redis engine CPU high",
      severity: "warning",
      service: "elasticache",
      owner: "data",
      metric: m.engineCpu,
      comparison: "GreaterThanThreshold",
      threshold: REDIS_DEFAULTS.maxEngineCpuPercent,
      displayUnit: "%",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
      meaning: "The Redis engine thread is nearly saturated, so every cache call queues and API latency rises."
    }),
    // Percentage of maxmemory in use. Past 100 % Redis evicts keys (or refuses writes with noeviction), so 80 %
    // sustained for 5 minutes is the point to act while there is still room.
    define({
      id: "redis-memory-high",
      title: "Redis memory high",
      severity: "warning",
      service: "elasticache",
      owner: "data",
      metric: m.memory,
      comparison: "GreaterThanThreshold",
      threshold: REDIS_DEFAULTS.maxMemoryPercent,
      displayUnit: "%",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
      meaning: "Redis is close to its memory limit; when it is reached, cached data is evicted or cache writes fail."
    }),
    // Hit rate from KeyspaceHits and KeyspaceMisses (the same ratio as CacheHitRate, with a guard): only 5-minute
    // windows with enough lookups produce a value, so quiet hours drop out instead of flapping. A dropped window is
    // missing data and counts as notBreaching. 3 of 3 windows (15 minutes) because a cache refilling after a deploy
    // or a flush recovers within minutes. Info: a cold cache costs database load, not errors; rds-cpu-high and
    // alb-p99-latency-high say when that load starts to hurt.
    define({
      id: "redis-hit-rate-low",
      title: "Redis cache hit rate low",
      severity: "info",
      service: "elasticache",
      owner: "backend",
      metric: math(
        `IF((hits + misses) >= ${REDIS_DEFAULTS.minLookupsForHitRate}, 100 * hits / (hits + misses))`,
        "Cache hit rate (%)",
        [input("hits", m.hits), input("misses", m.misses)]
      ),
      comparison: "LessThanThreshold",
      threshold: REDIS_DEFAULTS.minHitRatePercent,
      displayUnit: "%",
      periodSeconds: 300,
      evaluationPeriods: 3,
      datapointsToAlarm: 3,
      treatMissingData: "notBreaching",
      meaning: "Most cache lookups miss, so requests fall through to the database and the API is slower than it should be."
    })
  ];
}

// src/alarms/naming.ts
var alarmName = (stage, id) => `ohmycoins-${stage}-${id}`;
var emailTopicName = (stage) => `ohmycoins-${stage}-alerts-email`;
var dashboardName = (stage) => `ohmycoins-${stage}`;
var catalogTag = (id) => `[alarm-id:${id}]`;
var TAG = /\[alarm-id:([a-z0-9]+(?:-[a-z0-9]+)*)\]/;
var NAME = /^ohmycoins-(?:staging|production)-([a-z0-9]+(?:-[a-z0-9]+)*)$/;
function catalogIdOf(name, description) {
  return (description ?? "").match(TAG)?.[1] ?? name.match(NAME)?.[1];
}

// src/alarms/units.ts
var BYTES_PER_MIB = 1024 ** 2;
var BYTES_PER_GIB = 1024 ** 3;
var mib = (n) => n * BYTES_PER_MIB;
var gib = (n) => n * BYTES_PER_GIB;
var bytesToGiB = (bytes) => bytes / BYTES_PER_GIB;

// src/alarms/rds.ts
var RDS_DEFAULTS = {
  maxCpuPercent: 80,
  minFreeStorageBytes: gib(10),
  /** AWS suggests ~25 % of the instance class's memory; 512 MiB suits a 2 GiB class, tune per stage. */
  minFreeableMemoryBytes: mib(512),
  /**
   * PostgreSQL on RDS allows LEAST(DBInstanceClassMemory / 9531392, 5000) connections (about 410 on a 4 GiB class).
   * Set this to ~80 % of `SHOW max_connections` for the stage's instance class.
   */
  maxConnections: 200
};
var NS3 = "AWS/RDS";
function rdsMetrics(r) {
  const db = { DBInstanceIdentifier: r.dbInstanceIdentifier };
  return {
    cpu: metric(NS3, "CPUUtilization", db, "Average"),
    freeStorage: metric(NS3, "FreeStorageSpace", db, "Minimum"),
    freeableMemory: metric(NS3, "FreeableMemory", db, "Average"),
    connections: metric(NS3, "DatabaseConnections", db, "Maximum")
  };
}
function rdsAlarms(config2) {
  const m = rdsMetrics(config2.resources);
  return [
    // AWS's recommended alarm: Average, 1-minute periods, 5 of 5. Warning: a busy database slows queries;
    // users feel it through latency and 5xx, which page.
    define({
      id: "rds-cpu-high",
      title: "Database CPU high",
      severity: "warning",
      service: "rds",
      owner: "data",
      metric: m.cpu,
      comparison: "GreaterThanThreshold",
      threshold: RDS_DEFAULTS.maxCpuPercent,
      displayUnit: "%",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
      meaning: "The PostgreSQL database is CPU-bound, so queries queue and every API call that touches it slows down."
    }),
    // Minimum: the lowest free space in the minute is the one that matters. Critical even though it moves slowly:
    // a full volume puts the instance in storage-full and stops all writes, and only a person can add storage
    // (unless storage autoscaling is on, in which case this alarm says it has run out of headroom).
    define({
      id: "rds-storage-low",
      title: "Database storage low",
      severity: "critical",
      service: "rds",
      owner: "data",
      metric: m.freeStorage,
      comparison: "LessThanThreshold",
      threshold: RDS_DEFAULTS.minFreeStorageBytes,
      displayUnit: "GiB",
      toDisplay: bytesToGiB,
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
      meaning: "The database is running out of disk; when it is full, every write fails and trading stops."
    }),
    // AWS's recommendation: Average over 15 of 15 minutes, since PostgreSQL's page cache legitimately uses most of
    // the memory; only sustained low memory means swapping.
    define({
      id: "rds-freeable-memory-low",
      title: "Database memory low",
      severity: "warning",
      service: "rds",
      owner: "data",
      metric: m.freeableMemory,
      comparison: "LessThanThreshold",
      threshold: RDS_DEFAULTS.minFreeableMemoryBytes,
      displayUnit: "GiB",
      toDisplay: bytesToGiB,
      periodSeconds: 60,
      evaluationPeriods: 15,
      datapointsToAlarm: 15,
      treatMissingData: "missing",
      meaning: "The database is short of memory and starting to swap, so queries get slower across the board."
    }),
    // Maximum rather than AWS's Average: connections are refused at the peak, not on average. 5 of 5 still
    // ignores a deploy's brief double pool (old and new tasks connected at once).
    define({
      id: "rds-connections-high",
      title: "Database connections high",
      severity: "warning",
      service: "rds",
      owner: "data",
      metric: m.connections,
      comparison: "GreaterThanThreshold",
      threshold: RDS_DEFAULTS.maxConnections,
      displayUnit: "connections",
      periodSeconds: 60,
      evaluationPeriods: 5,
      datapointsToAlarm: 5,
      treatMissingData: "missing",
      meaning: "The database is nearing its connection limit; past it, new connections are refused and API requests fail."
    })
  ];
}

// src/model/alert.ts
var SEVERITIES = ["critical", "warning", "info"];
var STAGES = ["staging", "production"];
var ALARM_STATES = ["ALARM", "OK", "INSUFFICIENT_DATA"];
var isAlert = (n) => n.kind !== "unrecognised";

// src/alarms/description.ts
var MAX_DESCRIPTION_LENGTH = 1024;
var runbookUrl = (config2, def) => `${config2.runbookBaseUrl}${def.runbook}`;
var alarmDescription = (config2, def) => `${def.meaning} Runbook: ${runbookUrl(config2, def)} ${catalogTag(def.id)}`;

// src/alarms/validate.ts
var CatalogError = class extends Error {
  constructor(stage, problems) {
    super(`Invalid alarm catalog for stage "${stage}":
${problems.map((p) => `  - ${p}`).join("\n")}`);
    this.stage = stage;
    this.problems = problems;
    this.name = "CatalogError";
  }
  stage;
  problems;
};
var KEBAB = /^[a-z0-9]+(?:-[a-z0-9]+)*$/;
var MATH_ID = /^[a-z][a-zA-Z0-9_]*$/;
var MAX_ALARM_NAME = 255;
var MAX_EVALUATION_SECONDS = 86400;
var STATIC_COMPARISONS = /* @__PURE__ */ new Set(["GreaterThanThreshold", "GreaterThanOrEqualToThreshold", "LessThanThreshold", "LessThanOrEqualToThreshold"]);
var MISSING_DATA = /* @__PURE__ */ new Set(["missing", "breaching", "notBreaching", "ignore"]);
var SERVICES = /* @__PURE__ */ new Set(["ecs", "alb", "rds", "elasticache"]);
var OVERRIDE_FIELDS = ["enabled", "severity", "threshold", "evaluationPeriods", "datapointsToAlarm"];
var isPositiveInteger = (n) => typeof n === "number" && Number.isInteger(n) && n >= 1;
var show = (v) => JSON.stringify(v) ?? String(v);
var isValidPeriod = (seconds) => [10, 20, 30].includes(seconds) || Number.isInteger(seconds) && seconds > 0 && seconds % 60 === 0;
function stageConfigProblems(config2) {
  const problems = [];
  for (const [field2, value] of Object.entries(config2.resources)) {
    if (typeof value !== "string" || value.trim() === "") problems.push(`resources.${field2}: must be a non-empty string, got ${show(value)}`);
  }
  const { loadBalancerFullName: lb, targetGroupFullName: tg } = config2.resources;
  if (typeof lb === "string" && lb && !/^app\/[^/]+\/[0-9a-f]+$/.test(lb)) {
    problems.push(`resources.loadBalancerFullName: "${lb}" is not of the form app/<name>/<id> (the ARN suffix CloudWatch uses)`);
  }
  if (typeof tg === "string" && tg && !/^targetgroup\/[^/]+\/[0-9a-f]+$/.test(tg)) {
    problems.push(`resources.targetGroupFullName: "${tg}" is not of the form targetgroup/<name>/<id> (the ARN suffix CloudWatch uses)`);
  }
  if (!/^https:\/\/\S+\/$/.test(config2.runbookBaseUrl)) {
    problems.push(`runbookBaseUrl: "${config2.runbookBaseUrl}" must be an https URL ending with "/" (runbook paths are appended to it)`);
  }
  const seen = /* @__PURE__ */ new Set();
  for (const address of config2.emailSubscribers) {
    if (!/^[^\s@]+@[^\s@]+\.[^\s@]+$/.test(address)) problems.push(`emailSubscribers: "${address}" is not an email address`);
    if (seen.has(address.toLowerCase())) problems.push(`emailSubscribers: "${address}" is listed twice`);
    seen.add(address.toLowerCase());
  }
  return problems;
}
function overrideProblems(config2, catalogIds) {
  const problems = [];
  const known = new Set(catalogIds);
  for (const [id, override] of Object.entries(config2.alarms)) {
    const where = `alarm override "${id}"`;
    if (!known.has(id)) {
      problems.push(`${where}: no catalog definition has this id (known ids: ${catalogIds.join(", ")})`);
      continue;
    }
    if (!override || typeof override !== "object") {
      problems.push(`${where}: must be an object of ${OVERRIDE_FIELDS.join(", ")}, got ${show(override)}`);
      continue;
    }
    for (const [field2, value] of Object.entries(override)) {
      if (!OVERRIDE_FIELDS.includes(field2)) {
        problems.push(`${where}: unknown field "${field2}" (allowed: ${OVERRIDE_FIELDS.join(", ")})`);
      } else if (field2 === "enabled" && typeof value !== "boolean") {
        problems.push(`${where}: enabled must be true or false, got ${show(value)}`);
      } else if (field2 === "severity" && !SEVERITIES.includes(value)) {
        problems.push(`${where}: severity must be one of ${SEVERITIES.join(", ")}, got ${show(value)}`);
      } else if (field2 === "threshold" && (typeof value !== "number" || !Number.isFinite(value))) {
        problems.push(`${where}: threshold must be a finite number, got ${show(value)}`);
      } else if ((field2 === "evaluationPeriods" || field2 === "datapointsToAlarm") && !isPositiveInteger(value)) {
        problems.push(`${where}: ${field2} must be a whole number \u2265 1, got ${show(value)}`);
      }
    }
  }
  return problems;
}
function metricProblems(m) {
  const problems = [];
  const reads = m.type === "metric" ? [{ id: void 0, ...m }] : m.metrics;
  if (m.type === "math") {
    if (!m.expression.trim()) problems.push("metric-math expression is empty");
    if (reads.length === 0) problems.push("metric-math expression has no input metrics");
    const ids = /* @__PURE__ */ new Set();
    for (const { id } of m.metrics) {
      if (!MATH_ID.test(id)) problems.push(`metric-math input id "${id}" must start with a lower-case letter and use only letters, digits and _`);
      if (ids.has(id)) problems.push(`metric-math input id "${id}" is used twice`);
      ids.add(id);
      if (!new RegExp(`\\b${id}\\b`).test(m.expression)) problems.push(`metric-math input "${id}" is not used by the expression "${m.expression}"`);
    }
  }
  for (const r of reads) {
    const name = `${r.namespace}/${r.name}`;
    if (!r.namespace || !r.name) problems.push(`a metric has no namespace or name (${show(name)})`);
    if (!STATISTICS.includes(r.statistic) && !isPercentile(r.statistic)) {
      problems.push(`${name}: statistic "${r.statistic}" is not one of ${STATISTICS.join(", ")} or a percentile such as p99`);
    }
    if (Object.keys(r.dimensions).length === 0) problems.push(`${name}: has no dimensions, so it would watch the whole account`);
    for (const [dim, value] of Object.entries(r.dimensions)) {
      if (typeof value !== "string" || value.trim() === "") problems.push(`${name}: dimension ${dim} is empty (set it in the stage's resources)`);
    }
  }
  return problems;
}
function definitionProblems(config2, defs) {
  const problems = [];
  const seen = /* @__PURE__ */ new Set();
  const mathIds = /* @__PURE__ */ new Map();
  for (const d of defs) {
    const add = (problem) => problems.push(`alarm "${d.id}": ${problem}`);
    if (!KEBAB.test(d.id)) add("id must be kebab-case (lower-case letters and digits joined by single hyphens)");
    if (seen.has(d.id)) add("id is defined twice");
    seen.add(d.id);
    const name = alarmName(config2.stage, d.id);
    if (name.length > MAX_ALARM_NAME) add(`alarm name "${name}" is ${name.length} characters, over CloudWatch's ${MAX_ALARM_NAME}`);
    if (!d.title?.trim()) add("title is empty");
    if (!SEVERITIES.includes(d.severity)) add(`severity must be one of ${SEVERITIES.join(", ")}, got ${show(d.severity)}`);
    if (!SERVICES.has(d.service)) add(`service must be one of ${[...SERVICES].join(", ")}, got ${show(d.service)}`);
    if (!STATIC_COMPARISONS.has(d.comparison)) add(`comparison ${show(d.comparison)} is not a static-threshold comparison`);
    if (typeof d.threshold !== "number" || !Number.isFinite(d.threshold)) add(`threshold must be a finite number, got ${show(d.threshold)}`);
    else if (d.displayUnit === "%" && (d.threshold < 0 || d.threshold > 100)) add(`threshold ${d.threshold} % is outside 0\u2013100`);
    if (!isValidPeriod(d.periodSeconds)) add(`period ${show(d.periodSeconds)} s is not 10, 20, 30 or a multiple of 60`);
    if (!isPositiveInteger(d.evaluationPeriods)) add(`evaluationPeriods must be a whole number \u2265 1, got ${show(d.evaluationPeriods)}`);
    if (!isPositiveInteger(d.datapointsToAlarm)) add(`datapointsToAlarm must be a whole number \u2265 1, got ${show(d.datapointsToAlarm)}`);
    if (isPositiveInteger(d.evaluationPeriods) && isPositiveInteger(d.datapointsToAlarm) && d.evaluationPeriods < d.datapointsToAlarm) {
      add(`evaluationPeriods (${d.evaluationPeriods}) < datapointsToAlarm (${d.datapointsToAlarm}): the alarm could never fire`);
    }
    if (d.evaluationPeriods * d.periodSeconds > MAX_EVALUATION_SECONDS) {
      add(`evaluationPeriods \xD7 period = ${d.evaluationPeriods * d.periodSeconds} s, over CloudWatch's one day`);
    }
    if (!MISSING_DATA.has(d.treatMissingData)) add(`treatMissingData must be one of ${[...MISSING_DATA].join(", ")}, got ${show(d.treatMissingData)}`);
    if (!d.meaning?.trim()) add("meaning is empty");
    if (d.runbook !== runbookPath(d.id)) add(`runbook must be ${runbookPath(d.id)}, got ${show(d.runbook)}`);
    if (!d.owner?.trim()) add("owner is empty");
    if (typeof d.enabled !== "boolean") add(`enabled must be true or false, got ${show(d.enabled)}`);
    const description = alarmDescription(config2, d);
    if (description.length > MAX_DESCRIPTION_LENGTH) {
      add(`description is ${description.length} characters, over CloudWatch's ${MAX_DESCRIPTION_LENGTH} (shorten the meaning)`);
    }
    for (const p of metricProblems(d.metric)) add(p);
    if (d.metric.type === "math") {
      for (const { id } of d.metric.metrics) {
        const owner = mathIds.get(id);
        if (owner && owner !== d.id) add(`metric-math input id "${id}" is also used by "${owner}"`);
        mathIds.set(id, d.id);
      }
    }
  }
  return problems;
}

// src/alarms/index.ts
var SERVICES2 = [ecsAlarms, albAlarms, rdsAlarms, redisAlarms];
var defaultCatalog = (config2) => SERVICES2.flatMap((build) => build(config2));
function applyOverride(def, o) {
  if (!o) return def;
  return {
    ...def,
    enabled: o.enabled ?? def.enabled,
    severity: o.severity ?? def.severity,
    threshold: o.threshold ?? def.threshold,
    evaluationPeriods: o.evaluationPeriods ?? def.evaluationPeriods,
    datapointsToAlarm: o.datapointsToAlarm ?? def.datapointsToAlarm
  };
}
function catalogFor(config2) {
  const defaults = defaultCatalog(config2);
  const early = [...stageConfigProblems(config2), ...overrideProblems(config2, defaults.map((d) => d.id))];
  if (early.length > 0) throw new CatalogError(config2.stage, early);
  const resolved = defaults.map((d) => applyOverride(d, config2.alarms[d.id]));
  const problems = definitionProblems(config2, resolved);
  if (problems.length > 0) throw new CatalogError(config2.stage, problems);
  return resolved;
}
function findDefinition(catalog2, alarmName2, description) {
  const id = catalogIdOf(alarmName2, description);
  return id === void 0 ? void 0 : catalog2.find((d) => d.id === id);
}

// src/config/stages/production.ts
var production = {
  stage: "production",
  region: "eu-west-1",
  resources: {
    ecsClusterName: "ohmycoins-production",
    ecsServiceName: "ohmycoins-production-backend",
    loadBalancerFullName: "app/ohmycoins-production-alb/9a7b3c1d5e2f4a68",
    targetGroupFullName: "targetgroup/ohmycoins-production-api/3f6e9d2c8b1a7e54",
    dbInstanceIdentifier: "ohmycoins-production-db",
    cacheClusterId: "ohmycoins-production-redis-001",
    ecsLogGroup: "/ecs/ohmycoins-production-backend"
  },
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  // Production runs the catalog defaults; see docs/alarms.md.
  alarms: {},
  runbookBaseUrl: "https://github.com/ohmycoins/ohmycoins-alerting/blob/main/",
  emailSubscribers: ["oncall@ohmycoins.example"],
  enrichment: { budgetMs: 1500, graphImage: false },
  silences: []
};

// src/config/stages/staging.ts
var staging = {
  stage: "staging",
  region: "eu-west-1",
  resources: {
    ecsClusterName: "ohmycoins-staging",
    ecsServiceName: "ohmycoins-staging-backend",
    loadBalancerFullName: "app/ohmycoins-staging-alb/5c1f0e2b7a9d4e31",
    targetGroupFullName: "targetgroup/ohmycoins-staging-api/8e2d4a6b1c3f5e70",
    dbInstanceIdentifier: "ohmycoins-staging-db",
    cacheClusterId: "ohmycoins-staging-redis-001",
    ecsLogGroup: "/ecs/ohmycoins-staging-backend"
  },
  // Keyed by catalog id (src/alarms/); thresholds in CloudWatch's unit (bytes via gib()/mib() from src/alarms/units.ts).
  alarms: {
    // Staging traffic is sparse and synthetic: its p99 is often a single cold request, which says nothing.
    "alb-p99-latency-high": { enabled: false }
  },
  runbookBaseUrl: "https://github.com/ohmycoins/ohmycoins-alerting/blob/main/",
  emailSubscribers: [],
  enrichment: { budgetMs: 1500, graphImage: false },
  silences: []
};

// src/config/stages/index.ts
var CONFIGS = { staging, production };
var isStage = (value) => STAGES.includes(value);
function stageConfig(stage) {
  if (!isStage(stage)) throw new Error(`Unknown stage "${stage}": expected one of ${STAGES.join(", ")}`);
  return CONFIGS[stage];
}

// src/enrich/format.ts
function formatNumber(n) {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e3) return Math.round(n).toLocaleString("en-US");
  if (abs >= 100) return String(Math.round(n));
  if (abs >= 10) return String(Number(n.toFixed(1)));
  if (abs >= 1) return String(Number(n.toFixed(2)));
  if (abs === 0) return "0";
  return String(Number(n.toPrecision(3)));
}
function withUnit(n, unit) {
  return unit ? `${formatNumber(n)} ${unit}` : formatNumber(n);
}
var CLOUDWATCH_UNITS = {
  Percent: "%",
  Seconds: "s",
  Milliseconds: "ms",
  Microseconds: "\xB5s",
  Bytes: "bytes",
  Kilobytes: "KB",
  Megabytes: "MB",
  Gigabytes: "GB",
  Count: "",
  "Count/Second": "/s",
  "Bytes/Second": "bytes/s",
  None: ""
};
function displayUnitOf(unit) {
  if (!unit) return "";
  return CLOUDWATCH_UNITS[unit] ?? unit;
}
function periodWords(seconds) {
  if (seconds % 3600 === 0) return plural(seconds / 3600, "hour");
  if (seconds % 60 === 0) return plural(seconds / 60, "minute");
  return plural(seconds, "second");
}
function formatDuration(ms) {
  const seconds = Math.max(0, Math.round(ms / 1e3));
  if (seconds < 60) return `${seconds} s`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
function plural(n, word) {
  return `${n} ${word}${n === 1 ? "" : "s"}`;
}
function toEpochMs(value) {
  if (value instanceof Date) return Number.isNaN(value.getTime()) ? void 0 : value.getTime();
  if (typeof value === "number") return Number.isFinite(value) ? value * 1e3 : void 0;
  if (typeof value !== "string" || value === "") return void 0;
  const ms = Date.parse(value);
  return Number.isNaN(ms) ? void 0 : ms;
}

// src/enrich/alarmed-metric.ts
var STAT_WORDS = {
  Average: "average",
  Sum: "total",
  Minimum: "min",
  Maximum: "max",
  SampleCount: "count of"
};
function statLabel(stat, metricName) {
  const word = stat ? STAT_WORDS[stat] ?? stat : void 0;
  return word ? `${word} ${metricName}` : metricName;
}
var BAND = /ANOMALY_DETECTION_BAND\s*\(\s*[A-Za-z]\w*\s*(?:,\s*([0-9.]+)\s*)?\)/i;
var ADDITIVE_STATS = /* @__PURE__ */ new Set(["Sum", "SampleCount"]);
function alarmedMetric(alert, definition) {
  if (alert.kind === "composite") return void 0;
  const trigger = alert.trigger ?? {};
  const fromAlert = queriesFromAlert(alert);
  const series = fromAlert ?? (definition ? queriesFromDefinition(definition) : void 0);
  if (!series) return void 0;
  const alarmed = series.queries.find((q) => q.id === series.alarmedId);
  const band = series.bandId ? series.queries.find((q) => q.id === series.bandId) : void 0;
  const comparison2 = trigger.comparison ?? definition?.comparison;
  const isAnomaly = band !== void 0 || comparison2 !== void 0 && isBandComparison(comparison2);
  const stats = series.queries.map((q) => q.stat).filter((s) => s !== void 0);
  return {
    kind: isAnomaly ? "anomaly" : alarmed?.expression ? "math" : "metric",
    label: labelFor(alarmed, definition),
    period: trigger.period ?? series.period ?? definition?.periodSeconds ?? 60,
    evaluationPeriods: trigger.evaluationPeriods ?? definition?.evaluationPeriods ?? 1,
    datapointsToAlarm: trigger.datapointsToAlarm ?? trigger.evaluationPeriods ?? definition?.datapointsToAlarm ?? 1,
    comparison: comparison2,
    threshold: isAnomaly ? void 0 : trigger.threshold ?? definition?.threshold,
    bandWidth: band?.expression ? bandWidthOf(band.expression) : void 0,
    treatMissingData: trigger.treatMissingData ?? definition?.treatMissingData,
    unit: definition ? definition.displayUnit : displayUnitOf(trigger.unit ?? firstUnit(alert)),
    toDisplay: definition?.toDisplay ?? ((raw) => raw),
    queries: series.queries.filter((q) => q.id !== series.bandId),
    alarmedId: series.alarmedId,
    additive: stats.length === 0 ? Boolean(alarmed?.expression) : stats.some((s) => ADDITIVE_STATS.has(s))
  };
}
function isBandComparison(c) {
  return c === "LessThanLowerOrGreaterThanUpperThreshold" || c === "LessThanLowerThreshold" || c === "GreaterThanUpperThreshold";
}
function metricsOf(m) {
  return m.queries.flatMap((q) => q.metric ? [q.metric] : []);
}
function queriesFromAlert(alert) {
  const t = alert.trigger;
  if (!t) return void 0;
  if (t.metric) return { queries: [{ id: "m1", metric: t.metric, stat: t.statistic }], alarmedId: "m1" };
  if (!t.queries?.length) return void 0;
  const queries = t.queries.map((q) => ({ id: q.id, expression: q.expression, label: q.label, metric: q.metric, stat: q.stat }));
  const bandId = t.thresholdMetricId ?? t.queries.find((q) => q.expression && BAND.test(q.expression))?.id;
  const returned = t.queries.filter((q) => q.returnData && q.id !== bandId);
  const alarmed = returned[0] ?? t.queries.find((q) => q.id !== bandId);
  if (!alarmed) return void 0;
  const period = t.queries.find((q) => q.period !== void 0)?.period;
  return { queries: moveLast(queries, alarmed.id), alarmedId: alarmed.id, bandId, period };
}
function queriesFromDefinition(d) {
  const m = d.metric;
  if (m.type === "metric") {
    return {
      queries: [{ id: "m1", metric: { namespace: m.namespace, name: m.name, dimensions: m.dimensions }, stat: m.statistic }],
      alarmedId: "m1"
    };
  }
  const inputs = m.metrics.map((i) => ({
    id: i.id,
    metric: { namespace: i.namespace, name: i.name, dimensions: i.dimensions },
    stat: i.statistic
  }));
  const taken = new Set(inputs.map((i) => i.id));
  let id = "alarmed";
  for (let n = 2; taken.has(id); n++) id = `alarmed${n}`;
  return { queries: [...inputs, { id, expression: m.expression, label: m.label }], alarmedId: id };
}
function labelFor(alarmed, definition) {
  if (definition) {
    const m = definition.metric;
    return m.type === "math" ? m.label : statLabel(m.statistic, m.name);
  }
  if (!alarmed) return "the metric";
  if (alarmed.metric) return statLabel(alarmed.stat, alarmed.metric.name);
  return alarmed.label || alarmed.expression || alarmed.id;
}
function bandWidthOf(expression) {
  const width = BAND.exec(expression)?.[1];
  return width ? Number(width) : 2;
}
function firstUnit(alert) {
  return alert.trigger?.queries?.find((q) => q.unit)?.unit;
}
function moveLast(queries, id) {
  return [...queries.filter((q) => q.id !== id), ...queries.filter((q) => q.id === id)];
}

// src/enrich/budget.ts
function startBudget(ms) {
  const controller = new AbortController();
  let timer;
  const deadline = new Promise((resolve3) => {
    timer = setTimeout(() => {
      controller.abort(new DeadlineError(ms));
      resolve3({ ok: false, error: new DeadlineError(ms), timedOut: true });
    }, Math.max(0, ms));
  });
  return {
    run: (call) => {
      const attempt = Promise.resolve().then(() => call(controller.signal)).then(
        (value) => ({ ok: true, value }),
        (error) => ({ ok: false, error, timedOut: controller.signal.aborted || isAbort(error) })
      );
      return Promise.race([attempt, deadline]);
    },
    done: () => clearTimeout(timer)
  };
}
var DeadlineError = class extends Error {
  name = "DeadlineError";
  constructor(ms) {
    super(`enrichment budget of ${ms} ms spent`);
  }
};
var isAbort = (error) => error instanceof Error && (error.name === "AbortError" || error.name === "DeadlineError");
function failureReason(outcome) {
  if (outcome.timedOut) return "CloudWatch timed out";
  const error = outcome.error;
  const name = typeof error?.name === "string" ? error.name : "";
  const status = typeof error?.$metadata?.httpStatusCode === "number" ? error.$metadata.httpStatusCode : void 0;
  if (/throttl|too ?many ?requests|rate ?exceeded/i.test(name) || status === 429) return "CloudWatch throttled";
  if (/accessdenied|unauthori[sz]ed|notauthori[sz]ed/i.test(name) || status === 403) return "CloudWatch access denied";
  if (status !== void 0 && status >= 500) return `CloudWatch error (${status})`;
  if (/timeout|ECONNRESET|ECONNREFUSED|ENOTFOUND|socket|network/i.test(`${name} ${String(error?.message ?? "")}`)) {
    return "CloudWatch unreachable";
  }
  return name && name !== "Error" ? `CloudWatch error (${name})` : "CloudWatch error";
}

// src/enrich/cloudwatch.ts
var NotProvidedError = class extends Error {
  name = "NotProvidedError";
};

// src/enrich/current.ts
function latestReasonValue(alert) {
  const data = alert.reasonData;
  const recent = numbers(data?.["recentDatapoints"]);
  if (recent.length) return recent[recent.length - 1];
  const evaluated = data?.["evaluatedDatapoints"];
  if (Array.isArray(evaluated)) {
    const value = evaluated.map((d) => isRecord(d) ? d["value"] : void 0).find(isNumber);
    if (value !== void 0) return value;
  }
  return fromReasonText(alert.reason);
}
var NEWEST_FIRST = /\[\s*(-?\d+(?:\.\d+)?(?:[eE][-+]?\d+)?)\s*\(/;
var OLDEST_FIRST = /most recent datapoints?:\s*\[([^\]]*)\]/i;
function fromReasonText(reason) {
  const newest = NEWEST_FIRST.exec(reason)?.[1];
  if (newest !== void 0) return Number(newest);
  const list2 = OLDEST_FIRST.exec(reason)?.[1];
  const values = list2?.split(",").map((s) => Number(s.trim())).filter(Number.isFinite) ?? [];
  return values[values.length - 1];
}
function currentValue(alert, metric2, raw) {
  const value = metric2.toDisplay(raw);
  return { value, text: withUnit(value, metric2.unit), distance: distanceText(alert, metric2, raw) };
}
function distanceText(alert, m, raw) {
  if (m.kind === "anomaly") return bandDistance(alert, m, raw);
  if (m.threshold === void 0) return void 0;
  const value = m.toDisplay(raw);
  const threshold = m.toDisplay(m.threshold);
  const diff = value - threshold;
  if (diff === 0) return "at the threshold";
  const side = diff > 0 ? "above" : "below";
  const amount = m.unit === "%" ? `${formatNumber(Math.abs(diff))} points` : withUnit(Math.abs(diff), m.unit);
  const ratio = diff > 0 && threshold > 0 && value / threshold >= 2 ? ` (${formatNumber(value / threshold)}\xD7 the threshold)` : "";
  return `${amount} ${side} the threshold${ratio}`;
}
function bandDistance(alert, m, raw) {
  const upper = last(numbers(alert.reasonData?.["recentUpperThresholds"]));
  const lower = last(numbers(alert.reasonData?.["recentLowerThresholds"]));
  const show2 = (n) => withUnit(m.toDisplay(n), m.unit);
  const gap = (a, b) => withUnit(Math.abs(m.toDisplay(a) - m.toDisplay(b)), m.unit);
  if (upper !== void 0 && raw > upper) return `${gap(raw, upper)} above the band (upper edge ${show2(upper)})`;
  if (lower !== void 0 && raw < lower) return `${gap(raw, lower)} below the band (lower edge ${show2(lower)})`;
  if (upper !== void 0 && lower !== void 0) return `inside the band (${show2(lower)} to ${show2(upper)})`;
  return void 0;
}
function numbers(value) {
  return Array.isArray(value) ? value.filter(isNumber) : [];
}
var last = (values) => values[values.length - 1];
var isNumber = (v) => typeof v === "number" && Number.isFinite(v);
var isRecord = (v) => typeof v === "object" && v !== null;

// src/enrich/history.ts
var HOUR = 36e5;
var DAY = 24 * HOUR;
var FLAPPING_LAST_HOUR = 3;
var FLAPPING_LAST_DAY = 6;
var SAME_TRANSITION_MS = 2 * 6e4;
function historyQuery(alarmName2, now) {
  return {
    AlarmName: alarmName2,
    AlarmTypes: ["MetricAlarm", "CompositeAlarm"],
    HistoryItemType: "StateUpdate",
    StartDate: new Date(now.getTime() - DAY),
    EndDate: now,
    ScanBy: "TimestampDescending",
    MaxRecords: 100
  };
}
function transitionOf(item) {
  const at = toEpochMs(item.Timestamp);
  if (at === void 0) return void 0;
  let to;
  try {
    const data = item.HistoryData ? JSON.parse(item.HistoryData) : void 0;
    const state = data?.newState?.stateValue;
    if (typeof state === "string") to = state;
  } catch {
  }
  to ??= /\bto (ALARM|OK|INSUFFICIENT_DATA)\b/.exec(item.HistorySummary ?? "")?.[1];
  return { at, to };
}
function summariseHistory(output, alert, now) {
  const nowMs = now.getTime();
  const changedAt = toEpochMs(alert.stateChangeTime);
  const transitions = (output.AlarmHistoryItems ?? []).filter((i) => !i.HistoryItemType || i.HistoryItemType === "StateUpdate").flatMap((i) => transitionOf(i) ?? []).filter((t) => t.at > nowMs - DAY && t.at <= nowMs + SAME_TRANSITION_MS).sort((a, b) => b.at - a.at);
  const intoAlarm = transitions.filter((t) => t.to === "ALARM").map((t) => t.at);
  if (alert.state === "ALARM" && changedAt !== void 0 && changedAt > nowMs - DAY) {
    if (!intoAlarm.some((at) => Math.abs(at - changedAt) <= SAME_TRANSITION_MS)) intoAlarm.push(changedAt);
  }
  const firedLast24h = intoAlarm.length;
  const lastHour = intoAlarm.filter((at) => at > nowMs - HOUR).length;
  const flapping = lastHour >= FLAPPING_LAST_HOUR || firedLast24h >= FLAPPING_LAST_DAY;
  const truncated = Boolean(output.NextToken);
  const count = firedLast24h === 0 ? "not fired" : firedLast24h === 1 ? "fired once" : `fired ${truncated ? "at least " : ""}${firedLast24h} times`;
  const recent = lastHour >= 2 ? `, ${lastHour} of them in the last hour` : "";
  const history = { summary: `${count} in the last 24 h${recent}`, firedLast24h, flapping };
  const duration = alert.state === "OK" || alert.state === "INSUFFICIENT_DATA" ? alarmDuration(alert, transitions, changedAt, truncated) : void 0;
  if (duration) history.alarmDuration = duration;
  return history;
}
function alarmDuration(alert, newestFirst, changedAt, truncated) {
  if (alert.previousState !== "ALARM" || changedAt === void 0) return void 0;
  const began = newestFirst.find((t) => t.to === "ALARM" && t.at < changedAt)?.at ?? toEpochMs(alert.previousStateChangeTime);
  if (began !== void 0 && began <= changedAt) return formatDuration(changedAt - began);
  return truncated ? void 0 : "more than 24 h";
}

// src/enrich/console.ts
var HOSTS = {
  aws: (region) => `${region}.console.aws.amazon.com`,
  "aws-us-gov": () => "console.amazonaws-us-gov.com",
  "aws-cn": () => "console.amazonaws.cn"
};
var REGION_CODE = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
function consoleBase(partition, region) {
  if (!REGION_CODE.test(region)) return void 0;
  return `https://${HOSTS[partition](region)}`;
}
function cloudWatchUrl(partition, region, route2) {
  const base = consoleBase(partition, region);
  return base && `${base}/cloudwatch/home?region=${region}#${route2}`;
}
var consoleEncode = (name) => encodeURIComponent(name).replace(/%/g, "$");
var consoleEncodeTwice = (name) => encodeURIComponent(encodeURIComponent(name)).replace(/%/g, "$");
function jsurl(value) {
  if (value === null || value === void 0) return "~null";
  if (typeof value === "boolean") return `~${value}`;
  if (typeof value === "number") return Number.isFinite(value) ? `~${jsurlText(String(value))}` : "~null";
  if (typeof value === "string") return `~'${jsurlText(value)}`;
  if (Array.isArray(value)) return `~(${value.map(jsurl).join("") || "~"})`;
  const members = Object.entries(value).filter(([, v]) => v !== void 0).map(([k, v]) => `${jsurlText(k)}${jsurl(v)}`);
  return `~(${members.join("~")})`;
}
function jsurlText(s) {
  return s.replace(/[^\w.-]/g, (ch) => {
    if (ch === "$") return "!";
    const code = ch.charCodeAt(0);
    return code < 256 ? `*${code.toString(16).padStart(2, "0")}` : `**${code.toString(16).padStart(4, "0")}`;
  });
}

// src/enrich/links.ts
var MINUTE = 6e4;
function deepLinks({ alert, config: config2, metric: metric2, ours, runbookUrl: runbookUrl2 }) {
  const { partition, region } = alert;
  return {
    alarm: alarmUrl(partition, region, alert.alarmName),
    metrics: metric2 && metricGraphUrl(alert, metric2),
    dashboard: cloudWatchUrl(partition, config2.region, `dashboards/dashboard/${consoleEncode(dashboardName(config2.stage))}`),
    runbook: runbookUrl2,
    resources: metric2 ? resourceLinks(alert, metricsOf(metric2), config2, ours) : [],
    children: childLinks(alert)
  };
}
function alarmUrl(partition, region, name) {
  return cloudWatchUrl(partition, region, `alarmsV2:alarm/${consoleEncode(name)}`);
}
function metricGraphUrl(alert, m) {
  const changed = toEpochMs(alert.stateChangeTime);
  if (changed === void 0) return void 0;
  const lookBack = Math.max(60 * MINUTE, 3 * m.period * m.evaluationPeriods * 1e3);
  const graph = {
    view: "timeSeries",
    stacked: false,
    region: alert.region,
    title: alert.alarmName,
    period: m.period,
    start: new Date(changed - lookBack).toISOString(),
    end: new Date(changed + 30 * MINUTE).toISOString(),
    metrics: graphMetrics(m),
    annotations: {
      horizontal: m.threshold === void 0 ? void 0 : [{ label: "threshold", value: m.threshold }],
      vertical: [{ label: alert.state, value: new Date(changed).toISOString() }]
    }
  };
  return cloudWatchUrl(alert.partition, alert.region, `metricsV2?graph=${jsurl(graph)}`);
}
function graphMetrics(m) {
  const single2 = m.queries.length === 1 && m.kind !== "anomaly";
  const rows2 = m.queries.map((q) => {
    const shown = q.id === m.alarmedId;
    if (!q.metric) return [{ expression: q.expression, label: q.label ?? m.label, id: q.id }];
    const dims = Object.entries(q.metric.dimensions).flat();
    const options = single2 ? { stat: q.stat } : { stat: q.stat, id: q.id, visible: shown ? void 0 : false };
    return [q.metric.namespace, q.metric.name, ...dims, options];
  });
  if (m.kind === "anomaly") rows2.push([{ expression: `ANOMALY_DETECTION_BAND(${m.alarmedId}, ${m.bandWidth ?? 2})`, label: "expected", id: "band" }]);
  return rows2;
}
function resourceLinks(alert, metrics, config2, ours) {
  const base = consoleBase(alert.partition, alert.region);
  if (!base) return [];
  const r = alert.region;
  const links2 = [];
  const add = (label, url) => {
    if (url && !links2.some((l) => l.url === url)) links2.push({ label, url });
  };
  const arn = (resource) => alert.account ? `arn:${alert.partition}:elasticloadbalancing:${r}:${alert.account}:${resource}` : void 0;
  for (const { namespace, dimensions: d } of metrics) {
    if ((namespace === "AWS/ECS" || namespace === "ECS/ContainerInsights") && d["ClusterName"]) {
      const cluster = encodeURIComponent(d["ClusterName"]);
      const service = d["ServiceName"];
      if (service) {
        add(`ECS service ${service}`, `${base}/ecs/v2/clusters/${cluster}/services/${encodeURIComponent(service)}/health?region=${r}`);
        const isOurs = ours || d["ClusterName"] === config2.resources.ecsClusterName && service === config2.resources.ecsServiceName;
        const group = config2.resources.ecsLogGroup;
        if (isOurs && group) add(`logs ${group}`, cloudWatchUrl(alert.partition, r, `logsV2:log-groups/log-group/${consoleEncodeTwice(group)}`));
      } else {
        add(`ECS cluster ${d["ClusterName"]}`, `${base}/ecs/v2/clusters/${cluster}/services?region=${r}`);
      }
    }
    if (namespace === "AWS/ApplicationELB" || namespace === "AWS/NetworkELB") {
      const tg = d["TargetGroup"];
      const lb = d["LoadBalancer"];
      const tgArn = tg && arn(tg);
      const lbArn = lb && arn(`loadbalancer/${lb}`);
      if (tg && tgArn) add(`target group ${tg.split("/")[1] ?? tg}`, `${base}/ec2/home?region=${r}#TargetGroup:targetGroupArn=${tgArn}`);
      if (lb && lbArn) add(`load balancer ${lb.split("/")[1] ?? lb}`, `${base}/ec2/home?region=${r}#LoadBalancer:loadBalancerArn=${lbArn}`);
    }
    if (namespace === "AWS/RDS") {
      const instance = d["DBInstanceIdentifier"];
      const cluster = d["DBClusterIdentifier"];
      if (instance) add(`RDS instance ${instance}`, `${base}/rds/home?region=${r}#database:id=${encodeURIComponent(instance)};is-cluster=false`);
      if (cluster) add(`RDS cluster ${cluster}`, `${base}/rds/home?region=${r}#database:id=${encodeURIComponent(cluster)};is-cluster=true`);
    }
    if (namespace === "AWS/EC2" && d["InstanceId"]) {
      add(`EC2 instance ${d["InstanceId"]}`, `${base}/ec2/home?region=${r}#InstanceDetails:instanceId=${encodeURIComponent(d["InstanceId"])}`);
    }
    if (namespace === "AWS/ElastiCache") {
      const group = d["ReplicationGroupId"] ?? d["CacheClusterId"]?.replace(/-\d{3,4}$/, "");
      if (group) add(`Redis cluster ${group}`, `${base}/elasticache/home?region=${r}#/redis/${encodeURIComponent(group)}`);
    }
  }
  return links2;
}
function childLinks(alert) {
  return (alert.composite?.triggeringChildren ?? []).flatMap((child) => {
    const [, partition, , region] = child.arn.split(":");
    const url = alarmUrl(isPartition(partition) ? partition : alert.partition, region ?? alert.region, child.name);
    return url ? [{ label: child.name, url }] : [];
  });
}
var isPartition = (p) => p === "aws" || p === "aws-us-gov" || p === "aws-cn";

// src/enrich/threshold.ts
var OPERATOR_WORDS = {
  GreaterThanThreshold: "above",
  GreaterThanOrEqualToThreshold: "\u2265",
  LessThanThreshold: "below",
  LessThanOrEqualToThreshold: "\u2264"
};
var BAND_WORDS = {
  LessThanLowerOrGreaterThanUpperThreshold: "outside the anomaly band",
  GreaterThanUpperThreshold: "above the anomaly band",
  LessThanLowerThreshold: "below the anomaly band"
};
function thresholdInWords(alert, metric2) {
  if (alert.composite) return `alarm rule: ${alert.composite.rule}`;
  if (!metric2) return void 0;
  const condition = metric2.kind === "anomaly" ? bandCondition(metric2) : thresholdCondition(metric2);
  if (!condition) return void 0;
  const missing = metric2.treatMissingData === "breaching" ? "; missing data counts as breaching" : "";
  return `${metric2.label} ${condition} ${windowWords(metric2)}${missing}`;
}
function thresholdCondition(m) {
  if (m.threshold === void 0 || !m.comparison) return void 0;
  const op = OPERATOR_WORDS[m.comparison];
  return op ? `${op} ${withUnit(m.toDisplay(m.threshold), m.unit)}` : void 0;
}
function bandCondition(m) {
  const words = (m.comparison && BAND_WORDS[m.comparison]) ?? "outside the anomaly band";
  const width = m.bandWidth ?? 2;
  return `${words} (${plural(width, "standard deviation")})`;
}
function windowWords(m) {
  const { period, datapointsToAlarm: breaching, evaluationPeriods: of } = m;
  if (period === 60) return breaching === 1 && of === 1 ? "in 1 minute" : `for ${breaching} of ${of} minutes`;
  if (m.kind === "anomaly") return `for ${breaching} of ${of} periods of ${periodWords(period)}`;
  return `in ${periodWords(period)}, ${breaching} of ${of} datapoints`;
}

// src/enrich/trend.ts
var BARS = "\u2581\u2582\u2583\u2584\u2585\u2586\u2587\u2588";
var GAP = "\xB7";
var MINUTE2 = 6e4;
function trendWindow(metric2, now) {
  const period = metric2.additive ? Math.max(60, metric2.period) : 60;
  const endMs = Math.floor(now.getTime() / (period * 1e3)) * period * 1e3;
  const span = Math.max(60 * MINUTE2, 12 * period * 1e3);
  return { start: new Date(endMs - span), end: new Date(endMs), period };
}
function trendQuery(metric2, window) {
  const queries = metric2.queries.map((q) => {
    const ReturnData = q.id === metric2.alarmedId;
    if (!q.metric) return { Id: q.id, Expression: q.expression, Label: q.label, ReturnData };
    const Dimensions = Object.entries(q.metric.dimensions).map(([Name, Value]) => ({ Name, Value }));
    return {
      Id: q.id,
      MetricStat: { Metric: { Namespace: q.metric.namespace, MetricName: q.metric.name, Dimensions }, Period: window.period, Stat: q.stat ?? "Average" },
      ReturnData
    };
  });
  return { MetricDataQueries: queries, StartTime: window.start, EndTime: window.end, ScanBy: "TimestampAscending", MaxDatapoints: 1e3 };
}
function seriesOf(output, metric2, window) {
  const result = output.MetricDataResults?.find((r) => r.Id === metric2.alarmedId);
  const times = result?.Timestamps ?? [];
  const values = result?.Values ?? [];
  if (values.length === 0) return void 0;
  const step = window.period * 1e3;
  const bars = Math.round((window.end.getTime() - window.start.getTime()) / step);
  const place = (start) => {
    const slots2 = new Array(bars).fill(void 0);
    times.forEach((t, i) => {
      const slot = Math.floor((t.getTime() - start) / step);
      if (slot >= 0 && slot < bars) slots2[slot] = values[i];
    });
    return slots2;
  };
  const slots = place(window.start.getTime());
  if (slots.some((v) => v !== void 0)) return slots;
  const latest = Math.max(...times.map((t) => t.getTime()));
  return place(latest + step - bars * step);
}
function trendOf(series, metric2, window) {
  const shown = series.map((v) => v === void 0 ? void 0 : metric2.toDisplay(v));
  const present = shown.filter((v) => v !== void 0);
  const latest = present[present.length - 1];
  if (latest === void 0) return void 0;
  const threshold = metric2.threshold === void 0 ? void 0 : metric2.toDisplay(metric2.threshold);
  const { bars, thresholdBar } = sparkline(shown, threshold);
  const min = Math.min(...present);
  const max = Math.max(...present);
  const { comparison: comparison2 } = metric2;
  const low = comparison2?.startsWith("LessThan") ?? false;
  const breaching = threshold === void 0 || !comparison2 ? 0 : present.filter((v) => breaches(v, threshold, comparison2)).length;
  const minutesPerBar = window.period / 60;
  const legend = [`last ${withUnit(latest, metric2.unit)}`, low ? `min ${withUnit(min, metric2.unit)}` : `max ${withUnit(max, metric2.unit)}`];
  if (threshold !== void 0) {
    const where = thresholdBar ?? (threshold > max ? "off the chart, above" : "off the chart, below");
    legend.push(`threshold ${withUnit(threshold, metric2.unit)} (${where})`);
    legend.push(`${formatNumber(breaching * minutesPerBar)} of ${formatNumber(series.length * minutesPerBar)} min ${low ? "below" : "above"}`);
  } else if (metric2.kind === "anomaly") {
    legend.push("anomaly band not drawn");
  }
  return {
    sparkline: `${bars}  ${legend.join(" \xB7 ")}`,
    from: window.start.toISOString(),
    to: window.end.toISOString(),
    min,
    max,
    points: breaching
  };
}
function sparkline(values, threshold) {
  const present = values.filter((v) => v !== void 0);
  if (present.length === 0) return { bars: GAP.repeat(values.length) };
  let lo = Math.min(...present);
  let hi = Math.max(...present);
  const span = hi - lo || Math.abs(hi) || 1;
  const onScale = threshold !== void 0 && threshold >= lo - span && threshold <= hi + span;
  if (onScale) {
    lo = Math.min(lo, threshold);
    hi = Math.max(hi, threshold);
  }
  const level = (v) => BARS[hi === lo ? 0 : Math.round((v - lo) / (hi - lo) * (BARS.length - 1))] ?? BARS[0];
  return {
    bars: values.map((v) => v === void 0 ? GAP : level(v)).join(""),
    thresholdBar: onScale ? level(threshold) : void 0
  };
}
function breaches(v, threshold, comparison2) {
  switch (comparison2) {
    case "GreaterThanThreshold":
      return v > threshold;
    case "GreaterThanOrEqualToThreshold":
      return v >= threshold;
    case "LessThanThreshold":
      return v < threshold;
    case "LessThanOrEqualToThreshold":
      return v <= threshold;
    default:
      return false;
  }
}

// src/enrich/index.ts
var consoleLogger = {
  warn: (message, extra) => console.warn(JSON.stringify({ level: "WARN", message, ...extra }))
};
async function enrich(alert, ctx2) {
  const log = ctx2.logger ?? consoleLogger;
  const enriched = {
    alert,
    stage: ctx2.config.stage,
    severity: ctx2.severity,
    severitySource: ctx2.severitySource,
    links: { resources: [], children: [] },
    notes: [...alert.notes ?? []]
  };
  const part = (name, compute) => {
    try {
      return compute();
    } catch (error) {
      enriched.notes.push(`${name} left out: enrichment error`);
      log.warn("Enrichment part failed", { part: name, alarmName: alert.alarmName, error: describe(error) });
      return void 0;
    }
  };
  try {
    const definition = ctx2.definition;
    const metric2 = part("metric details", () => alarmedMetric(alert, definition));
    const catalog2 = definition && part("catalog facts", () => catalogFacts(definition, ctx2.config));
    if (catalog2) enriched.catalog = catalog2;
    else if (!definition) enriched.notes.push("not in the alarm catalog: no runbook or owner");
    assign(enriched, "thresholdText", part("threshold", () => thresholdInWords(alert, metric2)));
    const reasonValue = metric2 && part("current value", () => latestReasonValue(alert));
    if (metric2 && reasonValue !== void 0) assign(enriched, "current", part("current value", () => currentValue(alert, metric2, reasonValue)));
    const links2 = part("links", () => deepLinks({ alert, config: ctx2.config, metric: metric2, ours: definition !== void 0, runbookUrl: catalog2?.runbookUrl }));
    if (links2) enriched.links = links2;
    if (ctx2.cloudwatch) await fromCloudWatch(enriched, metric2, ctx2, ctx2.cloudwatch, log, part);
  } catch (error) {
    enriched.notes.push("enrichment incomplete: enrichment error");
    log.warn("Enrichment failed", { alarmName: alert.alarmName, error: describe(error) });
  }
  return enriched;
}
async function fromCloudWatch(enriched, metric2, ctx2, reader, log, part) {
  const { alert } = enriched;
  const now = ctx2.now ?? /* @__PURE__ */ new Date();
  const budgetMs = ctx2.budgetMs ?? ctx2.config.enrichment.budgetMs;
  const window = metric2 && part("trend", () => trendWindow(metric2, now));
  const budget = startBudget(budgetMs);
  const [metrics, history] = await Promise.all([
    metric2 && window ? budget.run((signal) => reader.getMetricData(trendQuery(metric2, window), signal)) : void 0,
    budget.run((signal) => reader.describeAlarmHistory(historyQuery(alert.alarmName, now), signal))
  ]);
  budget.done();
  const failures = /* @__PURE__ */ new Map();
  const failed = (what, operation, outcome) => {
    if (outcome.error instanceof NotProvidedError) return;
    const reason = failureReason(outcome);
    failures.set(reason, [...failures.get(reason) ?? [], what]);
    log.warn("CloudWatch call failed during enrichment", { operation, reason, alarmName: alert.alarmName, budgetMs, error: describe(outcome.error) });
  };
  if (metric2 && window && metrics) {
    if (metrics.ok) {
      const series = part("trend", () => seriesOf(metrics.value, metric2, window));
      const trend = series && part("trend", () => trendOf(series, metric2, window));
      if (trend) enriched.trend = trend;
      else if (series === void 0) enriched.notes.push("trend: no datapoints in the last 60 min");
      const latest = series?.filter((v) => v !== void 0).pop();
      if (!enriched.current && latest !== void 0) assign(enriched, "current", part("current value", () => currentValue(alert, metric2, latest)));
    } else failed("trend", "GetMetricData", metrics);
  }
  if (history.ok) assign(enriched, "history", part("history", () => summariseHistory(history.value, alert, now)));
  else failed("history", "DescribeAlarmHistory", history);
  for (const [reason, parts] of failures) enriched.notes.push(`${parts.join(" and ")} unavailable: ${reason}`);
}
function catalogFacts(d, config2) {
  return { id: d.id, title: d.title, meaning: d.meaning, owner: d.owner, runbookUrl: joinUrl(config2.runbookBaseUrl, d.runbook) };
}
function joinUrl(base, path) {
  return `${base.replace(/\/+$/, "")}/${path.replace(/^\/+/, "")}`;
}
function assign(target, key, value) {
  if (value !== void 0) target[key] = value;
}
function describe(error) {
  return error instanceof Error ? { name: error.name, message: error.message } : { message: String(error) };
}

// src/parse/read.ts
var isObject = (value) => typeof value === "object" && value !== null && !Array.isArray(value);
var obj = (value) => isObject(value) ? value : void 0;
var str = (value) => typeof value === "string" ? value : void 0;
var text = (value) => typeof value === "string" && value !== "" ? value : void 0;
var num = (value) => typeof value === "number" && Number.isFinite(value) ? value : void 0;
var bool = (value) => typeof value === "boolean" ? value : void 0;
var NONE = [];
var list = (value) => Array.isArray(value) ? value : NONE;
var CONTROL_CHARS = /[\u0000-\u001f\u007f\u2028\u2029]+/g;
function clip(value, max = 60) {
  const line = value.replace(CONTROL_CHARS, " ");
  return line.length > max ? `${line.slice(0, max - 1)}\u2026` : line;
}
function quote(value) {
  return typeof value === "string" ? `"${clip(value)}"` : describeType(value);
}
function describeType(value) {
  if (value === null) return "null";
  if (Array.isArray(value)) return "a list";
  const type = typeof value;
  return type === "undefined" ? "missing" : type === "object" ? "an object" : `a ${type}`;
}
function safeStringify(value) {
  if (typeof value === "string") return value;
  try {
    const json = JSON.stringify(value);
    if (json !== void 0) return json;
  } catch {
  }
  try {
    return String(value);
  } catch {
    return `[unprintable ${describeType(value)}]`;
  }
}

// src/parse/regions.ts
var REGIONS = [
  ["us-east-1", "US East (N. Virginia)"],
  ["us-east-2", "US East (Ohio)"],
  ["us-west-1", "US West (N. California)"],
  ["us-west-2", "US West (Oregon)"],
  ["af-south-1", "Africa (Cape Town)"],
  ["ap-east-1", "Asia Pacific (Hong Kong)"],
  ["ap-east-2", "Asia Pacific (Taipei)"],
  ["ap-northeast-1", "Asia Pacific (Tokyo)"],
  ["ap-northeast-2", "Asia Pacific (Seoul)"],
  ["ap-northeast-3", "Asia Pacific (Osaka)"],
  ["ap-south-1", "Asia Pacific (Mumbai)"],
  ["ap-south-2", "Asia Pacific (Hyderabad)"],
  ["ap-southeast-1", "Asia Pacific (Singapore)"],
  ["ap-southeast-2", "Asia Pacific (Sydney)"],
  ["ap-southeast-3", "Asia Pacific (Jakarta)"],
  ["ap-southeast-4", "Asia Pacific (Melbourne)"],
  ["ap-southeast-5", "Asia Pacific (Malaysia)"],
  ["ap-southeast-6", "Asia Pacific (New Zealand)"],
  ["ap-southeast-7", "Asia Pacific (Thailand)"],
  ["ca-central-1", "Canada (Central)"],
  ["ca-west-1", "Canada West (Calgary)"],
  ["eu-central-1", "Europe (Frankfurt)"],
  ["eu-central-2", "Europe (Zurich)"],
  ["eu-north-1", "Europe (Stockholm)"],
  ["eu-south-1", "Europe (Milan)"],
  ["eu-south-2", "Europe (Spain)"],
  ["eu-west-1", "Europe (Ireland)"],
  ["eu-west-2", "Europe (London)"],
  ["eu-west-3", "Europe (Paris)"],
  ["il-central-1", "Israel (Tel Aviv)"],
  ["me-central-1", "Middle East (UAE)"],
  ["me-south-1", "Middle East (Bahrain)"],
  ["me-west-1", "Middle East (Saudi Arabia)"],
  ["mx-central-1", "Mexico (Central)"],
  ["sa-east-1", "South America (S\xE3o Paulo)"],
  ["sa-west-1", "South America (Chile)"],
  ["cn-north-1", "China (Beijing)"],
  ["cn-northwest-1", "China (Ningxia)"],
  ["us-gov-east-1", "AWS GovCloud (US-East)"],
  ["us-gov-west-1", "AWS GovCloud (US-West)"]
];
var ALIASES = [
  // The only GovCloud region until 2018 was called this.
  ["us-gov-west-1", "AWS GovCloud (US)"]
];
var DIACRITICS = /[\u0300-\u036f]/g;
var NOT_ALPHANUMERIC = /[^a-z0-9]+/g;
function nameKey(name) {
  return name.normalize("NFD").replace(DIACRITICS, "").toLowerCase().replace(NOT_ALPHANUMERIC, " ").trim();
}
var BY_NAME = (() => {
  const byName = /* @__PURE__ */ new Map();
  for (const [code, name] of [...REGIONS, ...ALIASES]) {
    byName.set(nameKey(name), code);
    if (name.startsWith("Europe ")) byName.set(nameKey(`EU ${name.slice("Europe ".length)}`), code);
  }
  return byName;
})();
var REGION_NAMES = new Map(REGIONS);
function regionCodeFromName(name) {
  return BY_NAME.get(nameKey(name));
}

// src/parse/arn.ts
var PARTITIONS = /* @__PURE__ */ new Set(["aws", "aws-us-gov", "aws-cn"]);
var SERVICE = /^[a-z0-9-]+$/;
var REGION_CODE2 = /^[a-z]{2}(?:-[a-z]+)+-\d{1,2}$/;
var ACCOUNT_ID = /^\d{12}$/;
var isRegionCode = (value) => typeof value === "string" && REGION_CODE2.test(value);
var isAccountId = (value) => typeof value === "string" && ACCOUNT_ID.test(value);
function parseArn(value) {
  if (typeof value !== "string" || !value.startsWith("arn:")) return void 0;
  const p = value.indexOf(":", 4);
  const s = p < 0 ? -1 : value.indexOf(":", p + 1);
  const r = s < 0 ? -1 : value.indexOf(":", s + 1);
  const a = r < 0 ? -1 : value.indexOf(":", r + 1);
  if (a < 0) return void 0;
  const partition = value.slice(4, p);
  const service = value.slice(p + 1, s);
  const region = value.slice(s + 1, r);
  const account = value.slice(r + 1, a);
  const resource = value.slice(a + 1);
  if (!PARTITIONS.has(partition) || !SERVICE.test(service) || resource === "") return void 0;
  if (region !== "" && !REGION_CODE2.test(region) || account !== "" && !ACCOUNT_ID.test(account)) return void 0;
  return { partition, service, region, account, resource };
}
function parseAlarmArn(value) {
  const arn = parseArn(value);
  return arn?.service === "cloudwatch" && arn.resource.length > 6 && arn.resource.startsWith("alarm:") && arn.region !== "" ? arn : void 0;
}
function alarmNameFromArn(value) {
  return parseAlarmArn(value)?.resource.slice(6);
}
function partitionOfRegion(region) {
  if (region.startsWith("us-gov-")) return "aws-us-gov";
  if (region.startsWith("cn-")) return "aws-cn";
  return "aws";
}
function regionCode(value) {
  if (isRegionCode(value)) return value;
  return typeof value === "string" ? regionCodeFromName(value) : void 0;
}
function locate(hints, notes) {
  const arn = parseAlarmArn(hints.alarmArn);
  let region = text(arn?.region) ?? regionCode(hints.region);
  let account = text(arn?.account) ?? (isAccountId(hints.account) ? hints.account : void 0);
  const topic = region === void 0 || account === void 0 ? parseArn(hints.topicArn) : void 0;
  if (region === void 0) {
    region = text(topic?.region);
    notes.push(
      region === void 0 ? `region unknown: no readable AlarmArn and region ${quote(hints.region)} is not one we know` : `region ${region} assumed from the SNS topic: no readable AlarmArn and region ${quote(hints.region)} is not one we know`
    );
  }
  if (account === void 0) {
    account = text(topic?.account);
    notes.push(
      account === void 0 ? `account unknown: no readable AlarmArn and account ${quote(hints.account)} is not a 12-digit id` : `account ${account} assumed from the SNS topic: no readable AlarmArn and account ${quote(hints.account)} is not a 12-digit id`
    );
  }
  const partition = arn?.partition ?? (region ? partitionOfRegion(region) : topic?.partition ?? "aws");
  return { alarmArn: arn === void 0 ? void 0 : hints.alarmArn, region: region ?? "", partition, account: account ?? "" };
}

// src/parse/limits.ts
var MAX_SNS_MESSAGE_BYTES = 262144;
var MAX_JSON_DEPTH = 32;
function oversizeBytes(text2) {
  if (text2.length * 3 <= MAX_SNS_MESSAGE_BYTES) return void 0;
  const bytes = Buffer.byteLength(text2, "utf8");
  return bytes > MAX_SNS_MESSAGE_BYTES ? bytes : void 0;
}
var OPEN_BRACE = 123;
var OPEN_BRACKET = 91;
var CLOSE_BRACE = 125;
var CLOSE_BRACKET = 93;
var QUOTE = 34;
var BACKSLASH = 92;
function exceedsJsonDepth(text2, max = MAX_JSON_DEPTH) {
  if (countUpTo(text2, "{", max + 1) + countUpTo(text2, "[", max + 1) <= max) return false;
  let depth = 0;
  let inString = false;
  for (let i = 0; i < text2.length; i++) {
    const c = text2.charCodeAt(i);
    if (inString) {
      if (c === BACKSLASH) i++;
      else if (c === QUOTE) inString = false;
    } else if (c === QUOTE) {
      inString = true;
    } else if (c === OPEN_BRACE || c === OPEN_BRACKET) {
      if (++depth > max) return true;
    } else if (c === CLOSE_BRACE || c === CLOSE_BRACKET) {
      depth--;
    }
  }
  return false;
}
function firstNonSpace(text2) {
  for (let i = 0; i < text2.length; i++) {
    const c = text2.charCodeAt(i);
    if (c !== 32 && c !== 10 && c !== 13 && c !== 9) return i;
  }
  return -1;
}
function countUpTo(text2, char, limit) {
  let count = 0;
  for (let i = text2.indexOf(char); i >= 0 && count < limit; i = text2.indexOf(char, i + 1)) count++;
  return count;
}

// src/parse/normalise.ts
var STATES = new Set(ALARM_STATES);
var isAlarmState = (value) => typeof value === "string" && STATES.has(value);
var COMPARISONS = /* @__PURE__ */ new Set([
  "GreaterThanOrEqualToThreshold",
  "GreaterThanThreshold",
  "LessThanThreshold",
  "LessThanOrEqualToThreshold",
  "LessThanLowerOrGreaterThanUpperThreshold",
  "LessThanLowerThreshold",
  "GreaterThanUpperThreshold"
]);
var comparison = (value) => typeof value === "string" && COMPARISONS.has(value) ? value : void 0;
var STATISTICS2 = /* @__PURE__ */ new Map([
  ["AVERAGE", "Average"],
  ["SUM", "Sum"],
  ["SAMPLE_COUNT", "SampleCount"],
  ["SAMPLECOUNT", "SampleCount"],
  ["MINIMUM", "Minimum"],
  ["MAXIMUM", "Maximum"]
]);
function statistic(value) {
  const s = text(value);
  return s === void 0 ? void 0 : STATISTICS2.get(s.toUpperCase()) ?? s;
}
var TREAT_MISSING = /* @__PURE__ */ new Map([
  ["missing", "missing"],
  ["breaching", "breaching"],
  ["notbreaching", "notBreaching"],
  // The legacy string says "NonBreaching" for what the API calls notBreaching.
  ["nonbreaching", "notBreaching"],
  ["ignore", "ignore"]
]);
function treatMissingData(value) {
  const s = str(value);
  if (s === void 0) return void 0;
  const cleaned = s.slice(s.lastIndexOf(":") + 1).trim();
  return cleaned === "" ? void 0 : TREAT_MISSING.get(cleaned.toLowerCase()) ?? cleaned;
}
var CLOUDWATCH_UTC = /^\d{4}-(?:0[1-9]|1[0-2])-(?:0[1-9]|[12]\d|3[01])T(?:[01]\d|2[0-3]):[0-5]\d:[0-5]\d\.\d{3}(?:\+0000|Z)$/;
var ISO_LIKE = /^(\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(?::\d{2}(?:\.\d+)?)?)(Z|[+-]\d{2}:?\d{2})?$/;
var MIN_EPOCH_MS = 1e12;
var MAX_EPOCH_MS = 1e13;
function timestamp(value) {
  if (typeof value === "number") {
    return value >= MIN_EPOCH_MS && value < MAX_EPOCH_MS ? new Date(value).toISOString() : void 0;
  }
  if (typeof value !== "string") return void 0;
  if (CLOUDWATCH_UTC.test(value)) return `${value.slice(0, 23)}Z`;
  const match = ISO_LIKE.exec(value);
  if (!match) return void 0;
  let zone = match[2] ?? "Z";
  if (zone.length === 5) zone = `${zone.slice(0, 3)}:${zone.slice(3)}`;
  const ms = Date.parse(`${match[1]}${zone}`);
  return Number.isNaN(ms) ? void 0 : new Date(ms).toISOString();
}
function reasonData(value) {
  if (isObject(value)) return value;
  if (typeof value !== "string") return void 0;
  const start = firstNonSpace(value);
  if (start < 0 || value.charCodeAt(start) !== 123 || exceedsJsonDepth(value)) return void 0;
  try {
    const parsed2 = JSON.parse(value);
    return isObject(parsed2) ? parsed2 : void 0;
  } catch {
    return void 0;
  }
}
function dimensions(value) {
  const out = {};
  if (Array.isArray(value)) {
    for (const entry of value) {
      if (!isObject(entry)) continue;
      const name = entry.name ?? entry.Name;
      const dimValue = scalar(entry.value ?? entry.Value);
      if (typeof name === "string" && name !== "" && name !== "__proto__" && dimValue !== void 0) out[name] = dimValue;
    }
  } else if (isObject(value)) {
    for (const name of Object.keys(value)) {
      const dimValue = scalar(value[name]);
      if (name !== "__proto__" && dimValue !== void 0) out[name] = dimValue;
    }
  }
  return out;
}
var scalar = (value) => typeof value === "string" ? value : typeof value === "number" || typeof value === "boolean" ? String(value) : void 0;
function compositeChildren(value) {
  const children2 = [];
  for (const entry of list(value)) {
    if (!isObject(entry)) continue;
    const arn = text(entry.Arn ?? entry.arn);
    if (arn === void 0) continue;
    const state = obj(entry.State ?? entry.state);
    children2.push({
      arn,
      name: alarmNameFromArn(arn) ?? arn,
      // A child without a readable state is still worth listing; say so rather than invent one.
      state: text(state?.Value ?? state?.value) ?? "UNKNOWN",
      timestamp: timestamp(state?.Timestamp ?? state?.timestamp)
    });
  }
  return children2;
}

// src/parse/metrics.ts
function metricRef(namespace, name, dims) {
  const ns = text(namespace);
  const metricName = text(name);
  return ns === void 0 || metricName === void 0 ? void 0 : { namespace: ns, name: metricName, dimensions: dimensions(dims) };
}
function metricQueries(value) {
  const queries = [];
  for (const entry of list(value)) {
    if (!isObject(entry)) continue;
    const id = text(entry.Id ?? entry.id);
    if (id === void 0) continue;
    const stat = obj(entry.MetricStat ?? entry.metricStat);
    const metric2 = obj(stat?.Metric ?? stat?.metric);
    queries.push({
      id,
      label: text(entry.Label ?? entry.label),
      // PutMetricAlarm's default: a query without ReturnData is returned.
      returnData: bool(entry.ReturnData ?? entry.returnData) ?? true,
      expression: text(entry.Expression ?? entry.expression),
      metric: metric2 && metricRef(metric2.Namespace ?? metric2.namespace, metric2.MetricName ?? metric2.name, metric2.Dimensions ?? metric2.dimensions),
      stat: statistic(stat?.Stat ?? stat?.stat),
      period: num(stat?.Period ?? stat?.period ?? entry.Period ?? entry.period),
      unit: text(stat?.Unit ?? stat?.unit)
    });
  }
  return queries;
}
var ANOMALY_BAND = "ANOMALY_DETECTION_BAND";
var isBand = (q) => q.expression !== void 0 && q.expression.toUpperCase().includes(ANOMALY_BAND);
function applyQueries(trigger, queries) {
  const band = queries.find(isBand);
  const kind = band !== void 0 || trigger.thresholdMetricId !== void 0 ? "anomaly" : queries.some((q) => q.expression !== void 0) ? "metric-math" : "metric";
  if (kind === "anomaly" && trigger.thresholdMetricId === void 0 && band !== void 0) {
    trigger.thresholdMetricId = band.id;
  }
  const watched = kind === "metric-math" ? void 0 : singleMetric(queries);
  if (watched !== void 0) {
    trigger.metric ??= watched.metric;
    trigger.statistic ??= watched.stat;
    trigger.period ??= watched.period;
    trigger.unit ??= watched.unit;
  }
  if (kind !== "metric") {
    trigger.queries = queries;
    trigger.period ??= (queries.find((q) => q.returnData && q.period !== void 0) ?? queries.find((q) => q.period !== void 0))?.period;
  }
  return kind;
}
function singleMetric(queries) {
  let found;
  for (const q of queries) {
    if (q.metric === void 0) continue;
    if (found !== void 0) return void 0;
    found = q;
  }
  return found;
}

// src/parse/time.ts
function stateChangeTime(candidates, receivedAt, notes) {
  for (const candidate of candidates) {
    const iso = timestamp(candidate);
    if (iso !== void 0) return iso;
  }
  const sent = quote(candidates[0]);
  const delivered = timestamp(receivedAt);
  if (delivered !== void 0) {
    notes.push(`state change time ${sent} unreadable: using the SNS delivery time`);
    return delivered;
  }
  notes.push(`state change time ${sent} unreadable: using the time the alert was parsed`);
  return (/* @__PURE__ */ new Date()).toISOString();
}

// src/parse/cloudwatch-alarm.ts
var looksLikeCloudWatchAlarm = (json) => "AlarmName" in json || "NewStateValue" in json || "AlarmArn" in json || "OldStateValue" in json || "Trigger" in json;
function parseCloudWatchAlarm(json, source) {
  const alarmName2 = text(json.AlarmName);
  if (alarmName2 === void 0) return "CloudWatch alarm JSON without AlarmName";
  const state = json.NewStateValue;
  if (state === void 0 || state === null) return "CloudWatch alarm JSON without NewStateValue";
  if (!isAlarmState(state)) return `alarm state ${quote(state)} is not ALARM, OK or INSUFFICIENT_DATA`;
  const notes = [];
  const where = locate({ alarmArn: json.AlarmArn, region: json.Region, account: json.AWSAccountId, topicArn: source.topicArn }, notes);
  const rule = text(json.AlarmRule);
  let kind = "metric";
  let trigger;
  if (rule === void 0) {
    const raw = obj(json.Trigger);
    if (raw !== void 0) {
      trigger = readTrigger(raw);
      kind = applyQueries(trigger, metricQueries(raw.Metrics));
    }
  } else {
    kind = "composite";
  }
  const previous = json.OldStateValue;
  return {
    kind,
    alarmName: alarmName2,
    alarmArn: where.alarmArn,
    description: text(json.AlarmDescription),
    state,
    previousState: isAlarmState(previous) ? previous : void 0,
    reason: str(json.NewStateReason) ?? "",
    reasonData: reasonData(json.NewStateReasonData),
    stateChangeTime: stateChangeTime([json.StateChangeTime], source.receivedAt, notes),
    region: where.region,
    partition: where.partition,
    account: where.account,
    trigger,
    composite: rule === void 0 ? void 0 : { rule, triggeringChildren: compositeChildren(json.TriggeringChildren) },
    source,
    notes: notes.length > 0 ? notes : void 0
  };
}
function readTrigger(t) {
  return {
    metric: metricRef(t.Namespace, t.MetricName, t.Dimensions),
    // Percentile alarms name the statistic in ExtendedStatistic ("p90") and leave Statistic empty.
    statistic: statistic(t.ExtendedStatistic) ?? statistic(t.Statistic),
    period: num(t.Period),
    evaluationPeriods: num(t.EvaluationPeriods),
    datapointsToAlarm: num(t.DatapointsToAlarm),
    comparison: comparison(t.ComparisonOperator),
    threshold: num(t.Threshold),
    thresholdMetricId: text(t.ThresholdMetricId),
    treatMissingData: treatMissingData(t.TreatMissingData),
    unit: text(t.Unit)
  };
}

// src/parse/eventbridge.ts
var STATE_CHANGE = "CloudWatch Alarm State Change";
var isAlarmStateChangeEvent = (json) => json.source === "aws.cloudwatch" && json["detail-type"] === STATE_CHANGE;
function parseAlarmStateChange(event, source) {
  const detail = obj(event.detail);
  if (detail === void 0) return `${STATE_CHANGE} event without detail`;
  const alarmArn = list(event.resources).find((r) => typeof r === "string" && r.includes(":alarm:"));
  return parseAlarmData(detail, { alarmArn, region: event.region, account: event.account }, event.time, source);
}
function parseAlarmData(data, where, fallbackTime, source) {
  const alarmName2 = text(data.alarmName);
  if (alarmName2 === void 0) return "alarm state change without alarmName";
  const state = obj(data.state);
  const value = state?.value;
  if (value === void 0 || value === null) return "alarm state change without state.value";
  if (!isAlarmState(value)) return `alarm state ${quote(value)} is not ALARM, OK or INSUFFICIENT_DATA`;
  const notes = [];
  const location = locate({ ...where, topicArn: source.topicArn }, notes);
  const config2 = obj(data.configuration) ?? {};
  const rule = text(config2.alarmRule);
  const details = reasonData(state?.reasonData);
  let kind = "composite";
  let trigger;
  if (rule === void 0) {
    trigger = {
      evaluationPeriods: num(config2.evaluationPeriods),
      datapointsToAlarm: num(config2.datapointsToAlarm),
      comparison: comparison(config2.comparisonOperator),
      threshold: num(config2.threshold),
      thresholdMetricId: text(config2.thresholdMetricId),
      treatMissingData: treatMissingData(config2.treatMissingData)
    };
    kind = applyQueries(trigger, metricQueries(config2.metrics));
  }
  const previousState = obj(data.previousState);
  const previous = previousState?.value;
  return {
    kind,
    alarmName: alarmName2,
    alarmArn: location.alarmArn,
    description: text(config2.description),
    state: value,
    previousState: isAlarmState(previous) ? previous : void 0,
    previousStateChangeTime: timestamp(previousState?.timestamp),
    reason: str(state?.reason) ?? "",
    reasonData: details,
    stateChangeTime: stateChangeTime([state?.timestamp, fallbackTime], source.receivedAt, notes),
    region: location.region,
    partition: location.partition,
    account: location.account,
    trigger,
    composite: rule === void 0 ? void 0 : { rule, triggeringChildren: compositeChildren(details?.triggeringAlarms) },
    source,
    notes: notes.length > 0 ? notes : void 0
  };
}

// src/parse/lambda-alarm-action.ts
var isLambdaAlarmAction = (json) => json.source === "aws.cloudwatch" && "alarmData" in json && !("detail-type" in json);
function parseLambdaAlarmAction(event, source) {
  const data = obj(event.alarmData);
  if (data === void 0) return "CloudWatch alarm action event without alarmData";
  return parseAlarmData(data, { alarmArn: event.alarmArn, region: event.region, account: event.accountId }, event.time, source);
}

// src/parse/unrecognised.ts
function unrecognised(problem, raw, source, subject) {
  return { kind: "unrecognised", problem, subject, raw, source };
}
function describeForeignJson(json) {
  const from = text(json.source);
  const detailType = text(json["detail-type"]);
  if (from === "aws.cloudwatch" && detailType !== void 0 && detailType !== STATE_CHANGE) {
    return `${clip(detailType)} event from aws.cloudwatch, not an alarm state change`;
  }
  if (from !== void 0) {
    return `JSON from ${clip(from)}, not a CloudWatch alarm${detailType === void 0 ? "" : ` (${clip(detailType)})`}`;
  }
  if (detailType !== void 0) return `EventBridge event "${clip(detailType)}", not a CloudWatch alarm`;
  if (isObject(json.newState) && isObject(json.oldState)) {
    return "alarm history record (DescribeAlarmHistory HistoryData), not an alarm notification: it names no alarm";
  }
  const service = text(json.Service);
  if (service !== void 0) return `JSON from ${clip(service)}, not a CloudWatch alarm`;
  const keys = Object.keys(json);
  if (keys.length === 0) return "empty JSON object, not a CloudWatch alarm";
  const shown = keys.slice(0, 4).map((k) => clip(k, 40)).join(", ");
  return `JSON without AlarmName or NewStateValue, not a CloudWatch alarm (keys: ${shown}${keys.length > 4 ? ", \u2026" : ""})`;
}

// src/parse/index.ts
function parseEvent(event) {
  try {
    return parseAnyEvent(event);
  } catch (error) {
    return [{ record: 0, notice: unrecognised(`event could not be read: ${errorText(error)}`, safeStringify(event), {}) }];
  }
}
function parseSnsMessage(message, meta) {
  const known = isObject(meta) ? meta : {};
  try {
    return parseMessage(message, known);
  } catch (error) {
    return unrecognised(`message could not be read: ${errorText(error)}`, safeStringify(message), snsSource(known), known.subject);
  }
}
function parseAnyEvent(event) {
  if (!isObject(event)) return single(`event is ${describeType(event)}, not an SNS event`, event);
  const records = event.Records;
  if (records === void 0) return [{ record: 0, notice: parseDirectEvent(event) }];
  if (!Array.isArray(records)) return single(`event Records is ${describeType(records)}, not a list of SNS records`, event);
  if (records.length === 0) return single("event has an empty Records list", event);
  const parsed2 = new Array(records.length);
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    let notice;
    try {
      notice = parseRecord(record);
    } catch (error) {
      notice = unrecognised(`record could not be read: ${errorText(error)}`, safeStringify(record), {});
    }
    parsed2[i] = { record: i, notice };
  }
  return parsed2;
}
var single = (problem, event) => [
  { record: 0, notice: unrecognised(problem, safeStringify(event), {}) }
];
function parseDirectEvent(event) {
  let result;
  if (isLambdaAlarmAction(event)) result = parseLambdaAlarmAction(event, { format: "lambda-alarm-action" });
  else if (isAlarmStateChangeEvent(event)) result = parseAlarmStateChange(event, { format: "eventbridge" });
  else {
    const from = text(event.source);
    result = from === void 0 ? "event without Records, not an SNS event" : `event from ${clip(from)} without Records, not an SNS event`;
  }
  return typeof result === "string" ? unrecognised(result, safeStringify(event), {}) : result;
}
function parseRecord(record) {
  if (!isObject(record)) return unrecognised(`record is ${describeType(record)}, not an SNS record`, safeStringify(record), {});
  const eventSource = record.EventSource ?? record.eventSource;
  if (eventSource !== "aws:sns") {
    const from = typeof eventSource === "string" ? clip(eventSource) : void 0;
    const problem = from !== void 0 ? `record from ${from}, not SNS` : eventSource === void 0 ? "record without EventSource, not SNS" : `record whose EventSource is ${describeType(eventSource)}, not SNS`;
    return unrecognised(problem, safeStringify(record), { eventSource: from });
  }
  const sns = record.Sns;
  if (!isObject(sns)) return unrecognised("SNS record without Sns", safeStringify(record), { eventSource });
  const meta = {
    subject: text(sns.Subject),
    messageId: text(sns.MessageId),
    topicArn: text(sns.TopicArn),
    timestamp: text(sns.Timestamp)
  };
  const message = sns.Message;
  if (typeof message !== "string") {
    return unrecognised(`SNS record whose Message is ${describeType(message)}`, safeStringify(record), snsSource(meta), meta.subject);
  }
  return parseMessage(message, meta);
}
function parseMessage(message, meta) {
  const fail = (problem, raw) => unrecognised(problem, raw, snsSource(meta), meta.subject);
  if (typeof message !== "string") return fail(`SNS message is ${describeType(message)}, not text`, safeStringify(message));
  const bytes = oversizeBytes(message);
  if (bytes !== void 0) return fail(`message of ${bytes} bytes exceeds SNS's 256 KB limit`, message);
  const start = firstNonSpace(message);
  if (start < 0) return fail("empty message", message);
  const first = message.charCodeAt(start);
  if (first !== 123 && first !== 91) return fail("not JSON: plain text", message);
  if (exceedsJsonDepth(message)) return fail(`JSON nested deeper than ${MAX_JSON_DEPTH} levels`, message);
  let json;
  try {
    json = JSON.parse(message);
  } catch {
    return fail("not JSON: invalid JSON", message);
  }
  if (!isObject(json)) return fail("JSON list, not a CloudWatch alarm", message);
  const result = parseMessageJson(json, meta);
  return typeof result === "string" ? fail(result, message) : result;
}
function parseMessageJson(json, meta) {
  if (looksLikeCloudWatchAlarm(json)) return parseCloudWatchAlarm(json, alertSource("sns-alarm", meta));
  if (isAlarmStateChangeEvent(json)) return parseAlarmStateChange(json, alertSource("eventbridge", meta));
  if (isLambdaAlarmAction(json)) return parseLambdaAlarmAction(json, alertSource("lambda-alarm-action", meta));
  return describeForeignJson(json);
}
var alertSource = (format, meta) => ({
  format,
  messageId: meta.messageId,
  topicArn: meta.topicArn,
  receivedAt: meta.timestamp
});
var snsSource = (meta) => ({
  messageId: meta.messageId,
  topicArn: meta.topicArn,
  receivedAt: meta.timestamp,
  eventSource: "aws:sns"
});
function errorText(error) {
  try {
    return clip(error instanceof Error ? String(error.message) : str(error) ?? describeType(error), 120);
  } catch {
    return "unreadable error";
  }
}

// src/route/routes.ts
var slack = (channel) => ({ type: "slack", channel });
var page = { type: "pagerduty", action: "trigger" };
var resolve = { type: "pagerduty", action: "resolve" };
var email = { type: "email" };
var stagingRoutes = { ALARM: [slack("alerts-staging")], OK: [slack("alerts-staging")], INSUFFICIENT_DATA: [slack("alerts-staging")] };
var ROUTES = {
  production: {
    critical: {
      ALARM: [page, slack("alerts-critical"), email],
      OK: [resolve, slack("alerts-critical"), email],
      INSUFFICIENT_DATA: [slack("alerts-critical")]
    },
    warning: {
      ALARM: [slack("alerts"), email],
      OK: [slack("alerts")],
      INSUFFICIENT_DATA: [slack("alerts")]
    },
    info: {
      ALARM: [slack("alerts")],
      OK: [],
      INSUFFICIENT_DATA: []
    }
  },
  staging: { critical: stagingRoutes, warning: stagingRoutes, info: stagingRoutes }
};
var UNRECOGNISED_ROUTE = {
  production: slack("alerts"),
  staging: slack("alerts-staging")
};

// src/route/index.ts
function route(stage, severity, state, table = ROUTES) {
  return table[stage][severity][state];
}
function routeUnrecognised(stage) {
  return [UNRECOGNISED_ROUTE[stage]];
}
function destinationKey(d) {
  switch (d.type) {
    case "slack":
      return `slack:${d.channel}`;
    case "pagerduty":
      return `pagerduty:${d.action}`;
    case "email":
      return "email";
  }
}

// src/route/severity.ts
var TOPIC_SEVERITY = /-alerts-(critical|warning|info)$/;
function resolveSeverity(topicArn, definition) {
  const fromTopic = topicArn?.match(TOPIC_SEVERITY)?.[1];
  if (fromTopic && SEVERITIES.includes(fromTopic)) return { severity: fromTopic, source: "topic" };
  if (definition) return { severity: definition.severity, source: "catalog" };
  return { severity: "warning", source: "default" };
}

// src/route/silence.ts
var GLOB_SPECIAL = /[.+^${}()|[\]\\]/g;
function globMatches(pattern, value) {
  const source = pattern.replace(GLOB_SPECIAL, "\\$&").replace(/\*/g, ".*").replace(/\?/g, ".");
  return new RegExp(`^${source}$`, "is").test(value);
}
var timeOf = (iso) => Date.parse(iso);
function silenceFor(alert, catalogId, silences, now) {
  if (alert.state === "OK") return void 0;
  const t = now.getTime();
  return silences.find(
    (s) => timeOf(s.start) <= t && t < timeOf(s.end) && (catalogId !== void 0 && globMatches(s.match, catalogId) || globMatches(s.match, alert.alarmName))
  );
}
var silenceLabel = (s) => `maintenance window "${s.match}" until ${s.end}: ${s.reason}`;

// src/pipeline/envelope.ts
var str2 = (v) => typeof v === "string" ? v : void 0;
function fromSqs(record, r) {
  const body = str2(r.body) ?? "";
  const sqs = {
    messageId: str2(r.messageId) ?? "",
    receiveCount: Number(r.attributes?.ApproximateReceiveCount ?? 1)
  };
  let parsed2;
  try {
    parsed2 = JSON.parse(body);
  } catch {
    return { kind: "sns", envelope: { record, message: body, sqs } };
  }
  const n = parsed2;
  if (n && typeof n === "object" && n.Type === "Notification" && typeof n.Message === "string") {
    return {
      kind: "sns",
      envelope: {
        record,
        message: n.Message,
        messageId: str2(n.MessageId),
        topicArn: str2(n.TopicArn),
        subject: str2(n.Subject) ?? void 0,
        timestamp: str2(n.Timestamp),
        sqs
      }
    };
  }
  return { kind: "sns", envelope: { record, message: body, sqs } };
}
function unwrap(event) {
  const records = event?.Records;
  if (!Array.isArray(records)) return void 0;
  return records.map((r, record) => {
    if (!r || typeof r !== "object") return { kind: "other", record, value: r };
    const rec = r;
    const source = str2(rec.EventSource) ?? str2(rec.eventSource);
    if (source === "aws:sns" && rec.Sns && typeof rec.Sns === "object") {
      const sns = rec.Sns;
      return {
        kind: "sns",
        envelope: {
          record,
          message: str2(sns.Message) ?? "",
          messageId: str2(sns.MessageId),
          topicArn: str2(sns.TopicArn),
          subject: str2(sns.Subject) ?? void 0,
          timestamp: str2(sns.Timestamp)
        }
      };
    }
    if (source === "aws:sqs") return fromSqs(record, rec);
    return { kind: "other", record, value: r };
  });
}

// src/formatters/facts.ts
var titleOf = (e) => e.catalog?.title || e.alert.alarmName || "Unnamed alarm";
function alarmKeyOf(alert) {
  const arn = alert.alarmArn?.trim();
  if (arn) return arn;
  return `arn:${alert.partition}:cloudwatch:${alert.region}:${alert.account}:alarm:${alert.alarmName}`;
}
var parsed = /* @__PURE__ */ new Map();
function isoTime(time) {
  if (!time) return void 0;
  let iso = parsed.get(time);
  if (iso === void 0) {
    const ms = Date.parse(time);
    iso = Number.isNaN(ms) ? null : new Date(ms).toISOString();
    if (parsed.size >= 64) parsed.clear();
    parsed.set(time, iso);
  }
  return iso ?? void 0;
}
function epochMs(time) {
  const iso = isoTime(time);
  return iso === void 0 ? void 0 : Date.parse(iso);
}
function utcText(time) {
  const iso = isoTime(time);
  return iso ? `${iso.slice(0, 10)} ${iso.slice(11, 16)} UTC` : time;
}
var SYMBOL = {
  GreaterThanOrEqualToThreshold: "\u2265",
  GreaterThanThreshold: ">",
  LessThanThreshold: "<",
  LessThanOrEqualToThreshold: "\u2264",
  LessThanLowerOrGreaterThanUpperThreshold: "outside the band",
  LessThanLowerThreshold: "below the band",
  GreaterThanUpperThreshold: "above the band"
};
var comparisonSymbol = (op) => SYMBOL[op] ?? op;
function alarmedQuery(alert) {
  const t = alert.trigger;
  if (!t?.queries?.length) return void 0;
  return t.queries.find((q) => q.returnData && q.id !== t.thresholdMetricId) ?? t.queries.find((q) => q.id !== t.thresholdMetricId);
}
function metricNoun(alert) {
  if (alert.trigger?.metric) return alert.trigger.metric.name;
  const q = alarmedQuery(alert);
  if (q) return q.label || q.metric?.name || (q.expression ? `expression ${q.expression}` : q.id);
  return alert.kind === "composite" ? "composite alarm" : "metric";
}
function metricText(alert) {
  const t = alert.trigger;
  if (alert.composite) return `rule ${alert.composite.rule}`;
  if (t?.metric) return describeMetric(t.metric, t.statistic, t.period);
  const q = alarmedQuery(alert);
  if (!q) return "unknown metric";
  if (q.metric) return describeMetric(q.metric, q.stat, q.period);
  const label = q.label ? ` "${q.label}"` : "";
  return `expression ${q.expression ?? q.id}${label}`;
}
function describeMetric(m, stat, period) {
  const how = [stat, period ? `${period} s` : void 0].filter(Boolean).join(", ");
  return `${m.namespace} ${m.name}${how ? ` (${how})` : ""}`;
}
function metricsOf2(alert) {
  const t = alert.trigger;
  if (!t) return [];
  if (t.metric) return [t.metric];
  const out = [];
  for (const q of t.queries ?? []) if (q.metric) out.push(q.metric);
  return out;
}
function dimensionsText(alert) {
  const single2 = alert.trigger?.metric;
  if (single2) return Object.entries(single2.dimensions).map(([k, v]) => `${k}=${v}`).join(", ");
  const seen = /* @__PURE__ */ new Set();
  const parts = [];
  for (const m of metricsOf2(alert)) {
    for (const [k, v] of Object.entries(m.dimensions)) {
      const pair = `${k}=${v}`;
      if (!seen.has(pair)) {
        seen.add(pair);
        parts.push(pair);
      }
    }
  }
  return parts.join(", ");
}
var RESOURCE_DIMENSIONS = [
  "ServiceName",
  "DBInstanceIdentifier",
  "DBClusterIdentifier",
  "CacheClusterId",
  "ReplicationGroupId",
  "TargetGroup",
  "LoadBalancer",
  "FunctionName",
  "QueueName",
  "TableName",
  "InstanceId",
  "AutoScalingGroupName",
  "ClusterName"
];
function affectedResource(alert) {
  const metrics = metricsOf2(alert);
  for (const name of RESOURCE_DIMENSIONS) {
    for (const m of metrics) {
      const v = m.dimensions[name];
      if (v) return v;
    }
  }
  for (const m of metrics) {
    const first = Object.values(m.dimensions)[0];
    if (first) return first;
  }
  return void 0;
}
var NAMESPACE_SERVICE = {
  "AWS/ECS": "ecs",
  "ECS/ContainerInsights": "ecs",
  "AWS/ApplicationELB": "alb",
  "AWS/RDS": "rds",
  "AWS/ElastiCache": "elasticache"
};
function serviceOf(alert) {
  if (alert.kind === "composite") return "composite";
  const ns = metricsOf2(alert)[0]?.namespace;
  return ns ? NAMESPACE_SERVICE[ns] ?? ns : "cloudwatch";
}
var CATALOG_TAG = /\s*\[alarm-id:[a-z0-9-]+\]\s*/g;
var descriptionOf = (alert) => (alert.description ?? "").replace(CATALOG_TAG, " ").trim();
var CONSOLE_DOMAIN = {
  aws: "console.aws.amazon.com",
  "aws-us-gov": "console.amazonaws-us-gov.com",
  "aws-cn": "console.amazonaws.cn"
};
var REGION_CODE3 = /^[a-z]{2}(?:-[a-z]+)+-\d+$/;
function cloudWatchConsoleUrl(alert) {
  if (!REGION_CODE3.test(alert.region)) return void 0;
  return `https://${alert.region}.${CONSOLE_DOMAIN[alert.partition]}/cloudwatch/home?region=${alert.region}`;
}

// src/formatters/text.ts
var ELLIPSIS = "\u2026";
var identity = (s) => s;
var SLACK_CONTROL = /[&<>]/;
var SLACK_CONTROL_ALL = /[&<>]/g;
var SLACK_ENTITY = { "&": "&amp;", "<": "&lt;", ">": "&gt;" };
var toEntity = (c) => SLACK_ENTITY[c] ?? c;
var escapeSlack = (s) => SLACK_CONTROL.test(s) ? s.replace(SLACK_CONTROL_ALL, toEntity) : s;
var MRKDWN_MARKER = /[*~`]|(?<![\p{L}\p{N}])_|_(?![\p{L}\p{N}])/gu;
var MARKER_LOOKALIKE = { "*": "\u2217", "~": "\u223C", "`": "\u02CB", _: "\u02CD" };
var toLookalike = (c) => MARKER_LOOKALIKE[c] ?? c;
var MRKDWN_SPECIAL = /[&<>*~`_]/;
var neutraliseMrkdwn = (s) => MRKDWN_SPECIAL.test(s) ? escapeSlack(s).replace(MRKDWN_MARKER, toLookalike) : s;
var BACKTICK = /`/g;
var LINE_BREAKS = /[\r\n]+/g;
var codeSafe = (s) => escapeSlack(s).replace(BACKTICK, "\u02CB");
var codeSpanSafe = (s) => codeSafe(s).replace(LINE_BREAKS, " ");
var CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/g;
var HAS_CONTROL = /[\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f\u2028\u2029]/;
var CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]+/g;
var HAS_CONTROL_ANY = /[\u0000-\u001f\u007f-\u009f\u2028\u2029]/;
var SPACES = / {2,}/g;
var stripControl = (s) => HAS_CONTROL.test(s) ? s.replace(CONTROL, " ") : s;
var oneLine = (s) => HAS_CONTROL_ANY.test(s) || s.includes("  ") || s.charCodeAt(0) <= 32 || s.charCodeAt(s.length - 1) <= 32 ? s.replace(CONTROL_ANY, " ").replace(SPACES, " ").trim() : s;
function wellFormed(s) {
  const w = s;
  return w.isWellFormed() ? s : w.toWellFormed();
}
function safeCut(s, n) {
  if (n <= 0) return 0;
  if (n >= s.length) return s.length;
  const c = s.charCodeAt(n - 1);
  return c >= 55296 && c <= 56319 ? n - 1 : n;
}
function fitPrefix(raw, max, transform = identity) {
  const s = wellFormed(raw);
  if (s.length <= max) {
    const whole = transform(s);
    if (whole.length <= max) return { text: whole, shown: s.length };
  }
  if (max < ELLIPSIS.length) return { text: "", shown: 0 };
  const room = max - ELLIPSIS.length;
  const attempt = (n) => transform(s.slice(0, safeCut(s, n))).trimEnd();
  let hi = Math.min(s.length, room);
  const longest = attempt(hi);
  if (longest.length <= room) return { text: longest + ELLIPSIS, shown: safeCut(s, hi) };
  let lo = 0;
  hi -= 1;
  while (lo < hi) {
    const mid = Math.ceil((lo + hi) / 2);
    if (attempt(mid).length <= room) lo = mid;
    else hi = mid - 1;
  }
  return { text: attempt(lo) + ELLIPSIS, shown: safeCut(s, lo) };
}
function fit(raw, max, transform = identity) {
  const s = wellFormed(raw);
  if (s.length <= max) {
    const whole = transform(s);
    if (whole.length <= max) return whole;
  }
  return fitPrefix(s, max, transform).text;
}
var THOUSANDS = /\B(?=(\d{3})+(?!\d))/g;
var TRAILING_ZEROS = /\.?0+$/;
function formatNumber2(n) {
  if (!Number.isFinite(n)) return String(n);
  const abs = Math.abs(n);
  if (abs >= 1e3) return Math.round(n).toString().replace(THOUSANDS, ",");
  if (abs >= 1 || abs === 0) {
    const fixed = n.toFixed(2);
    return fixed.includes(".") ? fixed.replace(TRAILING_ZEROS, "") : fixed;
  }
  return Number(n.toPrecision(3)).toString();
}
function formatDuration2(ms) {
  if (ms < 6e4) return `${Math.max(0, Math.round(ms / 1e3))} s`;
  const minutes = Math.round(ms / 6e4);
  if (minutes < 60) return `${minutes} min`;
  const hours = Math.floor(minutes / 60);
  if (hours < 24) return minutes % 60 ? `${hours} h ${minutes % 60} min` : `${hours} h`;
  const days = Math.floor(hours / 24);
  return hours % 24 ? `${days} d ${hours % 24} h` : `${days} d`;
}
var STATE_WORD = { ALARM: "ALARM", OK: "OK", INSUFFICIENT_DATA: "INSUFFICIENT DATA" };
var ALARM_EMOJI = { critical: "\u{1F534}", warning: "\u{1F7E0}", info: "\u{1F535}" };
var isResolution = (a) => a.state === "OK" && a.previousState !== "INSUFFICIENT_DATA";
var stateLabel = (a) => isResolution(a) ? "Resolved" : STATE_WORD[a.state];
var stateWord = (state) => STATE_WORD[state] ?? state;
function stateEmoji(state, severity) {
  if (state === "ALARM") return ALARM_EMOJI[severity];
  if (state === "OK") return "\u2705";
  return "\u26AA";
}
var SEVERITY_SOURCE = {
  topic: "severity from the SNS topic",
  catalog: "severity from the alarm catalog",
  default: "default severity: neither topic nor catalog named one"
};
var severitySourceWords = (s) => SEVERITY_SOURCE[s];
function thresholdWords(e) {
  if (e.thresholdText) return e.thresholdText;
  const a = e.alert;
  const t = a.trigger;
  if (a.composite || !t?.comparison) return void 0;
  const symbol = comparisonSymbol(t.comparison);
  if (t.threshold === void 0) {
    return t.thresholdMetricId ? `${metricNoun(a)} ${symbol} (${t.thresholdMetricId})` : void 0;
  }
  const unit = t.unit && t.unit !== "None" ? ` ${t.unit}` : "";
  return `${metricNoun(a)} ${symbol} ${formatNumber2(t.threshold)}${unit}`;
}
function currentWords(e) {
  const c = e.current;
  if (!c) return void 0;
  return c.distance ? `${c.text} (${c.distance})` : c.text;
}
var SENTENCE_END = /[.!?…]$/;
var FIRST_SENTENCE = /^(.*?[.!?])(?:\s|$)/s;
var sentence = (s) => SENTENCE_END.test(s) ? s : `${s}.`;
function firstSentence(reason) {
  const line = oneLine(reason.slice(0, 2e3));
  return fit(line.match(FIRST_SENTENCE)?.[1] ?? line, 300);
}
function firingChildren(a) {
  const firing = (a.composite?.triggeringChildren ?? []).filter((c) => c.state === "ALARM");
  const shown = firing.slice(0, 3).map((c) => c.name);
  const more = firing.length - shown.length;
  return { count: firing.length, names: shown.join(", ") + (more > 0 ? ` and ${more} more` : "") };
}
function alarmDuration2(e) {
  if (e.history?.alarmDuration) return e.history.alarmDuration;
  const a = e.alert;
  if (a.state !== "OK" || a.previousState !== "ALARM") return void 0;
  const start = epochMs(a.previousStateChangeTime);
  const end = epochMs(a.stateChangeTime);
  return start !== void 0 && end !== void 0 && end >= start ? formatDuration2(end - start) : void 0;
}
function whatIsWrong(e) {
  const a = e.alert;
  const title = titleOf(e);
  if (a.state === "OK") {
    const now = e.current ? `, now ${e.current.text}` : "";
    if (!isResolution(a)) return `${title} has data again and is within its threshold${now}.`;
    const d = alarmDuration2(e);
    return `Resolved: ${title} ${d ? `was in ALARM for ${d}` : "is back to OK"}${now}.`;
  }
  if (a.state === "INSUFFICIENT_DATA") {
    return a.kind === "composite" ? `${title} cannot be evaluated: its child alarms lack data.` : `${title} cannot be evaluated: CloudWatch has too little data (the metric may have stopped reporting).`;
  }
  if (a.composite) {
    const { count, names } = firingChildren(a);
    if (count === 0) return sentence(`${title} is in ALARM (rule ${a.composite.rule})`);
    return `${title}: ${count} of its alarms ${count === 1 ? "is" : "are"} in ALARM (${names}).`;
  }
  const resource = affectedResource(a);
  const subject = `${metricNoun(a)}${resource ? ` of ${resource}` : ""}`;
  if (e.current) {
    const how = e.current.distance ?? (a.kind === "anomaly" ? "outside the expected band" : void 0);
    return `${subject} is ${e.current.text}${how ? `, ${how}` : ""}.`;
  }
  const threshold = thresholdWords(e);
  if (threshold) return sentence(`${subject} crossed its threshold: ${threshold}`);
  return a.reason ? firstSentence(a.reason) : `${title} is in ALARM.`;
}
function shortStatus(e) {
  const a = e.alert;
  if (a.state === "OK") {
    const d = alarmDuration2(e);
    const was = isResolution(a) ? d ? `was in ALARM for ${d}` : "back to OK" : "data is back";
    return e.current ? `${was}, now ${e.current.text}` : was;
  }
  if (a.state === "INSUFFICIENT_DATA") return "not enough data to evaluate";
  if (a.composite) {
    const { count, names } = firingChildren(a);
    return count ? `${count} in ALARM: ${names}` : `rule ${a.composite.rule}`;
  }
  return currentWords(e) ?? thresholdWords(e) ?? (a.reason ? firstSentence(a.reason) : "in ALARM");
}

// src/formatters/email.ts
var EMAIL_LIMITS = { subject: 99, bodyBytes: 200 * 1024 };
var WIDTH = 72;
var LABEL_WIDTH = 16;
var LONG_TEXT = 4e3;
var MAX_CHILDREN = 50;
var MAX_NOTES = 20;
var MAX_RESOURCES = 20;
function formatEmail(e) {
  return { subject: subjectOf(e), body: capBytes(wellFormed(bodyOf(e))) };
}
var COMBINING_MARKS = /[\u0300-\u036f]/g;
var DASHES = /[\u2010-\u2015\u2212]/g;
var SINGLE_QUOTES = /[\u2018-\u201b\u2032]/g;
var DOUBLE_QUOTES = /[\u201c-\u201f\u2033\u00ab\u00bb]/g;
var HORIZONTAL_ELLIPSIS = /\u2026/g;
var NOT_PRINTABLE_ASCII = /[^\x20-\x7e]+/g;
var SPACE_RUNS = / {2,}/g;
function asciiLine(s) {
  return s.slice(0, 500).normalize("NFKD").replace(COMBINING_MARKS, "").replace(DASHES, "-").replace(SINGLE_QUOTES, "'").replace(DOUBLE_QUOTES, '"').replace(HORIZONTAL_ELLIPSIS, "...").replace(NOT_PRINTABLE_ASCII, " ").replace(SPACE_RUNS, " ").trim();
}
function subjectOf(e) {
  const prefix = `${stateLabel(e.alert)} [${e.severity}] ${e.stage}: `;
  const title = asciiLine(titleOf(e)) || asciiLine(e.alert.alarmName) || e.catalog?.id || "CloudWatch alarm";
  const room = EMAIL_LIMITS.subject - prefix.length;
  return prefix + (title.length <= room ? title : `${title.slice(0, room - 3).trimEnd()}...`);
}
var FINAL_STOP = /\.$/;
var LINKABLE = /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f\ud800-\udfff]+$/;
var linkable = (url) => url !== void 0 && LINKABLE.test(url);
var VALUE_INDENT = " ".repeat(LABEL_WIDTH + 2);
var Body = class {
  text = "";
  line(s = "") {
    this.text += `${s}
`;
  }
  heading(title) {
    this.text += `
${title}
${"-".repeat(title.length)}
`;
  }
  /** Word-wrapped; a word longer than the line (a URL) keeps a line of its own, unbroken. */
  wrap(text2, indent, firstIndent = indent) {
    const width = WIDTH - indent.length;
    if (text2.length <= width && !text2.includes("\n")) return this.line(firstIndent + oneLine(text2));
    let prefix = firstIndent;
    for (const paragraph of stripControl(text2).split("\n")) {
      let line = "";
      for (const word of paragraph.split(" ")) {
        if (!word) continue;
        if (line && line.length + 1 + word.length > width) {
          this.line(prefix + line);
          prefix = indent;
          line = word;
        } else line = line ? `${line} ${word}` : word;
      }
      this.line(prefix + line);
      prefix = indent;
    }
  }
  kv(label, value) {
    this.wrap(value, VALUE_INDENT, `  ${`${label}:`.padEnd(LABEL_WIDTH)}`);
  }
  toString() {
    return this.text;
  }
};
function bodyOf(e) {
  const a = e.alert;
  const b = new Body();
  const title = fit(oneLine(titleOf(e)), 200);
  const top = `${stateLabel(a)} [${e.severity}] ${title} - ${e.stage}`;
  b.line(top);
  b.line("=".repeat(Math.min(top.length, WIDTH)));
  b.line();
  b.wrap(whatIsWrong(e), "");
  if (a.state === "ALARM" && e.catalog?.meaning) {
    b.line();
    b.wrap(`Impact: ${e.catalog.meaning}`, "");
  }
  b.heading("Details");
  const change = a.previousState ? `${stateWord(a.previousState)} -> ${stateWord(a.state)}` : stateWord(a.state);
  b.kv("State", `${change} at ${utcText(a.stateChangeTime)}`);
  b.kv("Severity", e.severity);
  if (a.composite) b.kv("Rule", fit(a.composite.rule, LONG_TEXT));
  else {
    b.kv("Metric", metricText(a));
    const dims = dimensionsText(a);
    if (dims) b.kv("Dimensions", fit(dims, LONG_TEXT));
    b.kv("Threshold", thresholdWords(e) ?? "not stated");
    b.kv("Current value", currentWords(e) ?? "unknown");
  }
  const resource = affectedResource(a);
  if (resource) b.kv("Resource", resource);
  b.kv("Stage", e.stage);
  b.kv("Region", a.region || "unknown");
  b.kv("Account", a.account || "unknown");
  if (e.catalog?.owner) b.kv("Owner", e.catalog.owner);
  b.kv("Alarm", fit(a.alarmName, 1e3));
  if (e.trend) {
    b.heading("Trend, last 60 minutes");
    b.line(`  ${fit(oneLine(e.trend.sparkline), 500)}`);
  }
  if (e.history) {
    const summary = `${fit(e.history.summary, 500).replace(FINAL_STOP, "")}.${e.history.flapping ? " The alarm is flapping." : ""}`;
    if (e.trend) b.wrap(`History: ${summary}`, "  ");
    else {
      b.heading("History");
      b.wrap(summary.charAt(0).toUpperCase() + summary.slice(1), "  ");
    }
  }
  if (a.composite) children(b, e);
  if (a.reason) {
    b.heading("Reason (CloudWatch)");
    b.wrap(fit(a.reason, LONG_TEXT), "  ");
  }
  const description = descriptionOf(a);
  if (description && description !== e.catalog?.meaning) {
    b.heading("Description");
    b.wrap(fit(description, LONG_TEXT), "  ");
  }
  if (e.notes.length) {
    b.heading("Not available");
    for (const n of e.notes.slice(0, MAX_NOTES)) b.wrap(fit(n, 500), "    ", "  - ");
    if (e.notes.length > MAX_NOTES) b.line(`  - ...and ${e.notes.length - MAX_NOTES} more`);
  }
  links(b, e);
  b.line();
  b.line("-- ");
  const why = isResolution(a) ? "this resolves the earlier ALARM" : severitySourceWords(e.severitySource);
  b.line(`Sent by ohmycoins-alerting (${e.stage}); ${why}.`);
  return b.toString();
}
function children(b, e) {
  const all = e.alert.composite?.triggeringChildren ?? [];
  const urls = new Map(e.links.children.map((l) => [l.label, l.url]));
  b.heading("Triggering alarms");
  for (const c of all.slice(0, MAX_CHILDREN)) {
    const since = c.timestamp ? ` since ${utcText(c.timestamp)}` : "";
    b.line(`  - ${stateWord(c.state)}: ${fit(oneLine(c.name), 256)}${since}`);
    const url = urls.get(c.name);
    if (linkable(url)) b.line(`    ${url}`);
  }
  if (all.length > MAX_CHILDREN) b.line(`  - ...and ${all.length - MAX_CHILDREN} more`);
}
function links(b, e) {
  const l = e.links;
  const all = [
    ["CloudWatch alarm", l.alarm],
    ["Metric graph", l.metrics],
    ["Dashboard", l.dashboard],
    ["Runbook", l.runbook ?? e.catalog?.runbookUrl],
    ...l.resources.slice(0, MAX_RESOURCES).map((r) => [oneLine(r.label), r.url])
  ];
  let first = true;
  for (const [label, url] of all) {
    if (!linkable(url)) continue;
    if (first) b.heading("Links");
    else b.line();
    first = false;
    b.line(`  ${fit(label, 200)}:`);
    b.line(`  ${url}`);
  }
}
function capBytes(body) {
  if (Buffer.byteLength(body, "utf8") <= EMAIL_LIMITS.bodyBytes) return body;
  const note = "\n\n[truncated: the alert was too long for an email]";
  return fit(body, Math.floor((EMAIL_LIMITS.bodyBytes - note.length) / 3)) + note;
}

// src/formatters/pagerduty.ts
import { createHash } from "node:crypto";
var ROUTING_KEY_PLACEHOLDER = "<routing-key>";
var PAGERDUTY_LIMITS = { summary: 1024, dedupKey: 255, eventBytes: 512 * 1024 };
var SEVERITY = { critical: "critical", warning: "warning", info: "info" };
var HASHED_PREFIX = PAGERDUTY_LIMITS.dedupKey - 1 - 64;
function dedupKeyOf(alert) {
  const key = alarmKeyOf(alert);
  if (key.length <= PAGERDUTY_LIMITS.dedupKey) return key;
  const hash = createHash("sha256").update(key).digest("hex");
  const last2 = key.charCodeAt(HASHED_PREFIX - 1);
  const cut = last2 >= 55296 && last2 <= 56319 ? HASHED_PREFIX - 1 : HASHED_PREFIX;
  return `${key.slice(0, cut)}#${hash}`;
}
function formatPagerDuty(e, action) {
  const dedup_key = dedupKeyOf(e.alert);
  if (action === "resolve") return { routing_key: ROUTING_KEY_PLACEHOLDER, event_action: "resolve", dedup_key };
  const a = e.alert;
  const consoleUrl = [e.links.alarm, cloudWatchConsoleUrl(a)].find((u) => u !== void 0 && isLinkable(u));
  const timestamp2 = isoTime(a.stateChangeTime);
  const event = {
    routing_key: ROUTING_KEY_PLACEHOLDER,
    event_action: "trigger",
    dedup_key,
    payload: {
      summary: summaryOf(e),
      source: short(affectedResource(a) ?? ([a.region, a.account].filter(Boolean).join("/") || "cloudwatch")),
      severity: SEVERITY[e.severity],
      ...timestamp2 ? { timestamp: timestamp2 } : {},
      component: short(serviceOf(a)),
      group: e.stage,
      class: short(e.catalog?.id ?? metricsOf2(a)[0]?.name ?? a.kind),
      custom_details: detailsOf(e)
    },
    client: "Amazon CloudWatch",
    ...consoleUrl ? { client_url: consoleUrl } : {}
  };
  const links2 = linksOf(e);
  if (links2.length) event.links = links2;
  return event;
}
function summaryOf(e) {
  const a = e.alert;
  const threshold = a.state === "ALARM" && e.current && !a.composite ? thresholdWords(e) : void 0;
  const what = shortStatus(e) + (threshold ? `; threshold: ${threshold}` : "");
  return fit(oneLine(`${stateLabel(a)} [${e.severity}] ${titleOf(e)} \u2014 ${e.stage}: ${what}`), PAGERDUTY_LIMITS.summary);
}
var LONG = 4e3;
var MEDIUM = 1e3;
var MAX_CHILDREN2 = 50;
var MAX_NOTES2 = 10;
var MAX_LINKS = 20;
var MAX_HREF = 2048;
var short = (s, max = MEDIUM) => fit(oneLine(s), max);
var long = (s) => fit(stripControl(s), LONG);
function detailsOf(e) {
  const a = e.alert;
  const d = {
    what_is_wrong: short(whatIsWrong(e)),
    state: a.previousState ? `${stateWord(a.previousState)} -> ${stateWord(a.state)}` : stateWord(a.state),
    severity: `${e.severity} (${severitySourceWords(e.severitySource)})`,
    stage: e.stage,
    alarm_name: short(a.alarmName)
  };
  const set = (key, value, cap = short) => {
    if (value) d[key] = cap(value);
  };
  set("impact", e.catalog?.meaning);
  set("threshold", thresholdWords(e));
  set("current_value", currentWords(e));
  set("trend", e.trend?.sparkline);
  set("history", e.history && `${e.history.summary}${e.history.flapping ? " (flapping)" : ""}`);
  set("alarm_duration", alarmDuration2(e));
  set("reason", a.reason, long);
  set("description", descriptionOf(a), long);
  set("runbook", e.links.runbook ?? e.catalog?.runbookUrl);
  set("owner", e.catalog?.owner);
  if (e.notes.length) d.notes = e.notes.slice(0, MAX_NOTES2).map((n) => short(n, 500));
  if (a.composite) {
    set("composite_rule", a.composite.rule, long);
    d.triggering_children = a.composite.triggeringChildren.slice(0, MAX_CHILDREN2).map((c) => ({
      name: short(c.name, 256),
      state: short(String(c.state), 40),
      ...c.timestamp ? { since: isoTime(c.timestamp) ?? short(c.timestamp, 40) } : {},
      arn: short(c.arn, 600)
    }));
  } else {
    set("metric", metricText(a));
    set("dimensions", dimensionsText(a), long);
  }
  set("alarm_arn", a.alarmArn);
  set("region", a.region);
  set("account", a.account);
  return d;
}
var LINKABLE2 = /^https?:\/\/[^\s\u0000-\u001f\u007f-\u009f\ud800-\udfff]+$/;
var isLinkable = (url) => url.length <= MAX_HREF && LINKABLE2.test(url);
function linksOf(e) {
  const l = e.links;
  const candidates = [
    [l.alarm, "CloudWatch alarm"],
    [l.metrics, "Metric graph"],
    [l.dashboard, "Dashboard"],
    [l.runbook, "Runbook"],
    ...l.resources.map((r) => [r.url, r.label]),
    ...l.children.map((c) => [c.url, `Child alarm ${c.label}`])
  ];
  const out = [];
  for (const [href, text2] of candidates) {
    if (out.length === MAX_LINKS) break;
    if (href && isLinkable(href)) out.push({ href, text: short(text2, 256) });
  }
  return out;
}

// src/formatters/slack-blocks.ts
var SLACK_LIMITS = {
  text: 3e3,
  blocks: 50,
  headerText: 150,
  sectionText: 3e3,
  fields: 10,
  fieldText: 2e3,
  contextElements: 10,
  contextText: 3e3,
  actionsElements: 25,
  buttonText: 75,
  buttonUrl: 3e3
};
var COLOUR = {
  critical: "#D1242F",
  warning: "#F29D0B",
  info: "#2F81F7",
  ok: "#2EB67D",
  grey: "#8B949E"
};
function colourOf(state, severity) {
  if (state === "ALARM") return COLOUR[severity];
  return state === "OK" ? COLOUR.ok : COLOUR.grey;
}
var plain = (text2) => ({ type: "plain_text", text: text2 || "-", emoji: true });
var md = (text2) => ({ type: "mrkdwn", text: text2 || "-", verbatim: true });
var userPlain = (raw, max) => plain(fit(raw, max, escapeSlack));
var header = (raw) => ({
  type: "header",
  text: userPlain(oneLine(raw), SLACK_LIMITS.headerText)
});
var section = (mrkdwn) => ({ type: "section", text: md(mrkdwn) });
var plainSection = (raw, max = SLACK_LIMITS.sectionText) => ({
  type: "section",
  text: userPlain(raw, max)
});
var context = (elements) => ({
  type: "context",
  elements: elements.slice(0, SLACK_LIMITS.contextElements)
});
var field = (label, raw) => md(`*${label}*
${fit(raw, SLACK_LIMITS.fieldText - label.length - 3, neutraliseMrkdwn)}`);
var fieldMd = (label, mrkdwn) => md(`*${label}*
${mrkdwn}`);
function slackDate(time) {
  const ms = epochMs(time);
  if (ms === void 0) return fit(time, 100, neutraliseMrkdwn);
  return `<!date^${Math.floor(ms / 1e3)}^{date_short_pretty} {time}|${utcText(time)}>`;
}
var LINKABLE3 = /^https?:\/\/[^\s<>|\u0000-\u001f\u007f\ud800-\udfff]+$/;
var LABEL_BREAKERS = /[|\r\n]+/g;
function mdLink(url, label, maxLength = SLACK_LIMITS.buttonUrl) {
  if (!url || url.length > SLACK_LIMITS.buttonUrl || !LINKABLE3.test(url)) return void 0;
  const text2 = fit(oneLine(label.replace(LABEL_BREAKERS, " ")), 150, neutraliseMrkdwn) || "link";
  const out = `<${url}|${text2}>`;
  return out.length <= maxLength ? out : void 0;
}
var MORE_RESERVE = 40;
var MAX_LINE = SLACK_LIMITS.sectionText - MORE_RESERVE;
function packLines(heading, lines, maxSections, total = lines.length, separator = "\n") {
  const sections = [];
  let current = heading;
  let fresh = true;
  let used = 0;
  for (const line of lines) {
    if (line.length > MAX_LINE - heading.length - 1) continue;
    const candidate = current ? `${current}${fresh ? "\n" : separator}${line}` : line;
    if (candidate.length <= MAX_LINE) {
      current = candidate;
      fresh = false;
      used++;
      continue;
    }
    if (sections.length + 1 >= maxSections) break;
    sections.push(section(current));
    current = line;
    used++;
  }
  const rest = total - used;
  if (rest > 0) current += `${current ? separator : ""}\u2026and ${formatNumber2(rest)} more`;
  if (current) sections.push(section(current));
  return sections;
}

// src/formatters/slack.ts
function formatSlack(e) {
  const a = e.alert;
  const emoji = stateEmoji(a.state, e.severity);
  const label = stateLabel(a);
  const title = fit(oneLine(titleOf(e)), 150);
  const text2 = `${emoji} ${label} [${e.severity}] ${title} \u2014 ${e.stage}: ${fit(oneLine(shortStatus(e)), 400)}`;
  const impact = a.state === "ALARM" && e.catalog?.meaning ? `
Impact: ${e.catalog.meaning}` : "";
  const blocks = [
    header(`${emoji} ${label} \xB7 ${e.severity} \xB7 ${title}`),
    plainSection(whatIsWrong(e) + impact)
  ];
  const details = [factsSection(e)];
  const trend = trendSection(e);
  if (trend) details.push(trend);
  if (a.composite) details.push(...childrenSections(e));
  if (a.reason) details.push(plainSection(`Reason: ${a.reason}`, 1500));
  const description = descriptionOf(a);
  if (description && description !== e.catalog?.meaning) details.push(plainSection(`Description: ${description}`, 1e3));
  details.push(...linkSections(e));
  if (e.notes.length) details.push(notesContext(e.notes));
  details.push(context([userPlain(footer(e), SLACK_LIMITS.contextText)]));
  return {
    text: fit(text2, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks,
    attachments: [{ color: colourOf(a.state, e.severity), blocks: details, fallback: fit(text2, 300, neutraliseMrkdwn) }]
  };
}
function factsSection(e) {
  const a = e.alert;
  const fields = [];
  if (a.composite) {
    fields.push(field("Rule", a.composite.rule));
  } else {
    const dims = dimensionsText(a);
    fields.push(field("Metric", dims ? `${metricText(a)}
${dims}` : metricText(a)));
    fields.push(field("Threshold", thresholdWords(e) ?? "not stated"));
    fields.push(field("Current value", currentWords(e) ?? "unknown"));
  }
  fields.push(field("Stage", e.stage), field("Region", a.region || "unknown"), field("Account", a.account || "unknown"));
  const change = a.previousState ? `${stateWord(a.previousState)} \u2192 ${stateWord(a.state)}` : stateWord(a.state);
  fields.push(fieldMd("State change", `${change}
${slackDate(a.stateChangeTime)}`));
  if (e.catalog?.owner) fields.push(field("Owner", e.catalog.owner));
  return { type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) };
}
function trendSection(e) {
  const lines = [];
  if (e.trend) lines.push(`*Trend, last 60 min*
\`${fit(e.trend.sparkline, 500, codeSpanSafe)}\``);
  if (e.history) {
    const flapping = e.history.flapping ? " \xB7 \u26A0\uFE0F flapping" : "";
    lines.push(`*History:* ${fit(e.history.summary, 500, neutraliseMrkdwn)}${flapping}`);
  }
  return lines.length ? section(lines.join("\n")) : void 0;
}
var MAX_CHILD_LINES = 100;
function childrenSections(e) {
  const children2 = e.alert.composite?.triggeringChildren ?? [];
  const byName = new Map(e.links.children.map((l) => [l.label, l.url]));
  const ordered = children2.map((c, i) => ({ c, url: byName.get(c.name) ?? e.links.children[i]?.url })).sort((x, y) => Number(y.c.state === "ALARM") - Number(x.c.state === "ALARM"));
  const lines = ordered.slice(0, MAX_CHILD_LINES).map(({ c, url }) => {
    const name = mdLink(url, c.name, 1e3) ?? fit(c.name, 200, neutraliseMrkdwn);
    const since = c.timestamp ? ` since ${slackDate(c.timestamp)}` : "";
    return `\u2022 ${stateEmoji(c.state, e.severity)} ${fit(stateWord(c.state), 40, neutraliseMrkdwn)} ${name}${since}`;
  });
  return packLines(`*Triggering alarms* (${formatNumber2(children2.length)})`, lines, 2, children2.length);
}
function linkSections(e) {
  const l = e.links;
  const main = [
    mdLink(l.alarm, "CloudWatch alarm"),
    mdLink(l.metrics, "Metric graph"),
    mdLink(l.dashboard, "Dashboard"),
    mdLink(l.runbook, "Runbook")
  ].filter((x) => x !== void 0);
  const resources = l.resources.map((r) => mdLink(r.url, r.label)).filter((x) => x !== void 0);
  return [
    ...main.length ? packLines("*Open*", main, 1, main.length, " \xB7 ") : [],
    ...resources.length ? packLines("*Resources*", resources, 2, resources.length, " \xB7 ") : []
  ];
}
function notesContext(notes) {
  const max = SLACK_LIMITS.contextElements - 2;
  const elements = [plain("\u26A0\uFE0F Not available:")];
  for (const n of notes.slice(0, max)) elements.push(userPlain(n, 300));
  if (notes.length > max) elements.push(plain(`\u2026and ${formatNumber2(notes.length - max)} more`));
  return context(elements);
}
function footer(e) {
  const a = e.alert;
  const where = affectedResource(a);
  return [
    `Alarm ${a.alarmName}`,
    e.catalog ? `catalog ${e.catalog.id}` : "not in the alarm catalog",
    severitySourceWords(e.severitySource),
    ...where ? [`resource ${where}`] : []
  ].join(" \xB7 ");
}
var RAW_CODE_BLOCK = SLACK_LIMITS.sectionText - 8;
function formatSlackUnrecognised(u, stage) {
  const problem = oneLine(u.problem) || "not a CloudWatch alarm notification";
  const text2 = `\u2754 Unrecognised notification \u2014 ${stage}: ${problem}`;
  const fields = [field("Stage", stage)];
  if (u.subject) fields.push(field("Subject", oneLine(u.subject)));
  if (u.source.topicArn) fields.push(field("Topic", u.source.topicArn));
  if (u.source.messageId) fields.push(field("Message id", u.source.messageId));
  if (u.source.eventSource) fields.push(field("Source", u.source.eventSource));
  if (u.source.receivedAt) fields.push(fieldMd("Received", slackDate(u.source.receivedAt)));
  const raw = fitPrefix(u.raw, RAW_CODE_BLOCK, codeSafe);
  const cut = u.raw.length - raw.shown;
  const sizeNote = cut > 0 ? `Raw message: ${formatNumber2(u.raw.length)} characters, the first ${formatNumber2(raw.shown)} shown, ${formatNumber2(cut)} cut.` : `Raw message: ${formatNumber2(u.raw.length)} characters.`;
  return {
    text: fit(text2, SLACK_LIMITS.text, neutraliseMrkdwn),
    blocks: [header("\u2754 Unrecognised notification"), plainSection(`Problem: ${problem}`, 1e3)],
    attachments: [
      {
        color: COLOUR.grey,
        blocks: [
          { type: "section", fields: fields.slice(0, SLACK_LIMITS.fields) },
          section(u.raw ? `\`\`\`${raw.text}\`\`\`` : "_The message was empty._"),
          context([plain(sizeNote), plain("Delivered as a fallback so nothing is lost: the pipeline did not recognise it.")])
        ],
        fallback: fit(text2, 300, neutraliseMrkdwn)
      }
    ]
  };
}

// src/pipeline/format.ts
function targetOf(destination, stage) {
  switch (destination.type) {
    case "slack":
      return `#${destination.channel}`;
    case "pagerduty":
      return `pagerduty:ohmycoins-${stage}`;
    case "email":
      return emailTopicName(stage);
  }
}
function formatFor(alert, destination) {
  const target = targetOf(destination, alert.stage);
  switch (destination.type) {
    case "slack":
      return { destination, target, payload: formatSlack(alert) };
    case "pagerduty":
      return { destination, target, payload: formatPagerDuty(alert, destination.action) };
    case "email":
      return { destination, target, payload: formatEmail(alert) };
  }
}
function formatUnrecognisedFor(notice, destination, stage) {
  if (destination.type !== "slack") return void 0;
  return { destination, target: targetOf(destination, stage), payload: formatSlackUnrecognised(notice, stage) };
}

// src/pipeline/prepare.ts
function noticesOf(event) {
  const records = unwrap(event);
  if (!records) return parseEvent(event).map(({ record, notice }) => ({ record, notice }));
  return records.map((r) => {
    if (r.kind === "other") {
      const [parsed2] = parseEvent({ Records: [r.value] });
      return { record: r.record, notice: parsed2.notice };
    }
    const { envelope } = r;
    const notice = parseSnsMessage(envelope.message, {
      subject: envelope.subject,
      messageId: envelope.messageId,
      topicArn: envelope.topicArn,
      timestamp: envelope.timestamp
    });
    return { record: envelope.record, notice, envelope };
  });
}
async function prepareNotice(record, notice, sns, ctx2, silences = []) {
  const { config: config2, log } = ctx2;
  const handled = (d) => !ctx2.handles || ctx2.handles.includes(d.type);
  if (!isAlert(notice)) {
    log.error("Unrecognised notification", { record, problem: notice.problem, messageId: notice.source.messageId });
    const notifications = routeUnrecognised(config2.stage).filter(handled).flatMap((d) => formatUnrecognisedFor(notice, d, config2.stage) ?? []);
    return { record, notice, notifications, sns };
  }
  const definition = findDefinition(ctx2.catalog, notice.alarmName, notice.description);
  const { severity, source } = resolveSeverity(notice.source.topicArn, definition);
  const destinations = route(config2.stage, severity, notice.state).filter(handled);
  if (destinations.length === 0) {
    log.debug("No route for this alert in this function", { record, alarmName: notice.alarmName, state: notice.state, severity });
    return { record, notice, severity, notifications: [], sns };
  }
  const silence = silenceFor(notice, definition?.id ?? catalogIdOf(notice.alarmName, notice.description), silences, ctx2.now?.(notice) ?? /* @__PURE__ */ new Date());
  if (silence) {
    const silenced = silenceLabel(silence);
    log.info("Alert silenced by a maintenance window, not sent", { record, alarmName: notice.alarmName, state: notice.state, severity, destinations: destinations.map(destinationKey), silenced });
    return { record, notice, severity, notifications: [], sns, silenced };
  }
  const alert = await enrich(notice, { config: config2, definition, severity, severitySource: source, cloudwatch: ctx2.cloudwatch, now: ctx2.now?.(notice), logger: log });
  return { record, notice, alert, severity, notifications: destinations.map((d) => formatFor(alert, d)), sns };
}
async function prepare(event, ctx2) {
  const silences = ctx2.silences ? await ctx2.silences.current().catch(() => ctx2.config.silences) : ctx2.config.silences;
  return Promise.all(
    noticesOf(event).map(async ({ record, notice, envelope }) => {
      const sns = envelope && {
        messageId: envelope.messageId,
        topicArn: envelope.topicArn,
        subject: envelope.subject,
        message: envelope.message,
        timestamp: envelope.timestamp
      };
      try {
        return { ...await prepareNotice(record, notice, sns, ctx2, silences), sqs: envelope?.sqs };
      } catch (error) {
        const problem = `could not be formatted (${error instanceof Error ? error.message : String(error)})`;
        ctx2.log.error("Formatting failed, sending the raw notification", { record, problem });
        const fallback = {
          kind: "unrecognised",
          problem,
          raw: envelope?.message ?? JSON.stringify(notice),
          subject: envelope?.subject,
          source: { messageId: envelope?.messageId, topicArn: envelope?.topicArn, receivedAt: envelope?.timestamp }
        };
        return { ...await prepareNotice(record, fallback, sns, ctx2), sqs: envelope?.sqs };
      }
    })
  );
}

// test/support/corpus.ts
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join, resolve as resolve2 } from "node:path";
import { fileURLToPath } from "node:url";
var CORPUS_DIR = "/work/shared/corpus/peer-events";
var CORPUS_FILES = readdirSync(CORPUS_DIR).filter((file) => file.endsWith(".json")).sort();
var CORPUS_TOPIC_ARN = "arn:aws:sns:eu-west-1:123456789012:ohmycoins-corpus-replay";
var CORPUS_DELIVERY_TIME = "2024-05-01T12:00:00.000Z";
function isRawMessageFile(file) {
  return file.startsWith("terraform-aws-notify-slack__events__") || file.endsWith(".alarm-message.json") || file.startsWith("awsdocs-cloudwatch-user-guide__eventbridge__") || file === "PRX-Infrastructure__history_data.json";
}
function readCorpusFile(file) {
  return readFileSync(join(CORPUS_DIR, file), "utf8");
}
function loadCorpusEvent(file) {
  const content = readCorpusFile(file);
  return isRawMessageFile(file) ? snsEvent(content, { MessageId: `corpus-${file}` }) : JSON.parse(content);
}
function snsEvent(message, fields = {}) {
  return { Records: [snsRecord(message, fields)] };
}
function snsRecord(message, fields = {}) {
  const topicArn = fields.TopicArn ?? CORPUS_TOPIC_ARN;
  return {
    EventSource: "aws:sns",
    EventVersion: "1.0",
    EventSubscriptionArn: `${topicArn}:2f1c8d4e-7a9b-4c3d-8e5f-6a7b8c9d0e1f`,
    Sns: {
      Type: "Notification",
      MessageId: fields.MessageId ?? "5a1c2e3f-4b5d-5c6e-9f70-8a9b0c1d2e3f",
      TopicArn: topicArn,
      Subject: fields.Subject ?? null,
      Message: message,
      Timestamp: fields.Timestamp ?? CORPUS_DELIVERY_TIME,
      SignatureVersion: "1",
      Signature: "EXAMPLE",
      SigningCertUrl: "EXAMPLE",
      UnsubscribeUrl: "EXAMPLE",
      MessageAttributes: {}
    }
  };
}

// .tmp-bench/perfile.ts
var config = stageConfig("production");
var catalog = catalogFor(config);
var quiet = { debug() {
}, info() {
}, warn() {
}, error() {
} };
var ctx = { config, catalog, log: quiet };
var rows = [];
for (const f of CORPUS_FILES) {
  const e = loadCorpusEvent(f);
  for (let i = 0; i < 50; i++) await prepare(e, ctx);
  const n = 300;
  const c0 = process.cpuUsage();
  let recs = 0;
  for (let i = 0; i < n; i++) recs = (await prepare(e, ctx)).length;
  const c = process.cpuUsage(c0);
  const r = await prepare(e, ctx);
  rows.push([((c.user + c.system) / n).toFixed(0), recs, r.map((x) => x.alert ? "alert" : x.notice.kind).join(","), r.map((x) => x.notifications.map((n2) => n2.destination.type).join("+")).join(","), f]);
}
rows.sort((a, b) => +b[0] - +a[0]);
for (const r of rows) console.log(r.join("	"));
