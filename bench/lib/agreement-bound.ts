/**
 * How far any matcher could go on a labelled set without a wrong automatic match, if all it knew of a
 * request were how its best candidate agrees field by field.
 *
 * Requests are put in cells by the agreement levels of their best candidate (exact surname, nickname,
 * birth date one digit off, school the same, OEN missing…), optionally with the two names' weights in
 * steps of `nameWeightStep` bits (a rare name against a common one). A cell in which the best candidate
 * was never anyone but the applicant could be answered automatically whole; a cell holding one look-alike
 * (an absent applicant or another student as best candidate) could not, since nothing in the cell tells
 * the look-alike from the others. The share of present applicants in clean cells is an upper bound, read
 * with the labels, of what a rule over the same information can answer at zero wrong: optimistic, since a
 * small cell may be clean by chance.
 */
import type { FieldComparison } from '../../src/matching/types.js';

export interface CellObservation {
  /** The best candidate's comparison, field by field (none when no candidate was found). */
  fields?: FieldComparison[];
  /** Whether the best candidate is the applicant (false for an absent applicant with a candidate). */
  bestIsApplicant: boolean;
}

function cellOf(fields: FieldComparison[], nameWeightStep: number | undefined): string {
  return fields
    .map((f) => {
      const names = nameWeightStep !== undefined && (f.field === 'first' || f.field === 'last');
      return names
        ? `${f.field}=${f.level}@${Math.round(f.weight / nameWeightStep)}`
        : `${f.field}=${f.level}`;
    })
    .join(';');
}

/** Share of `present` applicants that sit in cells where the best candidate was always the applicant. */
export function agreementBound(
  observations: CellObservation[],
  present: number,
  nameWeightStep?: number,
): number {
  const cells = new Map<string, { right: number; wrong: number }>();
  for (const o of observations) {
    if (!o.fields) continue;
    const key = cellOf(o.fields, nameWeightStep);
    const cell = cells.get(key) ?? { right: 0, wrong: 0 };
    if (o.bestIsApplicant) cell.right++;
    else cell.wrong++;
    cells.set(key, cell);
  }
  let reachable = 0;
  for (const cell of cells.values()) if (cell.wrong === 0) reachable += cell.right;
  return present === 0 ? 1 : reachable / present;
}
