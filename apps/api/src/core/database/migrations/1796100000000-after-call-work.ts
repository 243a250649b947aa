import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * After-call work. Each office sets how long an operator stays out of the ring after a call
 * (`wrap_up_seconds`, 0 = none; default a minute); presence gains `wrap_up`, until
 * `wrap_up_until` (read through `mayak_presence_status()`) or until the operator completes the
 * call's contact. The dashboards' rollup
 * also keeps talk time (answer to end of call) and wrap-up time (end of call to the contact's
 * completion); every office is marked for a rebuild so the existing days get them too.
 */
export class AfterCallWork1796100000000 implements MigrationInterface {
  name = 'AfterCallWork1796100000000';

  public async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "offices" ADD "wrap_up_seconds" integer NOT NULL DEFAULT 60`);
    await q.query(`ALTER TABLE "offices" ADD CONSTRAINT "ck_offices_wrap_up_seconds" CHECK (wrap_up_seconds BETWEEN 0 AND 1800)`);
    await q.query(`ALTER TABLE "operator_presence" ADD "wrap_up_until" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "operator_presence" DROP CONSTRAINT "ck_operator_presence_status"`);
    await q.query(`ALTER TABLE "operator_presence" ADD CONSTRAINT "ck_operator_presence_status" CHECK (status IN ('available', 'busy', 'wrap_up', 'away'))`);
    // Wrap-up ends by itself at wrap_up_until: every reader asks this, so no job has to flip it in time.
    await q.query(`CREATE FUNCTION mayak_presence_status(status text, wrap_up_until timestamptz) RETURNS text LANGUAGE sql STABLE PARALLEL SAFE
      AS $$ SELECT CASE WHEN status = 'wrap_up' AND (wrap_up_until IS NULL OR wrap_up_until <= mayak_now()) THEN 'available' ELSE status END $$`);
    await q.query(`
      CREATE OR REPLACE FUNCTION mayak_dashboard_refresh() RETURNS integer LANGUAGE plpgsql AS $$
      DECLARE
        r record;
        office_days integer := 0;
        n integer;
      BEGIN
        PERFORM pg_advisory_xact_lock(7316160002);
        -- The marks this transaction can see; a whole office (day NULL) covers its days.
        FOR r IN
          WITH taken AS (DELETE FROM dashboard_dirty_days RETURNING office_id, day),
               ranges AS (
                 SELECT DISTINCT office_id, NULL::date AS day FROM taken WHERE day IS NULL
                 UNION
                 SELECT DISTINCT office_id, day FROM taken t WHERE day IS NOT NULL AND NOT EXISTS (SELECT 1 FROM taken w WHERE w.office_id = t.office_id AND w.day IS NULL)
               )
          SELECT ranges.office_id, ranges.day, o.timezone,
                 CASE WHEN ranges.day IS NULL THEN '-infinity'::timestamptz ELSE (ranges.day::timestamp AT TIME ZONE o.timezone) END AS lo,
                 CASE WHEN ranges.day IS NULL THEN 'infinity'::timestamptz ELSE ((ranges.day + 1)::timestamp AT TIME ZONE o.timezone) END AS hi,
                 COALESCE(ranges.day, '-infinity'::date) AS first_day, COALESCE(ranges.day, 'infinity'::date) AS last_day
            FROM ranges JOIN offices o ON o.id = ranges.office_id
        LOOP
          DELETE FROM dashboard_daily_counts WHERE office_id = r.office_id AND day BETWEEN r.first_day AND r.last_day;
          DELETE FROM dashboard_daily_durations WHERE office_id = r.office_id AND day BETWEEN r.first_day AND r.last_day;

          INSERT INTO dashboard_daily_counts (office_id, day, dim, key, n)
          SELECT r.office_id, day,
                 CASE WHEN GROUPING(channel) = 0 THEN 'channel' WHEN GROUPING(category) = 0 THEN 'category' WHEN GROUPING(language) = 0 THEN 'language'
                      WHEN GROUPING(caller_type) = 0 THEN 'callerType' ELSE 'hour' END,
                 COALESCE(channel, category, language, caller_type, hour::text, ''), count(*)::int
            FROM (SELECT (k.started_at AT TIME ZONE r.timezone)::date AS day, k.channel, k.category, k.language, k.caller_type,
                         EXTRACT(HOUR FROM k.started_at AT TIME ZONE r.timezone)::int AS hour
                    FROM contacts k WHERE k.office_id = r.office_id AND k.started_at >= r.lo AND k.started_at < r.hi) x
           GROUP BY GROUPING SETS ((day, channel), (day, category), (day, language), (day, caller_type), (day, hour));

          INSERT INTO dashboard_daily_counts (office_id, day, dim, key, n)
          SELECT r.office_id, (c.created_at AT TIME ZONE r.timezone)::date, s.dim, '', count(*)::int
            FROM telephony_calls c
            CROSS JOIN LATERAL (VALUES ('callsAnswered', c.answered_at IS NOT NULL), ('callsMissed', c.state = 'missed'), ('callsAbandoned', c.state = 'abandoned')) AS s(dim, hit)
           WHERE c.office_id = r.office_id AND c.created_at >= r.lo AND c.created_at < r.hi AND c.purpose = 'hotline' AND s.hit
           GROUP BY 2, 3;

          INSERT INTO dashboard_daily_durations (office_id, day, measure, bucket, n)
          SELECT r.office_id, (k.started_at AT TIME ZONE r.timezone)::date, 'handling', mayak_duration_bucket(k.duration_seconds), count(*)::int
            FROM contacts k
           WHERE k.office_id = r.office_id AND k.started_at >= r.lo AND k.started_at < r.hi
             AND k.channel = 'voice' AND k.status = 'completed' AND k.duration_seconds IS NOT NULL AND k.operator_id IS NOT NULL
           GROUP BY 2, 3, 4
          UNION ALL
          -- Talk: from the answer to the call's end; wrap-up: from the call's end to the contact's completion.
          SELECT r.office_id, (c.created_at AT TIME ZONE r.timezone)::date, 'talk', mayak_duration_bucket(EXTRACT(EPOCH FROM c.ended_at - c.answered_at)), count(*)::int
            FROM telephony_calls c
           WHERE c.office_id = r.office_id AND c.created_at >= r.lo AND c.created_at < r.hi
             AND c.purpose = 'hotline' AND c.answered_at IS NOT NULL AND c.ended_at IS NOT NULL
           GROUP BY 2, 3, 4
          UNION ALL
          SELECT r.office_id, (k.started_at AT TIME ZONE r.timezone)::date, 'wrap_up', mayak_duration_bucket(GREATEST(0, EXTRACT(EPOCH FROM k.completed_at - k.ended_at))), count(*)::int
            FROM contacts k
           WHERE k.office_id = r.office_id AND k.started_at >= r.lo AND k.started_at < r.hi
             AND k.channel = 'voice' AND k.status = 'completed' AND k.operator_id IS NOT NULL AND k.ended_at IS NOT NULL AND k.completed_at IS NOT NULL
           GROUP BY 2, 3, 4
          UNION ALL
          SELECT r.office_id, (c.created_at AT TIME ZONE r.timezone)::date, 'answer', mayak_duration_bucket(EXTRACT(EPOCH FROM c.answered_at - c.queued_at)), count(*)::int
            FROM telephony_calls c
           WHERE c.office_id = r.office_id AND c.created_at >= r.lo AND c.created_at < r.hi
             AND c.purpose = 'hotline' AND c.answered_at IS NOT NULL AND c.queued_at IS NOT NULL
           GROUP BY 2, 3, 4;

          IF r.day IS NULL THEN
            SELECT count(DISTINCT day)::int INTO n FROM dashboard_daily_counts WHERE office_id = r.office_id;
            office_days := office_days + n;
          ELSE
            office_days := office_days + 1;
          END IF;
        END LOOP;
        RETURN office_days;
      END $$`);
    await q.query(`INSERT INTO dashboard_dirty_days (office_id, day) SELECT id, NULL FROM offices`);
  }

  public async down(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE operator_presence SET status = 'available', wrap_up_until = NULL WHERE status = 'wrap_up'`);
    await q.query(`DROP FUNCTION mayak_presence_status(text, timestamptz)`);
    await q.query(`ALTER TABLE "operator_presence" DROP CONSTRAINT "ck_operator_presence_status"`);
    await q.query(`ALTER TABLE "operator_presence" ADD CONSTRAINT "ck_operator_presence_status" CHECK (status IN ('available', 'busy', 'away'))`);
    await q.query(`ALTER TABLE "operator_presence" DROP COLUMN "wrap_up_until"`);
    await q.query(`ALTER TABLE "offices" DROP CONSTRAINT "ck_offices_wrap_up_seconds"`);
    await q.query(`ALTER TABLE "offices" DROP COLUMN "wrap_up_seconds"`);
    await q.query(`DELETE FROM dashboard_daily_durations WHERE measure IN ('talk', 'wrap_up')`);
    // The refresh function keeps computing talk and wrap-up (rows nothing reads) until 1795700000000's definition is restored by reverting further.
  }
}
