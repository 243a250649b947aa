import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

/** Purpose-named reads over telephony calls. */
@Injectable()
export class CallsRepository {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  /** Callers waiting in the queue now, per office code (every office, zero included); reads the live-calls partial index. */
  async countWaitingByOffice(): Promise<{ officeCode: string; waiting: number }[]> {
    const rows: { office_code: string; waiting: string }[] = await this.dataSource.query(
      `SELECT o.code AS office_code, count(c.id) AS waiting
         FROM offices o LEFT JOIN telephony_calls c ON c.office_id = o.id AND c.state = 'queued'
        GROUP BY o.code`,
    );
    return rows.map((row) => ({ officeCode: row.office_code, waiting: Number(row.waiting) }));
  }
}
