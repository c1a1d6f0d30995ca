import { slackForPipelineAlarms } from '../destinations/slack/watchdog.js';
import { notifierHandler } from './runtime.js';

export const handler = notifierHandler(slackForPipelineAlarms);
