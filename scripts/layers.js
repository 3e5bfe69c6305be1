/**
 * The import rules of ARCHITECTURE.md, checked by ESLint (rule `etms/layers`): each area of src/
 * (a folder, or a root module such as src/errors.ts) and adapters/ may import only the areas listed
 * here. An import of an area not listed fails `npm run lint`. Tests, benchmarks and scripts may
 * import anything.
 */
import { dirname, relative, resolve, sep } from 'node:path';
import { fileURLToPath } from 'node:url';

const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');

/** Foundations every area may import. */
const BASE = ['errors', 'collections', 'text', 'domain', 'workers'];

/** Area → the areas it may import besides itself and BASE ('area/module' allows one module). */
export const LAYERS = {
  errors: [],
  collections: [],
  text: [],
  domain: [],
  // The worker pool is a foundation; the export thread's entry module runs the two renderers.
  workers: ['reports/export', 'admin/exports-pdf'],
  log: [],
  sis: [],
  config: ['adapters', 'log'],
  matching: ['sis'],
  transcript: ['sis'],
  exchange: [],
  adapters: ['sis', 'matching', 'log'],
  store: ['config', 'transcript', 'sis', 'adapters'],
  context: ['config', 'log', 'store'],
  requests: ['context', 'store', 'exchange', 'transcript', 'sis', 'matching', 'pesc'],
  accounts: ['context', 'store', 'config', 'log'],
  notify: ['context', 'store', 'config', 'log'],
  reports: ['context', 'store', 'config'],
  observability: ['context', 'store', 'log', 'config'],
  central: ['context', 'store', 'requests', 'exchange', 'transcript', 'pesc', 'log', 'config'],
  http: ['context', 'observability', 'store', 'config', 'log', 'accounts/address'],
  pesc: ['exchange', 'transcript', 'api/errors'],
  api: [
    'context',
    'config',
    'store',
    'requests',
    'accounts',
    'exchange',
    'transcript',
    'http',
    'pesc',
    'log',
  ],
  admin: [
    'context',
    'config',
    'store',
    'requests',
    'accounts',
    'transcript',
    'matching',
    'notify',
    'reports',
    'http',
    'log',
  ],
  // A board's agent runs beside its SIS, not the central: the SIS port and adapters, the matcher,
  // the transcript builder and the exchange contract; never the store, the commands or the web.
  agent: ['config', 'log', 'sis', 'adapters', 'matching', 'transcript', 'exchange', 'observability'],
  // The composition root and the entry points wire everything.
  compose: ['*'],
  server: ['*'],
  cli: ['*'],
};

/** The area of a file: 'adapters', the folder under src/, or a root module's name (src/config.ts is 'config'). */
export function areaOf(file) {
  const parts = relative(ROOT, file).split(sep);
  if (parts[0] === 'adapters') return { area: 'adapters', module: parts.slice(1).join('/') };
  if (parts[0] !== 'src' || parts.length < 2) return undefined;
  if (parts.length === 2) return { area: parts[1].replace(/\.(ts|js)$/, ''), module: '' };
  return {
    area: parts[1],
    module: parts
      .slice(2)
      .join('/')
      .replace(/\.(ts|js)$/, ''),
  };
}

export function allowed(from, to) {
  if (from.area === to.area) return true;
  const list = LAYERS[from.area];
  if (list === undefined) return false;
  return (
    BASE.includes(to.area) ||
    list.includes('*') ||
    list.includes(to.area) ||
    list.includes(`${to.area}/${to.module}`)
  );
}

const rule = {
  meta: {
    type: 'problem',
    docs: { description: 'Keep imports between the areas of src/ to the rules of ARCHITECTURE.md' },
    schema: [],
  },
  create(context) {
    const file = context.filename;
    const from = areaOf(file);
    if (!from) return {};
    const check = (node, source) => {
      if (typeof source !== 'string' || !source.startsWith('.')) return;
      const to = areaOf(resolve(dirname(file), source));
      if (!to || allowed(from, to)) return;
      const what = LAYERS[from.area] === undefined ? `an area ARCHITECTURE.md does not list` : from.area;
      context.report({
        node,
        message: `${from.area} may not import ${to.area}${to.module ? `/${to.module}` : ''} (${what}): see ARCHITECTURE.md.`,
      });
    };
    return {
      ImportDeclaration: (node) => check(node, node.source.value),
      ExportNamedDeclaration: (node) => node.source && check(node, node.source.value),
      ExportAllDeclaration: (node) => check(node, node.source.value),
      ImportExpression: (node) => node.source.type === 'Literal' && check(node, node.source.value),
    };
  },
};

export default { rules: { layers: rule } };
