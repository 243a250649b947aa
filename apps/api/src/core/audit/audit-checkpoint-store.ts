import { Inject, Injectable } from '@nestjs/common';
import { mkdir, open } from 'node:fs/promises';
import { join } from 'node:path';
import type { AppConfig } from '../config/app-config';
import { APP_CONFIG } from '../config/config.module';

/** Enough for the last line of a checkpoint file (a line is about 300 bytes). */
const TAIL_BYTES = 16 * 1024;

/**
 * The last non-empty line of a file, read from its end (the file only grows); null when the
 * file does not exist or holds no line.
 */
export async function readLastLine(path: string): Promise<string | null> {
  let handle;
  try {
    handle = await open(path, 'r');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return null;
    throw error;
  }
  try {
    const { size } = await handle.stat();
    const length = Math.min(size, TAIL_BYTES);
    const buffer = Buffer.alloc(length);
    await handle.read(buffer, 0, length, size - length);
    const lines = buffer
      .toString('utf8')
      .split('\n')
      .map((line) => line.trim())
      .filter(Boolean);
    return lines.at(-1) ?? null;
  } finally {
    await handle.close();
  }
}

/**
 * Checkpoint files under AUDIT_CHECKPOINT_DIR, one per database (`<database>.jsonl`), appended
 * to and never rewritten. The directory is the operators' to copy off the machine.
 */
@Injectable()
export class AuditCheckpointStore {
  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {}

  fileFor(database: string): string {
    return join(this.config.auditChain.checkpointDir, `${database.replace(/[^A-Za-z0-9_.-]/g, '_')}.jsonl`);
  }

  latest(database: string): Promise<string | null> {
    return readLastLine(this.fileFor(database));
  }

  async append(database: string, line: string): Promise<string> {
    const path = this.fileFor(database);
    await mkdir(this.config.auditChain.checkpointDir, { recursive: true, mode: 0o700 });
    const handle = await open(path, 'a', 0o600);
    try {
      // One write per line: appends from several workers never interleave within a line.
      const { size } = await handle.stat();
      await handle.write(`${size > 0 && !(await endsWithNewline(path, size)) ? '\n' : ''}${line}\n`);
    } finally {
      await handle.close();
    }
    return path;
  }
}

/** A line cut short (a full disk, a crash) must not swallow the next one. */
async function endsWithNewline(path: string, size: number): Promise<boolean> {
  const handle = await open(path, 'r');
  try {
    const last = Buffer.alloc(1);
    await handle.read(last, 0, 1, size - 1);
    return last[0] === 0x0a;
  } finally {
    await handle.close();
  }
}
