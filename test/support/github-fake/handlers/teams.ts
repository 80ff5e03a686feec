// Teams: membership of one user, the member list, and the org's team list (for id → slug).
import { type Handler, notFound, str } from "../handler.ts";
import { paginate } from "../pagination.ts";
import { teamMembershipShape, teamShape, userByLogin } from "../shapes.ts";
import { findTeam, key } from "../store.ts";

const getMembership: Handler = ({ ctx, path }) => {
  const team = findTeam(ctx.store, str(path.org), str(path.team_slug));
  const member = team?.members.find((m) => key(m.login) === key(str(path.username)));
  return team && member ? { status: 200, body: teamMembershipShape(ctx, team, member) } : notFound();
};

const listMembers: Handler = ({ ctx, path, query, url }) => {
  const team = findTeam(ctx.store, str(path.org), str(path.team_slug));
  if (!team) return notFound();
  const role = typeof query.role === "string" ? query.role : "all";
  const members = team.members.filter((m) => m.state === "active" && (role === "all" || m.role === role));
  const page = paginate(members, query, url);
  return {
    status: 200,
    body: page.items.map((member) => userByLogin(ctx, member.login)),
    headers: page.headers,
  };
};

const list: Handler = ({ ctx, path, query, url }) => {
  const org = key(str(path.org));
  const teams = [...ctx.store.teams.values()]
    .filter((team) => key(team.org) === org)
    .sort((a, b) => a.name.localeCompare(b.name));
  const page = paginate(teams, query, url);
  return {
    status: 200,
    body: page.items.map((team) => teamShape(ctx, team)),
    headers: page.headers,
  };
};

export const teamHandlers: Record<string, Handler> = {
  "teams/get-membership-for-user-in-org": getMembership,
  "teams/list-members-in-org": listMembers,
  "teams/list": list,
};
