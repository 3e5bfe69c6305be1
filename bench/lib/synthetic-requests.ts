/**
 * Synthetic transcript requests for load benchmarks, bulk-loaded with COPY (pg-copy-streams on a
 * server, COPY FROM '/dev/blob' on PGlite). Status mix as a live board sees it: most requests done.
 */
import type { Db } from '../../src/store/db.js';
import { searchKey } from '../../src/domain/request.js';
import { seededRng as prng } from './synthetic.js';
import { copyIn } from './copy-in.js';

const FIRST = [
  'Amélie',
  'Jean-Philippe',
  'Priya',
  'Minh',
  'Zoë',
  'Liam',
  'Sofia',
  'Omar',
  'Chloé',
  'Noah',
  'Aaliyah',
  'Mohammed',
  'Emma',
  'Olivier',
  'Fatima',
  'Lucas',
  'Mei',
  'Arjun',
  'Gabriel',
  'Léa',
];
const LAST = [
  'Tremblay',
  'Gagnon',
  'Singh',
  'Nguyen',
  "O'Neil",
  'Smith',
  'Da Silva',
  'Haddad',
  'Côté',
  'Li',
  'Patel',
  'Roy',
  'Kaur',
  'Wang',
  'Bouchard',
  'Brown',
  'Chen',
  'Martin',
  'Ahmed',
  'Lefebvre',
  'Kowalski',
  'Rossi',
  'Santos',
  'Yusuf',
  'Morin',
];
const STATUS_MIX: Array<[string, number]> = [
  ['E_TRANSCRIPT_SENT', 0.78],
  ['PAPER_SENT', 0.04],
  ['CANCELLED', 0.03],
  ['ACTION_REQUIRED', 0.03],
  ['AUTO_PROCESS_ERROR', 0.04],
  ['STUDENT_NOT_FOUND', 0.03],
  ['NO_ACADEMIC_DATA', 0.02],
  ['ON_HOLD_FINANCIAL', 0.015],
  ['UPLOAD_ERROR', 0.01],
  ['TRANSCRIPT_UPLOADED', 0.005],
];

const SYLLABLES = [
  'ba',
  'be',
  'bo',
  'ca',
  'ce',
  'da',
  'de',
  'do',
  'fa',
  'ga',
  'go',
  'ha',
  'ja',
  'ka',
  'ki',
  'la',
  'le',
  'li',
  'lo',
  'ma',
  'me',
  'mi',
  'mo',
  'na',
  'ne',
  'no',
  'pa',
  'pe',
  'ra',
  're',
  'ri',
  'ro',
  'sa',
  'se',
  'si',
  'ta',
  'te',
  'to',
  'va',
  've',
  'vi',
  'wa',
  'ya',
  'za',
];
const ENDINGS = ['', 'n', 'r', 's', 'lt', 'nd', 'rd', 'tte', 'ski', 'son', 'ault', 'eau', 'ini', 'ez', 'ov'];

/** Surnames as boards see them: a few very common ones, and a long tail (a third of a million forms). */
function surname(rand: () => number): string {
  if (rand() < 0.3) return LAST[Math.floor(rand() * LAST.length)];
  const parts = 2 + Math.floor(rand() * 2);
  let name = '';
  for (let i = 0; i < parts; i++) name += SYLLABLES[Math.floor(rand() * SYLLABLES.length)];
  name += ENDINGS[Math.floor(rand() * ENDINGS.length)];
  return name[0].toUpperCase() + name.slice(1);
}

export interface SyntheticOrg {
  boards: Array<{ id: number; code: string }>;
  schools: Array<{ id: number; boardId: number; bsid: string }>;
}

/** Three boards; the first (the one benchmarked) holds 20 of the 40 schools and half the requests. */
export async function createSyntheticOrg(db: Db): Promise<SyntheticOrg> {
  const boards = [];
  const schools = [];
  for (let b = 0; b < 3; b++) {
    const { rows } = await db.query<{ id: number }>(
      'INSERT INTO boards (code, name) VALUES ($1, $2) RETURNING id',
      [`B6${b}000`, `Synthetic Board ${b}`],
    );
    boards.push({ id: Number(rows[0].id), code: `B6${b}000` });
    const count = b === 0 ? 20 : 10;
    for (let s = 0; s < count; s++) {
      const bsid = String(700000 + b * 100 + s);
      const r = await db.query<{ id: number }>(
        'INSERT INTO schools (board_id, bsid, name, city) VALUES ($1,$2,$3,$4) RETURNING id',
        [boards[b].id, bsid, `Secondary School ${b}-${s}`, 'Toronto'],
      );
      schools.push({ id: Number(r.rows[0].id), boardId: boards[b].id, bsid });
    }
  }
  return { boards, schools };
}

const COLUMNS = [
  'reference_number',
  'application_number',
  'account_number',
  'origin',
  'request_type',
  'requested_at',
  'received_at',
  'send_timing',
  'first_name',
  'last_name',
  'birth_date',
  'gender',
  'oen',
  'student_number',
  'board_id',
  'school_id',
  'school_bsid',
  'date_last_attended',
  'amount_collected',
  'transcript_count',
  'status',
  'completed_at',
  'completion_method',
  'last_updated_by',
  'search_first',
  'search_last',
];

const tsv = (v: string | number | null) => (v === null ? '\\N' : String(v).replace(/[\t\n\\]/g, ' '));

function* rows(count: number, org: SyntheticOrg, seed: number, from: Date, days: number): Generator<string> {
  const rand = prng(seed);
  const pick = <T>(list: T[]) => list[Math.floor(rand() * list.length)];
  const main = org.schools.filter((s) => s.boardId === org.boards[0].id);
  for (let i = 0; i < count; i++) {
    const school = rand() < 0.5 ? pick(main) : pick(org.schools);
    let u = rand();
    let status = STATUS_MIX[0][0];
    for (const [s, share] of STATUS_MIX) {
      if (u < share) {
        status = s;
        break;
      }
      u -= share;
    }
    const dayOffset = Math.floor(rand() * days);
    const requested = new Date(from.getTime() + dayOffset * 86_400_000);
    const ymd = requested.toISOString().slice(0, 10);
    const done = ['E_TRANSCRIPT_SENT', 'PAPER_SENT', 'CANCELLED'].includes(status);
    const completed = done
      ? new Date(requested.getTime() + (1 + Math.floor(rand() * 9)) * 86_400_000).toISOString()
      : null;
    const method =
      status === 'E_TRANSCRIPT_SENT'
        ? rand() < 0.8
          ? 'AUTO'
          : rand() < 0.8
            ? 'MANUAL_XML'
            : 'PDF'
        : status === 'PAPER_SENT'
          ? 'PAPER'
          : null;
    const first = pick(FIRST);
    const last = surname(rand);
    const year = 1985 + Math.floor(rand() * 23);
    const line = [
      `H${ymd.replace(/-/g, '')}${String(i + 1).padStart(7, '0')}`,
      String(240000000 + i),
      String(210000000000 + i),
      rand() < 0.7 ? 'OCAS' : 'OUAC',
      rand() < 0.9 ? 'ORIGINAL' : 'REISSUE',
      ymd,
      `${ymd}T14:00:00Z`,
      rand() < 0.9 ? 'NOW' : 'END_OF_TERM',
      first,
      last,
      `${year}-${String(1 + Math.floor(rand() * 12)).padStart(2, '0')}-${String(1 + Math.floor(rand() * 28)).padStart(2, '0')}`,
      rand() < 0.5 ? 'F' : 'M',
      String(100000000 + Math.floor(rand() * 899999999)),
      String(300000 + Math.floor(rand() * 600000)),
      school.boardId,
      school.id,
      school.bsid,
      `${year + 18}-06`,
      '6.00',
      1,
      status,
      completed,
      method,
      method === 'AUTO' ? 'Auto-eTMS' : 'System/Système',
      searchKey(first),
      searchKey(last),
    ];
    yield line.map(tsv).join('\t') + '\n';
  }
}

/** Loads `count` requests with COPY, then rebuilds the per-tab counters and statistics. */
export async function loadSyntheticRequests(
  db: Db,
  org: SyntheticOrg,
  count: number,
  options: { seed?: number; from?: Date; days?: number } = {},
): Promise<void> {
  const from = options.from ?? new Date('2024-01-01T00:00:00Z');
  const days = options.days ?? 1000;
  // Bulk-load practice: drop the secondary indexes (of the requests and of their name words, which a
  // trigger fills once per COPY), COPY, build them again in one pass each.
  const { rows: indexes } = await db.query<{ indexname: string; indexdef: string }>(
    `SELECT indexname, indexdef FROM pg_indexes WHERE tablename IN ('requests', 'request_name_words') AND schemaname = current_schema()
       AND indexdef NOT LIKE 'CREATE UNIQUE%'`,
  );
  for (const index of indexes) await db.exec(`DROP INDEX ${index.indexname}`);
  await db.exec('ALTER TABLE requests DISABLE TRIGGER requests_count_insert');
  try {
    await copyIn(db, 'requests', COLUMNS, rows(count, org, options.seed ?? 42, from, days));
  } finally {
    await db.exec('ALTER TABLE requests ENABLE TRIGGER requests_count_insert');
    for (const index of indexes) await db.exec(index.indexdef);
  }
  await db.exec(`DELETE FROM request_counts;
    INSERT INTO request_counts (school_id, status, n) SELECT school_id, status, count(*) FROM requests GROUP BY school_id, status;
    ANALYZE requests; ANALYZE request_counts;`);
  // The name words are never updated: autovacuum marks their pages all-visible soon after they are
  // written, which is what lets a name search read its index alone. Done here at once.
  await db.exec('VACUUM ANALYZE request_name_words');
}
