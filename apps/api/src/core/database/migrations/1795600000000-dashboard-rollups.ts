import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Daily rollups for the activity figures, so a year of a busy line is a few thousand rows
 * instead of every contact and call:
 * - `dashboard_daily_counts`: contacts per office and local day by channel, category,
 *   language, caller type and hour, and hotline calls answered, missed and abandoned;
 * - `dashboard_daily_durations`: histograms of handling time (completed voice contacts) and
 *   time to answer (answered hotline calls) in `mayak_duration_bucket` buckets.
 * Triggers append the (office, day) of every contact or call that changes to
 * `dashboard_dirty_days`; `mayak_dashboard_refresh()` recomputes those days. An append-only
 * log (not an upsert) so that a mark written by a transaction still open when the refresh
 * runs is not lost: the refresh only deletes the marks it can see, whose changes it also sees.
 */
export class DashboardRollups1795600000000 implements MigrationInterface {
  name = 'DashboardRollups1795600000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "dashboard_daily_counts" ("office_id" uuid NOT NULL, "day" date NOT NULL, "dim" text NOT NULL, "key" text NOT NULL, "n" integer NOT NULL,
      CONSTRAINT "pk_dashboard_daily_counts" PRIMARY KEY ("office_id", "day", "dim", "key"))`);
    await q.query(`CREATE TABLE "dashboard_daily_durations" ("office_id" uuid NOT NULL, "day" date NOT NULL, "measure" text NOT NULL, "bucket" integer NOT NULL, "n" integer NOT NULL,
      CONSTRAINT "pk_dashboard_daily_durations" PRIMARY KEY ("office_id", "day", "measure", "bucket"))`);
    // day NULL: every day of the office (its time zone changed).
    await q.query(`CREATE TABLE "dashboard_dirty_days" ("id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY, "office_id" uuid NOT NULL, "day" date)`);

    // Seconds into histogram buckets: whole seconds below a minute, then 5 s to 10 minutes, 30 s to an hour, 5 minutes beyond.
    await q.query(`
      CREATE FUNCTION mayak_duration_bucket(seconds double precision) RETURNS integer LANGUAGE sql IMMUTABLE AS $$
        SELECT CASE WHEN seconds < 60 THEN floor(greatest(seconds, 0))::int WHEN seconds < 600 THEN (floor(seconds / 5) * 5)::int
                    WHEN seconds < 3600 THEN (floor(seconds / 30) * 30)::int ELSE (floor(seconds / 300) * 300)::int END
      $$`);
    await q.query(`
      CREATE FUNCTION mayak_office_day(office uuid, at timestamptz) RETURNS date LANGUAGE sql STABLE AS $$
        SELECT (at AT TIME ZONE COALESCE((SELECT o.timezone FROM offices o WHERE o.id = office), 'UTC'))::date
      $$`);

    await q.query(`
      CREATE FUNCTION mayak_dashboard_mark_contact() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO dashboard_dirty_days (office_id, day) VALUES (OLD.office_id, mayak_office_day(OLD.office_id, OLD.started_at));
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.office_id IS DISTINCT FROM OLD.office_id OR NEW.started_at IS DISTINCT FROM OLD.started_at) THEN
          INSERT INTO dashboard_dirty_days (office_id, day) VALUES (NEW.office_id, mayak_office_day(NEW.office_id, NEW.started_at));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(`CREATE TRIGGER contacts_dashboard_insert AFTER INSERT OR DELETE ON "contacts" FOR EACH ROW EXECUTE FUNCTION mayak_dashboard_mark_contact()`);
    await q.query(`CREATE TRIGGER contacts_dashboard_update AFTER UPDATE OF office_id, started_at, channel, category, language, caller_type, status, duration_seconds, operator_id ON "contacts"
      FOR EACH ROW WHEN ((OLD.office_id, OLD.started_at, OLD.channel, OLD.category, OLD.language, OLD.caller_type, OLD.status, OLD.duration_seconds, OLD.operator_id)
                     IS DISTINCT FROM (NEW.office_id, NEW.started_at, NEW.channel, NEW.category, NEW.language, NEW.caller_type, NEW.status, NEW.duration_seconds, NEW.operator_id))
      EXECUTE FUNCTION mayak_dashboard_mark_contact()`);

    await q.query(`
      CREATE FUNCTION mayak_dashboard_mark_call() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        IF TG_OP <> 'INSERT' THEN
          INSERT INTO dashboard_dirty_days (office_id, day) VALUES (OLD.office_id, mayak_office_day(OLD.office_id, OLD.created_at));
        END IF;
        IF TG_OP <> 'DELETE' AND (TG_OP = 'INSERT' OR NEW.office_id IS DISTINCT FROM OLD.office_id OR NEW.created_at IS DISTINCT FROM OLD.created_at) THEN
          INSERT INTO dashboard_dirty_days (office_id, day) VALUES (NEW.office_id, mayak_office_day(NEW.office_id, NEW.created_at));
        END IF;
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER telephony_calls_dashboard_insert AFTER INSERT OR DELETE ON "telephony_calls" FOR EACH ROW EXECUTE FUNCTION mayak_dashboard_mark_call()`,
    );
    await q.query(`CREATE TRIGGER telephony_calls_dashboard_update AFTER UPDATE OF office_id, created_at, purpose, state, queued_at, answered_at ON "telephony_calls"
      FOR EACH ROW WHEN ((OLD.office_id, OLD.created_at, OLD.purpose, OLD.state, OLD.queued_at, OLD.answered_at) IS DISTINCT FROM (NEW.office_id, NEW.created_at, NEW.purpose, NEW.state, NEW.queued_at, NEW.answered_at))
      EXECUTE FUNCTION mayak_dashboard_mark_call()`);

    await q.query(`
      CREATE FUNCTION mayak_dashboard_mark_office() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN
        INSERT INTO dashboard_dirty_days (office_id, day) VALUES (NEW.id, NULL);
        RETURN NULL;
      END $$`);
    await q.query(
      `CREATE TRIGGER offices_dashboard_timezone AFTER UPDATE OF timezone ON "offices" FOR EACH ROW WHEN (OLD.timezone IS DISTINCT FROM NEW.timezone) EXECUTE FUNCTION mayak_dashboard_mark_office()`,
    );

    // Recomputes the rollups of the days marked dirty; one refresh at a time (the others wait
    // for it, then find little or nothing to do). Returns the number of office-days recomputed.
    await q.query(`
      CREATE FUNCTION mayak_dashboard_refresh() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        office_ids uuid[];
        days date[];
      BEGIN
        PERFORM pg_advisory_xact_lock(7316160002);
        WITH taken AS (DELETE FROM dashboard_dirty_days RETURNING office_id, day),
             whole AS (SELECT DISTINCT office_id FROM taken WHERE day IS NULL),
             todo AS (
               SELECT office_id, day FROM taken WHERE day IS NOT NULL AND office_id NOT IN (SELECT office_id FROM whole)
               UNION SELECT office_id, day FROM dashboard_daily_counts WHERE office_id IN (SELECT office_id FROM whole)
               UNION SELECT office_id, day FROM dashboard_daily_durations WHERE office_id IN (SELECT office_id FROM whole)
               UNION SELECT k.office_id, mayak_office_day(k.office_id, k.started_at) FROM contacts k WHERE k.office_id IN (SELECT office_id FROM whole)
               UNION SELECT c.office_id, mayak_office_day(c.office_id, c.created_at) FROM telephony_calls c WHERE c.office_id IN (SELECT office_id FROM whole)
             )
        SELECT array_agg(office_id), array_agg(day) INTO office_ids, days FROM todo;
        IF office_ids IS NULL THEN
          RETURN 0;
        END IF;

        DELETE FROM dashboard_daily_counts r USING unnest(office_ids, days) AS t(office_id, day) WHERE r.office_id = t.office_id AND r.day = t.day;
        DELETE FROM dashboard_daily_durations r USING unnest(office_ids, days) AS t(office_id, day) WHERE r.office_id = t.office_id AND r.day = t.day;

        INSERT INTO dashboard_daily_counts (office_id, day, dim, key, n)
        SELECT office_id, day,
               CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(language) = 0 THEN 'language'
                    WHEN GROUPING(caller_type) = 0 THEN 'callerType' ELSE 'hour' END,
               COALESCE(channel, category, language, caller_type, hour::text, ''), count(*)::int
          FROM (SELECT t.office_id, t.day, k.channel, k.category, k.language, k.caller_type, EXTRACT(HOUR FROM k.started_at AT TIME ZONE o.timezone)::int AS hour
                  FROM unnest(office_ids, days) AS t(office_id, day) JOIN offices o ON o.id = t.office_id
                  JOIN contacts k ON k.office_id = t.office_id AND k.started_at >= (t.day::timestamp AT TIME ZONE o.timezone) AND k.started_at < ((t.day + 1)::timestamp AT TIME ZONE o.timezone)) x
         GROUP BY GROUPING SETS ((office_id, day, channel), (office_id, day, category), (office_id, day, language), (office_id, day, caller_type), (office_id, day, hour));

        INSERT INTO dashboard_daily_counts (office_id, day, dim, key, n)
        SELECT t.office_id, t.day, s.dim, '', count(*)::int
          FROM unnest(office_ids, days) AS t(office_id, day) JOIN offices o ON o.id = t.office_id
          JOIN telephony_calls c ON c.office_id = t.office_id AND c.created_at >= (t.day::timestamp AT TIME ZONE o.timezone) AND c.created_at < ((t.day + 1)::timestamp AT TIME ZONE o.timezone)
          CROSS JOIN LATERAL (VALUES ('callsAnswered', c.answered_at IS NOT NULL), ('callsMissed', c.state = 'missed'), ('callsAbandoned', c.state = 'abandoned')) AS s(dim, hit)
         WHERE c.purpose = 'hotline' AND s.hit
         GROUP BY 1, 2, 3;

        INSERT INTO dashboard_daily_durations (office_id, day, measure, bucket, n)
        SELECT t.office_id, t.day, 'handling', mayak_duration_bucket(k.duration_seconds), count(*)::int
          FROM unnest(office_ids, days) AS t(office_id, day) JOIN offices o ON o.id = t.office_id
          JOIN contacts k ON k.office_id = t.office_id AND k.started_at >= (t.day::timestamp AT TIME ZONE o.timezone) AND k.started_at < ((t.day + 1)::timestamp AT TIME ZONE o.timezone)
         WHERE k.channel = 'voice' AND k.status = 'completed' AND k.duration_seconds IS NOT NULL AND k.operator_id IS NOT NULL
         GROUP BY 1, 2, 3, 4
        UNION ALL
        SELECT t.office_id, t.day, 'answer', mayak_duration_bucket(EXTRACT(EPOCH FROM c.answered_at - c.queued_at)), count(*)::int
          FROM unnest(office_ids, days) AS t(office_id, day) JOIN offices o ON o.id = t.office_id
          JOIN telephony_calls c ON c.office_id = t.office_id AND c.created_at >= (t.day::timestamp AT TIME ZONE o.timezone) AND c.created_at < ((t.day + 1)::timestamp AT TIME ZONE o.timezone)
         WHERE c.purpose = 'hotline' AND c.answered_at IS NOT NULL AND c.queued_at IS NOT NULL
         GROUP BY 1, 2, 3, 4;

        RETURN cardinality(office_ids);
      END $$`);

    // What the activity rollups, the case load and the trafficking picture read: calls by office
    // and time, closures, finished callbacks, sent referrals, trafficking cases by office and opening.
    await q.query(
      `CREATE INDEX "ix_telephony_calls_office_created" ON "telephony_calls" ("office_id", "created_at") INCLUDE ("purpose", "state", "queued_at", "answered_at")`,
    );
    await q.query(`CREATE INDEX "ix_cases_office_closed" ON "cases" ("office_id", "closed_at") INCLUDE ("closure_reason") WHERE closed_at IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_cases_office_trafficking" ON "cases" ("office_id", "created_at") WHERE type = 'trafficking' OR trafficking_status IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_callbacks_office_finished" ON "callbacks" ("office_id", "finished_at") INCLUDE ("status", "attempts") WHERE finished_at IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_referrals_office_sent" ON "referrals" ("office_id", "sent_at") INCLUDE ("status", "organisation_id", "answered_at") WHERE sent_at IS NOT NULL`,
    );

    // The first build, from what is already there.
    await q.query(`INSERT INTO dashboard_dirty_days (office_id, day) SELECT id, NULL FROM offices`);
    await q.query(`SELECT mayak_dashboard_refresh()`);
  }

  public async down(q: QueryRunner): Promise<void> {
    for (const index of [
      'ix_referrals_office_sent',
      'ix_callbacks_office_finished',
      'ix_cases_office_trafficking',
      'ix_cases_office_closed',
      'ix_telephony_calls_office_created',
    ])
      await q.query(`DROP INDEX "${index}"`);
    await q.query(`DROP TRIGGER offices_dashboard_timezone ON "offices"`);
    await q.query(`DROP TRIGGER telephony_calls_dashboard_update ON "telephony_calls"`);
    await q.query(`DROP TRIGGER telephony_calls_dashboard_insert ON "telephony_calls"`);
    await q.query(`DROP TRIGGER contacts_dashboard_update ON "contacts"`);
    await q.query(`DROP TRIGGER contacts_dashboard_insert ON "contacts"`);
    await q.query(`DROP FUNCTION mayak_dashboard_refresh()`);
    await q.query(`DROP FUNCTION mayak_dashboard_mark_office()`);
    await q.query(`DROP FUNCTION mayak_dashboard_mark_call()`);
    await q.query(`DROP FUNCTION mayak_dashboard_mark_contact()`);
    await q.query(`DROP FUNCTION mayak_office_day(uuid, timestamptz)`);
    await q.query(`DROP FUNCTION mayak_duration_bucket(double precision)`);
    await q.query(`DROP TABLE "dashboard_dirty_days"`);
    await q.query(`DROP TABLE "dashboard_daily_durations"`);
    await q.query(`DROP TABLE "dashboard_daily_counts"`);
  }
}
