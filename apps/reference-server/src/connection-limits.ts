// How many connections the server holds: in all, so that the process never runs out of file
// descriptors (a normal client then gets no answer at all), and from one client address, so that
// one address cannot take them all. Connections from trusted proxies (trustProxy) carry many
// clients and count only toward the total. A connection over a limit is answered at once with a
// TAXII 503 and Retry-After, and closed; those already open are not disturbed.
import { readFileSync } from 'node:fs';
import type { Server } from 'node:http';
import type { Socket } from 'node:net';
import { ErrorAnswer } from '@taxii21/server';
import { peerAddress } from './client-address.js';
import { writeToSocket } from './http-framing.js';

export type ConnectionLimits = {
  /** Connections held at once; default: the process's file-descriptor limit less a reserve. */
  maxConnections?: number | undefined;
  maxConnectionsPerAddress: number;
  /** Retry-After of the refusal, in seconds. */
  retryAfterSeconds: number;
};

/** Descriptors kept for everything but client connections: database files, worker threads, the metrics listener, logs. */
const DESCRIPTOR_RESERVE = 128;
const FALLBACK_MAX_CONNECTIONS = 10_000;

/** The soft limit on open files, from /proc on Linux; undefined where that cannot be read. */
function openFileLimit(): number | undefined {
  try {
    const line = /^Max open files\s+(\d+|unlimited)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    return line && line[1] !== 'unlimited' ? Number(line[1]) : undefined;
  } catch {
    return undefined;
  }
}

export function defaultMaxConnections(): number {
  const limit = openFileLimit();
  return limit === undefined ? FALLBACK_MAX_CONNECTIONS : Math.max(16, limit - DESCRIPTOR_RESERVE);
}

/** Counts and bounds the server's connections; resolves the address of each by `addressOf`. */
/**
 * Counts and bounds the server's connections. `speaksPlainHttp` is false under TLS, where nothing
 * can be said before the handshake: there a connection over a limit is only closed.
 */
export function limitConnections(server: Server, limits: ConnectionLimits, isTrustedProxy: (address: string) => boolean, speaksPlainHttp: boolean) {
  const maxConnections = limits.maxConnections ?? defaultMaxConnections();
  const perAddress = new Map<string, number>();
  let open = 0;
  const refuse = (socket: Socket, why: string) => {
    socket.on('error', () => undefined);
    if (!speaksPlainHttp) return void socket.destroy();
    writeToSocket(socket, new ErrorAnswer(503, why, { headers: { 'Retry-After': String(limits.retryAfterSeconds) } }));
    // A client that never reads must not hold the descriptor either.
    setTimeout(() => socket.destroy(), 1000).unref();
  };
  server.on('connection', (socket: Socket) => {
    const address = peerAddress(socket);
    const trusted = isTrustedProxy(address);
    if (open >= maxConnections) return refuse(socket, `The server holds as many connections as it may (${maxConnections}); try again shortly.`);
    const fromAddress = perAddress.get(address) ?? 0;
    if (!trusted && fromAddress >= limits.maxConnectionsPerAddress) {
      return refuse(
        socket,
        `Your address holds as many connections as one address may (${limits.maxConnectionsPerAddress}); reuse them, or try again shortly.`,
      );
    }
    open++;
    perAddress.set(address, fromAddress + 1);
    socket.once('close', () => {
      open--;
      const left = (perAddress.get(address) ?? 1) - 1;
      if (left === 0) perAddress.delete(address);
      else perAddress.set(address, left);
    });
  });
  return { openConnections: () => open, maxConnections };
}
