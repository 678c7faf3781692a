/** The test-facing handle of one dispatched interaction, and option-building helpers. */
import { ApplicationCommandOptionType, InteractionType } from 'discord-api-types/v10';
import type { RecordedFile } from './http.js';
import type { CallbackBody, DiscordErrorBody, EmulatedMessage, Pings, WireMessageBody } from './messages.js';
import type { Json } from './model.js';

export type InteractionEventKind = 'callback' | 'edit' | 'followup' | 'delete' | 'rejected';

/** Something the bot did (or tried to do) with an interaction. */
export interface InteractionEvent {
  kind: InteractionEventKind;
  /** Date.now() when the emulator received the request. */
  at: number;
  /** Milliseconds between the INTERACTION_CREATE dispatch and this request. */
  sinceDispatchMs: number;
  method: string;
  path: string;
  status: number;
  /** Callback type (4, 5, 6, 7, 8, 9) for 'callback' and callback 'rejected' events. */
  callbackType?: number;
  /** The raw request body (callback body for callbacks; message body for edits and follow-ups). */
  body: CallbackBody | WireMessageBody | null;
  /** The message part: callback `data`, or the webhook body. */
  data: WireMessageBody | undefined;
  /** The resulting message (a snapshot), when the request created or edited one. */
  message?: EmulatedMessage;
  /** Who the message pings (from content and allowed_mentions). */
  pings?: Pings;
  /** For 'rejected': the error Discord answered with. */
  error?: DiscordErrorBody;
  files: RecordedFile[];
}

type Listener = { predicate: (e: InteractionEvent) => boolean; resolve: (e: InteractionEvent) => void };

export class InteractionHandle {
  readonly events: InteractionEvent[] = [];
  acknowledged = false;
  ackedAt: number | null = null;
  ackType: number | null = null;
  /** Id of the message '@original' refers to (set by callbacks 4, 5, 6, 7). */
  originalMessageId: string | null = null;
  /** Ids of follow-up messages created with this interaction's token. */
  readonly followUpMessageIds: string[] = [];
  private listeners: Listener[] = [];

  constructor(
    readonly id: string,
    readonly token: string,
    readonly type: InteractionType,
    /** The INTERACTION_CREATE payload as dispatched. */
    readonly payload: Json,
    readonly dispatchedAt: number,
    /** The message a component/modal interaction is attached to. */
    readonly sourceMessageId: string | null,
    private readonly lookupMessage: (id: string) => EmulatedMessage | undefined,
  ) {}

  /** The message '@original' currently refers to (its latest state). */
  get message(): EmulatedMessage | undefined {
    return this.originalMessageId ? this.lookupMessage(this.originalMessageId) : undefined;
  }

  get callbacks(): InteractionEvent[] {
    return this.events.filter((e) => e.kind === 'callback');
  }
  get edits(): InteractionEvent[] {
    return this.events.filter((e) => e.kind === 'edit');
  }
  get followUps(): InteractionEvent[] {
    return this.events.filter((e) => e.kind === 'followup');
  }
  get rejections(): InteractionEvent[] {
    return this.events.filter((e) => e.kind === 'rejected');
  }
  /** Time from dispatch to the accepted callback, or null if not acknowledged. */
  get ackLatencyMs(): number | null {
    return this.ackedAt === null ? null : this.ackedAt - this.dispatchedAt;
  }

  /** The first accepted callback (type 4/5/6/7/8/9), waiting for it if needed. */
  reply(timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitFor((e) => e.kind === 'callback', timeoutMs, 'a callback');
  }
  /** The first edit of a message of this interaction matching `predicate` (past or future). */
  waitForEdit(predicate: (e: InteractionEvent) => boolean = () => true, timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitFor((e) => e.kind === 'edit' && predicate(e), timeoutMs, 'an edit');
  }
  /** The first follow-up matching `predicate` (past or future). */
  waitForFollowUp(predicate: (e: InteractionEvent) => boolean = () => true, timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitFor((e) => e.kind === 'followup' && predicate(e), timeoutMs, 'a follow-up');
  }
  /** The first rejected request (e.g. 40060, 10062, 50035). */
  waitForRejection(timeoutMs = 5000): Promise<InteractionEvent> {
    return this.waitFor((e) => e.kind === 'rejected', timeoutMs, 'a rejected request');
  }

  /** The first event (already recorded or future) matching `predicate`. */
  waitFor(predicate: (e: InteractionEvent) => boolean, timeoutMs = 5000, what = 'a matching event'): Promise<InteractionEvent> {
    const found = this.events.find(predicate);
    if (found) return Promise.resolve(found);
    return new Promise<InteractionEvent>((resolve, reject) => {
      const listener: Listener = {
        predicate,
        resolve: (e) => {
          clearTimeout(timer);
          resolve(e);
        },
      };
      const timer = setTimeout(() => {
        this.listeners = this.listeners.filter((l) => l !== listener);
        const seen = this.events.map((e) => `${e.kind}${e.callbackType ? `(${e.callbackType})` : ''} ${e.status}`).join(', ');
        reject(new Error(`Interaction ${this.id}: no ${what} within ${timeoutMs} ms (events so far: ${seen || 'none'})`));
      }, timeoutMs);
      timer.unref();
      this.listeners.push(listener);
    });
  }

  /** @internal */
  record(e: InteractionEvent): void {
    this.events.push(e);
    for (const l of [...this.listeners]) {
      if (l.predicate(e)) {
        this.listeners = this.listeners.filter((x) => x !== l);
        l.resolve(e);
      }
    }
  }
}

/** Option values tests may pass instead of raw API options. */
export type OptionValues = Record<string, string | number | boolean>;

/** Raw interaction option as Discord sends it. */
export interface RawOption {
  name: string;
  type: number;
  value?: string | number | boolean;
  focused?: boolean;
  options?: RawOption[];
}

interface CommandOptionDef {
  name: string;
  type: number;
  options?: CommandOptionDef[];
}

/**
 * Turn { name: value } into raw options, typed from the registered command definition when
 * there is one (else inferred: string → STRING, integer → INTEGER, other number → NUMBER,
 * boolean → BOOLEAN). Sub-command (group) wrapping is applied when given.
 */
export function buildOptions(
  values: OptionValues | RawOption[] | undefined,
  defs: CommandOptionDef[] | undefined,
  subcommand: string | undefined,
  subcommandGroup: string | undefined,
  focused: string | undefined,
): RawOption[] {
  let leafDefs = defs;
  if (subcommandGroup) leafDefs = leafDefs?.find((d) => d.name === subcommandGroup)?.options;
  if (subcommand) leafDefs = leafDefs?.find((d) => d.name === subcommand)?.options;
  let leaf: RawOption[];
  if (Array.isArray(values)) {
    leaf = values.map((o) => ({ ...o }));
  } else {
    leaf = Object.entries(values ?? {}).map(([name, value]) => {
      const def = leafDefs?.find((d) => d.name === name);
      const type =
        def?.type ??
        (typeof value === 'string'
          ? ApplicationCommandOptionType.String
          : typeof value === 'boolean'
            ? ApplicationCommandOptionType.Boolean
            : Number.isInteger(value)
              ? ApplicationCommandOptionType.Integer
              : ApplicationCommandOptionType.Number);
      return { name, type, value };
    });
  }
  if (focused !== undefined) {
    const opt = leaf.find((o) => o.name === focused);
    if (!opt) throw new Error(`DiscordEmulator: focused option "${focused}" is not among the options`);
    opt.focused = true;
    // While typing, Discord sends the partial input as a string for every option type.
    if (opt.value !== undefined) opt.value = String(opt.value);
  }
  let out = leaf;
  if (subcommand) out = [{ name: subcommand, type: ApplicationCommandOptionType.Subcommand, options: out }];
  if (subcommandGroup) out = [{ name: subcommandGroup, type: ApplicationCommandOptionType.SubcommandGroup, options: out }];
  return out;
}
