/**
 * Where the central and the agent share a process, the agent's in-process port is built here over
 * the central's exchange service: the agent itself knows only the port and the contract.
 */
import type { Config } from './config.js';
import type { AppContext } from './context.js';
import { createContext } from './context.js';
import { createLogger } from './log.js';
import { openStore } from './store/index.js';
import { createExchangeService } from './requests/exchange-service.js';
import { NoBoard } from './exchange/errors.js';
import { createInProcessPort } from './agent/in-process-port.js';
import type { CentralPort } from './agent/central-port.js';
import { runAgentCommand } from './agent/command.js';
import { reviewReportOf } from './agent/process-request.js';
import { matchRequest, matchRequestOf, type TypedRequestFields } from './matching/index.js';
import type { SisAdapter } from './sis/index.js';
import type { DemoReview } from './store/demo.js';

/** The in-process port for the board named in config.agent.board. */
export async function inProcessAgentPort(
  ctx: AppContext,
  boardCode = ctx.config.agent.board,
): Promise<CentralPort> {
  const board = boardCode ? await ctx.store.organisations.boardByCode(boardCode) : undefined;
  if (!board) throw NoBoard(boardCode ?? '');
  return createInProcessPort(createExchangeService(ctx), {
    kind: 'AGENT',
    credentialId: 'in-process',
    boardId: board.id,
  });
}

/**
 * `etms agent`. With the in-process transport the agent works on the central's database directly,
 * so the store is opened here; over SOAP or REST the agent needs no database.
 */
export async function runAgentAlone(config: Config, options: { signal?: AbortSignal } = {}): Promise<number> {
  if (config.agent.central.transport !== 'in-process') return runAgentCommand(config, options);
  const store = await openStore({
    url: config.database.url,
    dataDir: config.database.dataDir,
    poolSize: config.database.poolSize,
  });
  try {
    const ctx = createContext({ config, store, log: createLogger({ level: config.logLevel }) });
    return await runAgentCommand(config, { ...options, inProcessPort: () => inProcessAgentPort(ctx) });
  } finally {
    await store.close();
  }
}

/**
 * The demo's « Erreur d'autotraitement » requests get what the real matcher decides on the demo
 * SIS: its reason and ranked candidates, exactly as the agent would report them. Undefined when the
 * matcher would send the transcript by itself (the request then waits for the agent instead).
 */
export async function demoReview(
  request: TypedRequestFields,
  sis: SisAdapter,
): Promise<DemoReview | undefined> {
  const decision = await matchRequest(matchRequestOf(request), sis);
  if (decision.outcome === 'auto') return undefined;
  return reviewReportOf(decision);
}
