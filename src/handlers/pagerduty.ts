import { pagerduty } from '../destinations/pagerduty/index.js';
import { notifierHandler } from './runtime.js';

export const handler = notifierHandler(pagerduty);
