/**
 * A standalone agent process for the crash tests: `etms agent` as the CLI runs it, configured from
 * the environment (ETMS_AGENT__...), until SIGTERM or SIGKILL.
 */
import { loadConfig } from '../../src/config.js';
import { runAgentAlone } from '../../src/compose.js';

const code = await runAgentAlone(loadConfig());
process.stdout.write(`agent exited ${code}\n`);
process.exit(code);
