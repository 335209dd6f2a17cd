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
