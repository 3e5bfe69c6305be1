/** Boards and schools. */
import type { Db, Queryable, Row } from './db.js';
import { read } from './row.js';

export interface Board {
  id: number;
  code: string;
  name: string;
  /** What applicant e-mails give as the board's contact; null until the board sets it. */
  applicantContact: string | null;
}

export interface School {
  id: number;
  boardId: number;
  bsid: string;
  name: string;
  city: string | null;
  active: boolean;
}

function toSchool(row: Row): School {
  const r = read(row);
  return {
    id: r.int('id'),
    boardId: r.int('board_id'),
    bsid: r.text('bsid'),
    name: r.text('name'),
    city: r.textOrNull('city'),
    active: r.bool('active'),
  };
}

function toBoard(row: Row): Board {
  const r = read(row);
  return {
    id: r.int('id'),
    code: r.text('code'),
    name: r.text('name'),
    applicantContact: r.textOrNull('applicant_contact'),
  };
}

export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  async upsertBoard(code: string, name: string, q: Queryable = this.db): Promise<Board> {
    const { rows } = await q.query<Row>(
      'INSERT INTO boards (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING *',
      [code, name],
    );
    return toBoard(rows[0]);
  }

  async upsertSchool(
    boardId: number,
    bsid: string,
    name: string,
    city: string | null,
    q: Queryable = this.db,
  ): Promise<School> {
    const { rows } = await q.query<Row>(
      `INSERT INTO schools (board_id, bsid, name, city) VALUES ($1, $2, $3, $4)
       ON CONFLICT (bsid) DO UPDATE SET name = EXCLUDED.name, city = EXCLUDED.city, board_id = EXCLUDED.board_id RETURNING *`,
      [boardId, bsid, name, city],
    );
    return toSchool(rows[0]);
  }

  async boards(): Promise<Board[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM boards ORDER BY name');
    return rows.map(toBoard);
  }

  async boardByCode(code: string): Promise<Board | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM boards WHERE code = $1', [code]);
    return rows[0] ? toBoard(rows[0]) : undefined;
  }

  async board(id: number, q: Queryable = this.db): Promise<Board | undefined> {
    const { rows } = await q.query<Row>('SELECT * FROM boards WHERE id = $1', [id]);
    return rows[0] ? toBoard(rows[0]) : undefined;
  }

  async setApplicantContact(boardId: number, contact: string | null): Promise<void> {
    await this.db.query('UPDATE boards SET applicant_contact = $2 WHERE id = $1', [boardId, contact]);
  }

  async schoolsOfBoard(boardId: number): Promise<School[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools WHERE board_id = $1 ORDER BY name', [
      boardId,
    ]);
    return rows.map(toSchool);
  }

  async allSchools(): Promise<School[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools ORDER BY name');
    return rows.map(toSchool);
  }

  async school(id: number): Promise<School | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools WHERE id = $1', [id]);
    return rows[0] ? toSchool(rows[0]) : undefined;
  }

  async schoolsById(ids: readonly number[]): Promise<School[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools WHERE id = ANY($1::int[])', [ids]);
    return rows.map(toSchool);
  }

  async boardsById(ids: readonly number[]): Promise<Board[]> {
    const { rows } = await this.db.query<Row>('SELECT * FROM boards WHERE id = ANY($1::int[])', [ids]);
    return rows.map(toBoard);
  }

  async schoolByBsid(bsid: string): Promise<School | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools WHERE bsid = $1', [bsid]);
    return rows[0] ? toSchool(rows[0]) : undefined;
  }
}
