import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** A callback open this long past its due time is overdue (the callbacks list's `overdue` view). */
export const CALLBACK_OVERDUE_MINUTES = 30;

/** Purpose-named reads over callbacks. */
@Injectable()
export class CallbacksRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /**
   * Per office code (every office, zero included): callbacks due now (the `due` view) and,
   * among them, those overdue. Counts over ix_callbacks_office_status_due.
   */
  async countDueByOffice(now: Date): Promise<{ officeCode: string; due: number; overdue: number }[]> {
    const rows: { office_code: string; due: string; overdue: string }[] = await this.dataSource.query(
      `SELECT o.code AS office_code, count(b.id) AS due,
              count(b.id) FILTER (WHERE b.due_at < $1::timestamptz - make_interval(mins => $2)) AS overdue
         FROM offices o
         LEFT JOIN callbacks b ON b.office_id = o.id
          AND (b.status IN ('due', 'in_progress') OR (b.status = 'scheduled' AND b.due_at <= $1::timestamptz))
        GROUP BY o.code`,
      [now, CALLBACK_OVERDUE_MINUTES],
    );
    return rows.map((row) => ({ officeCode: row.office_code, due: Number(row.due), overdue: Number(row.overdue) }));
  }
}
