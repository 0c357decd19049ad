/**
 * `voc serve`: the QA lead's workspace and the JSON API on the store; `voc token create|list|revoke`:
 * the tokens that open it.
 */
import type { Command } from 'commander';
import { UsageError } from '../../lib/errors.ts';
import { choice, configFrom, positiveInt, withStore, withStoreOptions } from '../options.ts';

const collect = (value: string, previous: string[] = []) => [...previous, value];

export function register(program: Command): void {
  withStoreOptions(program.command('serve'))
    .description('the web workspace (overview, agents, interactions, coaching queue) and the JSON API under /api/v1')
    .option('--port <n>', 'port to listen on (0: any free one)', positiveInt('--port', 0), 8080)
    .option('--host <host>', 'address to listen on (0.0.0.0 to accept other machines)', '127.0.0.1')
    .option('--min-interactions <n>', 'agents with fewer are listed but not ranked', positiveInt('--min-interactions'), 20)
    .option('--scorecard <file>', 'the QA scorecard reviewers score on (default: $VOC_SCORECARD, else lexicons/scorecards/default.json)')
    .addHelpText('after', `
On a store with no token yet it makes an admin token and prints it with a one-time sign-in link.
Give everyone else a token of their own (\`voc token create\`, or the Tokens page as admin).
Several servers can run on one PostgreSQL (DATABASE_URL) behind a load balancer: sessions, the
coaching queue and live conversations are in the database. The embedded database (.voc) can be
opened by one process at a time: stop the server to run other voc commands on it.

Examples:
  npm run demo && voc serve
  DATABASE_URL=postgres://127.0.0.1/voc voc serve --host 0.0.0.0 --port 8080`)
    .action(async (opts: { port: number; host: string; minInteractions: number; scorecard?: string; databaseUrl?: string; dataDir?: string }) => {
      const { openStore } = await import('../../store/open.ts');
      const { loadScorer } = await import('../../workers/scorer.ts');
      const { bootstrapAdmin } = await import('../../store/access.ts');
      const { buildServer } = await import('../../serve/server.ts');
      const { configuredScorecard } = await import('../../workers/scorecard.ts');
      const config = configFrom(opts);
      const { card } = configuredScorecard(config);
      const db = await openStore(config, { poolSize: 10 });
      let app: Awaited<ReturnType<typeof buildServer>> | undefined;
      const stop = async () => {
        await app?.close();
        await db.close();
        process.exit(0);
      };
      try {
        const scorer = await loadScorer(db, config);
        app = await buildServer({ db, scorer, scorecard: card, minInteractions: opts.minInteractions, repeatWindowDays: config.repeatWindowDays });
        await app.listen({ port: opts.port, host: opts.host });
        const addr = app.server.address();
        const port = typeof addr === 'object' && addr ? addr.port : opts.port;
        const url = `http://${opts.host.includes(':') ? `[${opts.host}]` : opts.host}:${port}`;
        console.log(`voc workspace on ${url} (store: ${db.location}, scorer ${scorer.version})`);
        console.log(`API: ${url}/api/v1 · OpenAPI: ${url}/api/v1/openapi.json`);
        const first = await bootstrapAdmin(db);
        if (first) {
          console.log(`\nNo token existed yet, so here is the first admin token (shown once, keep it safe):\n  ${first.token}`);
          console.log(`Sign in once without typing it: ${url}/login/once?id=${first.token_id}&code=${first.login_code}\n`);
        }
        // Evaluate what is scored but not yet on this scorecard, in the background: the agent pages'
        // scorecard figures fill in as it goes; an interaction opened before is evaluated on sight.
        const { evaluatePending } = await import('../../workers/scorecard.ts');
        void evaluatePending(db, card, scorer.version).catch((err: Error) => console.error(`scorecard evaluation stopped: ${err.message}`));
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      } catch (err) {
        await app?.close();
        await db.close();
        throw err;
      }
    });

  const token = program.command('token').description('API and workspace tokens: create, list, revoke');
  withStoreOptions(token.command('create'))
    .description('make a token (printed once; only a hash is kept)')
    .requiredOption('--role <role>', 'admin (everything), lead (their teams), reviewer (scores their teams\' interactions) or agent (their own interactions)', choice('--role', ['admin', 'lead', 'reviewer', 'agent']))
    .option('--team <team>', 'a team a lead or reviewer sees (repeat for several)', collect)
    .option('--agent <id>', 'the agent an agent token belongs to')
    .option('--label <text>', 'who it is for')
    .option('--json', 'print {"token": …} as JSON')
    .addHelpText('after', `
Examples:
  voc token create --role lead --team billing --team tech --label "Dana, QA lead"
  voc token create --role agent --agent A07
  curl -H "Authorization: Bearer $TOKEN" http://127.0.0.1:8080/api/v1/agents`)
    .action(async (opts: { role: 'admin' | 'lead' | 'reviewer' | 'agent'; team?: string[]; agent?: string; label?: string; json?: boolean; databaseUrl?: string; dataDir?: string }) => {
      const { createToken, AccessError } = await import('../../store/access.ts');
      const teamRole = opts.role === 'lead' || opts.role === 'reviewer';
      if (teamRole && !opts.team?.length) throw new UsageError(`a ${opts.role} token needs at least one --team`);
      if (opts.role === 'agent' && !opts.agent) throw new UsageError('an agent token needs --agent ID');
      if (!teamRole && opts.team?.length) throw new UsageError('--team applies to lead and reviewer tokens only');
      if (opts.role !== 'agent' && opts.agent) throw new UsageError('--agent applies to agent tokens only');
      await withStore(opts, async (db) => {
        try {
          const made = await createToken(db, { role: opts.role, teams: opts.team, agent: opts.agent, label: opts.label });
          if (opts.json) console.log(JSON.stringify({ token: made.token, token_id: made.token_id }));
          else console.log(`${made.token}\n(token ${made.token_id}, role ${opts.role}; shown once: only a hash is stored)`);
        } catch (err) {
          if (err instanceof AccessError) throw new UsageError(err.message);
          throw err;
        }
      });
    });
  withStoreOptions(token.command('list'))
    .description('every token: id, role, scope, label, when made and revoked (never the secret)')
    .option('--json', 'print as JSON')
    .action(async (opts: { json?: boolean; databaseUrl?: string; dataDir?: string }) => {
      const { listTokens } = await import('../../store/access.ts');
      await withStore(opts, async (db) => {
        const tokens = await listTokens(db);
        if (opts.json) return console.log(JSON.stringify(tokens, null, 2));
        if (tokens.length === 0) return console.log('no tokens yet: `voc token create --role admin` (or start `voc serve`, which makes the first)');
        for (const t of tokens) {
          const scope = t.role === 'lead' || t.role === 'reviewer' ? `teams ${t.teams.join(', ')}` : t.role === 'agent' ? `agent ${t.agent_id}` : 'everything';
          console.log(`${t.token_id}  ${t.role.padEnd(5)}  ${scope}${t.label ? `  "${t.label}"` : ''}  made ${t.created_at}${t.revoked_at ? `  REVOKED ${t.revoked_at}` : ''}`);
        }
      });
    });
  withStoreOptions(token.command('revoke <token_id>'))
    .description('revoke a token (its requests get 401 from now on, its browser sessions end)')
    .action(async (id: string, opts: { databaseUrl?: string; dataDir?: string }) => {
      const { revokeToken } = await import('../../store/access.ts');
      await withStore(opts, async (db) => {
        if (!(await revokeToken(db, id))) throw new UsageError(`no token ${JSON.stringify(id)}: \`voc token list\` shows the ids`);
        console.log(`revoked ${id}`);
      });
    });
}
