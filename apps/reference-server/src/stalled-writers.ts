// Disconnects clients that stop reading their answers. Node's own socket timeout cannot tell a
// client that reads nothing from a request the server itself is still working on (a login
// waiting for its turn, a large page), so it cut off legitimate requests too. Here only a
// connection with answers waiting to be written, and no byte of them taken for the whole
// period, is closed: a pipelining client that never reads holds its buffered answers that long
// and no longer.
import type { Server, Socket } from 'node:net';

export function closeStalledWriters(server: Server, stallMs: number): () => void {
  const watched = new Map<Socket, { written: number; since: number }>();
  server.on('connection', (socket: Socket) => {
    watched.set(socket, { written: 0, since: Date.now() });
    socket.once('close', () => watched.delete(socket));
  });
  const timer = setInterval(
    () => {
      const now = Date.now();
      for (const [socket, state] of watched) {
        if (socket.writableLength === 0 || socket.bytesWritten !== state.written) {
          state.written = socket.bytesWritten;
          state.since = now;
        } else if (now - state.since >= stallMs) socket.destroy();
      }
    },
    Math.min(1000, Math.max(100, stallMs / 4)),
  );
  timer.unref();
  return () => clearInterval(timer);
}
