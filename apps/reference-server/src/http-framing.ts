// What Node's HTTP server would answer on its own, before the app sees a request — a request it
// cannot parse or that took too long, an HTTP/1.1 request without Host, an Expect it does not
// know — answered here as TAXII error resources (SRV-GEN-06), like every other refusal.
import { STATUS_CODES, type IncomingMessage, type ServerResponse } from 'node:http';
import type { Duplex } from 'node:stream';
import { ErrorAnswer, TAXII_MEDIA_TYPE } from '@taxii21/server';
import type { ServerConfig } from './config.js';

/** What to answer a connection whose request Node could not take: too large, too slow, or not HTTP. */
export function clientErrorAnswer(error: NodeJS.ErrnoException, config: ServerConfig): ErrorAnswer {
  if (error.code === 'HPE_HEADER_OVERFLOW')
    return new ErrorAnswer(431, `The request line and headers may not exceed ${config.limits.maxHeaderSize} bytes; shorten the query.`);
  if (error.code === 'ERR_HTTP_REQUEST_TIMEOUT') {
    return new ErrorAnswer(
      408,
      `The request was not received in time (headers within ${config.limits.headersTimeoutSeconds} s, the whole request within ${config.limits.requestTimeoutSeconds} s).`,
    );
  }
  return ErrorAnswer.badRequest('The request is not valid HTTP.');
}

/** The answer written straight to the socket, which then closes: there is no request to answer through. */
export function writeToSocket(socket: Duplex, answer: ErrorAnswer): void {
  const body = JSON.stringify(answer.toResource());
  const extra = Object.entries(answer.headers).map(([name, value]) => `${name}: ${value}\r\n`);
  socket.end(
    `HTTP/1.1 ${answer.status} ${STATUS_CODES[answer.status]}\r\nContent-Type: ${TAXII_MEDIA_TYPE}\r\nContent-Length: ${Buffer.byteLength(body)}\r\n${extra.join('')}Connection: close\r\n\r\n${body}`,
  );
}

/**
 * An HTTP/1.1 request must name its Host (RFC 9112 §3.2). HTTP/1.0 need not; its absolute URLs
 * then name the address the request reached (see the app's origin).
 */
export function missingHost(req: IncomingMessage): ErrorAnswer | undefined {
  if (req.headers.host !== undefined || req.httpVersion !== '1.1') return undefined;
  return ErrorAnswer.badRequest('An HTTP/1.1 request must send a Host header (RFC 9112 §3.2).');
}

/** Node asks only about expectations other than 100-continue, which it meets itself; none is met (RFC 9110 §10.1.1). */
export function unmetExpectation(req: IncomingMessage, res: ServerResponse): void {
  res.setHeader('Connection', 'close');
  new ErrorAnswer(417, `This server meets no expectation but 100-continue; 'Expect: ${String(req.headers.expect).slice(0, 100)}' is not met.`).writeTo(res);
}
