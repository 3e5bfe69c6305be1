/** The CentralPort the configuration asks for (agent.central.transport). */
import type { Config } from '../config.js';
import { AgentNotConfigured } from './errors.js';
import type { CentralPort } from './central-port.js';
import { createRestPort } from './rest-port.js';
import { createSoapPort } from './soap-port.js';

export function remotePort(config: Config): CentralPort {
  const { transport, url, credentialId, secret } = config.agent.central;
  if (!url || !credentialId || !secret) {
    throw AgentNotConfigured('central', transport);
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
    if (!inProcess) throw AgentNotConfigured('transport');
    return inProcess();
  }
  return remotePort(config);
}
