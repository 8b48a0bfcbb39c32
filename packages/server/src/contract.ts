// The typed handler contract, derived entirely from the generated types: one handler per
// operationId whose input (path, query, body) and result (status + body + headers) are exactly
// what the description allows. A handler returning a status, body or header the description does
// not declare for that operation fails to compile.
import type { operations } from '@taxii21/types';

export type OperationId = keyof operations;

type Operation<Op extends OperationId> = operations[Op];
type Parameters<Op extends OperationId> = Operation<Op>['parameters'];

/** Turns the generator's `never` (no such parameters) into an empty object. */
type OrEmpty<T> = [T] extends [never] ? Record<never, never> : [T] extends [undefined] ? Record<never, never> : NonNullable<T>;

export type PathParams<Op extends OperationId> = OrEmpty<Parameters<Op>['path']>;
export type QueryParams<Op extends OperationId> = OrEmpty<Parameters<Op>['query']>;

export type RequestBody<Op extends OperationId> = Operation<Op>['requestBody'] extends { content: infer Content } ? Content[keyof Content] : undefined;

type Responses<Op extends OperationId> = Operation<Op>['responses'];

type BodyOf<Response> = Response extends { content?: infer Content }
  ? [NonNullable<Content>] extends [never]
    ? undefined
    : NonNullable<Content>[keyof NonNullable<Content>]
  : undefined;

/** Declared headers only: the generator's `[name: string]: unknown` index signature is dropped. */
type KnownKeys<T> = keyof { [K in keyof T as string extends K ? never : K]: T[K] };
type HeadersOf<Response> = Response extends { headers: infer Headers } ? { [K in KnownKeys<Headers> & keyof Headers]?: Headers[K] } : Record<never, never>;

/**
 * A response body that is already JSON text, sent as it is. For bodies made mostly of stored JSON
 * (an envelope of objects kept as text): parsing every object only to serialise it again is most
 * of the cost of a large page. The type parameter says which resource the text holds; with
 * response validation on, the text is parsed and checked like any other body.
 */
export class JsonText<Body> {
  declare readonly resource?: Body;
  constructor(readonly text: string) {}
}

/** One of the responses the description declares for the operation. */
export type HandlerResult<Op extends OperationId> = {
  [Status in keyof Responses<Op>]: BodyOf<Responses<Op>[Status]> extends undefined
    ? { status: Status; body?: undefined; headers?: HeadersOf<Responses<Op>[Status]> }
    : { status: Status; body: BodyOf<Responses<Op>[Status]> | JsonText<BodyOf<Responses<Op>[Status]>>; headers?: HeadersOf<Responses<Op>[Status]> };
}[keyof Responses<Op>];

/** Who is asking. The wiring authenticates; handlers decide what this user may see and do. */
export type AuthenticatedUser = { username: string };

/** The API root a request was addressed to, as configured. */
export type ApiRootMount = {
  /** The path the API root is mounted at, with leading and trailing slash: `/taxii/feeds/`. */
  path: string;
  /** The largest request body this API root accepts, in octets (SRV-ADD-02). */
  maxContentLength: number;
};

export type RequestContext = {
  user: AuthenticatedUser;
  /** The API root addressed; null for discovery, which belongs to no API root. */
  apiRoot: ApiRootMount | null;
  /** Scheme, host and port the client used (or the configured public URL), without a path. */
  origin: string;
};

export type HandlerInput<Op extends OperationId> = {
  path: PathParams<Op>;
  query: QueryParams<Op>;
  body: RequestBody<Op>;
  context: RequestContext;
};

export type Handler<Op extends OperationId> = (input: HandlerInput<Op>) => HandlerResult<Op> | Promise<HandlerResult<Op>>;

/** The whole server: one handler for each of the 11 operations. */
export type TaxiiHandlers = { [Op in OperationId]: Handler<Op> };
