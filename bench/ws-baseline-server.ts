/**
 * The board benchmark's baseline, as its own process (the API is one too):
 * a bare WebSocket server (`ws`, the library under Mercurius) subscribed to
 * a Redis channel, sending every message it gets, as is, to every open
 * socket. The same fan-out of the same bytes as the live board, by the
 * shortest route: no GraphQL, no sign-in, no scope filter.
 *
 * Started with IPC; says `{ port }` once listening. Not part of the product.
 */
import { once } from 'node:events';
import { Redis } from 'ioredis';
import { WebSocketServer } from 'ws';

const channel = process.env.BENCH_WS_CHANNEL ?? 'bench-board';
const server = new WebSocketServer({ port: 0, host: '127.0.0.1' });
await once(server, 'listening');
const redis = new Redis(process.env.REDIS_URL ?? 'redis://127.0.0.1:6379');
redis.on('message', (_channel: string, text: string) => {
  for (const socket of server.clients) socket.send(text);
});
await redis.subscribe(channel);
const address = server.address();
process.send?.({ port: typeof address === 'object' && address !== null ? address.port : 0 });

process.once('SIGTERM', () => {
  server.close();
  redis.disconnect();
  process.exit(0);
});
