/**
 * The Auto-eTMS daemon: leases its board's pending requests from the central, works on them with
 * bounded concurrency, and on stop finishes what is in flight and hands back what it has not started.
 */
import { hostname } from 'node:os';
import { randomBytes } from 'node:crypto';
import PQueue from 'p-queue';
import { DateTime } from 'luxon';
import type { Config } from '../config.js';
import type { Logger } from '../log.js';
import type { SisAdapter } from '../sis/index.js';
import { createSisAdapter, type SisConfig } from '../../adapters/index.js';
import type { CentralPort, LeasedRequest } from './central-port.js';
import { portFromConfig } from './port-from-config.js';
import { AgentNotConfigured } from './errors.js';
import { batchingPort, batchingSis } from './batching-port.js';
import { prepareLeased, sendPrepared, type Outcome, type Work } from './process-request.js';
import { backoffSeconds, type BackoffOptions } from './backoff.js';
import { MAX_LEASE_BATCH } from '../exchange/contract.js';
import { loadParameters, type MatchParameters } from '../matching/parameters.js';

export interface AgentOptions {
  /** The way to the central; by default the one agent.central configures. */
  port?: CentralPort;
  /** Builds the in-process port, when the central runs in the same process. */
  inProcessPort?: () => Promise<CentralPort>;
  adapter?: SisAdapter;
  /** This instance's name in leases; unique per start by default. */
  owner?: string;
  backoff?: BackoffOptions;
  submitRetryDelaysMs?: number[];
  /** Told of every processed request, with the milliseconds it took (from the queue to its outcome). */
  onProcessed?: (outcome: Outcome, ms: number) => void;
  /** The board's matcher parameters; by default those of agent.matching.parametersFile, if set. */
  matchParameters?: MatchParameters;
}

export interface AgentStats {
  sent: number;
  reported: number;
  retried: number;
  dropped: number;
}

export interface AgentHandle {
  readonly owner: string;
  /** Finishes the requests in flight, hands back the others, closes what it opened. */
  stop(): Promise<void>;
  /** Resolves when nothing is leasable right now and nothing is in flight. */
  drain(): Promise<void>;
  stats(): AgentStats;
}

export interface AgentDeps {
  config: Config;
  log: Logger;
  clock: () => Date;
}

/** END_OF_TERM requests may go once the configured term end has come (in the business time zone). */
export function termEndReached(config: Config, now: Date): boolean {
  const end = config.agent.termEndDate;
  if (!end) return false;
  return DateTime.fromJSDate(now, { zone: config.businessTime.timeZone }).toISODate()! >= end;
}

export async function openAdapter(config: Config): Promise<SisAdapter> {
  if (!config.agent.sis) {
    throw AgentNotConfigured('sis');
  }
  return createSisAdapter(config.agent.sis as SisConfig);
}

/**
 * The board's matcher parameters named by agent.matching.parametersFile, checked before the agent
 * starts: a wrong file stops the start with an error naming the file, the setting and the field.
 */
export async function loadMatchParameters(config: Config): Promise<MatchParameters | undefined> {
  const file = config.agent.matching.parametersFile;
  if (!file) return undefined;
  return loadParameters(file, `${file} (agent.matching.parametersFile)`);
}

export async function startAgent(deps: AgentDeps, options: AgentOptions = {}): Promise<AgentHandle> {
  const matchParameters = options.matchParameters ?? (await loadMatchParameters(deps.config));
  const port = options.port ?? (await portFromConfig(deps.config, options.inProcessPort));
  let adapter: SisAdapter;
  try {
    adapter = options.adapter ?? (await openAdapter(deps.config));
  } catch (error) {
    if (!options.port) await port.close();
    throw error;
  }
  return runAgent(
    { config: deps.config, log: deps.log, clock: deps.clock },
    { ...options, port, adapter, matchParameters },
    { ownsPort: !options.port, ownsAdapter: !options.adapter },
  );
}

export function runAgent(
  deps: AgentDeps,
  options: AgentOptions & { port: CentralPort; adapter: SisAdapter },
  owns: { ownsPort: boolean; ownsAdapter: boolean } = { ownsPort: false, ownsAdapter: false },
): AgentHandle {
  const { config, clock } = deps;
  const owner =
    options.owner ??
    `agent:${config.agent.board ?? 'board'}:${hostname()}:${process.pid}:${randomBytes(4).toString('hex')}`;
  const log = deps.log.child({ agent: owner });
  const { concurrency, batchSize, leaseSeconds, pollSeconds } = config.agent;
  const queue = new PQueue({ concurrency });
  const work: Work = {
    // Submits and reports leave in batches: one call and one transaction at the central for many.
    port: batchingPort(options.port),
    // Records read in batches too, when the adapter can (four queries for many students).
    adapter: batchingSis(options.adapter),
    owner,
    log,
    backoff: options.backoff,
    submitRetryDelaysMs: options.submitRetryDelaysMs,
    matchParameters: options.matchParameters,
  };
  const stats: AgentStats = { sent: 0, reported: 0, retried: 0, dropped: 0 };
  const counter: Record<Outcome, keyof AgentStats> = {
    sent: 'sent',
    reported: 'reported',
    retry: 'retried',
    dropped: 'dropped',
  };
  /** Leased, queued, not started: handed back on stop. */
  const waiting = new Map<string, LeasedRequest>();
  /** Built transcripts being checked and submitted: I/O, so outside the SIS concurrency bound. */
  const sending = new Set<Promise<void>>();
  let running = true;
  let wake: (() => void) | undefined;
  let drainWaiters: Array<() => void> = [];
  let leaseFailures = 0;
  let warnedTermEnd = false;

  const sleep = (ms: number) =>
    new Promise<void>((resolve) => {
      const timer = setTimeout(done, ms);
      function done() {
        clearTimeout(timer);
        wake = undefined;
        resolve();
      }
      wake = done;
    });

  const enqueue = (r: LeasedRequest) => {
    waiting.set(r.referenceNumber, r);
    void queue
      .add(async () => {
        if (!waiting.delete(r.referenceNumber)) return;
        const started = performance.now();
        const record = (outcome: Outcome) => {
          stats[counter[outcome]]++;
          options.onProcessed?.(outcome, performance.now() - started);
        };
        const prepared = await prepareLeased(work, r);
        if (typeof prepared === 'string') {
          record(prepared);
          return;
        }
        const send: Promise<void> = sendPrepared(work, prepared)
          .then(record)
          .finally(() => {
            sending.delete(send);
            wake?.();
          });
        sending.add(send);
      })
      .catch((error: unknown) => log.error({ err: error }, 'agent task failed'));
  };

  const idle = async () => {
    await queue.onIdle();
    while (sending.size > 0) await Promise.allSettled([...sending]);
  };

  const loop = (async () => {
    if (!config.agent.termEndDate)
      log.info('agent.termEndDate is not configured: END_OF_TERM requests wait until it is set');
    while (running) {
      const busy = queue.size + queue.pending + sending.size;
      if (busy >= batchSize) {
        await sleep(pollSeconds * 1000);
        continue;
      }
      const includeEndOfTerm = termEndReached(config, clock());
      if (!includeEndOfTerm && config.agent.termEndDate && !warnedTermEnd) {
        warnedTermEnd = true;
        log.info({ termEndDate: config.agent.termEndDate }, 'END_OF_TERM requests wait for the term end');
      }
      let leased: LeasedRequest[];
      try {
        leased = await options.port.lease(Math.min(MAX_LEASE_BATCH, batchSize - busy), {
          owner,
          includeEndOfTerm,
          leaseSeconds,
        });
        leaseFailures = 0;
      } catch (error) {
        leaseFailures++;
        const delay = backoffSeconds(leaseFailures, {
          baseSeconds: Math.min(pollSeconds, 5),
          maxSeconds: 300,
          ...options.backoff,
        });
        log.warn(
          { code: (error as { code?: string }).code, delaySeconds: Math.round(delay * 10) / 10 },
          'leasing failed; retrying after back-off',
        );
        await sleep(delay * 1000);
        continue;
      }
      if (!running) {
        for (const r of leased) waiting.set(r.referenceNumber, r);
        break;
      }
      for (const r of leased) enqueue(r);
      if (leased.length > 0) continue;
      if (queue.size + queue.pending + sending.size > 0) {
        // Nothing new now; poll again as soon as the current work is done.
        await Promise.race([idle(), sleep(pollSeconds * 1000)]);
        continue;
      }
      const waiters = drainWaiters;
      drainWaiters = [];
      waiters.forEach((resolve) => resolve());
      await sleep(pollSeconds * 1000);
    }
  })();

  let stopping: Promise<void> | undefined;
  return {
    owner,
    stats: () => stats,
    drain() {
      return new Promise<void>((resolve) => {
        drainWaiters.push(resolve);
        wake?.();
      });
    },
    stop() {
      stopping ??= (async () => {
        running = false;
        wake?.();
        queue.clear();
        await loop;
        await idle();
        const handBack = [...waiting.values()];
        waiting.clear();
        await Promise.all(
          handBack.map((r) =>
            options.port.release({ referenceNumber: r.referenceNumber, owner }).catch((error: unknown) => {
              log.warn(
                { reference: r.referenceNumber, code: (error as { code?: string }).code },
                'could not hand back a lease; it will expire by itself',
              );
            }),
          ),
        );
        drainWaiters.forEach((resolve) => resolve());
        drainWaiters = [];
        if (owns.ownsAdapter) await options.adapter.close().catch(() => undefined);
        if (owns.ownsPort) await options.port.close().catch(() => undefined);
        log.info({ ...stats, handedBack: handBack.length }, 'agent stopped');
      })();
      return stopping;
    },
  };
}
