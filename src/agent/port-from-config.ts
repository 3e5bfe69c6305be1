/** The CentralPort the configuration asks for (agent.central.transport). */
import type { Config } from '../config.js';
import { EtmsError } from '../errors.js';
import type { CentralPort } from './central-port.js';
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

/**
 * The port of agent.central.transport: SOAP or REST built here; the in-process one comes from the
 * process that runs the central too (`inProcess`), as only it holds the central's service.
 */
export async function portFromConfig(
  config: Config,
  inProcess?: () => Promise<CentralPort>,
): Promise<CentralPort> {
  if (config.agent.central.transport === 'in-process') {
    if (!inProcess)
      throw new EtmsError(
        'ETMS_E_AGENT_CONFIG',
        'An agent on its own reaches the central over soap or rest: set agent.central.transport.',
        { status: 500 },
      );
    return inProcess();
  }
  return remotePort(config);
}
