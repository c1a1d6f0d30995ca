/**
 * The routing requirement, written out by hand cell by cell: where an alert of each stage, severity and new
 * state must go, as route keys (`routeKey()`). Tests compare the code's routes with this table;
 * it never comes from the code's own table.
 */
import type { AlarmState, Severity, Stage } from '../../src/model/alert.js';

export type RequiredDestination =
  | 'pagerduty:trigger'
  | 'pagerduty:resolve'
  | 'slack:alerts-critical'
  | 'slack:alerts'
  | 'slack:alerts-staging'
  | 'email';

export const REQUIRED_ROUTES: Record<Stage, Record<Severity, Record<AlarmState, RequiredDestination[]>>> = {
  production: {
    critical: {
      ALARM: ['pagerduty:trigger', 'slack:alerts-critical', 'email'],
      OK: ['pagerduty:resolve', 'slack:alerts-critical', 'email'],
      INSUFFICIENT_DATA: ['slack:alerts-critical'],
    },
    warning: {
      ALARM: ['slack:alerts', 'email'],
      OK: ['slack:alerts'],
      INSUFFICIENT_DATA: ['slack:alerts'],
    },
    info: {
      ALARM: ['slack:alerts'],
      OK: [],
      INSUFFICIENT_DATA: [],
    },
  },
  // Staging never pages and never mails.
  staging: {
    critical: {
      ALARM: ['slack:alerts-staging'],
      OK: ['slack:alerts-staging'],
      INSUFFICIENT_DATA: ['slack:alerts-staging'],
    },
    warning: {
      ALARM: ['slack:alerts-staging'],
      OK: ['slack:alerts-staging'],
      INSUFFICIENT_DATA: ['slack:alerts-staging'],
    },
    info: {
      ALARM: ['slack:alerts-staging'],
      OK: ['slack:alerts-staging'],
      INSUFFICIENT_DATA: ['slack:alerts-staging'],
    },
  },
};

/**
 * Notifications that are not alarms, by the topic they arrived on (`unknown`: no severity topic). What is
 * unreadable on the production critical topic may be a critical alarm: it pages and goes to the critical channel.
 */
export const REQUIRED_UNRECOGNISED_ROUTES: Record<Stage, Record<Severity | 'unknown', RequiredDestination[]>> = {
  production: {
    critical: ['pagerduty:trigger', 'slack:alerts-critical'],
    warning: ['slack:alerts'],
    info: ['slack:alerts'],
    unknown: ['slack:alerts'],
  },
  // Staging never pages and never mails.
  staging: {
    critical: ['slack:alerts-staging'],
    warning: ['slack:alerts-staging'],
    info: ['slack:alerts-staging'],
    unknown: ['slack:alerts-staging'],
  },
};
