import type { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * `mayak_dashboard_refresh()` recomputed every dirty (office, day) in one join of the dirty
 * days with contacts and calls. Postgres cannot estimate how many rows a day computed from the
 * office's time zone holds, so it AND-ed the day's index range with the office's whole bitmap:
 * every dirty day read all of the office's contacts (a whole-office rebuild of a million
 * contacts ran for more than ten minutes, and each read after new contacts paid ~200k index
 * entries per dirty day). Now each dirty range is its own statement with its own bounds: one
 * local day is an index range scan of that day; a whole office (time zone changed, first
 * build) is one pass over the office's rows, grouped by local day.
 */
export class DashboardRefreshByRange1795700000000 implements MigrationInterface {
  name = 'DashboardRefreshByRange1795700000000';

  public async up(q: QueryRunner): Promise<void> {
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
  }

  public async down(): Promise<void> {
    // The previous definition is in 1795600000000-dashboard-rollups; reverting that migration drops the function.
  }
}
