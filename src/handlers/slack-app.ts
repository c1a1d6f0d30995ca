import { slackApp } from '../destinations/slack-app/index.js';
import { notifierHandler } from './runtime.js';

export const handler = notifierHandler(slackApp);
