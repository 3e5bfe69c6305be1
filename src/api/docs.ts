/** A readable page of the REST API, rendered on the server from the OpenAPI document (no CDN, no script). */
import { escapeHtml } from '../text/escape.js';
import { OPERATIONS } from './operations.js';
import { PESC_OPERATION, PESC_REQUESTS_PATH, PESC_SUMMARY } from './pesc-intake.js';
import { SCHEMAS } from '../exchange/schemas.js';
import { API_BASE } from './openapi.js';

const esc = (s: unknown) => escapeHtml(String(s));

function typeOf(schema: Record<string, unknown>): string {
  if (typeof schema.$ref === 'string') {
    const name = schema.$ref.split('/').pop()!;
    return `<a href="#schema-${esc(name)}">${esc(name)}</a>`;
  }
  if (Array.isArray(schema.enum))
    return `one of ${schema.enum.map((v) => `<code>${esc(v)}</code>`).join(', ')}`;
  if (schema.type === 'array') return `array of ${typeOf(schema.items as Record<string, unknown>)}`;
  const parts = [esc(schema.type ?? 'any')];
  if (schema.pattern) parts.push(`pattern <code>${esc(schema.pattern)}</code>`);
  if (schema.maxLength) parts.push(`≤ ${esc(schema.maxLength)} chars`);
  return parts.join(', ');
}

function schemaTable(name: string, schema: Record<string, unknown>): string {
  const props = (schema.properties ?? {}) as Record<string, Record<string, unknown>>;
  const required = new Set((schema.required ?? []) as string[]);
  if (Object.keys(props).length === 0)
    return `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><p>${typeOf(schema)}${schema.description ? ` — ${esc(schema.description)}` : ''}</p></section>`;
  const rows = Object.entries(props)
    .map(
      ([prop, s]) =>
        `<tr><td><code>${esc(prop)}</code>${required.has(prop) ? ' <strong>*</strong>' : ''}</td><td>${typeOf(s)}</td><td>${esc(s.description ?? '')}</td></tr>`,
    )
    .join('');
  return `<section id="schema-${esc(name)}"><h3>${esc(name)}</h3><table><thead><tr><th>Field</th><th>Type</th><th>Notes</th></tr></thead><tbody>${rows}</tbody></table></section>`;
}

export function docsPage(): string {
  const ops =
    OPERATIONS.map(
      (op) => `<section><h3 id="op-${op.name}">${esc(op.name)}</h3>
<p><code>${op.method.toUpperCase()} ${esc(API_BASE + op.path.replace(/:([A-Za-z]+)/g, '{$1}'))}</code> — ${esc(op.summary)}</p>
<p>Credential: ${op.kinds.map(esc).join(', ')}. Input: <a href="#schema-${op.input}">${op.input}</a>. Output: <a href="#schema-${op.output}">${op.output}</a>.</p></section>`,
    ).join('\n') +
    `\n<section><h3 id="op-${PESC_OPERATION}">${PESC_OPERATION}</h3>
<p><code>POST ${esc(API_BASE + PESC_REQUESTS_PATH)}</code> (<code>application/xml</code>) — ${esc(PESC_SUMMARY)}</p>
<p>Credential: INTAKE. Input: a PESC Transcript Request v1.4.0 document; over SOAP, the Body's element (the WSDL imports the real PESC schemas, served under <a href="/soap/pesc/TranscriptRequest_v1.4.0.xsd">/soap/pesc/</a>). Output: a PESC Transcript Response v1.4.0.</p></section>`;
  const schemas = Object.entries(SCHEMAS)
    .map(([n, s]) => schemaTable(n, s))
    .join('\n');
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>eTMS exchange API</title>
<style>body{font-family:system-ui,sans-serif;max-width:60rem;margin:2rem auto;padding:0 1rem;line-height:1.45}table{border-collapse:collapse;width:100%}td,th{border:1px solid #ccc;padding:.3rem .5rem;text-align:left;vertical-align:top}code{background:#f3f3f3;padding:0 .2rem}</style>
</head><body>
<h1>eTMS exchange API</h1>
<p>REST JSON under <code>${API_BASE}</code> (OpenAPI 3.1: <a href="${API_BASE}/openapi.json">${API_BASE}/openapi.json</a>) and SOAP 1.1 at <code>/soap/exchange</code> (WSDL: <a href="/soap/exchange?wsdl">/soap/exchange?wsdl</a>), with the same operations.</p>
<h2>Authentication</h2>
<p>Each agent and each intake client has its own credential (<code>etms credential create</code>). REST: <code>Authorization: Bearer &lt;id&gt;.&lt;secret&gt;</code>. SOAP: WS-Security UsernameToken with the id as Username and the secret as Password (PasswordText), over TLS.</p>
<p>Errors carry a stable code: REST <code>{"code": "ETMS_E_…", "message": "…"}</code>; SOAP a Fault whose detail holds <code>EtmsFault/code</code> and <code>message</code>.</p>
<h2>Operations</h2>
${ops}
<h2>Schemas</h2>
${schemas}
</body></html>`;
}
