/** The CentralPort the configuration asks for (agent.central.transport). */
import type { AppContext } from '../context.js';
import type { Config } from '../config.js';
import { EtmsError } from '../errors.js';
import type { CentralPort } from './central-port.js';
import { inProcessPortFor } from './in-process-port.js';
import { createRestPort } from './rest-port.js';
import { createSoapPort } from './soap-port.js';

export function remotePort(config: Config): CentralPort {
  const { transport, url, credentialId, secret } = config.agent.central;
  if (!url || !credentialId || !secret) {
    throw new EtmsError(
      'ETMS_E_AGENT_CONFIG',
      `The agent reaches the central over ${transport}: set agent.central.url, agent.central.credentialId and agent.central.secret (from \`etms credential create --kind AGENT\`).`,
      { status: 500 },
    );
  }
  return transport === 'soap'
    ? createSoapPort({ url, credentialId, secret })
    : createRestPort({ url, credentialId, secret });
}

export async function portFromConfig(ctx: AppContext | undefined, config: Config): Promise<CentralPort> {
  if (config.agent.central.transport === 'in-process') {
    if (!ctx)
      throw new EtmsError(
        'ETMS_E_AGENT_CONFIG',
        'An agent on its own reaches the central over soap or rest: set agent.central.transport.',
        { status: 500 },
      );
    return inProcessPortFor(ctx, config.agent.board);
  }
  return remotePort(config);
}
