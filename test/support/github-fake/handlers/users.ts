// Users: the public profile and the public SSH keys.
import { type Handler, notFound, str } from "../handler.ts";
import { paginate } from "../pagination.ts";
import { publicUserShape } from "../shapes.ts";
import { key } from "../store.ts";

const getByUsername: Handler = ({ ctx, path }) => {
  const user = ctx.store.users.get(key(str(path.username)));
  return user ? { status: 200, body: publicUserShape(ctx, user) } : notFound();
};

const listKeys: Handler = ({ ctx, path, query, url }) => {
  const user = ctx.store.users.get(key(str(path.username)));
  if (!user) return notFound();
  const page = paginate(user.keys, query, url);
  return {
    status: 200,
    body: page.items.map((k) => ({ id: k.id, key: k.key })),
    headers: page.headers,
  };
};

export const userHandlers: Record<string, Handler> = {
  "users/get-by-username": getByUsername,
  "users/list-public-keys-for-user": listKeys,
};
