/** The import rules of ARCHITECTURE.md are a lint rule: it refuses what the table forbids, and only that. */
import { resolve } from 'node:path';
import { Linter } from 'eslint';
import tseslint from 'typescript-eslint';
import { describe, expect, it } from 'vitest';
import layers, { LAYERS } from '../scripts/layers.js';

const linter = new Linter({ configType: 'flat' });
const config = [
  {
    files: ['**/*.ts'],
    languageOptions: { parser: tseslint.parser as Linter.Parser },
    plugins: { etms: layers },
    rules: { 'etms/layers': 'error' as const },
  },
];

/** The layer messages for one import line written in `file` (relative to the project). */
function problems(file: string, code: string): string[] {
  return linter
    .verify(code, config, { filename: resolve(import.meta.dirname, '..', file) })
    .map((m) => m.message);
}

describe('import rules', () => {
  it('refuse the agent any of the central internals: store, commands, central, web', () => {
    for (const target of [
      'store/requests',
      'requests/batch',
      'central/transmission',
      'api/rest',
      'admin/web',
    ])
      expect(problems('src/agent/daemon.ts', `import { x } from '../${target}.js';`)).toEqual([
        expect.stringContaining(`agent may not import ${target}`),
      ]);
    expect(problems('src/agent/daemon.ts', `const m = await import('../context.js');`)).toHaveLength(1);
    expect(problems('src/agent/daemon.ts', `export { x } from '../store/index.js';`)).toHaveLength(1);
  });

  it('let the agent use the port, the adapters, the exchange contract and the foundations', () => {
    for (const target of ['../sis/port.js', '../exchange/contract.js', '../errors.js', '../domain/errors.js'])
      expect(problems('src/agent/daemon.ts', `import { x } from '${target}';`)).toEqual([]);
    expect(problems('src/agent/daemon.ts', `import { x } from '../../adapters/index.js';`)).toEqual([]);
    expect(problems('src/agent/daemon.ts', `import { x } from './errors.js';`)).toEqual([]);
    expect(problems('src/agent/daemon.ts', `import { x } from 'node:fs';`)).toEqual([]);
  });

  it('keep lower layers from reaching up', () => {
    expect(problems('src/domain/status.ts', `import { x } from '../store/db.js';`)).toHaveLength(1);
    expect(problems('src/store/users.ts', `import { x } from '../admin/web.js';`)).toHaveLength(1);
    expect(problems('src/sis/port.ts', `import { x } from '../matching/score.js';`)).toHaveLength(1);
    expect(problems('adapters/csv/index.ts', `import { x } from '../../src/store/db.js';`)).toHaveLength(1);
    expect(problems('src/requests/batch.ts', `import { x } from '../api/rest.js';`)).toHaveLength(1);
  });

  it('allow one module of an area when the table names only that module', () => {
    expect(problems('src/pesc/request.ts', `import { x } from '../api/errors.js';`)).toEqual([]);
    expect(problems('src/pesc/request.ts', `import { x } from '../api/rest.js';`)).toHaveLength(1);
  });

  it('refuse a new area until the table says what it may import', () => {
    expect(LAYERS).not.toHaveProperty('newarea');
    expect(problems('src/newarea/thing.ts', `import { x } from '../store/db.js';`)).toEqual([
      expect.stringContaining('an area ARCHITECTURE.md does not list'),
    ]);
    // Tests, benchmarks and scripts may import anything.
    expect(problems('test/anything.test.ts', `import { x } from '../src/store/db.js';`)).toEqual([]);
  });
});
