// The configured API roots and collections, and what each user may see and do with them
// (SRV-SEC-03, SRV-SEC-04). Handlers ask here; nothing else decides permissions.
import { ErrorAnswer, type AuthenticatedUser } from '@taxii21/server';
import type { ApiRootConfig, CollectionConfig, ServerConfig } from './config.js';

export type Rights = { read: boolean; write: boolean };

/** What a request needs: to see the collection at all, to read it, to write to it, or to delete from it (both rights, §5.7). */
export type Need = keyof Rights | 'see' | 'delete';

export class CollectionCatalog {
  private readonly roots = new Map<string, ApiRootConfig>();

  constructor(config: ServerConfig) {
    for (const root of config.apiRoots) this.roots.set(root.path, root);
  }

  /**
   * Takes the collections (their rights, titles, new and removed ones) of a new configuration for
   * the API roots already served; API roots themselves are fixed until a restart.
   */
  replaceCollections(apiRoots: readonly ApiRootConfig[]): void {
    for (const next of apiRoots) {
      const current = this.roots.get(next.path);
      if (current) this.roots.set(next.path, { ...current, collections: next.collections });
    }
  }

  apiRoots(): ApiRootConfig[] {
    return [...this.roots.values()];
  }

  apiRoot(path: string): ApiRootConfig {
    const root = this.roots.get(path);
    if (!root) throw ErrorAnswer.notFound('No such API root.');
    return root;
  }

  rights(user: AuthenticatedUser, collection: CollectionConfig): Rights {
    return { read: collection.read.includes(user.username), write: collection.write.includes(user.username) };
  }

  /** Collections of an API root this user may see: those they may read or write. */
  visibleCollections(apiRootPath: string, user: AuthenticatedUser): CollectionConfig[] {
    return this.apiRoot(apiRootPath).collections.filter((c) => {
      const rights = this.rights(user, c);
      return rights.read || rights.write;
    });
  }

  /**
   * The collection named by id or alias, when the user holds the right asked for (SRV-SEC-04,
   * the tables of §5.3 to §5.8). A collection the user may not see (no right at all) answers 404,
   * so its existence is not revealed; §5.7 requires exactly that for deleting. One they see but
   * may not use this way answers 403; deleting needs both rights.
   */
  authorize(apiRootPath: string, idOrAlias: string, user: AuthenticatedUser, need: Need): CollectionConfig {
    const key = idOrAlias.toLowerCase();
    const collection = this.apiRoot(apiRootPath).collections.find((c) => c.id.toLowerCase() === key || c.alias === idOrAlias);
    const rights = collection ? this.rights(user, collection) : { read: false, write: false };
    if (!collection || (!rights.read && !rights.write)) throw ErrorAnswer.notFound('No collection with this id or alias in this API root.');
    if (need === 'delete' && !(rights.read && rights.write))
      throw ErrorAnswer.forbidden('Deleting needs both the read and the write right on this collection.');
    if ((need === 'read' || need === 'write') && !rights[need]) {
      throw ErrorAnswer.forbidden(need === 'read' ? 'You may not read this collection.' : 'You may not write to this collection.');
    }
    return collection;
  }
}
