import type { Handler } from '@taxii21/server';
import type { components } from '@taxii21/types';
import { TAXII_MEDIA_TYPE } from '@taxii21/server';
import type { HandlerDeps } from './context.js';

export function discoveryHandlers({ config, catalog }: HandlerDeps): { getDiscovery: Handler<'getDiscovery'>; getApiRoot: Handler<'getApiRoot'> } {
  return {
    getDiscovery: ({ context }) => {
      const { title, description, contact, default: defaultRoot } = config.discovery;
      const body: components['schemas']['Discovery'] = { title };
      if (description !== undefined) body.description = description;
      if (contact !== undefined) body.contact = contact;
      if (defaultRoot !== undefined) body.default = context.origin + defaultRoot;
      const roots = catalog.apiRoots().map((root) => context.origin + root.path);
      if (roots.length > 0) body.api_roots = roots;
      return { status: 200, body };
    },

    getApiRoot: ({ context }) => {
      const root = catalog.apiRoot(context.apiRoot!.path);
      const body: components['schemas']['ApiRoot'] = { title: root.title, versions: [TAXII_MEDIA_TYPE], max_content_length: root.maxContentLength };
      if (root.description !== undefined) body.description = root.description;
      return { status: 200, body };
    },
  };
}
