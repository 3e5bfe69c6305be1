/**
 * RFC 4180 CSV output: a field is quoted when it holds a comma, a semicolon, a quote, a line break
 * or leading/trailing spaces (which a reader could otherwise trim).
 */
import { createWriteStream, type WriteStream } from 'node:fs';
import { once } from 'node:events';
import { finished } from 'node:stream/promises';

export function csvField(value: string): string {
  return /[",;\r\n]|^\s|\s$/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

export function csvLine(values: readonly string[]): string {
  return values.map(csvField).join(',') + '\n';
}

/** Writes CSV lines to a file in large chunks, waiting when the file stream asks to. */
export class CsvFileWriter {
  private readonly out: WriteStream;
  private buffer: string[] = [];
  private size = 0;
  private failure: Error | undefined;
  private closing: Promise<void> | undefined;
  rows = 0;

  constructor(path: string, columns: readonly string[]) {
    this.out = createWriteStream(path, { encoding: 'utf8' });
    this.out.on('error', (error) => {
      this.failure = error;
    });
    this.buffer.push(csvLine(columns));
  }

  /** Adds one row; resolves at once unless the buffer had to be handed to a busy stream. */
  async write(values: readonly string[]): Promise<void> {
    const line = csvLine(values);
    this.buffer.push(line);
    this.size += line.length;
    this.rows++;
    if (this.size >= 1 << 16) await this.flush();
  }

  private async flush(): Promise<void> {
    if (this.failure) throw this.failure;
    const chunk = this.buffer.join('');
    this.buffer = [];
    this.size = 0;
    // `once` rejects if the stream fails while we wait.
    if (!this.out.write(chunk)) await once(this.out, 'drain');
    if (this.failure) throw this.failure;
  }

  /** Writes what is buffered and closes the file (once, however often it is called). */
  close(): Promise<void> {
    this.closing ??= (async () => {
      await this.flush();
      this.out.end();
      await finished(this.out);
      if (this.failure) throw this.failure;
    })();
    return this.closing;
  }
}
