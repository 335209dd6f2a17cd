import { writeSync } from 'node:fs';

/**
 * Writes all of a text to stdout (1) or stderr (2) with blocking writes. `process.stdout` and
 * `process.stderr` are streams built on first use (with `net` behind a pipe): a few milliseconds
 * of every `heads` for one line of output. Where a blocking write cannot be made (a descriptor
 * left non-blocking by the parent), the stream takes over. A reader that went away (`| head`)
 * ends the output quietly, as for any Unix tool.
 */
export function writeFd(fd: 1 | 2, text: string): void {
  if (closed.has(fd)) return;
  const buffer = Buffer.from(text);
  let offset = 0;
  try {
    while (offset < buffer.length) offset += writeSync(fd, buffer, offset, buffer.length - offset);
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    if (code === 'EPIPE') closed.add(fd);
    else if (code === 'EAGAIN') (fd === 1 ? process.stdout : process.stderr).write(buffer.subarray(offset));
    else throw error;
  }
}

const closed = new Set<number>();

const built = new Set<'stdout' | 'stderr'>();

/**
 * Notes when `process.stdout` or `process.stderr` is built (by a library, by the help text),
 * without building it: {@link stdioPending} can then tell whether one still has data to write.
 */
export function watchStdio(): void {
  for (const name of ['stdout', 'stderr'] as const) {
    const d = Object.getOwnPropertyDescriptor(process, name);
    if (!d?.get || !d.configurable) {
      built.add(name);
      continue;
    }
    const get = d.get;
    Object.defineProperty(process, name, {
      configurable: true,
      enumerable: d.enumerable,
      get() {
        built.add(name);
        return get.call(process);
      },
    });
  }
}

/** Whether a stdio stream still holds output it has not handed to the system. */
export function stdioPending(): boolean {
  for (const name of built) if (process[name].writableLength > 0) return true;
  return false;
}

/**
 * A writer that collects text and hands it to {@link writeFd} in large pieces: offline SQL comes
 * in thousands of small statements, and one write each is most of what `upgrade --sql` spends.
 * Call `flush()` when done (and on failure: what was produced so far is still output).
 */
export function bufferedWriter(fd: 1 | 2, limit = 1 << 16): { write(text: string): void; flush(): void } {
  let parts: string[] = [];
  let size = 0;
  const flush = () => {
    if (parts.length === 0) return;
    const text = parts.join('');
    parts = [];
    size = 0;
    writeFd(fd, text);
  };
  return {
    write(text) {
      parts.push(text);
      size += text.length;
      if (size >= limit) flush();
    },
    flush,
  };
}
