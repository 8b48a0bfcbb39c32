// The description uses API-root-relative paths under an `{apiRoot}` server variable. A running
// server knows its API roots, so it validates against a copy with every path made literal:
// `/taxii2/` plus, for each API root, its path prefixed to every API-root-relative path.
// express-openapi-validator only reads top-level `servers`, which is why the prefixing is done
// here rather than through path-level servers.
import type { OpenApiDocument } from '@taxii21/spec';
import type { ApiRootMount, OperationId } from './contract.js';

export const DISCOVERY_PATH = '/taxii2/';

export type RouteInfo = { operationId: OperationId; apiRoot: ApiRootMount | null };

export type DeploymentSpec = {
  document: OpenApiDocument;
  /** Keyed by `${METHOD} ${literal path}`, as the validator reports the matched route. */
  routes: Map<string, RouteInfo>;
};

const METHODS = ['get', 'put', 'post', 'delete', 'patch', 'head', 'options', 'trace'];

export function materializeSpec(spec: OpenApiDocument, apiRoots: readonly ApiRootMount[]): DeploymentSpec {
  const routes = new Map<string, RouteInfo>();
  const paths: Record<string, Record<string, unknown>> = {};

  const addPath = (literalPath: string, template: Record<string, unknown>, apiRoot: ApiRootMount | null) => {
    const { servers: _servers, ...pathItem } = template;
    paths[literalPath] = pathItem;
    for (const method of METHODS) {
      const operation = pathItem[method] as { operationId?: OperationId } | undefined;
      if (operation?.operationId) routes.set(`${method.toUpperCase()} ${literalPath}`, { operationId: operation.operationId, apiRoot });
    }
  };

  for (const [path, pathItem] of Object.entries(spec.paths)) {
    if (path === DISCOVERY_PATH) {
      addPath(path, pathItem, null);
      continue;
    }
    for (const apiRoot of apiRoots) addPath(apiRoot.path.slice(0, -1) + path, pathItem, apiRoot);
  }

  return { document: { ...spec, servers: [{ url: '/' }], paths }, routes };
}
