/**
 * What `etms match --help` says after the options: how bad input is reported and the exit codes
 * (spec/matching-files.md). No imports, so that the help costs nothing to load.
 */
export const MATCH_HELP_AFTER = `
Bad input:
  Input that cannot be read at all stops the run with exit 2 and one line on
  standard error naming the file, line and column: a missing file, a missing
  required column, broken quoting, a file that is not UTF-8 (with the byte
  offset; a workbook or a UTF-16 file is named as such: save it as "CSV
  UTF-8"), an output that cannot be written, or a usage error such as a
  missing --sis or --requests.
  A row or a value that cannot be used is reported on standard error, one line
  each ("file, line N, column C: what is wrong; what was done", never the value
  itself), and the run goes on; rows are never dropped silently:
  - requests.csv: every row keeps its line in the decisions. A row with more or
    fewer fields than the header, without a reference number, or without any
    name, usable OEN or student number is decided "none" (reasons
    "request=unusable" with --explain). An impossible date (1938-11-31), a
    malformed OEN (not 9 digits) or a gender other than M, F or X is ignored
    and the row is matched on the rest. A reference number not of the form
    H20240411049903 (H, a real day as YYYYMMDD, at least six digits; not the
    placeholder H00000000000000) is reported and the row matched all the same.
  - students.csv: a row with more or fewer fields than the header, without a
    student number, a first or last name or a usable birth date, or with a
    student number already seen, is left out of the SIS. A malformed OEN,
    gender or other date is ignored.
  - An OEN of 9 digits that fails the check digit is reported and kept: the
    matcher reads it as a typing slip.
  - At most 20 lines of one kind (same file, column and problem) are printed;
    one line at the end counts the rest ("… and N more rows with the problem
    of line L"). --all-problems prints every one.
  - A students.csv with a header and no usable row is said: the run
    completes, and every request is decided "none".

Exit codes: 0 when it ran (problems above included), 2 for input it cannot
read or a usage error, 1 for an unexpected failure.
`;
