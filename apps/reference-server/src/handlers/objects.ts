import { randomUUID } from 'node:crypto';
import { JsonText, ErrorAnswer, type Handler } from '@taxii21/server';
import type { components } from '@taxii21/types';
import { checkMatchSizes, parseRecordFilters } from '../filters.js';
import { objectLimits, sortIncomingObjects } from '../stix.js';
import { fromMicros, nowMicros } from '../timestamps.js';
import type { HandlerDeps } from './context.js';
import { readPage } from '../walk.js';

type Envelope = components['schemas']['Envelope'];

type ObjectHandlers = {
  getObjects: Handler<'getObjects'>;
  getObject: Handler<'getObject'>;
  addObjects: Handler<'addObjects'>;
  deleteObject: Handler<'deleteObject'>;
};

export function objectHandlers(deps: HandlerDeps): ObjectHandlers {
  const { catalog, store } = deps;

  // The objects are stored as the JSON text they arrived as: the envelope is written around them
  // rather than parsing each one only to serialise it again.
  const envelope = (page: Awaited<ReturnType<typeof readPage>>): JsonText<Envelope> => {
    let text = `{"more":${page.more}`;
    if (page.next !== undefined) text += `,"next":${JSON.stringify(page.next)}`;
    if (page.records.length > 0) text += `,"objects":[${page.records.map((r) => r.content!).join(',')}]`;
    return new JsonText(`${text}}`);
  };

  return {
    getObjects: async ({ path, query, context }) => {
      const collection = catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'read');
      const page = await readPage(deps, { endpoint: 'objects', collectionId: collection.id, query, withContent: true, defaultVersion: 'last' });
      return { status: 200, body: envelope(page), headers: page.headers };
    },

    getObject: async ({ path, query, context }) => {
      const collection = catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'read');
      const page = await readPage(deps, {
        endpoint: 'object',
        collectionId: collection.id,
        objectId: path.objectId,
        query,
        withContent: true,
        defaultVersion: 'last',
      });
      // An object that exists but has no version passing the filters is an empty envelope
      // (§5.6 "If no STIX objects are returned, the response MUST include an empty envelope").
      if (page.firstPage && page.records.length === 0 && !(await store.hasObject(collection.id, path.objectId))) {
        throw ErrorAnswer.notFound('No object with this id in this collection.');
      }
      return { status: 200, body: envelope(page), headers: page.headers };
    },

    addObjects: async ({ path, body, context }) => {
      const collection = catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'write');
      const { accepted, rejected } = await sortIncomingObjects(body.objects, collection, objectLimits(deps.config), deps.stixValidator);
      const { status } = await store.addObjects({
        statusId: randomUUID(),
        apiRootPath: context.apiRoot!.path,
        collectionId: collection.id,
        owner: context.user.username,
        requestTimestamp: fromMicros(nowMicros()),
        accepted,
        rejected,
        revealDuplicates: catalog.rights(context.user, collection).read,
      });
      return { status: 202, body: status };
    },

    deleteObject: async ({ path, query, context }) => {
      const collection = catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'delete');
      checkMatchSizes(query, deps.config.limits.maxMatchValues);
      // One answer whether the object is absent or only the selected versions are: a delete tells
      // no more about what exists than a read with the same filters would.
      const nothing = () => ErrorAnswer.notFound('No version of an object with this id matches the filters in this collection.');
      if (!(await store.hasObject(collection.id, path.objectId))) throw nothing();
      // Without match[version], only the newest version goes: `last` is the default (§3.4.1, SRV-VER-04).
      const filters = parseRecordFilters(query, 'last');
      const request = { collectionId: collection.id, objectId: path.objectId, versions: filters.versions };
      const deleted = await store.deleteObject(filters.specVersions ? { ...request, specVersions: filters.specVersions } : request);
      if (deleted === 0) throw nothing();
      return { status: 200 };
    },
  };
}
