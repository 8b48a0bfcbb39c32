// The description uses API-root-relative paths under an `{apiRoot}` server variable. A running
// server knows its API roots, so it validates against a copy with every path made literal:
// `/taxii2/` plus, for each API root, its path prefixed to every API-root-relative path.
// express-openapi-validator only reads top-level `servers`, which is why the prefixing is done
// here rather than through path-level servers.
import type { OpenApiDocument } from '@taxii21/spec';
import type { ApiRootMount, OperationId } from './contract.js';

export const DISCOVERY_PATH = '/taxii2/';

export type RouteInfo = {
  operationId: OperationId;
  apiRoot: ApiRootMount | null;
  /** Query parameters the description types as integers (`limit`). */
  integerQueryParameters: string[];
  /**
   * Whether the operation may answer 400. The standard's table gives getDiscovery, getApiRoot
   * and getStatus none: there, an unknown query parameter is ignored and a path parameter that
   * cannot be an id means there is nothing at that URL (404).
   */
  mayAnswer400: boolean;
};

export type DeploymentSpec = {
  document: OpenApiDocument;
  /** Keyed by `${METHOD} ${literal path}`, as the validator reports the matched route. */
  routes: Map<string, RouteInfo>;
  /**
   * The described path a request path is, exactly: case-sensitive, with no empty segment. The
   * validator alone would also serve `/API1/COLLECTIONS/` and `collections//`.
   */
  describedPathOf: (path: string) => string | undefined;
  /** The methods a described path answers, for the Allow header of a 405 (RFC 9110 §15.5.6). */
  methodsOf: (describedPath: string) => string[];
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function materializeSpec(spec: OpenApiDocument, apiRoots: readonly ApiRootMount[]): DeploymentSpec {
  const routes = new Map<string, RouteInfo>();
  const paths: Record<string, Record<string, unknown>> = {};

  const patterns: Array<{ pattern: RegExp; literalPath: string }> = [];
  const resolve = (node: unknown): Record<string, unknown> => {
    let current = node as Record<string, unknown>;
    while (typeof current?.$ref === 'string') {
      current = (current.$ref as string)
        .replace(/^#\//, '')
        .split('/')
        .reduce<unknown>((at, key) => (at as Record<string, unknown> | undefined)?.[key], spec) as Record<string, unknown>;
    }
    return current;
  };

  const addPath = (literalPath: string, template: Record<string, unknown>, apiRoot: ApiRootMount | null) => {
    const { servers: _servers, ...pathItem } = template;
    paths[literalPath] = pathItem;
    patterns.push({ pattern: pathPattern(literalPath), literalPath });
    for (const method of METHODS) {
      const operation = pathItem[method] as { operationId?: OperationId; parameters?: unknown[]; responses?: Record<string, unknown> } | undefined;
      if (!operation?.operationId) continue;
      const mayAnswer400 = operation.responses?.['400'] !== undefined;
      if (!mayAnswer400) pathItem[method] = { ...operation, 'x-eov-allow-unknown-query-parameters': true };
      const parameters = [...((pathItem.parameters as unknown[]) ?? []), ...(operation.parameters ?? [])].map(resolve);
      const integerQueryParameters = parameters.filter((p) => p.in === 'query' && resolve(p.schema)?.type === 'integer').map((p) => p.name as string);
      routes.set(`${method.toUpperCase()} ${literalPath}`, { operationId: operation.operationId, apiRoot, integerQueryParameters, mayAnswer400 });
    }
  };

  for (const [path, pathItem] of Object.entries(spec.paths)) {
    if (path === DISCOVERY_PATH) {
      addPath(path, pathItem, null);
      continue;
    }
    for (const apiRoot of apiRoots) addPath(apiRoot.path.slice(0, -1) + path, pathItem, apiRoot);
  }

  return {
    document: { ...spec, servers: [{ url: '/' }], paths },
    routes,
    describedPathOf: (path) => patterns.find(({ pattern }) => pattern.test(path))?.literalPath,
    methodsOf: (describedPath) => {
      const methods = [...routes.keys()].filter((key) => key.endsWith(` ${describedPath}`)).map((key) => key.split(' ')[0]!);
      return methods.includes('GET') ? [...methods, 'HEAD'] : methods;
    },
  };
}

/** `/api1/collections/{collectionId}/` as an anchored, case-sensitive pattern; a parameter is one non-empty segment. */
function pathPattern(literalPath: string): RegExp {
  const source = literalPath
    .split(/(\{[^}]+\})/)
    .map((part) => (/^\{[^}]+\}$/.test(part) ? '[^/]+' : part.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')))
    .join('');
  return new RegExp(`^${source}$`);
}
