/**
 * The schemas a bench creates on a PostgreSQL server, dropped however the bench ends: normally, on
 * an error, or on Ctrl-C / SIGTERM, where no finally block runs. A bench registers a schema as soon as
 * it names it and calls dropBenchSchemas() at its end (a second drop of the same schema is harmless).
 */
import pg from 'pg';

/** Schema name → server URL. */
const pending = new Map<string, string>();
let hooked = false;

/** Drops the schema when the bench ends, whichever way; not for a schema kept on purpose. */
export function dropAtExit(url: string, schema: string): void {
  pending.set(schema, url);
  if (hooked) return;
  hooked = true;
  for (const signal of ['SIGINT', 'SIGTERM'] as const) {
    process.once(signal, () => {
      process.stderr.write(`\n${signal}: dropping ${[...pending.keys()].join(', ') || 'nothing'}\n`);
      void dropBenchSchemas().finally(() => process.exit(130));
    });
  }
}

/** Drops every registered schema, each on a connection of its own; a failure is reported, not thrown. */
export async function dropBenchSchemas(): Promise<void> {
  for (const [schema, url] of [...pending]) {
    pending.delete(schema);
    const client = new pg.Client({ connectionString: url });
    try {
      await client.connect();
      // Connections of the bench still running queries would otherwise hold the drop back forever.
      await client.query(`SET lock_timeout = '30s'`);
      await client.query(`DROP SCHEMA IF EXISTS ${schema} CASCADE`);
    } catch (error) {
      process.stderr.write(`could not drop schema ${schema}: ${(error as Error).message}; drop it by hand\n`);
    } finally {
      await client.end().catch(() => undefined);
    }
  }
}
