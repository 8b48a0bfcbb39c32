import type { Handler } from '@taxii21/server';
import type { components } from '@taxii21/types';
import { fromMicros } from '../timestamps.js';
import type { HandlerDeps } from './context.js';
import { readPage } from '../walk.js';

export function manifestHandlers(deps: HandlerDeps): { getManifest: Handler<'getManifest'> } {
  return {
    getManifest: async ({ path, query, context }) => {
      const collection = deps.catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'read');
      const page = await readPage(deps, { endpoint: 'manifest', collectionId: collection.id, query, withContent: false, defaultVersion: 'last' });
      const body: components['schemas']['Manifest'] = { more: page.more };
      if (page.next !== undefined) body.next = page.next;
      if (page.records.length > 0) {
        body.objects = page.records.map((r) => ({ id: r.id, date_added: fromMicros(r.dateAdded), version: r.version, media_type: r.mediaType }));
      }
      return { status: 200, body, headers: page.headers };
    },
  };
}
