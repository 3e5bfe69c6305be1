/** The agent's own reasons for handing a request to staff; kept in the domain so the pages read them too. */
export { AGENT_REASONS, type AgentReasonCode } from '../domain/agent-reasons.js';
