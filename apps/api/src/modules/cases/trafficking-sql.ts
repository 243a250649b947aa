/**
 * SQL expressions for a case's trafficking facts, shared by the trafficking picture and the
 * case list's filters so that a figure and the list behind it count the same cases.
 * `c` is the case, `pe` its person (LEFT JOINed or correlated).
 */
export const TRAFFICKING_CASE_SQL = `(c.type = 'trafficking' OR c.trafficking_status IS NOT NULL)`;

/** The CTDC age band: the recorded group, else worked out from the birth year at the case's opening. */
export const AGE_GROUP_SQL = `COALESCE(NULLIF(pe.age_group, 'unknown'), CASE WHEN pe.birth_year IS NULL THEN NULL ELSE (
  SELECT CASE WHEN a < 9 THEN '0-8' WHEN a < 18 THEN '9-17' WHEN a < 21 THEN '18-20' WHEN a < 24 THEN '21-23' WHEN a < 27 THEN '24-26' WHEN a < 30 THEN '27-29'
              WHEN a < 39 THEN '30-38' WHEN a < 48 THEN '39-47' ELSE '48+' END FROM (SELECT EXTRACT(YEAR FROM c.created_at)::int - pe.birth_year AS a) age) END)`;

/** The country of the route's first exploitation event that names one. */
export const COUNTRY_OF_EXPLOITATION_SQL = `(SELECT e.country FROM case_trafficking_events e
  WHERE e.case_id = c.id AND e.type = 'Exploitation' AND e.country IS NOT NULL ORDER BY e.position LIMIT 1)`;
