import { SLACK_LIMITS, type SlackMessage } from '../../src/destinations/slack/format.js';

/**
 * Slack's Block Kit limits, checked on a message the way Slack would reject it. Reusable in
 * property-based and integration tests: `assertSlackLimits` throws one error listing every problem.
 */

type Json = unknown;
type Obj = Record<string, Json>;

const isObj = (x: Json): x is Obj => typeof x === 'object' && x !== null && !Array.isArray(x);
const HEX_COLOUR = /^#[0-9a-fA-F]{6}$/;
const LONE_SURROGATE = /[\ud800-\udbff](?![\udc00-\udfff])|(?<![\ud800-\udbff])[\udc00-\udfff]/;

export function slackLimitViolations(msg: SlackMessage): string[] {
  const problems: string[] = [];
  const fail = (where: string, what: string) => problems.push(`${where}: ${what}`);

  if (typeof msg.text !== 'string' || msg.text.trim() === '') fail('text', 'missing (phones show only the top-level text)');
  else if (msg.text.length > SLACK_LIMITS.text) fail('text', `${msg.text.length} > ${SLACK_LIMITS.text} characters`);

  const all: Array<[string, Json]> = (msg.blocks ?? []).map((b, i) => [`blocks[${i}]`, b]);
  (msg.attachments ?? []).forEach((att, a) => {
    if (!HEX_COLOUR.test(att.color)) fail(`attachments[${a}].color`, `"${att.color}" is not #RRGGBB`);
    att.blocks.forEach((b, i) => all.push([`attachments[${a}].blocks[${i}]`, b]));
  });
  if (all.length > SLACK_LIMITS.blocks) fail('message', `${all.length} blocks > ${SLACK_LIMITS.blocks}`);

  const blockIds = new Set<string>();
  for (const [where, block] of all) {
    if (!isObj(block)) {
      fail(where, 'not an object');
      continue;
    }
    if (typeof block.block_id === 'string') {
      if (blockIds.has(block.block_id)) fail(where, `duplicate block_id ${block.block_id}`);
      blockIds.add(block.block_id);
    }
    checkBlock(where, block, fail);
  }
  walkStrings(msg, '', (path, s) => {
    if (LONE_SURROGATE.test(s)) fail(path, 'contains a lone surrogate (a truncation split an emoji)');
  });
  return problems;
}

export function assertSlackLimits(msg: SlackMessage): void {
  const problems = slackLimitViolations(msg);
  if (problems.length) throw new Error(`Slack message breaks Block Kit limits:\n- ${problems.join('\n- ')}`);
}

function checkText(where: string, t: Json, max: number, fail: (w: string, m: string) => void, onlyPlain = false) {
  if (!isObj(t) || (t.type !== 'plain_text' && t.type !== 'mrkdwn')) return fail(where, 'not a text object');
  if (onlyPlain && t.type !== 'plain_text') fail(where, 'must be plain_text');
  if (typeof t.text !== 'string' || t.text.length < 1) return fail(where, 'empty text');
  if (t.text.length > max) fail(where, `${t.text.length} > ${max} characters`);
}

function checkBlock(where: string, b: Obj, fail: (w: string, m: string) => void) {
  switch (b.type) {
    case 'header':
      return checkText(`${where}.text`, b.text, SLACK_LIMITS.headerText, fail, true);
    case 'section': {
      if (b.text === undefined && b.fields === undefined) fail(where, 'section needs text or fields');
      if (b.text !== undefined) checkText(`${where}.text`, b.text, SLACK_LIMITS.sectionText, fail);
      if (b.fields !== undefined) {
        if (!Array.isArray(b.fields) || b.fields.length < 1) return fail(`${where}.fields`, 'empty');
        if (b.fields.length > SLACK_LIMITS.fields) fail(`${where}.fields`, `${b.fields.length} > ${SLACK_LIMITS.fields} fields`);
        b.fields.forEach((f, i) => checkText(`${where}.fields[${i}]`, f, SLACK_LIMITS.fieldText, fail));
      }
      if (isObj(b.accessory)) checkElement(`${where}.accessory`, b.accessory, fail);
      return;
    }
    case 'context': {
      if (!Array.isArray(b.elements) || b.elements.length < 1) return fail(where, 'context needs elements');
      if (b.elements.length > SLACK_LIMITS.contextElements) fail(where, `${b.elements.length} > ${SLACK_LIMITS.contextElements} elements`);
      b.elements.forEach((el, i) => {
        if (isObj(el) && el.type === 'image') checkElement(`${where}.elements[${i}]`, el, fail);
        else checkText(`${where}.elements[${i}]`, el, SLACK_LIMITS.contextText, fail);
      });
      return;
    }
    case 'actions': {
      if (!Array.isArray(b.elements) || b.elements.length < 1) return fail(where, 'actions need elements');
      if (b.elements.length > SLACK_LIMITS.actionsElements) fail(where, `${b.elements.length} > ${SLACK_LIMITS.actionsElements} elements`);
      b.elements.forEach((el, i) => (isObj(el) ? checkElement(`${where}.elements[${i}]`, el, fail) : fail(where, 'bad element')));
      return;
    }
    case 'divider':
      return;
    case 'image':
      return checkElement(where, b, fail);
    default:
      fail(where, `block type ${String(b.type)} is not checked by assertSlackLimits; add a rule`);
  }
}

function checkElement(where: string, el: Obj, fail: (w: string, m: string) => void) {
  if (el.type === 'button') {
    checkText(`${where}.text`, el.text, SLACK_LIMITS.buttonText, fail, true);
    if (el.url !== undefined && (typeof el.url !== 'string' || el.url.length > SLACK_LIMITS.buttonUrl)) {
      fail(`${where}.url`, `longer than ${SLACK_LIMITS.buttonUrl}`);
    }
    if (typeof el.value === 'string' && el.value.length > 2000) fail(`${where}.value`, '> 2000 characters');
  } else if (el.type === 'image') {
    if (typeof el.alt_text !== 'string' || el.alt_text.length > 2000) fail(where, 'image alt_text missing or > 2000');
    if (typeof el.image_url === 'string' && el.image_url.length > 3000) fail(where, 'image_url > 3000');
  }
}

function walkStrings(x: Json, path: string, visit: (path: string, s: string) => void) {
  if (typeof x === 'string') visit(path, x);
  else if (Array.isArray(x)) x.forEach((v, i) => walkStrings(v, `${path}[${i}]`, visit));
  else if (isObj(x)) for (const [k, v] of Object.entries(x)) walkStrings(v, path ? `${path}.${k}` : k, visit);
}

// Our own control sequences: a localised date, or a link to one of the URLs the test allows.
const DATE_TOKEN = /<!date\^\d+\^\{date_short_pretty\} \{time\}\|[^<>|]*>/g;
const LINK_TOKEN = /<(https?:\/\/[^\s<>|]+)\|[^<>|]*>/g;

/**
 * Every `<…>` sequence Slack would parse in `msg` must be one we built: a date, or a link to one
 * of `allowedUrls`. Anything else (`<!channel>`, `<!here>`, `<@U1>`, `<https://evil|x>`) is a
 * live mention or an injected link. Returns the offending texts.
 */
export function injectedMarkup(msg: SlackMessage, allowedUrls: Iterable<string>): string[] {
  const allowed = new Set(allowedUrls);
  const found: string[] = [];
  walkStrings(msg, '', (path, s) => {
    if (path.endsWith('.url') || path.endsWith('.color') || path.endsWith('.type')) return;
    const rest = s.replace(DATE_TOKEN, '').replace(LINK_TOKEN, (token, url: string) => (allowed.has(url) ? '' : token));
    if (rest.includes('<') || rest.includes('>')) found.push(`${path}: ${rest.slice(Math.max(0, rest.search(/[<>]/) - 40), rest.search(/[<>]/) + 60)}`);
  });
  return found;
}
