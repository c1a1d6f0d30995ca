import { notifierHandler } from './runtime.js';

export const handler = notifierHandler('email');
