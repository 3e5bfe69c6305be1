/** Boards and schools. */
import type { Db, Queryable, Row } from './db.js';

export interface Board {
  id: number;
  code: string;
  name: string;
}

export interface School {
  id: number;
  boardId: number;
  bsid: string;
  name: string;
  city: string | null;
  active: boolean;
}

const toSchool = (r: Row): School => ({
  id: Number(r.id),
  boardId: Number(r.board_id),
  bsid: r.bsid as string,
  name: r.name as string,
  city: (r.city as string) ?? null,
  active: Boolean(r.active),
});

export class OrganisationRepository {
  constructor(private readonly db: Db) {}

  async upsertBoard(code: string, name: string, q: Queryable = this.db): Promise<Board> {
    const { rows } = await q.query<Row>(
      'INSERT INTO boards (code, name) VALUES ($1, $2) ON CONFLICT (code) DO UPDATE SET name = EXCLUDED.name RETURNING *',
      [code, name],
    );
    return { id: Number(rows[0].id), code: rows[0].code as string, name: rows[0].name as string };
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
    return rows.map((r) => ({ id: Number(r.id), code: r.code as string, name: r.name as string }));
  }

  async boardByCode(code: string): Promise<Board | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM boards WHERE code = $1', [code]);
    return rows[0]
      ? { id: Number(rows[0].id), code: rows[0].code as string, name: rows[0].name as string }
      : undefined;
  }

  async board(id: number): Promise<Board | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM boards WHERE id = $1', [id]);
    return rows[0]
      ? { id: Number(rows[0].id), code: rows[0].code as string, name: rows[0].name as string }
      : undefined;
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

  async schoolByBsid(bsid: string): Promise<School | undefined> {
    const { rows } = await this.db.query<Row>('SELECT * FROM schools WHERE bsid = $1', [bsid]);
    return rows[0] ? toSchool(rows[0]) : undefined;
  }
}
