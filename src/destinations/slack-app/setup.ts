import type { SetupProblems } from '../types.js';

/**
 * Set-up problems a person must fix, each with what to do (docs/slack-app.md). They are not retried: the
 * notification is dead-lettered for redrive, and the log line (with `SETUP_PROBLEM_FIELDS`) raises the
 * pipeline's own set-up alarm.
 */
export const SETUP: Readonly<Record<string, string>> = {
  not_in_channel: 'the bot is not a member of the channel: invite it there (/invite @<app name>)',
  channel_not_found: 'no channel has this ID, or the bot cannot see it (a private channel it was not invited to): check slackApp.channels in the stage file',
  is_archived: 'the channel is archived: unarchive it or move the route to another channel',
  invalid_auth: 'the bot token is not valid: store the app\'s Bot User OAuth Token (xoxb-…) in the slack-app/bot-token parameter',
  not_authed: 'no bot token was sent: store it in the slack-app/bot-token parameter',
  token_revoked: 'the bot token was revoked: reinstall the app and store the new token in the slack-app/bot-token parameter',
  account_inactive: 'the bot token belongs to a deleted app or user: reinstall the app and store the new token',
  missing_scope: 'the app lacks a scope: add chat:write (and files:write) under OAuth & Permissions, reinstall, store the new token',
  no_permission: 'the token may not do this: check the app\'s scopes (chat:write)',
};

/** What every set-up log line carries besides the message: the metric filter on the function's log group matches these. */
export const SETUP_PROBLEM_FIELDS = { destination: 'slack-app', problem: 'set-up' } as const;

export const SLACK_APP_SETUP: SetupProblems = {
  logFields: SETUP_PROBLEM_FIELDS,
  description:
    'The Slack app cannot post: its set-up needs a person (the bot not invited to the channel, a wrong channel ID, ' +
    'a token that is invalid, revoked or lacks chat:write). Its function\'s log (level ERROR, problem "set-up") says ' +
    'which channel and what to do, as does docs/slack-app.md ("Errors you may meet"); the notifications wait in the ' +
    'dead-letter queue: fix the cause, then npm run redrive.',
};
