import type { DestinationRoutes, Route } from '../../model/route.js';

export const EMAIL_ROUTE: Route = { destination: 'email' };

const none = { ALARM: [], OK: [], INSUFFICIENT_DATA: [] };

/** Mail is for what on-call must act on or know ended: production critical (both ways) and warning alarms. */
export const EMAIL_ROUTES: DestinationRoutes = {
  alarms: {
    production: {
      critical: { ALARM: [EMAIL_ROUTE], OK: [EMAIL_ROUTE], INSUFFICIENT_DATA: [] },
      warning: { ALARM: [EMAIL_ROUTE], OK: [], INSUFFICIENT_DATA: [] },
      info: none,
    },
    // Staging never mails.
    staging: { critical: none, warning: none, info: none },
  },
  // What could not be read is shown in Slack (and paged when it came on the critical topic), never mailed.
  unrecognised: {
    production: { critical: [], warning: [], info: [], unknown: [] },
    staging: { critical: [], warning: [], info: [], unknown: [] },
  },
};
