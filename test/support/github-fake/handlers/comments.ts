// Issue comments: list (paginated, `since`), create, get and update.
import { fields, type Handler, int, notFound, str } from "../handler.ts";
import { paginate } from "../pagination.ts";
import { commentShape } from "../shapes.ts";
import { type CommentRecord, commentsOf, findIssue, key, nextId, type Store, timestamp } from "../store.ts";

/** A comment id only counts inside the repository named in the path. */
export function findComment(store: Store, owner: string, repo: string, id: number): CommentRecord | undefined {
  const comment = store.comments.get(id);
  return comment && key(comment.owner, comment.repo) === key(owner, repo) ? comment : undefined;
}

const list: Handler = ({ ctx, path, query, url }) => {
  const owner = str(path.owner);
  const repo = str(path.repo);
  const number = int(path.issue_number);
  if (!findIssue(ctx.store, owner, repo, number)) return notFound();
  let comments = commentsOf(ctx.store, owner, repo, number);
  if (typeof query.since === "string") {
    const since = Date.parse(query.since);
    comments = comments.filter((comment) => Date.parse(comment.updatedAt) >= since);
  }
  const page = paginate(comments, query, url);
  return {
    status: 200,
    body: page.items.map((comment) => commentShape(ctx, comment)),
    headers: page.headers,
  };
};

const create: Handler = ({ ctx, path, body, actor, principal }) => {
  const issue = findIssue(ctx.store, str(path.owner), str(path.repo), int(path.issue_number));
  if (!issue) return notFound();
  const now = timestamp(ctx.store);
  const comment: CommentRecord = {
    id: nextId(ctx.store, "comment"),
    owner: issue.owner,
    repo: issue.repo,
    issueNumber: issue.number,
    body: str(fields(body).body),
    user: actor,
    viaApp: principal.kind !== "app",
    createdAt: now,
    updatedAt: now,
  };
  ctx.store.comments.set(comment.id, comment);
  issue.updatedAt = now;
  const shape = commentShape(ctx, comment);
  return { status: 201, body: shape, headers: { location: String(shape.url) } };
};

const get: Handler = ({ ctx, path }) => {
  const comment = findComment(ctx.store, str(path.owner), str(path.repo), int(path.comment_id));
  return comment ? { status: 200, body: commentShape(ctx, comment) } : notFound();
};

const update: Handler = ({ ctx, path, body }) => {
  const comment = findComment(ctx.store, str(path.owner), str(path.repo), int(path.comment_id));
  if (!comment) return notFound();
  comment.body = str(fields(body).body);
  comment.updatedAt = timestamp(ctx.store);
  return { status: 200, body: commentShape(ctx, comment) };
};

export const commentHandlers: Record<string, Handler> = {
  "issues/list-comments": list,
  "issues/create-comment": create,
  "issues/get-comment": get,
  "issues/update-comment": update,
};
