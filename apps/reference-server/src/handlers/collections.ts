import type { AuthenticatedUser, Handler } from '@taxii21/server';
import type { components } from '@taxii21/types';
import type { CollectionCatalog } from '../catalog.js';
import type { CollectionConfig } from '../config.js';
import type { HandlerDeps } from './context.js';

type CollectionResource = components['schemas']['Collection'];

function toResource(catalog: CollectionCatalog, collection: CollectionConfig, user: AuthenticatedUser): CollectionResource {
  const rights = catalog.rights(user, collection);
  const resource: CollectionResource = { id: collection.id, title: collection.title, can_read: rights.read, can_write: rights.write };
  if (collection.description !== undefined) resource.description = collection.description;
  if (collection.alias !== undefined) resource.alias = collection.alias;
  if (collection.mediaTypes !== undefined) resource.media_types = collection.mediaTypes;
  return resource;
}

export function collectionHandlers({ catalog }: HandlerDeps): { getCollections: Handler<'getCollections'>; getCollection: Handler<'getCollection'> } {
  return {
    getCollections: ({ context }) => {
      const visible = catalog.visibleCollections(context.apiRoot!.path, context.user);
      return { status: 200, body: visible.length > 0 ? { collections: visible.map((c) => toResource(catalog, c, context.user)) } : {} };
    },

    getCollection: ({ path, context }) => {
      const collection = catalog.authorize(context.apiRoot!.path, path.collectionId, context.user, 'see');
      return { status: 200, body: toResource(catalog, collection, context.user) };
    },
  };
}
