/**
 * The attackers of bench/hostile-load.ts, in their own process so that what the server's process
 * spends is the server's alone (an attacker's own event loop never runs on the server's cores'
 * request thread). Given the attacks to run, the server's address and how long; signs in and builds
 * its bodies first, then prints `ready <end time in ms>`, attacks until then, and prints what it
 * sent as JSON on its last line.
 *
 *   tsx bench/lib/hostile-attacker.ts '<json: { base, seconds, attacks, school, staff, password, targets }>'
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { constants, deflateRawSync } from 'node:zlib';

interface Orders {
  base: string;
  /** How long the attacks last once every attacker is ready. */
  seconds: number;
  attacks: string[];
  /** Username of a school user (uploads), of a board user (reports), and their password. */
  school: string;
  staff: string;
  password: string;
  /** Reference numbers of requests the school user may upload to. */
  targets: string[];
}
const orders = JSON.parse(process.argv[2]) as Orders;

const ONE_PAGE = readFileSync(
  join(import.meta.dirname, '..', '..', 'fixtures', 'transcripts', 'pdf', 'transcript-one-page.pdf'),
);

/** 4 GB of zeros as one FlateDecode object stream appended to a valid PDF (about 4 MB). */
function pdfBomb(): Buffer {
  const block = deflateRawSync(Buffer.alloc(1024 * 1024), { level: 9, finishFlush: constants.Z_FULL_FLUSH });
  const parts = [Buffer.from([0x78, 0xda])];
  for (let i = 0; i < 4096; i++) parts.push(block);
  parts.push(Buffer.from([0x03, 0x00, 0, 0, 0, 0]));
  const data = Buffer.concat(parts);
  return Buffer.concat([
    ONE_PAGE,
    Buffer.from(
      `\n999 0 obj\n<< /Type /ObjStm /N 1 /First 0 /Filter /FlateDecode /Length ${data.length} >>\nstream\n`,
    ),
    data,
    Buffer.from('\nendstream\nendobj\n%%EOF\n'),
  ]);
}

/** A browser-like client: cookies and the form's CSRF token; `from` is the address it claims. */
class Browser {
  private readonly jar = new Map<string, string>();
  private csrf = '';
  constructor(private readonly from?: string) {}
  async send(method: string, path: string, body?: RequestInit['body'], headers: Record<string, string> = {}) {
    const res = await fetch(new URL(path, orders.base), {
      method,
      body,
      redirect: 'manual',
      headers: {
        cookie: [...this.jar].map(([k, v]) => `${k}=${v}`).join('; '),
        ...(this.from ? { 'x-forwarded-for': this.from } : {}),
        ...headers,
      },
    });
    for (const line of res.headers.getSetCookie()) {
      const [pair] = line.split(';');
      const i = pair.indexOf('=');
      this.jar.set(pair.slice(0, i).trim(), pair.slice(i + 1).trim());
    }
    const text = await res.text();
    const token = /name="_csrf" value="([^"]+)"/.exec(text);
    if (token) this.csrf = token[1];
    return res.status;
  }
  async signIn(username: string, password: string) {
    await this.send('GET', '/connexion');
    return this.send('POST', '/connexion', new URLSearchParams({ _csrf: this.csrf, username, password }), {
      'content-type': 'application/x-www-form-urlencoded',
    });
  }
  async upload(path: string, bytes: Uint8Array) {
    await this.send('GET', path);
    const form = new FormData();
    form.set('_csrf', this.csrf);
    form.set('file', new Blob([bytes], { type: 'application/pdf' }), 'releve.pdf');
    return this.send('POST', path, form);
  }
}

const sent: Record<string, number> = {};
const count = (name: string, n = 1) => (sent[name] = (sent[name] ?? 0) + n);
let until = Infinity;
const loop = async (body: () => Promise<void>) => {
  while (Date.now() < until) await body().catch(() => undefined);
};

async function main() {
  const work: Array<() => Promise<void>> = [];
  const on = (name: string) => orders.attacks.includes(name);
  if (on('pdf')) {
    const school = new Browser();
    await school.signIn(orders.school, orders.password);
    const bomb = pdfBomb();
    let target = 0;
    work.push(() =>
      loop(async () => {
        await school.upload(`/demandes/${orders.targets[target++ % orders.targets.length]}/televerser`, bomb);
        count('PDF bombs');
      }),
    );
  }
  if (on('report')) {
    const staff = new Browser();
    await staff.signIn(orders.staff, orders.password);
    work.push(() =>
      loop(async () => {
        await staff.send('GET', '/rapports?from=0001-01-01&to=9999-12-31&view=summary');
        await staff.send(
          'GET',
          '/rapports/telecharger?from=2021-12-03&to=2026-12-02&view=detailed&format=pdf',
        );
        count('huge report ranges + 5-year PDF');
      }),
    );
  }
  if (on('soap')) {
    const body = Buffer.concat([
      Buffer.from(
        '<?xml version="1.0"?><soap:Envelope xmlns:soap="http://schemas.xmlsoap.org/soap/envelope/"><soap:Body><x>',
      ),
      Buffer.alloc(7 * 1024 * 1024, 0x61),
      Buffer.from('</x></soap:Body></soap:Envelope>'),
    ]);
    const one = () =>
      loop(async () => {
        await fetch(new URL('/soap/exchange', orders.base), {
          method: 'POST',
          headers: { 'content-type': 'text/xml', soapaction: 'SubmitTranscriptRequest' },
          body,
        }).then((r) => r.arrayBuffer());
        count('7 MB unauthenticated SOAP');
      });
    work.push(one, one);
  }
  if (on('password')) {
    // Ten at a time, each from another address (the server trusts X-Forwarded-For in this bench,
    // as behind a proxy): the per-address limit never applies, every guess reaches the password check.
    let n = 0;
    work.push(() =>
      loop(async () => {
        await Promise.all(
          Array.from({ length: 10 }, () => {
            // The documentation prefix (2001:db8::/32); an IPv6 address counts by its /64.
            const from = `2001:db8:${(++n >> 16).toString(16)}:${(n & 0xffff).toString(16)}::1`;
            return new Browser(from).signIn('victim', 'wrong-password').then(() => count('wrong passwords'));
          }),
        );
      }),
    );
  }
  until = Date.now() + orders.seconds * 1000;
  console.log(`ready ${until}`);
  await Promise.all(work.map((attack) => attack()));
  console.log(JSON.stringify(sent));
}

await main();
