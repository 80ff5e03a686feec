// Reactions on issues and issue comments. Reacting twice with the same content returns the
// existing reaction with 200, as GitHub does; a new one is 201.
import { fields, type Handler, type HandlerResult, int, notFound, str } from "../handler.ts";
import { reactionShape, type ShapeContext } from "../shapes.ts";
import { nextId, type ReactionContent, type ReactionSubject, reactionsOf, findIssue, timestamp } from "../store.ts";
import { findComment } from "./comments.ts";

function react(ctx: ShapeContext, subject: ReactionSubject, content: ReactionContent, actor: string): HandlerResult {
  const existing = reactionsOf(ctx.store, subject).find(
    (reaction) => reaction.content === content && reaction.user.toLowerCase() === actor.toLowerCase(),
  );
  if (existing) return { status: 200, body: reactionShape(ctx, existing) };
  const reaction = { id: nextId(ctx.store, "reaction"), subject, content, user: actor, createdAt: timestamp(ctx.store) };
  ctx.store.reactions.push(reaction);
  return { status: 201, body: reactionShape(ctx, reaction) };
}

const forComment: Handler = ({ ctx, path, body, actor }) => {
  const comment = findComment(ctx.store, str(path.owner), str(path.repo), int(path.comment_id));
  if (!comment) return notFound();
  return react(ctx, { kind: "comment", commentId: comment.id }, str(fields(body).content) as ReactionContent, actor);
};

const forIssue: Handler = ({ ctx, path, body, actor }) => {
  const issue = findIssue(ctx.store, str(path.owner), str(path.repo), int(path.issue_number));
  if (!issue) return notFound();
  const subject: ReactionSubject = { kind: "issue", owner: issue.owner, repo: issue.repo, number: issue.number };
  return react(ctx, subject, str(fields(body).content) as ReactionContent, actor);
};

export const reactionHandlers: Record<string, Handler> = {
  "reactions/create-for-issue-comment": forComment,
  "reactions/create-for-issue": forIssue,
};
