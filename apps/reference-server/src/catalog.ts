// The configured API roots and collections, and what each user may see and do with them
// (SRV-SEC-03, SRV-SEC-04). Handlers ask here; nothing else decides permissions.
import { TaxiiError, type AuthenticatedUser } from '@taxii21/server';
import type { ApiRootConfig, CollectionConfig, ServerConfig } from './config.js';

export type Rights = { read: boolean; write: boolean };

export class CollectionCatalog {
  private readonly roots = new Map<string, ApiRootConfig>();

  constructor(config: ServerConfig) {
    for (const root of config.apiRoots) this.roots.set(root.path, root);
  }

  apiRoots(): ApiRootConfig[] {
    return [...this.roots.values()];
  }

  apiRoot(path: string): ApiRootConfig {
    const root = this.roots.get(path);
    if (!root) throw TaxiiError.notFound('No such API root.');
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
   * The collection named by id or alias, when the user holds the right asked for. A collection
   * the user may not see answers 404, so its existence is not revealed; one they see but may not
   * use this way answers 403.
   */
  authorize(apiRootPath: string, idOrAlias: string, user: AuthenticatedUser, need: keyof Rights | 'see'): CollectionConfig {
    const key = idOrAlias.toLowerCase();
    const collection = this.apiRoot(apiRootPath).collections.find((c) => c.id.toLowerCase() === key || c.alias === idOrAlias);
    const rights = collection ? this.rights(user, collection) : { read: false, write: false };
    if (!collection || (!rights.read && !rights.write)) throw TaxiiError.notFound('No collection with this id or alias in this API root.');
    if (need !== 'see' && !rights[need]) {
      throw TaxiiError.forbidden(need === 'read' ? 'You may not read this collection.' : 'You may not write to this collection.');
    }
    return collection;
  }
}
