import { slack } from '../destinations/slack/index.js';
import { notifierHandler } from './runtime.js';

export const handler = notifierHandler(slack);
