import { ErrorAnswer, type Handler } from '@taxii21/server';
import type { components } from '@taxii21/types';
import type { HandlerDeps } from './context.js';
import { readPage } from '../walk.js';

export function versionHandlers(deps: HandlerDeps): { getObjectVersions: Handler<'getObjectVersions'> } {
  return {
    getObjectVersions: async ({ path, query, context }) => {
      const collection = deps.catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'read');
      // Every stored version that passes the filters (SRV-VER-03), oldest date_added first.
      const page = await readPage(deps, {
        endpoint: 'versions',
        collectionId: collection.id,
        objectId: path.objectId,
        query,
        withContent: false,
        defaultVersion: 'all',
      });
      if (page.firstPage && page.records.length === 0 && !(await deps.store.hasObject(collection.id, path.objectId))) {
        throw ErrorAnswer.notFound('No object with this id in this collection.');
      }
      const body: components['schemas']['Versions'] = { more: page.more };
      if (page.next !== undefined) body.next = page.next;
      if (page.records.length > 0) body.versions = page.records.map((r) => r.version);
      return { status: 200, body, headers: page.headers };
    },
  };
}
