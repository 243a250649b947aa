import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { INestApplicationContext } from '@nestjs/common';
import { execFile } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { appendFileSync, existsSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { AuditModule } from '#api/core/audit/audit.module';
import { CHAIN_COLUMNS, keyedChainHash, legacyChainHash, type AuditRowForChain } from '#api/core/audit/audit-chain';
import { checkpointLine, makeCheckpoint } from '#api/core/audit/audit-checkpoint';
import { AuditCheckpointer, AuditCheckpointRefused } from '#api/core/audit/audit-checkpointer';
import { AuditSealer } from '#api/core/audit/audit-sealer';
import { AuditVerifier } from '#api/core/audit/audit-verifier';
import { ClockModule } from '#api/core/clock/clock.module';
import { ConfigModule } from '#api/core/config/config.module';
import { DatabaseModule } from '#api/core/database/database.module';
import { createTestDatabase, type TestDatabase } from '../support/database';

const run = promisify(execFile);
const CLI = join(__dirname, '../../dist/apps/api/cli/audit-verify.js');
/** The instant the harness's clock shows: checkpoints must take their time from it, not from the wall. */
const CLOCK_START = '2031-05-01T10:00:00+05:00';

@Module({ imports: [ConfigModule, ClockModule, DatabaseModule, AuditModule] })
class AuditOnlyModule {}

interface Seal {
  position: string;
  auditId: string;
  prevHash: string;
  hash: string;
  keyId: string | null;
  row: AuditRowForChain;
}

/**
 * A database of its own with the audit services of the worker and audit:verify, a chain key of
 * its own and a checkpoint directory of its own; tampering goes straight to SQL, as a database
 * superuser would.
 */
class Harness {
  private constructor(
    readonly db: TestDatabase,
    readonly env: Record<string, string>,
    readonly dir: string,
    private readonly app: INestApplicationContext,
  ) {}

  static async start(): Promise<Harness> {
    const db = await createTestDatabase();
    const dir = mkdtempSync(join(tmpdir(), 'mayak-checkpoints-'));
    const env = {
      NODE_ENV: 'test',
      DATABASE_URL: db.url,
      LOG_LEVEL: 'silent',
      AUDIT_CHAIN_KEY: `a1:${randomBytes(32).toString('base64')}`,
      AUDIT_CHECKPOINT_DIR: dir,
      MAYAK_CLOCK_START: CLOCK_START,
      MAYAK_CLOCK_STARTED_AT: new Date().toISOString(),
    };
    const previous = { ...process.env };
    Object.assign(process.env, env);
    try {
      return new Harness(db, env, dir, await NestFactory.createApplicationContext(AuditOnlyModule, { logger: false }));
    } finally {
      process.env = previous;
    }
  }

  get key(): Buffer {
    return Buffer.from(this.env.AUDIT_CHAIN_KEY.split(':')[1], 'base64');
  }

  get verifier(): AuditVerifier {
    return this.app.get(AuditVerifier);
  }

  get checkpointer(): AuditCheckpointer {
    return this.app.get(AuditCheckpointer);
  }

  get checkpointFile(): string {
    return join(this.dir, `${this.db.name}.jsonl`);
  }

  checkpointLines(): string[] {
    return existsSync(this.checkpointFile) ? readFileSync(this.checkpointFile, 'utf8').split('\n').filter(Boolean) : [];
  }

  /** Audit rows as the application writes them, in transactions of their own. */
  async write(rows: number): Promise<void> {
    for (let i = 0; i < rows; i++) {
      await this.db.query(
        `INSERT INTO audit_log (occurred_at, action, entity_type, entity_id, summary) VALUES (mayak_now(), 'cases.read', 'case', $1, '{"n": 1}')`,
        [`c${randomBytes(3).toString('hex')}`],
      );
    }
  }

  /** Seals everything written (rows wait while an older transaction is open anywhere on the server). */
  async sealAll(): Promise<void> {
    for (let attempt = 0; attempt < 100; attempt++) {
      await this.app.get(AuditSealer).sealPending();
      const [{ unsealed }] = await this.db.query<{ unsealed: number }>(
        `SELECT count(*)::int AS unsealed FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
      );
      if (unsealed === 0) return;
      await new Promise((r) => setTimeout(r, 200));
    }
    throw new Error('audit rows stayed unsealed');
  }

  async seals(): Promise<Seal[]> {
    const rows = await this.db.query<Omit<Seal, 'row'> & AuditRowForChain>(
      `SELECT s.position::text AS position, s.audit_id::text AS "auditId", s.prev_hash AS "prevHash", s.hash, s.key_id AS "keyId", ${CHAIN_COLUMNS}
         FROM audit_seals s JOIN audit_log a ON a.id = s.audit_id ORDER BY s.position`,
    );
    return rows.map(({ position, auditId, prevHash, hash, keyId, ...row }) => ({ position, auditId, prevHash, hash, keyId, row: row as AuditRowForChain }));
  }

  /** What a superuser can do: switch the append-only triggers off for one transaction. */
  async tamper(statements: { sql: string; params?: unknown[] }[]): Promise<void> {
    await this.db.query('BEGIN');
    try {
      await this.db.query('SET LOCAL session_replication_role = replica');
      for (const { sql, params } of statements) await this.db.query(sql, params ?? []);
      await this.db.query('COMMIT');
    } catch (error) {
      await this.db.query('ROLLBACK');
      throw error;
    }
  }

  /** Alters the row at `position`, then seals it and every later row again with `hash`, naming `keyId` on the seals. */
  async rechainFrom(position: number, hash: (prev: string, row: AuditRowForChain) => string, keyId: string | null): Promise<void> {
    const before = await this.seals();
    await this.tamper([{ sql: `UPDATE audit_log SET actor_email = 'someone.else@mayak.test' WHERE id = $1::bigint`, params: [before[position - 1].auditId] }]);
    const seals = await this.seals();
    let prev = seals[position - 1].prevHash;
    const updates = seals.slice(position - 1).map((seal) => {
      const next = hash(prev, seal.row);
      const update = {
        sql: `UPDATE audit_seals SET prev_hash = $2, hash = $3, key_id = $4 WHERE position = $1::bigint`,
        params: [seal.position, prev, next, keyId],
      };
      prev = next;
      return update;
    });
    await this.tamper(updates);
  }

  /** audit:verify as an administrator runs it: exit code and output. */
  async cli(args: string[] = []): Promise<{ code: number; stdout: string; stderr: string }> {
    return run('node', [CLI, ...args], { env: { ...process.env, ...this.env }, timeout: 60_000 }).then(
      ({ stdout, stderr }) => ({ code: 0, stdout, stderr }),
      (error: { code: number; stdout: string; stderr: string }) => ({ code: error.code, stdout: error.stdout, stderr: error.stderr }),
    );
  }

  async close(): Promise<void> {
    await this.app.close();
    await this.db.drop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

describe('audit chain: keyed seals and checkpoints outside the database', () => {
  const harnesses: Harness[] = [];
  const harness = async () => {
    const h = await Harness.start();
    harnesses.push(h);
    return h;
  };
  afterAll(async () => {
    for (const h of harnesses) await h.close();
  });

  it("seals with the chain key, writes MAC'ed checkpoints from the clock when the head moves, and audit:verify prints the latest", async () => {
    const h = await harness();
    // A fresh installation: nothing to anchor yet; reported, not a failure.
    const fresh = await h.cli();
    expect(fresh.code).toBe(0);
    expect(fresh.stdout).toContain('Audit chain intact: 0 sealed row(s) verified');
    expect(fresh.stdout).toContain(`No checkpoint yet in ${h.checkpointFile}`);
    expect(await h.checkpointer.writeCheckpoint()).toBeNull();
    expect(existsSync(h.checkpointFile)).toBe(false);

    await h.write(5);
    await h.sealAll();
    const seals = await h.seals();
    expect(seals).toHaveLength(5);
    let prev = seals[0].prevHash;
    for (const seal of seals) {
      expect({ position: seal.position, keyId: seal.keyId, hash: seal.hash }).toEqual({
        position: seal.position,
        keyId: 'a1',
        hash: keyedChainHash(h.key, prev, seal.row),
      });
      expect(seal.hash).not.toBe(legacyChainHash(prev, seal.row));
      prev = seal.hash;
    }

    const first = await h.checkpointer.writeCheckpoint();
    expect(first).toMatchObject({ database: h.db.name, position: '5', auditId: seals[4].auditId, hash: seals[4].hash, sealed: 5, keyId: 'a1' });
    const at = Date.parse(first!.at) - Date.parse(CLOCK_START);
    expect(at >= 0 && at < 600_000).toBe(true);
    // The head did not move: no new line.
    expect(await h.checkpointer.writeCheckpoint()).toBeNull();
    await h.write(2);
    await h.sealAll();
    const second = await h.checkpointer.writeCheckpoint();
    expect(second).toMatchObject({ position: '7', sealed: 7 });
    expect(h.checkpointLines()).toEqual([checkpointLine(first!), checkpointLine(second!)]);

    const report = await h.verifier.verify();
    expect(report).toMatchObject({
      ok: true,
      checked: 7,
      legacy: 0,
      firstBreak: null,
      checkpoint: { status: 'valid', source: h.checkpointFile, checkpoint: second },
    });
    const ok = await h.cli();
    expect(ok.code).toBe(0);
    expect(ok.stdout).toContain('Audit chain intact: 7 sealed row(s) verified; 0 row(s) awaiting sealing.');
    expect(ok.stdout).toContain(`Held against the checkpoint of ${second!.at} at position 7 (${h.checkpointFile})`);
    expect(ok.stdout.trim().split('\n').at(-1)).toBe(checkpointLine(second!));
  });

  it('names the first row of a chain re-sealed from an altered row, with plain SHA-256 or with a key other than the chain key', async () => {
    const h = await harness();
    await h.write(6);
    await h.sealAll();
    await h.checkpointer.writeCheckpoint();
    const victim = (await h.seals())[2];

    await h.rechainFrom(3, legacyChainHash, null);
    expect((await h.verifier.verify()).firstBreak).toEqual({ position: '3', auditId: victim.auditId, reason: 'unkeyed_seal' });
    const plain = await h.cli();
    expect(plain.code).toBe(1);
    expect(plain.stderr).toContain(`Audit chain BROKEN at position 3: audit row ${victim.auditId}: its seal is plain SHA-256`);

    // The same, naming the chain key's id on the re-made seals.
    await h.rechainFrom(3, legacyChainHash, 'a1');
    expect((await h.verifier.verify()).firstBreak).toEqual({ position: '3', auditId: victim.auditId, reason: 'row_altered' });

    const wrongKey = randomBytes(32);
    await h.rechainFrom(3, (prev, row) => keyedChainHash(wrongKey, prev, row), 'a1');
    expect((await h.verifier.verify()).firstBreak).toEqual({ position: '3', auditId: victim.auditId, reason: 'row_altered' });
    const wrong = await h.cli();
    expect(wrong.code).toBe(1);
    expect(wrong.stderr).toContain(`Audit chain BROKEN at position 3: audit row ${victim.auditId}: its contents no longer match`);
    // The worker will not anchor a broken chain.
    await expect(h.checkpointer.writeCheckpoint()).rejects.toThrow(AuditCheckpointRefused);
  });

  it('notices a tail cut off (rows and seals deleted) through the checkpoint, and a tail grown again in its place', async () => {
    const h = await harness();
    await h.write(8);
    await h.sealAll();
    const checkpoint = await h.checkpointer.writeCheckpoint();
    expect(checkpoint).toMatchObject({ position: '8' });
    const seals = await h.seals();

    const cut = seals.slice(5).map((s) => s.auditId);
    await h.tamper([{ sql: `DELETE FROM audit_seals WHERE position > 5` }, { sql: `DELETE FROM audit_log WHERE id = ANY($1::bigint[])`, params: [cut] }]);
    // Without the checkpoint the chain that is left looks whole: the checkpoint is what shows the cut.
    const line = h.checkpointLines().at(-1)!;
    rmSync(h.checkpointFile);
    expect(await h.verifier.verify()).toMatchObject({ ok: true, checked: 5, firstBreak: null, checkpoint: { status: 'none' } });
    // The checkpoint kept elsewhere, given explicitly while the file is gone.
    const explicit = await h.cli(['--checkpoint', line]);
    expect(explicit.code).toBe(1);
    expect(explicit.stderr).toContain("Audit chain BROKEN at position 6: no row: it is missing: the chain ends before the checkpoint's position");
    expect(explicit.stdout).toContain('(the checkpoint given on the command line)');

    appendFileSync(h.checkpointFile, `${line}\n`);
    const report = await h.verifier.verify();
    expect(report).toMatchObject({ ok: false, checked: 5, firstBreak: { position: '6', auditId: null, reason: 'tail_cut' } });
    const cli = await h.cli();
    expect(cli.code).toBe(1);
    expect(cli.stderr).toContain('Audit chain BROKEN at position 6');
    await expect(h.checkpointer.writeCheckpoint()).rejects.toThrow(AuditCheckpointRefused);

    // New rows sealed with the real key fill the positions again: the hash at the checkpoint differs.
    await h.write(4);
    await h.sealAll();
    const regrown = await h.verifier.verify();
    const [atCheckpoint] = (await h.seals()).filter((s) => s.position === '8');
    expect(regrown.firstBreak).toEqual({ position: '8', auditId: atCheckpoint.auditId, reason: 'checkpoint_mismatch' });
  });

  it('refuses a forged checkpoint line, and verifies against a good one given by file', async () => {
    const h = await harness();
    await h.write(4);
    await h.sealAll();
    const good = await h.checkpointer.writeCheckpoint();
    const goodLine = checkpointLine(good!);
    const copy = join(h.dir, 'kept-elsewhere.jsonl');
    appendFileSync(copy, `${goodLine}\n`);

    // Someone who can write the file but lacks the key: a later head with the old MAC, or a MAC under a key of their own.
    const moved = JSON.stringify({ ...JSON.parse(goodLine), position: '2', hash: (await h.seals())[1].hash, sealed: 2 });
    appendFileSync(h.checkpointFile, `${moved}\n`);
    const report = await h.verifier.verify();
    expect(report).toMatchObject({
      ok: false,
      checked: 4,
      firstBreak: { position: '2', auditId: null, reason: 'checkpoint_forged' },
      checkpoint: { status: 'forged', source: h.checkpointFile },
    });
    const forgedCli = await h.cli();
    expect(forgedCli.code).toBe(1);
    expect(forgedCli.stderr).toContain(`Audit checkpoint FORGED in ${h.checkpointFile}: its MAC does not verify under key "a1"`);
    await expect(h.checkpointer.writeCheckpoint()).rejects.toThrow(AuditCheckpointRefused);

    const ownKey = checkpointLine(
      makeCheckpoint(
        { id: 'a1', key: randomBytes(32) },
        { database: h.db.name, position: '4', auditId: good!.auditId, hash: good!.hash, sealed: 4, at: good!.at },
      ),
    );
    appendFileSync(h.checkpointFile, `${ownKey}\n`);
    expect((await h.verifier.verify()).firstBreak).toEqual({ position: '4', auditId: null, reason: 'checkpoint_forged' });

    const byFile = await h.cli(['--checkpoint', copy]);
    expect(byFile.code).toBe(0);
    expect(byFile.stdout).toContain(`Held against the checkpoint of ${good!.at} at position 4 (${copy})`);
  });

  it("accepts plain SHA-256 seals only as the chain's first stretch", async () => {
    const h = await harness();
    // Seals made before AUDIT_CHAIN_KEY existed, as the sealer made them then.
    await h.write(3);
    const legacyRows = await h.db.query<AuditRowForChain & { txId: string }>(
      `SELECT ${CHAIN_COLUMNS}, a.tx_id::text AS "txId" FROM audit_log a ORDER BY a.tx_id, a.id`,
    );
    let prev = '0'.repeat(64);
    for (const [i, row] of legacyRows.entries()) {
      const hash = legacyChainHash(prev, row);
      await h.db.query(`INSERT INTO audit_seals (position, audit_id, audit_tx_id, prev_hash, hash) VALUES ($1, $2, $3, $4, $5)`, [
        i + 1,
        row.id,
        row.txId,
        prev,
        hash,
      ]);
      prev = hash;
    }
    await h.write(3);
    await h.sealAll();
    expect((await h.seals()).map((s) => s.keyId)).toEqual([null, null, null, 'a1', 'a1', 'a1']);
    const report = await h.verifier.verify();
    expect(report).toMatchObject({ ok: true, checked: 6, legacy: 3 });
    const cli = await h.cli();
    expect(cli.stdout).toContain('The first 3 seal(s) are plain SHA-256 from before AUDIT_CHAIN_KEY');

    // An unkeyed seal appended after keyed ones.
    await h.write(1);
    const [row] = await h.db.query<AuditRowForChain & { txId: string }>(
      `SELECT ${CHAIN_COLUMNS}, a.tx_id::text AS "txId" FROM audit_log a WHERE NOT EXISTS (SELECT 1 FROM audit_seals s WHERE s.audit_id = a.id)`,
    );
    const head = (await h.seals()).at(-1)!;
    await h.db.query(`INSERT INTO audit_seals (position, audit_id, audit_tx_id, prev_hash, hash) VALUES (7, $1, $2, $3, $4)`, [
      row.id,
      row.txId,
      head.hash,
      legacyChainHash(head.hash, row),
    ]);
    expect((await h.verifier.verify()).firstBreak).toEqual({ position: '7', auditId: row.id, reason: 'unkeyed_seal' });
  });
});
