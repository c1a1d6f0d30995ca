import { email } from '../destinations/email/index.js';
import { notifierHandler } from './runtime.js';

export const handler = notifierHandler(email);
