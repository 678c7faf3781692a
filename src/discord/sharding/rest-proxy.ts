/**
 * One @discordjs/proxy in front of Discord's REST API for every process of the bot: the processes
 * send their requests here, and this one REST client queues them against the token's rate limits
 * (per route, and Discord's global 429s), which per-process clients could not see from each other.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { proxyRequests, version as proxyVersion } from '@discordjs/proxy';
import { REST } from '@discordjs/rest';
import { Agent } from 'undici';
import type { Logger } from '../../log.js';
import { UNBOUNDED_GLOBAL_RATE } from '../limits.js';

/** As each process's client (src/discord/bot.ts): a bounded pool of kept-alive connections to Discord. */
const CONNECTIONS = 64;

export interface RunningProxy {
  /** What the processes take as their REST base (REST_PROXY_URL): discord.js appends /v10 to it. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Starts the proxy on 127.0.0.1:`port` (0: a free one), forwarding to `discordApiUrl` (unset:
 * Discord itself). It keeps no token: each request carries its process's Authorization header.
 */
export async function startRestProxy(options: { port: number; discordApiUrl?: string | undefined; logger: Logger }): Promise<RunningProxy> {
  const rest = new REST({
    ...(options.discordApiUrl ? { api: options.discordApiUrl } : {}),
    agent: new Agent({ connections: CONNECTIONS }),
    // As each process's client: interaction traffic is not bound by the global limit (see bot.ts).
    globalRequestsPerSecond: UNBOUNDED_GLOBAL_RATE,
    // Says to Discord (and the emulator's tests) that requests come through the proxy.
    userAgentAppendix: `@discordjs/proxy/${proxyVersion}`,
  });
  rest.on('rateLimited', (info) => options.logger.warn('REST rate limited', { route: info.route, global: info.global, retryAfterMs: info.retryAfter }));
  const forward = proxyRequests(rest);
  const server: Server = createServer((request, response) => {
    Promise.resolve(forward(request, response)).catch((error: unknown) => {
      // proxyRequests rethrows what it cannot map to an HTTP answer (a network error to Discord).
      options.logger.error('REST proxy could not forward a request', { method: request.method, error });
      if (!response.headersSent) response.statusCode = 502;
      response.end();
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/api`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
