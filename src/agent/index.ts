/** Auto-eTMS: the agent daemon and its ports. */
export {
  startAgent,
  runAgent,
  termEndReached,
  type AgentHandle,
  type AgentOptions,
  type AgentStats,
} from './daemon.js';
export { runAgentCommand } from './command.js';
export type {
  CentralPort,
  LeaseOptions,
  TranscriptSubmission,
  ErrorReport,
  LeaseRelease,
  LeasedRequest,
} from './central-port.js';
export { createInProcessPort } from './in-process-port.js';
export { createSoapPort } from './soap-port.js';
export { createRestPort, type RemotePortOptions } from './rest-port.js';
export { portFromConfig } from './port-from-config.js';
export { processLeased, matchResultOf, reviewReportOf, submissionKeyOf } from './process-request.js';
export { backoffSeconds } from './backoff.js';
export { AGENT_REASONS } from './reasons.js';
