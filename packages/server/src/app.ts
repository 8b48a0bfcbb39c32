// createTaxiiApp: the Express wiring around a set of typed handlers. Each TAXII concern has
// exactly one place here: authentication, content negotiation, body limits, request validation
// (express-openapi-validator on the bundled description), dispatch, response validation and the
// mapping of every error to a TAXII error resource.
import type { IncomingMessage } from 'node:http';
import express, { type NextFunction, type Request, type Response } from 'express';
import * as OpenApiValidator from 'express-openapi-validator';
import { loadValidationSpec } from '@taxii21/spec';
import { authenticate, type CertificateVerifier, type CredentialVerifier, type TokenVerifier } from './auth.js';
import {
  JsonText,
  type ApiRootMount,
  type AuthenticatedUser,
  type HandlerResult,
  type OperationId,
  type RequestContext,
  type TaxiiHandlers,
} from './contract.js';
import { limitedJsonBody } from './body-limits.js';
import { DISCOVERY_PATH, materializeSpec, type RouteInfo } from './deployment-spec.js';
import { ErrorAnswer, toErrorAnswer } from './errors.js';
import { acceptsTaxii, isTaxiiContentType, TAXII_MEDIA_TYPE } from './negotiation.js';
import { createResponseValidator, ResponseContractError } from './response-validation.js';

export type TaxiiAppOptions = {
  handlers: TaxiiHandlers;
  /** The API roots to serve. Paths start and end with `/`, are not `/` and not `/taxii2/`. */
  apiRoots: readonly ApiRootMount[];
  verifyCredentials: CredentialVerifier;
  /** Accept `Authorization: Bearer <token>` (RFC 6750), checked by this. */
  verifyToken?: TokenVerifier;
  /** Accept client certificates that TLS has verified (an HTTPS server with `requestCert`), mapped to users by this. */
  verifyClientCertificate?: CertificateVerifier;
  /** Every request needs a verified client certificate, which alone names the user (the handshake completes without one, so the 401 can say why). */
  requireClientCertificate?: boolean;
  /** Shown in `WWW-Authenticate`. */
  realm?: string;
  /** Check every response against the description; a mismatch answers 500. On in tests. */
  validateResponses?: boolean;
  /** Scheme, host and port for absolute URLs (discovery); by default taken from the request. */
  publicOrigin?: string;
  /**
   * Most objects one addObjects request may hold, whatever its size; more get 413 before the body
   * is parsed. Without it, a body of B bytes may hold 10,000 or B / 64, whichever is more (see
   * body-limits.ts): never fewer than real STIX objects need, so a client that sizes envelopes by
   * bytes alone is not refused.
   */
  maxObjectsPerRequest?: number;
  /** The client's address (behind a trusted proxy, the forwarded one), for the failed-login limits; by default the connection's peer. */
  clientAddress?: (req: IncomingMessage) => string;
  /** Told about every 500, with the cause; the client only sees a generic error resource. */
  onServerError?: (error: unknown, req: Request) => void;
};

type Locals = {
  user?: AuthenticatedUser;
  /** The described operation this request is for, found once in step 2. */
  route?: RouteInfo;
};

export function createTaxiiApp(options: TaxiiAppOptions): express.Express {
  validateMounts(options.apiRoots);
  const realm = options.realm ?? 'TAXII';
  // Two copies: express-openapi-validator may change the document it is given.
  const deployment = materializeSpec(loadValidationSpec(), options.apiRoots);
  const validateResponse = options.validateResponses ? createResponseValidator(loadValidationSpec()) : null;

  const app = express();
  app.disable('x-powered-by');
  app.set('etag', false);
  // match[type]=… must arrive as { match: { type } } for the deepObject parameters.
  app.set('query parser', 'extended');

  // 0. HEAD is GET without the body (RFC 9110 §9.3.2): served as the GET it stands for, so the
  // status and headers are the GET's; Node leaves the body out because the request was HEAD.
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (req.method === 'HEAD') req.method = 'GET';
    next();
  });

  // 0b. One request at a time per connection. Node reads every pipelined request at once and
  // would render every answer into memory while a client that does not read holds them all
  // (300 pages held 1 GB); here the next waits until the previous answer has left, and requests
  // queued behind a connection that has closed are dropped unanswered.
  const lastOnConnection = new WeakMap<object, Promise<void>>();
  app.use((req: Request, res: Response, next: NextFunction) => {
    const previous = lastOnConnection.get(req.socket) ?? Promise.resolve();
    const answered = new Promise<void>((resolve) => {
      res.once('finish', resolve);
      res.once('close', resolve);
    });
    lastOnConnection.set(
      req.socket,
      previous.then(() => answered),
    );
    void previous.then(() => (req.socket.destroyed ? undefined : next()));
  });

  // 1. Authentication (SRV-SEC-02): every endpoint needs a user, by Basic, bearer token or client certificate.
  const authenticators = {
    realm,
    verifyCredentials: options.verifyCredentials,
    ...(options.verifyToken && { verifyToken: options.verifyToken }),
    ...(options.verifyClientCertificate && { verifyClientCertificate: options.verifyClientCertificate }),
    requireClientCertificate: options.requireClientCertificate ?? false,
    ...(options.clientAddress && { clientAddress: options.clientAddress }),
  };
  app.use(async (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    try {
      res.locals.user = await authenticate(req, authenticators);
      next();
    } catch (error) {
      next(error);
    }
  });

  // 2. The URL and the method: 404 for no endpoint, 405 with Allow for a method it does not
  // answer (RFC 9110 §15.5.6), before the media types, which only matter to a method it answers.
  // Paths match exactly, case and empty segments included (SRV-GEN-03).
  app.use((req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    const describedPath = deployment.describedPathOf(req.path);
    if (describedPath === undefined) {
      // Every TAXII URL ends in / (§3.1), and leaving it off is the commonest mistake: say where to go.
      const withSlash = !req.path.endsWith('/') && deployment.describedPathOf(`${req.path}/`) !== undefined;
      return next(
        ErrorAnswer.notFound(withSlash ? `No TAXII endpoint at this URL: TAXII URLs end in /, so try ${req.path}/ instead.` : 'No TAXII endpoint at this URL.'),
      );
    }
    const route = deployment.routes.get(`${req.method} ${describedPath}`);
    if (!route) {
      const allow = deployment.methodsOf(describedPath).join(', ');
      return next(new ErrorAnswer(405, `${req.method} is not allowed here; this URL answers ${allow}.`, { headers: { Allow: allow } }));
    }
    res.locals.route = route;
    next();
  });

  // 3. Content negotiation (SRV-MT-02 to SRV-MT-05). DELETE too: its success has no body, but
  // the standard names 406 for it and its errors carry the TAXII media type (§5.7).
  app.use((req: Request, _res: Response, next: NextFunction) => {
    if (!acceptsTaxii(req.headers.accept)) {
      return next(new ErrorAnswer(406, `This server answers in '${TAXII_MEDIA_TYPE}'; the Accept header allows none of it.`));
    }
    if (req.method === 'POST' && !isTaxiiContentType(req.headers['content-type'])) {
      return next(new ErrorAnswer(415, `Send the request body as '${TAXII_MEDIA_TYPE}'.`));
    }
    next();
  });

  // 4. Body limits: size (SRV-ADD-02), checked from Content-Length before reading and while
  // streaming; then how many objects, counted before the JSON is parsed.
  for (const apiRoot of options.apiRoots) {
    app.use(
      apiRoot.path,
      limitedJsonBody({ maxBytes: apiRoot.maxContentLength, ...(options.maxObjectsPerRequest !== undefined && { maxItems: options.maxObjectsPerRequest }) }),
    );
  }

  // 5. Request validation against the description (400 for bad parameters and bodies, §3.4).
  // An integer parameter is a plain decimal number: the validator's type coercion alone would
  // also take `1e2`, `0x10`, ` 1` and `Infinity` (SRV-FLT-03).
  app.use((req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    for (const name of res.locals.route!.integerQueryParameters) {
      const value = (req.query as Record<string, unknown>)[name];
      if (typeof value === 'string' && !/^[0-9]{1,16}$/.test(value)) {
        return next(ErrorAnswer.badRequest(`${name} must be a positive decimal integer written with digits only; '${value}' is not one.`, { parameter: name }));
      }
    }
    next();
  });
  app.use(
    OpenApiValidator.middleware({
      apiSpec: deployment.document as never,
      validateRequests: { allowUnknownQueryParameters: false, coerceTypes: true },
      validateResponses: false,
      validateSecurity: false,
      ignoreUndocumented: false,
    }),
  );

  // 6. Dispatch to the typed handler.
  app.use(async (req: Request, res: Response<unknown, Locals>, next: NextFunction) => {
    try {
      const openapi = (req as Request & { openapi?: { pathParams: Record<string, string> } }).openapi;
      const route = res.locals.route!;
      const context: RequestContext = {
        user: res.locals.user!,
        apiRoot: route.apiRoot,
        origin: options.publicOrigin ?? requestOrigin(req),
      };
      // The route table pairs each operationId with its own handler, so the inputs match at run time.
      const handler = options.handlers[route.operationId] as unknown as (input: unknown) => Promise<HandlerResult<OperationId>>;
      const result = await handler({ path: openapi!.pathParams, query: req.query, body: req.body, context });
      send(res, route.operationId, result);
    } catch (error) {
      next(error);
    }
  });

  // 7. Every error becomes a TAXII error resource (SRV-GEN-06).
  app.use((error: unknown, req: Request, res: Response<unknown, Locals>, _next: NextFunction) => {
    const taxiiError = withinDeclaredStatuses(toErrorAnswer(error), res.locals.route);
    // A deliberate 5xx (such as 503 with Retry-After) is reported by whoever raised it.
    if (taxiiError.status === 500) options.onServerError?.(error, req);
    if (res.headersSent) return res.end();
    taxiiError.writeTo(res);
  });

  /** A 400 where the operation declares none: its only checked inputs are path ids, so nothing is at that URL. */
  function withinDeclaredStatuses(error: ErrorAnswer, route: RouteInfo | undefined): ErrorAnswer {
    if (error.status !== 400 || !route || route.mayAnswer400) return error;
    return ErrorAnswer.notFound(`Nothing at this URL: ${error.message}`);
  }

  function send(res: Response, operationId: OperationId, result: HandlerResult<OperationId>) {
    const status = Number(result.status);
    const headers = Object.fromEntries(Object.entries(result.headers ?? {}).filter(([, v]) => v !== undefined));
    const body = result.body as unknown;
    try {
      if (validateResponse) validateResponse(operationId, status, body instanceof JsonText ? JSON.parse(body.text) : body, headers);
    } catch (error) {
      if (error instanceof ResponseContractError) throw Object.assign(new ErrorAnswer(500, 'The server produced an invalid response.'), { cause: error });
      throw error;
    }
    res.status(status);
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, String(value));
    if (body === undefined) return res.end();
    res.setHeader('Content-Type', TAXII_MEDIA_TYPE);
    res.end(body instanceof JsonText ? body.text : JSON.stringify(body));
  }

  return app;
}

function validateMounts(apiRoots: readonly ApiRootMount[]) {
  const seen = new Set<string>();
  for (const { path, maxContentLength } of apiRoots) {
    if (!/^\/([^/?#]+\/)+$/.test(path)) throw new Error(`API root path '${path}' must start and end with '/' and not be '/'.`);
    if (path === DISCOVERY_PATH) throw new Error(`API root path may not be ${DISCOVERY_PATH}, the discovery endpoint.`);
    if (seen.has(path)) throw new Error(`API root path '${path}' is configured twice.`);
    if (!Number.isInteger(maxContentLength) || maxContentLength < 1) throw new Error(`API root '${path}': maxContentLength must be a positive integer.`);
    seen.add(path);
  }
}

/**
 * Scheme, host and port of the request as the client addressed it: its Host header, or, for an
 * HTTP/1.0 request without one, the address it reached — never `undefined` in a URL.
 */
function requestOrigin(req: Request): string {
  const host = req.get('host');
  if (host) return `${req.protocol}://${host}`;
  const address = req.socket.localAddress ?? '127.0.0.1';
  return `${req.protocol}://${address.includes(':') ? `[${address}]` : address}:${req.socket.localPort}`;
}
