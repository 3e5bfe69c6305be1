/**
 * The gate every configured SIS query passes once, at start: it must be exactly one read-only
 * SELECT whose only parameters are allowed `:name` placeholders. A lexer (strings, quoted
 * identifiers, comments skipped) finds the placeholders and the words that give a query away;
 * node-sql-parser then checks the statement tree. The query text sent to the driver is the
 * board's text with each `:name` swapped for the driver's placeholder; values are always bound.
 */
import sqlParser from 'node-sql-parser';
import { queryRefused } from '../errors.js';

const { Parser } = sqlParser;
const parser = new Parser();

export type SqlDialect = 'postgres' | 'mysql' | 'mssql';

const PARSER_DATABASE: Record<SqlDialect, string> = {
  postgres: 'PostgresQL',
  mysql: 'MariaDB',
  mssql: 'TransactSQL',
};

interface ParamToken {
  name: string;
  start: number;
  end: number;
}

interface Lexed {
  params: ParamToken[];
  /** Words outside strings, quoted identifiers and comments, upper-cased, in order. */
  words: string[];
  /** Why the text cannot be accepted whatever the parser says, when the lexer already knows. */
  refusal?: string;
  /** The text without one trailing semicolon (and what follows it: only blanks and comments). */
  body: string;
  /**
   * `body` with each collation clause (COLLATE "C", COLLATE utf8mb4_bin…) blanked, for the parser,
   * which knows them after a column only. A collation name changes how text compares, never what a
   * query may do, and the query runs with its clauses.
   */
  parsed: string;
}

const WORD = /[A-Za-z_\u0080-\uffff][A-Za-z0-9_$\u0080-\uffff]*/y;

function lex(sql: string, dialect: SqlDialect): Lexed {
  const params: ParamToken[] = [];
  const words: string[] = [];
  const semicolons: number[] = [];
  const collations: Array<[number, number]> = [];
  let refusal: string | undefined;
  const refuse = (why: string) => {
    refusal ??= why;
  };
  let i = 0;
  const n = sql.length;
  const skipQuoted = (close: string, backslash: boolean, doubled: boolean) => {
    i++;
    while (i < n) {
      const c = sql[i];
      if (backslash && c === '\\') {
        i += 2;
        continue;
      }
      if (c === close) {
        if (doubled && sql[i + 1] === close) {
          i += 2;
          continue;
        }
        i++;
        return;
      }
      i++;
    }
    refuse('a quoted string or identifier is not closed');
  };
  while (i < n) {
    const c = sql[i];
    const next = sql[i + 1];
    if (c === '-' && next === '-') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '#' && dialect === 'mysql') {
      const end = sql.indexOf('\n', i);
      i = end === -1 ? n : end + 1;
    } else if (c === '/' && next === '*') {
      if (dialect === 'mysql' && (sql[i + 2] === '!' || (sql[i + 2] === 'M' && sql[i + 3] === '!'))) {
        refuse('MySQL executable comments (/*! … */) are not allowed');
      }
      let depth = 1;
      i += 2;
      while (i < n && depth > 0) {
        if (sql[i] === '*' && sql[i + 1] === '/') {
          depth--;
          i += 2;
        } else if (dialect !== 'mysql' && sql[i] === '/' && sql[i + 1] === '*') {
          depth++;
          i += 2;
        } else i++;
      }
      if (depth > 0) refuse('a comment is not closed');
    } else if (c === "'") {
      const escapedString =
        dialect === 'postgres' && i > 0 && /[Ee]/.test(sql[i - 1]) && !/[A-Za-z0-9_]/.test(sql[i - 2] ?? ' ');
      skipQuoted("'", dialect === 'mysql' || escapedString, true);
    } else if (c === '"') {
      skipQuoted('"', dialect === 'mysql', true);
    } else if (c === '`' && dialect === 'mysql') {
      skipQuoted('`', false, true);
    } else if (c === '[' && dialect === 'mssql') {
      skipQuoted(']', false, true);
    } else if (c === '$' && dialect === 'postgres' && /[A-Za-z_$]/.test(next ?? '')) {
      const m = /^\$([A-Za-z_][A-Za-z0-9_]*)?\$/.exec(sql.slice(i));
      if (!m) {
        i++;
        continue;
      }
      const end = sql.indexOf(m[0], i + m[0].length);
      if (end === -1) {
        refuse('a dollar-quoted string is not closed');
        i = n;
      } else i = end + m[0].length;
    } else if (c === '$' && /[0-9]/.test(next ?? '')) {
      refuse(
        `positional parameter $${/^\d+/.exec(sql.slice(i + 1))?.[0]} is not allowed; use :name parameters`,
      );
      i++;
    } else if (c === '?') {
      refuse('positional parameter ? is not allowed; use :name parameters');
      i++;
    } else if (c === '@' && dialect !== 'postgres') {
      refuse('variables and @parameters are not allowed; use :name parameters');
      i++;
    } else if (c === ':') {
      if (next === ':') {
        i += 2; // a PostgreSQL cast
      } else if (next === '=') {
        refuse('assignments (:=) are not allowed');
        i += 2;
      } else {
        WORD.lastIndex = i + 1;
        const m = WORD.exec(sql);
        if (m && sql[i - 1] !== ':') {
          params.push({ name: m[0], start: i, end: i + 1 + m[0].length });
          i += 1 + m[0].length;
        } else i++;
      }
    } else if (c === ';') {
      semicolons.push(i);
      i++;
    } else if (/[A-Za-z_]/.test(c)) {
      WORD.lastIndex = i;
      const m = WORD.exec(sql)!;
      words.push(m[0].toUpperCase());
      const start = i;
      i += m[0].length;
      if (m[0].toUpperCase() === 'COLLATE') {
        const end = collationNameEnd(sql, i, dialect);
        if (end !== undefined) {
          collations.push([start, end]);
          i = end;
        }
      }
    } else i++;
  }
  let body = sql;
  if (semicolons.length > 0) {
    const last = semicolons[semicolons.length - 1];
    const trailing = lexTail(sql.slice(last + 1), dialect);
    if (semicolons.length > 1 || !trailing) refuse('multiple statements are not allowed');
    else body = sql.slice(0, last);
  }
  let parsed = body;
  for (const [start, end] of collations)
    if (end <= body.length) parsed = parsed.slice(0, start) + ' '.repeat(end - start) + parsed.slice(end);
  return { params, words, refusal, body, parsed };
}

/** Where the collation name after COLLATE ends (a word or a quoted identifier, schema-qualified or not), if one follows. */
function collationNameEnd(sql: string, from: number, dialect: SqlDialect): number | undefined {
  const quotes: Record<string, string> =
    dialect === 'mysql'
      ? { '`': '`', '"': '"' }
      : dialect === 'mssql'
        ? { '[': ']', '"': '"' }
        : { '"': '"' };
  let i = from;
  while (/\s/.test(sql[i] ?? '')) i++;
  for (;;) {
    const close = quotes[sql[i]];
    if (close !== undefined) {
      const end = sql.indexOf(close, i + 1);
      if (end < 0) return undefined;
      i = end + 1;
    } else {
      WORD.lastIndex = i;
      const m = WORD.exec(sql);
      if (!m) return undefined;
      i += m[0].length;
    }
    if (sql[i] !== '.') break;
    i++;
  }
  // A name followed by an argument list is a call, not a collation: left for the parser to judge.
  let next = i;
  while (/\s/.test(sql[next] ?? '')) next++;
  return sql[next] === '(' ? undefined : i;
}

/** True when what follows the last semicolon is only blanks and comments. */
function lexTail(tail: string, dialect: SqlDialect): boolean {
  const stripped = tail
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/--[^\n]*/g, '')
    .replace(dialect === 'mysql' ? /#[^\n]*/g : /$^/g, '');
  return stripped.trim() === '';
}

const WRITE_WORDS = new Set([
  'INSERT',
  'UPDATE',
  'DELETE',
  'MERGE',
  'UPSERT',
  'CREATE',
  'DROP',
  'ALTER',
  'TRUNCATE',
  'GRANT',
  'REVOKE',
  'COPY',
  'EXEC',
  'EXECUTE',
  'CALL',
  'HANDLER',
  'LOAD',
  'UNLOCK',
  'VACUUM',
  'WAITFOR',
  'SHUTDOWN',
  'KILL',
  'BACKUP',
  'RESTORE',
  'DBCC',
  'BULK',
  'RENAME',
  'COMMIT',
  'ROLLBACK',
  'SAVEPOINT',
  'PREPARE',
  'DEALLOCATE',
  'LISTEN',
  'NOTIFY',
  'REINDEX',
  'CLUSTER',
  'REFRESH',
  'IMPORT',
  'DECLARE',
]);
const LOCK_HINTS = new Set([
  'UPDLOCK',
  'XLOCK',
  'HOLDLOCK',
  'TABLOCK',
  'TABLOCKX',
  'PAGLOCK',
  'ROWLOCK',
  'SERIALIZABLE',
  'REPEATABLEREAD',
]);

function wordRefusal(words: string[], dialect: SqlDialect): string | undefined {
  for (let k = 0; k < words.length; k++) {
    const w = words[k];
    const prev = words[k - 1];
    if (w === 'INTO') return 'SELECT … INTO writes data and is not allowed';
    if (prev === 'FOR' && (w === 'UPDATE' || w === 'SHARE' || w === 'NO' || w === 'KEY')) {
      return `the row-locking clause FOR ${w === 'NO' ? 'NO KEY UPDATE' : w === 'KEY' ? 'KEY SHARE' : w} is not allowed`;
    }
    if (w === 'LOCK' && words[k + 1] === 'IN')
      return 'the row-locking clause LOCK IN SHARE MODE is not allowed';
    if (dialect === 'mssql' && LOCK_HINTS.has(w)) return `the locking table hint ${w} is not allowed`;
    if (WRITE_WORDS.has(w)) return `${w} is not allowed in a read-only query`;
  }
  return undefined;
}

/** Functions that write, wait, lock, read server files, reach other servers or run SQL text. */
const DENIED_FUNCTIONS = new Set([
  'pg_sleep',
  'pg_sleep_for',
  'pg_sleep_until',
  'set_config',
  'pg_reload_conf',
  'pg_rotate_logfile',
  'pg_terminate_backend',
  'pg_cancel_backend',
  'pg_promote',
  'pg_switch_wal',
  'pg_notify',
  'pg_export_snapshot',
  'nextval',
  'setval',
  'txid_current',
  'pg_current_xact_id',
  'query_to_xml',
  'query_to_xmlschema',
  'query_to_xml_and_xmlschema',
  'cursor_to_xml',
  'cursor_to_xmlschema',
  'copy',
  'sleep',
  'benchmark',
  'load_file',
  'get_lock',
  'release_lock',
  'release_all_locks',
  'master_pos_wait',
  'source_pos_wait',
  'sys_exec',
  'sys_eval',
  'openrowset',
  'opendatasource',
  'openquery',
  'exec',
  'execute',
]);
const DENIED_PREFIXES = [
  'lo_',
  'dblink',
  'pg_read_',
  'pg_ls_',
  'pg_stat_file',
  'pg_file_',
  'pg_advisory',
  'pg_try_advisory',
  'pg_create_',
  'pg_drop_',
  'pg_replication_',
  'pg_logical_',
  'pg_stat_reset',
  'xp_',
  'sp_',
  'fn_xe_',
  'fn_get_audit',
];

export function deniedFunction(name: string): boolean {
  const last = name.toLowerCase().split('.').pop() ?? '';
  return DENIED_FUNCTIONS.has(last) || DENIED_PREFIXES.some((p) => last.startsWith(p));
}

const STATEMENT_TYPES_DENIED = new Set([
  'insert',
  'update',
  'delete',
  'replace',
  'create',
  'drop',
  'alter',
  'truncate',
  'rename',
  'grant',
  'revoke',
  'lock',
  'unlock',
  'exec',
  'execute',
  'call',
  'set',
  'use',
  'load_data',
  'transaction',
  'declare',
  'merge',
  'copy',
]);

function functionName(node: Record<string, unknown>): string {
  const name = node.name as unknown;
  if (typeof name === 'string') return name;
  if (name && typeof name === 'object') {
    const parts = (name as { name?: unknown }).name;
    if (Array.isArray(parts))
      return parts.map((p) => String((p as { value?: unknown }).value ?? '')).join('.');
    const schema = (name as { schema?: { value?: unknown } }).schema?.value;
    if (schema) return `${String(schema)}.${String((name as { value?: unknown }).value ?? '')}`;
  }
  return '';
}

interface TreeFacts {
  params: Set<string>;
  /** Each place a list parameter appears, and whether the dialect can bind a list there. */
  listUses: { name: string; bindable: boolean }[];
  refusal?: string;
}

type Node = Record<string, unknown>;

/** The function's name, upper-cased, when `node` is a call (ANY, SOME…). */
const callName = (node: Node | undefined) =>
  node?.type === 'function' ? functionName(node).toUpperCase() : undefined;

/**
 * Whether a list parameter stands where the dialect binds a list. PostgreSQL receives it as one
 * array: inside a cast to an array type (CAST(:names AS text[]), :names::text[]) or alone in ANY(…),
 * where the server infers the array type. MySQL and SQL Server get one placeholder per element, so
 * it must be the whole list of an IN (…); NOT IN is refused, since an empty list there would mean
 * everyone rather than no one.
 */
function listBindable(param: Node, ancestors: Node[], dialect: SqlDialect): boolean {
  const [parent, grandparent] = ancestors;
  if (dialect === 'postgres') {
    if (parent?.type === 'cast' && parent.expr === param) {
      // The parser gives some array types as "TEXT[]" and others (int[], integer[]) as a dimension.
      const target = (
        parent.target as { dataType?: unknown; array?: { dimension?: unknown } }[] | undefined
      )?.[0];
      return (
        (typeof target?.dataType === 'string' && /\]\s*$/.test(target.dataType)) ||
        Number(target?.array?.dimension) > 0
      );
    }
    const list = parent?.type === 'expr_list' ? (parent.value as unknown[]) : undefined;
    const call = callName(grandparent);
    return list?.length === 1 && (call === 'ANY' || call === 'SOME');
  }
  return (
    parent?.type === 'expr_list' &&
    (parent.value as unknown[]).length === 1 &&
    grandparent?.type === 'binary_expr' &&
    grandparent.operator === 'IN' &&
    grandparent.right === parent
  );
}

function inspectTree(root: unknown, dialect: SqlDialect, lists: ReadonlySet<string>): TreeFacts {
  const facts: TreeFacts = { params: new Set(), listUses: [] };
  const seen = new WeakSet<object>();
  const ancestors: Node[] = [];
  const visit = (node: unknown): void => {
    if (facts.refusal || node === null || typeof node !== 'object') return;
    if (seen.has(node)) return;
    seen.add(node);
    if (Array.isArray(node)) {
      for (const item of node) visit(item);
      return;
    }
    const o = node as Node;
    const type = typeof o.type === 'string' ? o.type.toLowerCase() : undefined;
    if (
      type &&
      STATEMENT_TYPES_DENIED.has(type) &&
      ('table' in o || 'from' in o || 'keyword' in o || 'expr' in o || 'name' in o)
    ) {
      facts.refusal = `it contains a ${type.toUpperCase()} statement`;
      return;
    }
    const into = o.into as { expr?: unknown; position?: unknown } | undefined;
    if (into && typeof into === 'object' && (into.expr || into.position)) {
      facts.refusal = 'SELECT … INTO writes data and is not allowed';
      return;
    }
    if (o.locking_read) {
      facts.refusal = `the row-locking clause ${String(o.locking_read)} is not allowed`;
      return;
    }
    if (type === 'function') {
      const name = functionName(o);
      if (deniedFunction(name)) {
        facts.refusal = `the function ${name} is not allowed (it writes, waits, locks or reaches outside the query)`;
        return;
      }
    }
    if (type === 'param') {
      const name = String(o.value);
      facts.params.add(name);
      if (lists.has(name)) facts.listUses.push({ name, bindable: listBindable(o, ancestors, dialect) });
    }
    if (type === 'var') {
      facts.refusal =
        o.prefix === '$'
          ? `positional parameter $${String(o.name)} is not allowed; use :name parameters`
          : 'variables are not allowed; use :name parameters';
      return;
    }
    if (type === 'origin' && o.value === '?') {
      facts.refusal = 'positional parameter ? is not allowed; use :name parameters';
      return;
    }
    ancestors.unshift(o);
    for (const value of Object.values(o)) visit(value);
    ancestors.shift();
  };
  visit(root);
  return facts;
}

export interface QueryRule {
  /** Parameters the query may use. */
  allowed: readonly string[];
  /** Parameters it must use (a lookup query that ignores its key would answer the wrong question). */
  required: readonly string[];
  /** Those of `allowed` that carry a list of values (bound as one array or expanded, by dialect). */
  lists?: readonly string[];
}

/** A checked query: the board's text split around its :name placeholders. */
export interface GuardedQuery {
  key: string;
  dialect: SqlDialect;
  /** Literal text pieces; placeholder k sits between pieces k and k+1. */
  pieces: string[];
  /** Parameter name of each placeholder, in order of appearance. */
  occurrences: string[];
  /** Distinct parameter names, in order of first appearance. */
  params: string[];
  /** Those of `params` that take a list of values. */
  lists: string[];
  /** Whether the top level has a WITH or ORDER BY (then it cannot be wrapped as a derived table everywhere). */
  hasWith: boolean;
  hasOrderBy: boolean;
}

export function guardQuery(key: string, sql: string, dialect: SqlDialect, rule: QueryRule): GuardedQuery {
  if (typeof sql !== 'string' || sql.trim() === '') throw queryRefused(key, 'the query is empty');
  const lexed = lex(sql, dialect);
  if (lexed.refusal) throw queryRefused(key, lexed.refusal);
  const firstWord = lexed.words[0];
  if (firstWord !== 'SELECT' && firstWord !== 'WITH')
    throw queryRefused(key, `it starts with ${firstWord ?? 'nothing'}, not SELECT`);
  const byWord = wordRefusal(lexed.words, dialect);
  if (byWord) throw queryRefused(key, byWord);

  let ast: unknown;
  try {
    ast = parser.astify(lexed.parsed, { database: PARSER_DATABASE[dialect] });
  } catch (error) {
    const line = (error as Error).message.split('\n')[0].slice(0, 160);
    throw queryRefused(key, `the ${PARSER_DATABASE[dialect]} SQL parser does not understand it (${line})`);
  }
  const statements = Array.isArray(ast) ? ast : [ast];
  if (statements.length !== 1) throw queryRefused(key, 'multiple statements are not allowed');
  const statement = statements[0] as Record<string, unknown>;
  if (String(statement.type).toLowerCase() !== 'select')
    throw queryRefused(key, `it is a ${String(statement.type).toUpperCase()} statement, not a SELECT`);
  const lists = new Set(rule.lists ?? []);
  const facts = inspectTree(statement, dialect, lists);
  if (facts.refusal) throw queryRefused(key, facts.refusal);

  const lexedNames = new Set(lexed.params.map((p) => p.name));
  for (const name of lexedNames) {
    if (!rule.allowed.includes(name))
      throw queryRefused(
        key,
        `unknown parameter :${name} (allowed here: ${rule.allowed.map((a) => `:${a}`).join(', ')})`,
      );
  }
  for (const name of rule.required) {
    if (!lexedNames.has(name)) throw queryRefused(key, `it must use the parameter :${name}`);
  }
  const sameNames =
    lexedNames.size === facts.params.size && [...facts.params].every((p) => lexedNames.has(p));
  if (!sameNames)
    throw queryRefused(
      key,
      'its parameters could not be located unambiguously; write each as :name outside strings and comments',
    );
  const misplaced = facts.listUses.find((u) => !u.bindable);
  if (misplaced) throw queryRefused(key, listPlacement(misplaced.name, dialect));
  // Every list placeholder must have been seen in place: one the parser did not report could not be checked.
  const lexedListUses = lexed.params.filter((p) => lists.has(p.name)).length;
  if (lexedListUses !== facts.listUses.length)
    throw queryRefused(key, listPlacement(lexed.params.find((p) => lists.has(p.name))!.name, dialect));

  const pieces: string[] = [];
  let at = 0;
  for (const p of lexed.params) {
    pieces.push(lexed.body.slice(at, p.start));
    at = p.end;
  }
  pieces.push(lexed.body.slice(at));
  const occurrences = lexed.params.map((p) => p.name);
  const params = [...new Set(occurrences)];
  return {
    key,
    dialect,
    pieces,
    occurrences,
    params,
    lists: params.filter((p) => lists.has(p)),
    hasWith: Array.isArray(statement.with) && statement.with.length > 0,
    hasOrderBy: Array.isArray(statement.orderby) && statement.orderby.length > 0,
  };
}

/** How a list parameter must be written in each dialect, for the refusal message. */
function listPlacement(name: string, dialect: SqlDialect): string {
  return dialect === 'postgres'
    ? `the list parameter :${name} is bound as one array: write it inside a cast to an array type, e.g. CAST(:${name} AS text[]), or alone in ANY(:${name})`
    : `the list parameter :${name} is bound as one placeholder per value: write it alone in an IN list, e.g. IN (:${name})`;
}

/** A scalar, or the values of a list parameter (:birth_dates, :names). */
export type ParamValue = string | number | string[];

/** A query ready for the driver: text with the driver's placeholders and the values in binding order. */
export interface BoundQuery {
  key: string;
  text: string;
  /**
   * Placeholder names matching `values` one to one ($1.. order for pg, each ? for mysql, @name for
   * mssql, where the elements of a list are @name_0, @name_1, …).
   */
  names: string[];
  /** The query parameter each value belongs to (differs from `names` only for a list in mssql). */
  params: string[];
  /** A list is one array value for pg, one value per element for mysql and mssql. */
  values: ParamValue[];
  /** Asked for a search beyond the blocking keys (sql-adapter.ts searchesBeyond), not for a key. */
  beyond?: boolean;
}

/**
 * Renders the driver text: `$n` per distinct name (pg, a list being one array), `?` per occurrence
 * (mysql) and `@name` (mssql), a list expanded to one placeholder per element (`?, ?, ?` or
 * `@name_0, @name_1, @name_2`); `listLengths` gives the element count of each list.
 */
export function renderQuery(
  q: GuardedQuery,
  listLengths: Record<string, number> = {},
): { text: string; names: string[]; params: string[] } {
  const names: string[] = [];
  const params: string[] = [];
  let text = q.pieces[0];
  for (let k = 0; k < q.occurrences.length; k++) {
    const name = q.occurrences[k];
    let placeholder: string;
    if (q.dialect === 'postgres') {
      placeholder = `$${q.params.indexOf(name) + 1}`;
    } else if (q.lists.includes(name)) {
      const count = listLengths[name];
      if (count === undefined) throw new Error(`No length for the list :${name} in query ${q.key}`);
      const each = Array.from({ length: count }, (_, i) => (q.dialect === 'mysql' ? '?' : `@${name}_${i}`));
      // `IN ()` is not SQL; `IN (NULL)` is, and like an empty list it holds for no row.
      placeholder = count === 0 ? 'NULL' : each.join(', ');
      if (q.dialect === 'mysql' || !names.includes(`${name}_0`)) {
        names.push(...(q.dialect === 'mysql' ? each.map(() => name) : each.map((p) => p.slice(1))));
        params.push(...each.map(() => name));
      }
    } else {
      placeholder = q.dialect === 'mysql' ? '?' : `@${name}`;
      if (q.dialect === 'mysql' || !names.includes(name)) {
        names.push(name);
        params.push(name);
      }
    }
    text += placeholder + q.pieces[k + 1];
  }
  if (q.dialect === 'postgres') return { text, names: [...q.params], params: [...q.params] };
  return { text, names, params };
}

/**
 * Binds values by name; a name the caller did not supply is a programming error, never an empty
 * string. An empty list binds as an empty array (pg) or as NULL in place of its placeholders (mysql,
 * mssql), so that `IN (:names)` holds for no row either way.
 */
export function bindQuery(
  q: GuardedQuery,
  values: Record<string, ParamValue | undefined>,
  limit?: number,
): BoundQuery {
  const lengths: Record<string, number> = {};
  for (const name of q.params) {
    const v = values[name];
    if (v === undefined) throw new Error(`No value for :${name} in query ${q.key}`);
    if (Array.isArray(v) !== q.lists.includes(name))
      throw new Error(`:${name} in query ${q.key} takes ${q.lists.includes(name) ? 'a list' : 'one value'}`);
    if (Array.isArray(v)) lengths[name] = v.length;
  }
  const { text, names, params } = renderQuery(q, lengths);
  const bound: ParamValue[] = [];
  const position = new Map<string, number>();
  for (const [i, name] of params.entries()) {
    const v = values[name]!;
    if (Array.isArray(v) && q.dialect !== 'postgres') {
      // Expanded list: the k-th placeholder of this list within its occurrence takes element k.
      const k =
        q.dialect === 'mysql'
          ? (position.get(name) ?? 0) % v.length
          : Number(names[i].slice(name.length + 1));
      position.set(name, (position.get(name) ?? 0) + 1);
      bound.push(v[k]);
    } else bound.push(v);
  }
  return {
    key: q.key,
    text: limit === undefined ? text : capRows(q, text, limit),
    names,
    params,
    values: bound,
  };
}

/** Wraps the query so the database stops after `limit` rows, where the dialect allows it for this query. */
function capRows(q: GuardedQuery, text: string, limit: number): string {
  const n = Math.max(1, Math.floor(limit));
  if (q.dialect === 'postgres') return `SELECT * FROM (\n${text}\n) AS etms_q LIMIT ${n}`;
  if (q.dialect === 'mysql') return q.hasWith ? text : `SELECT * FROM (\n${text}\n) AS etms_q LIMIT ${n}`;
  return q.hasWith || q.hasOrderBy ? text : `SELECT TOP (${n}) * FROM (\n${text}\n) AS etms_q`;
}
