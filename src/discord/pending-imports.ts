/**
 * Imports waiting for a moderator's Add or Cancel. A button's custom id holds at most 100 characters,
 * so the report itself stays here, under a random key the buttons carry; bounded in number and time,
 * and only the moderator who asked may use it. Lost on restart: the buttons then say to run it again.
 */
import { randomBytes } from 'node:crypto';

export interface PendingImport {
  readonly moderatorId: string;
  readonly guildId: string | null;
  /** The report file text shown in the preview, exactly what Add writes (after checking it again). */
  readonly text: string;
  /** The report's id, for the file name and messages. */
  readonly id: string;
}

export const PENDING_IMPORT_TTL_MS = 15 * 60_000;
export const MAX_PENDING_IMPORTS = 100;

export class PendingImports {
  private readonly entries = new Map<string, PendingImport & { readonly expires: number }>();

  constructor(
    private readonly ttlMs = PENDING_IMPORT_TTL_MS,
    private readonly max = MAX_PENDING_IMPORTS,
    private readonly now: () => number = Date.now,
  ) {}

  /** Keeps an import and returns its key (the oldest one is forgotten when full). */
  add(entry: PendingImport): string {
    this.prune();
    while (this.entries.size >= this.max) this.entries.delete(this.entries.keys().next().value!);
    const key = randomBytes(12).toString('base64url');
    this.entries.set(key, { ...entry, expires: this.now() + this.ttlMs });
    return key;
  }

  /** The import under `key` if it is still there and `userId` asked for it; taken out when `take` is set. */
  claim(key: string, userId: string, take: boolean): { ok: true; entry: PendingImport } | { ok: false; reason: 'gone' | 'not-yours' } {
    this.prune();
    const entry = this.entries.get(key);
    if (!entry) return { ok: false, reason: 'gone' };
    if (entry.moderatorId !== userId) return { ok: false, reason: 'not-yours' };
    if (take) this.entries.delete(key);
    return { ok: true, entry };
  }

  get size(): number {
    this.prune();
    return this.entries.size;
  }

  private prune(): void {
    const now = this.now();
    for (const [key, entry] of this.entries) if (entry.expires <= now) this.entries.delete(key);
  }
}
