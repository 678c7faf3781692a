/** Discord's error bodies, as the REST routes answer them. */
import type { DiscordErrorBody } from './messages.js';
import type { Json } from './model.js';

/** What a route answers: status, JSON body, extra headers. */
export interface RouteResult {
  status: number;
  body?: unknown;
  headers?: Record<string, string>;
}

export const err = (message: string, code: number): DiscordErrorBody => ({ message, code });
export const UNKNOWN_INTERACTION = err('Unknown interaction', 10062);
export const ALREADY_ACKNOWLEDGED = err('Interaction has already been acknowledged.', 40060);
export const UNKNOWN_WEBHOOK = err('Unknown Webhook', 10015);
export const UNKNOWN_MESSAGE = err('Unknown Message', 10008);
export const INVALID_WEBHOOK_TOKEN = err('Invalid Webhook Token', 50027);

/** 50035 Invalid Form Body with one error at `path`. */
export function formError(path: (string | number)[], code: string, message: string): DiscordErrorBody {
  const errors: Json = {};
  let node = errors;
  for (const k of path) {
    const next: Json = {};
    node[String(k)] = next;
    node = next;
  }
  node['_errors'] = [{ code, message }];
  return { message: 'Invalid Form Body', code: 50035, errors };
}
