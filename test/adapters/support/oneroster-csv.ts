/**
 * A OneRoster 1.1 CSV export (the bulk/delta files of the CSV binding) served as the REST binding
 * publishes the same records: `xSourcedId` columns become references `x: { sourcedId, type }`,
 * `xSourcedIds` lists of them, `grades` and `userIds` lists; a user's `role` and `orgSourcedIds` become `roles`
 * (the first org primary) and `primaryOrg`. Empty cells are left out.
 */
import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { forEachCsvRecord } from '../../../src/matching/csv.js';
import type { OneRosterData } from './oneroster-server.js';

type Json = Record<string, unknown>;

/** The reference field and type of a `…SourcedId(s)` column. */
const REFERENCES: Record<string, { field: string; type: string }> = {
  classSourcedId: { field: 'class', type: 'class' },
  schoolSourcedId: { field: 'school', type: 'org' },
  userSourcedId: { field: 'user', type: 'user' },
  courseSourcedId: { field: 'course', type: 'course' },
  parentSourcedId: { field: 'parent', type: 'org' },
  orgSourcedId: { field: 'org', type: 'org' },
  schoolYearSourcedId: { field: 'schoolYear', type: 'academicSession' },
  termSourcedIds: { field: 'terms', type: 'academicSession' },
  orgSourcedIds: { field: 'orgs', type: 'org' },
  agentSourcedIds: { field: 'agents', type: 'user' },
};

const ref = (type: string, sourcedId: string) => ({ href: `/${type}s/${sourcedId}`, sourcedId, type });

async function records(dir: string, file: string): Promise<Json[]> {
  const path = join(dir, file);
  const rows: string[][] = [];
  forEachCsvRecord(await readFile(path, 'utf8'), path, ',', (fields) => rows.push(fields));
  const [header, ...body] = rows;
  return body.map((row) => {
    const out: Json = {};
    header.forEach((column, i) => {
      const value = (row[i] ?? '').trim();
      if (value === '') return;
      const reference = REFERENCES[column];
      if (reference && column.endsWith('Ids'))
        out[reference.field] = value.split(',').map((id) => ref(reference.type, id.trim()));
      else if (reference) out[reference.field] = ref(reference.type, value);
      else if (column === 'grades') out.grades = value.split(',').map((g) => g.trim());
      // userIds: "{type:identifier}" pairs, comma-separated.
      else if (column === 'userIds')
        out.userIds = [...value.matchAll(/\{([^:}]*):([^}]*)\}/g)].map((m) => ({
          type: m[1],
          identifier: m[2],
        }));
      else out[column] = value;
    });
    // A bulk file leaves status empty: every record in it is active.
    out.status ??= 'active';
    return out;
  });
}

export async function oneRosterCsvData(dir: string): Promise<OneRosterData> {
  const users = (await records(dir, 'users.csv')).map((u) => {
    const orgs = (u.orgs as Json[] | undefined) ?? [];
    return {
      ...u,
      enabledUser: u.enabledUser === 'true',
      roles: orgs.map((org, i) => ({ roleType: i === 0 ? 'primary' : 'secondary', role: u.role, org })),
      ...(orgs[0] ? { primaryOrg: orgs[0] } : {}),
    };
  });
  return {
    users,
    demographics: await records(dir, 'demographics.csv'),
    orgs: await records(dir, 'orgs.csv'),
    courses: await records(dir, 'courses.csv'),
    classes: await records(dir, 'classes.csv'),
    enrollments: await records(dir, 'enrollments.csv'),
    academicSessions: await records(dir, 'academicSessions.csv'),
    results: [],
  };
}
