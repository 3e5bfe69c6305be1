/**
 * `etms agent`: the Auto-eTMS daemon on its own, next to the board's SIS. It reaches the central
 * over SOAP or REST (agent.central), runs until SIGTERM or SIGINT, then finishes the requests in
 * flight and hands back the rest of its leases.
 */
import type { Config } from '../config.js';
import { createLogger } from '../log.js';
import { loadMatchParameters, openAdapter, runAgent } from './daemon.js';
import { portFromConfig } from './port-from-config.js';
import type { CentralPort } from './central-port.js';

export async function runAgentCommand(
  config: Config,
  options: { signal?: AbortSignal; inProcessPort?: () => Promise<CentralPort> } = {},
): Promise<number> {
  const log = createLogger({ level: config.logLevel });
  const matchParameters = await loadMatchParameters(config);
  const port = await portFromConfig(config, options.inProcessPort);
  const adapter = await openAdapter(config);
  const health = await adapter.health();
  if (health.ok) log.info({ sis: adapter.kind, students: health.students }, 'SIS reachable');
  else
    log.warn(
      { sis: adapter.kind, detail: health.detail },
      'SIS not reachable now; requests wait and are retried',
    );
  const agent = runAgent(
    { config, log, clock: () => new Date() },
    { port, adapter, matchParameters },
    { ownsPort: true, ownsAdapter: true },
  );
  log.info(
    {
      owner: agent.owner,
      transport: port.transport,
      board: config.agent.board,
      matchParameters: config.agent.matching.parametersFile ?? 'shipped',
    },
    'Auto-eTMS agent started',
  );
  await new Promise<void>((resolve) => {
    const done = () => resolve();
    process.once('SIGTERM', done);
    process.once('SIGINT', done);
    options.signal?.addEventListener('abort', done, { once: true });
  });
  log.info('stopping: finishing the requests in flight');
  await agent.stop();
  return 0;
}
