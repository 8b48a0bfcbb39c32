import { ErrorAnswer, type Handler } from '@taxii21/server';
import type { HandlerDeps } from './context.js';

export function statusHandlers({ store }: HandlerDeps): { getStatus: Handler<'getStatus'> } {
  return {
    getStatus: async ({ path, context }) => {
      // Statuses are private to the user whose request made them.
      const status = await store.getStatus(context.apiRoot!.path, path.statusId.toLowerCase(), context.user.username);
      if (!status) throw ErrorAnswer.notFound('No status with this id in this API root.');
      return { status: 200, body: status };
    },
  };
}
