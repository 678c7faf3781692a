/** Application commands: the /applications/{id}/(guilds/{id}/)commands routes, Discord's limits on a definition, look-up. */
import { ApplicationCommandType } from 'discord-api-types/v10';
import { err, formError } from './errors.js';
import type { RouteResult } from './errors.js';
import type { RecordedRequest } from './http.js';
import type { DiscordErrorBody } from './messages.js';
import type { Json } from './model.js';
import { snowflake } from './snowflake.js';
import type { EmulatorState, StoredCommand } from './state.js';

/** GET/PUT/POST on the list and GET/PATCH/DELETE on one command, in `scope` ('global' or a guild id). */
export function onCommands(state: EmulatorState, method: string, scope: string, rest: string[], r: RecordedRequest, appId: string): RouteResult {
  if (appId !== state.applicationId) return { status: 403, body: err('Missing Access', 50001) };
  const list = state.commands.get(scope) ?? [];
  const commandId = rest[0];
  if (rest.length === 0) {
    if (method === 'GET') return { status: 200, body: list };
    if (method === 'PUT') {
      if (!Array.isArray(r.body)) return { status: 400, body: formError([], 'BASE_TYPE_ARRAY', 'Must be an array.') };
      const bodies = r.body as Json[];
      if (bodies.length > 100) return { status: 400, body: formError([], 'BASE_TYPE_MAX_LENGTH', 'Must be 100 or fewer in length.') };
      const problems = bodies.map((b, i) => validateCommand(b, [i])).find((e) => e !== null);
      if (problems) return { status: 400, body: problems };
      const next = bodies.map((b) => {
        const existing = list.find((c) => c.name === b['name'] && c.type === ((b['type'] as number | undefined) ?? 1));
        return storeCommand(state, b, scope, existing?.id);
      });
      state.commands.set(scope, next);
      return { status: 200, body: next };
    }
    if (method === 'POST') {
      const b = (r.body ?? {}) as Json;
      const problem = validateCommand(b, []);
      if (problem) return { status: 400, body: problem };
      const idx = list.findIndex((c) => c.name === b['name'] && c.type === ((b['type'] as number | undefined) ?? 1));
      const stored = storeCommand(state, b, scope, idx >= 0 ? list[idx]?.id : undefined);
      if (idx >= 0) list[idx] = stored;
      else list.push(stored);
      state.commands.set(scope, list);
      return { status: idx >= 0 ? 200 : 201, body: stored };
    }
  } else if (rest.length === 1 && commandId) {
    const idx = list.findIndex((c) => c.id === commandId);
    if (idx < 0) return { status: 404, body: err('Unknown application command', 10063) };
    if (method === 'GET') return { status: 200, body: list[idx] };
    if (method === 'DELETE') {
      list.splice(idx, 1);
      return { status: 204 };
    }
    if (method === 'PATCH') {
      const merged = { ...(list[idx] as StoredCommand), ...((r.body ?? {}) as Json) };
      const problem = validateCommand(merged, []);
      if (problem) return { status: 400, body: problem };
      const stored = storeCommand(state, merged, scope, commandId);
      list[idx] = stored;
      return { status: 200, body: stored };
    }
  }
  return { status: 405, body: err('405: Method Not Allowed', 0) };
}

/** The registered command of that name and type: the guild's first, then the global one. */
export function findCommand(state: EmulatorState, name: string, type: number, guildId: string | null): StoredCommand | undefined {
  const match = (c: StoredCommand): boolean => c.name === name && c.type === type;
  return (guildId ? state.commands.get(guildId)?.find(match) : undefined) ?? state.commands.get('global')?.find(match);
}

function storeCommand(state: EmulatorState, b: Json, scope: string, id: string | undefined): StoredCommand {
  const type = (b['type'] as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
  const cmd: StoredCommand = {
    default_member_permissions: null,
    contexts: null,
    integration_types: [0],
    nsfw: false,
    ...b,
    id: id ?? snowflake(),
    application_id: state.applicationId,
    version: snowflake(),
    type,
    name: String(b['name']),
    description: type === ApplicationCommandType.ChatInput && typeof b['description'] === 'string' ? b['description'] : '',
  };
  if (scope !== 'global') cmd.guild_id = scope;
  return cmd;
}

const NAME_RE = /^[-_'\p{L}\p{N}\p{sc=Deva}\p{sc=Thai}]{1,32}$/u;

/** Discord's main limits on a command definition (names, descriptions, option count, total size). */
function validateCommand(b: Json, at: (string | number)[]): DiscordErrorBody | null {
  const type = (b['type'] as ApplicationCommandType | undefined) ?? ApplicationCommandType.ChatInput;
  const name = b['name'];
  if (typeof name !== 'string' || name.length < 1 || name.length > 32) {
    return formError([...at, 'name'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 32 in length.');
  }
  if (type === ApplicationCommandType.ChatInput) {
    if (!NAME_RE.test(name) || name !== name.toLowerCase()) {
      return formError([...at, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
    }
    const description = b['description'];
    if (typeof description !== 'string' || description.length < 1 || description.length > 100) {
      return formError([...at, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
    }
    const options = (b['options'] as Json[] | undefined) ?? [];
    if (options.length > 25) return formError([...at, 'options'], 'BASE_TYPE_MAX_LENGTH', 'Must be 25 or fewer in length.');
    for (const [i, o] of options.entries()) {
      const on = o['name'];
      if (typeof on !== 'string' || !NAME_RE.test(on) || on !== on.toLowerCase()) {
        return formError([...at, 'options', i, 'name'], 'APPLICATION_COMMAND_INVALID_NAME', 'Command name is invalid');
      }
      const od = o['description'];
      if (typeof od !== 'string' || od.length < 1 || od.length > 100) {
        return formError([...at, 'options', i, 'description'], 'BASE_TYPE_BAD_LENGTH', 'Must be between 1 and 100 in length.');
      }
    }
  }
  if (commandSize(b) > 8000) {
    return formError(at, 'APPLICATION_COMMAND_TOO_LARGE', 'Command exceeds maximum size (8000)');
  }
  return null;
}

/** Characters Discord counts toward the 8,000 limit: names, descriptions, choice names and values. */
function commandSize(node: Json): number {
  let n = 0;
  for (const key of ['name', 'description'] as const) if (typeof node[key] === 'string') n += node[key].length;
  const value = node['value'];
  if (typeof value === 'string' || typeof value === 'number') n += String(value).length;
  for (const key of ['options', 'choices'] as const) {
    const list = node[key];
    if (Array.isArray(list)) for (const child of list as Json[]) n += commandSize(child);
  }
  return n;
}
