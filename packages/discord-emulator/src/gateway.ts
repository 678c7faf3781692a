/**
 * The v10 gateway (JSON encoding, no compression) over `ws`: HELLO, heartbeats, IDENTIFY,
 * READY + GUILD_CREATE, sequence numbers, RESUME with replay, op 9, op 7 and close codes.
 */
import { randomBytes } from 'node:crypto';
import { EventEmitter } from 'node:events';
import type { IncomingMessage } from 'node:http';
import type { Duplex } from 'node:stream';
import { GatewayCloseCodes, GatewayIntentBits, GatewayOpcodes } from 'discord-api-types/v10';
import { WebSocket, WebSocketServer } from 'ws';
import type { RawData } from 'ws';
import type { Json } from './model.js';

export interface DispatchPayload {
  op: 0;
  s: number;
  t: string;
  d: unknown;
}

/** One IDENTIFYed session (one shard of one client). Survives disconnects until invalidated. */
export interface GatewaySession {
  readonly sessionId: string;
  readonly shard: readonly [number, number];
  readonly intents: number;
  /** Last sequence number sent (or queued) on this session. */
  seq: number;
  /** Every dispatch of the session, for replay on RESUME. */
  readonly log: DispatchPayload[];
  /** The socket currently carrying the session, null while disconnected. */
  socket: WebSocket | null;
  /** False once invalidated (op 9, close 1000 by the client, bad RESUME...). */
  resumable: boolean;
  identifiedAt: number;
  resumeCount: number;
  /** Dispatches replayed by the last RESUME. */
  lastReplayCount: number;
}

/** One WebSocket connection, as tests may want to inspect it. */
export interface GatewayConnection {
  readonly path: string;
  readonly query: Record<string, string>;
  readonly openedAt: number;
  closedAt: number | null;
  closeCode: number | null;
  /** Who closed: 'client', 'server' (close frame or terminate) or null while open. */
  closedBy: 'client' | 'server' | null;
  /** Client→server payloads received on this connection (parsed). */
  readonly received: Json[];
  /** Server→client payloads sent on this connection. */
  readonly sent: Json[];
  kind: 'pending' | 'identify' | 'resume';
  session: GatewaySession | null;
  heartbeats: number;
}

export interface GatewayHooks {
  token: () => string;
  heartbeatIntervalMs: number;
  gatewayUrl: () => string;
  resumeUrl: () => string;
  /** READY's d (without session_id/resume_gateway_url/shard, which the gateway adds). */
  readyData: (shard: readonly [number, number]) => Json;
  /** GUILD_CREATE payloads for the guilds of a shard. */
  guildsForShard: (shard: readonly [number, number]) => Json[];
}

export class Gateway extends EventEmitter {
  readonly wss = new WebSocketServer({ noServer: true });
  readonly connections: GatewayConnection[] = [];
  readonly sessions: GatewaySession[] = [];
  private readonly sockets = new Map<WebSocket, GatewayConnection>();
  private serverClosing = new WeakSet<WebSocket>();
  /** While held: the HELLO of each new connection, sent on release. */
  private heldHellos: (() => void)[] | null = null;

  constructor(private readonly hooks: GatewayHooks) {
    super();
    this.setMaxListeners(0);
  }

  handleUpgrade(req: IncomingMessage, socket: Duplex, head: Buffer): void {
    const url = new URL(req.url ?? '/', 'http://localhost');
    this.wss.handleUpgrade(req, socket, head, (ws) => this.onConnection(ws, url));
  }

  /** Sessions that are currently connected and identified/resumed. */
  liveSessions(): GatewaySession[] {
    return this.sessions.filter((s) => s.resumable && s.socket !== null && s.socket.readyState === WebSocket.OPEN);
  }

  /** The most recent resumable session for a shard id (connected or not). */
  sessionForShard(shardId: number): GatewaySession | undefined {
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i];
      if (s && s.resumable && s.shard[0] === shardId) return s;
    }
    return undefined;
  }

  /** Shard count the (latest) client identified with, or null if none has. */
  shardCount(): number | null {
    for (let i = this.sessions.length - 1; i >= 0; i--) {
      const s = this.sessions[i];
      if (s && s.resumable) return s.shard[1];
    }
    return null;
  }

  /**
   * Send a dispatch on a session. If the session is disconnected (but resumable) the event is
   * queued in its log and will be replayed on RESUME, as Discord does.
   */
  dispatch(session: GatewaySession, t: string, d: unknown): DispatchPayload {
    session.seq += 1;
    const payload: DispatchPayload = { op: 0, s: session.seq, t, d };
    session.log.push(payload);
    if (session.socket && session.socket.readyState === WebSocket.OPEN) this.send(session.socket, payload);
    return payload;
  }

  /** Close the sockets of live sessions (all, or of one shard) abnormally. */
  drop(code?: number, shardId?: number): number {
    let n = 0;
    for (const s of this.liveSessions()) {
      if (shardId !== undefined && s.shard[0] !== shardId) continue;
      const ws = s.socket;
      if (!ws) continue;
      this.serverClosing.add(ws);
      if (code === undefined) ws.terminate();
      else ws.close(code, 'emulator dropConnection');
      if (code === 1000 || code === 1001) s.resumable = false;
      n++;
    }
    return n;
  }

  /** Send op 9 INVALID_SESSION (d = resumable) to live sessions (all, or one shard). */
  invalidate(resumable: boolean, shardId?: number): number {
    let n = 0;
    for (const s of this.liveSessions()) {
      if (shardId !== undefined && s.shard[0] !== shardId) continue;
      if (!resumable) s.resumable = false;
      if (s.socket) this.send(s.socket, { op: GatewayOpcodes.InvalidSession, d: resumable });
      n++;
    }
    return n;
  }

  /** Send op 7 RECONNECT (the client should resume on a new connection). */
  requestReconnect(shardId?: number): number {
    let n = 0;
    for (const s of this.liveSessions()) {
      if (shardId !== undefined && s.shard[0] !== shardId) continue;
      if (s.socket) this.send(s.socket, { op: GatewayOpcodes.Reconnect, d: null });
      n++;
    }
    return n;
  }

  /** Send op 1 (heartbeat request) to every live session; the client must heartbeat at once. */
  requestHeartbeat(): void {
    for (const s of this.liveSessions()) if (s.socket) this.send(s.socket, { op: GatewayOpcodes.Heartbeat, d: null });
  }

  async close(): Promise<void> {
    for (const ws of this.sockets.keys()) {
      this.serverClosing.add(ws);
      ws.terminate();
    }
    await new Promise<void>((resolve) => this.wss.close(() => resolve()));
  }

  private onConnection(ws: WebSocket, url: URL): void {
    const conn: GatewayConnection = {
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      openedAt: Date.now(),
      closedAt: null,
      closeCode: null,
      closedBy: null,
      received: [],
      sent: [],
      kind: 'pending',
      session: null,
      heartbeats: 0,
    };
    this.connections.push(conn);
    this.sockets.set(ws, conn);
    ws.on('message', (data, isBinary) => this.onMessage(ws, conn, data, isBinary));
    ws.on('close', (code) => this.onClose(ws, conn, code));
    ws.on('error', () => {
      /* connection errors end in 'close' */
    });
    this.emit('connection', conn);

    if (conn.query['v'] !== undefined && conn.query['v'] !== '10') {
      this.closeWith(ws, GatewayCloseCodes.InvalidAPIVersion, 'Invalid API version');
      return;
    }
    if (conn.query['encoding'] !== undefined && conn.query['encoding'] !== 'json') {
      this.closeWith(ws, GatewayCloseCodes.DecodeError, 'Only encoding=json is emulated');
      return;
    }
    if (conn.query['compress'] !== undefined) {
      this.closeWith(ws, GatewayCloseCodes.DecodeError, 'Transport compression is not emulated');
      return;
    }
    const hello = () => {
      if (ws.readyState !== WebSocket.OPEN) return;
      this.send(ws, {
        op: GatewayOpcodes.Hello,
        d: { heartbeat_interval: this.hooks.heartbeatIntervalMs, _trace: ['["discord-emulator",{"micros":0}]'] },
      });
    };
    if (this.heldHellos) this.heldHellos.push(hello);
    else hello();
  }

  /** New connections are accepted but get no HELLO (a gateway slow to answer) until release(). */
  hold(): void {
    this.heldHellos ??= [];
  }

  release(): void {
    const held = this.heldHellos ?? [];
    this.heldHellos = null;
    for (const hello of held) hello();
  }

  private onMessage(ws: WebSocket, conn: GatewayConnection, data: RawData, isBinary: boolean): void {
    if (isBinary) {
      this.closeWith(ws, GatewayCloseCodes.DecodeError, 'Binary (compressed) payloads are not emulated');
      return;
    }
    let payload: Json;
    try {
      const text = Array.isArray(data) ? Buffer.concat(data).toString('utf8') : Buffer.from(data as ArrayBuffer).toString('utf8');
      const parsed: unknown = JSON.parse(text);
      if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) throw new Error('not an object');
      payload = parsed as Json;
    } catch {
      this.closeWith(ws, GatewayCloseCodes.DecodeError, 'Error while decoding payload.');
      return;
    }
    conn.received.push(payload);
    const op = payload['op'];
    const d = payload['d'];
    switch (op) {
      case GatewayOpcodes.Heartbeat:
        conn.heartbeats += 1;
        this.send(ws, { op: GatewayOpcodes.HeartbeatAck });
        this.emit('heartbeat', conn);
        return;
      case GatewayOpcodes.Identify:
        this.onIdentify(ws, conn, (d ?? {}) as Json);
        return;
      case GatewayOpcodes.Resume:
        this.onResume(ws, conn, (d ?? {}) as Json);
        return;
      case GatewayOpcodes.PresenceUpdate:
      case GatewayOpcodes.VoiceStateUpdate:
      case GatewayOpcodes.RequestGuildMembers:
      case GatewayOpcodes.RequestSoundboardSounds:
        if (conn.kind === 'pending') this.closeWith(ws, GatewayCloseCodes.NotAuthenticated, 'Not authenticated.');
        return;
      default:
        this.closeWith(ws, GatewayCloseCodes.UnknownOpcode, 'Unknown opcode.');
    }
  }

  /** IDENTIFY and RESUME alike: once per connection, with the bot's token; else the socket is closed. */
  private authenticates(ws: WebSocket, conn: GatewayConnection, d: Json): boolean {
    if (conn.kind !== 'pending') {
      this.closeWith(ws, GatewayCloseCodes.AlreadyAuthenticated, 'Already authenticated.');
      return false;
    }
    if (d['token'] !== this.hooks.token()) {
      this.closeWith(ws, GatewayCloseCodes.AuthenticationFailed, 'Authentication failed.');
      return false;
    }
    return true;
  }

  private onIdentify(ws: WebSocket, conn: GatewayConnection, d: Json): void {
    if (!this.authenticates(ws, conn, d)) return;
    const intents = d['intents'];
    if (typeof intents !== 'number' || intents < 0 || intents >= 1 << 26) {
      this.closeWith(ws, GatewayCloseCodes.InvalidIntents, 'Invalid intent(s).');
      return;
    }
    const rawShard = d['shard'];
    let shard: [number, number] = [0, 1];
    if (rawShard !== undefined) {
      if (
        !Array.isArray(rawShard) ||
        rawShard.length !== 2 ||
        !rawShard.every((n) => Number.isInteger(n)) ||
        (rawShard[1] as number) < 1 ||
        (rawShard[0] as number) < 0 ||
        (rawShard[0] as number) >= (rawShard[1] as number)
      ) {
        this.closeWith(ws, GatewayCloseCodes.InvalidShard, 'Invalid shard.');
        return;
      }
      shard = [rawShard[0] as number, rawShard[1] as number];
    }
    const session: GatewaySession = {
      sessionId: randomBytes(16).toString('hex'),
      shard,
      intents,
      seq: 0,
      log: [],
      socket: ws,
      resumable: true,
      identifiedAt: Date.now(),
      resumeCount: 0,
      lastReplayCount: 0,
    };
    // A new IDENTIFY for the same shard supersedes older sessions of that shard.
    for (const s of this.sessions) if (s.shard[0] === shard[0] && s.shard[1] === shard[1]) s.resumable = false;
    this.sessions.push(session);
    conn.kind = 'identify';
    conn.session = session;
    this.dispatch(session, 'READY', {
      ...this.hooks.readyData(shard),
      session_id: session.sessionId,
      resume_gateway_url: this.hooks.resumeUrl(),
      session_type: 'normal',
      shard,
    });
    if ((intents & GatewayIntentBits.Guilds) !== 0) {
      for (const guild of this.hooks.guildsForShard(shard)) this.dispatch(session, 'GUILD_CREATE', guild);
    }
    this.emit('identify', session);
    this.emit('change');
  }

  private onResume(ws: WebSocket, conn: GatewayConnection, d: Json): void {
    if (!this.authenticates(ws, conn, d)) return;
    const session = this.sessions.find((s) => s.sessionId === d['session_id']);
    if (!session || !session.resumable) {
      this.send(ws, { op: GatewayOpcodes.InvalidSession, d: false });
      return;
    }
    const seq = typeof d['seq'] === 'number' ? d['seq'] : 0;
    if (seq > session.seq) {
      this.closeWith(ws, GatewayCloseCodes.InvalidSeq, 'Invalid seq.');
      return;
    }
    const old = session.socket;
    if (old && old !== ws && old.readyState === WebSocket.OPEN) {
      this.serverClosing.add(old);
      old.terminate();
    }
    session.socket = ws;
    session.resumeCount += 1;
    conn.kind = 'resume';
    conn.session = session;
    const missed = session.log.filter((p) => p.s > seq);
    session.lastReplayCount = missed.length;
    for (const p of missed) this.send(ws, p);
    this.dispatch(session, 'RESUMED', null);
    this.emit('resume', session);
    this.emit('change');
  }

  private onClose(ws: WebSocket, conn: GatewayConnection, code: number): void {
    conn.closedAt = Date.now();
    conn.closeCode = code;
    conn.closedBy = this.serverClosing.has(ws) ? 'server' : 'client';
    this.sockets.delete(ws);
    const session = conn.session;
    if (session && session.socket === ws) {
      session.socket = null;
      // A client closing with 1000/1001 ends its session (Discord then refuses RESUME).
      if (conn.closedBy === 'client' && (code === 1000 || code === 1001)) session.resumable = false;
    }
    this.emit('close', conn);
    this.emit('change');
  }

  private closeWith(ws: WebSocket, code: number, reason: string): void {
    this.serverClosing.add(ws);
    ws.close(code, reason);
  }

  private send(ws: WebSocket, payload: Json | DispatchPayload): void {
    const conn = this.sockets.get(ws);
    conn?.sent.push(payload as Json);
    ws.send(JSON.stringify(payload));
  }
}
