/**
 * The reports benchmark's community-dashboard phase: a community's yearly
 * dashboard through GraphQL, as its committee opens it, against the raw
 * rollup SQL for its monthly totals, measured in the same run. The
 * dashboard does more than that SQL (party groups, teams, top volunteers,
 * demands, tasks, posts): the ratio says what all of it costs over the
 * plainest read of the same hours. Every response's monthly hours and
 * activities are checked against the SQL's.
 */
import pg from 'pg';
import { graphqlAt } from './bench-env.js';
import { now } from './stats.js';

const DASHBOARD = `query($c: UUID!, $p: ReportPeriodInput!) { communityDashboard(communityId: $c, period: $p) {
  hours activities volunteers byMonth { month hours activities }
  byCategory { month category hours } byPartyGroup { id hours } byTeam { id hours }
  byKind { kind hours } topVolunteers { memberId hours }
  demands { received medianMinutes } tasks { tasks escalated } openTasks { dispatching }
  posts { postId coverage } postCoverage } }`;

type Months = Map<string, { minutes: number; logs: number }>;

/** A path's request times and its baseline's, in ms, round by round. */
export interface PathTimes {
  readonly system: number[];
  readonly bare: number[];
}

export async function measureDashboard(
  apiPort: number,
  appUrl: string,
  communityId: string,
  period: { fromMonth: string; toMonth: string },
  token: string,
  rounds: number,
): Promise<PathTimes> {
  const sql = new pg.Client({ connectionString: appUrl });
  await sql.connect();
  try {
    const raw = async (): Promise<Months> => {
      const { rows } = await sql.query<{ month: string; minutes: number; logs: number }>(
        `SELECT to_char(month, 'YYYY-MM') AS month, sum(minutes)::int AS minutes, sum(logs)::int AS logs
           FROM duty_log_rollup
          WHERE community_id = $1 AND month >= $2::date AND month < ($3::date + interval '1 month')
          GROUP BY month HAVING sum(logs) > 0 ORDER BY month`,
        [communityId, `${period.fromMonth}-01`, `${period.toMonth}-01`],
      );
      return new Map(rows.map((r) => [r.month, { minutes: r.minutes, logs: r.logs }]));
    };
    const expected = await raw();
    const viaApi = async () => {
      const t = now();
      const { communityDashboard: board } = await graphqlAt<{
        communityDashboard: { byMonth: { month: string; hours: number; activities: number }[] };
      }>(apiPort, DASHBOARD, { c: communityId, p: period }, token);
      const elapsed = now() - t;
      for (const cell of board.byMonth) {
        const want = expected.get(cell.month);
        const hours = want && Math.round((want.minutes / 60) * 10) / 10;
        if (cell.hours !== hours || cell.activities !== want?.logs) {
          throw new Error(
            `dashboard ${cell.month}: ${JSON.stringify(cell)} against ${JSON.stringify(want)}`,
          );
        }
      }
      if (board.byMonth.length !== expected.size) throw new Error('dashboard months differ');
      return elapsed;
    };
    const viaSql = async () => {
      const t = now();
      await raw();
      return now() - t;
    };
    await viaApi();
    await viaSql(); // warm-up
    const system: number[] = [];
    const bare: number[] = [];
    for (let round = 0; round < rounds; round++) {
      system.push(await viaApi());
      bare.push(await viaSql());
    }
    return { system, bare };
  } finally {
    await sql.end();
  }
}
