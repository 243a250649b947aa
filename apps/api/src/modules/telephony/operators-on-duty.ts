import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Actor } from '../../core/context/request-context';
import type { OperatorOnDutyDto } from './dto/telephony.dto';

/** Colleagues in the actor's offices who take calls, with their presence. Bounded: staff of a few offices. */
@Injectable()
export class OperatorsOnDuty {
  constructor(@InjectDataSource() private readonly dataSource: DataSource) {}

  async list(actor: Actor): Promise<OperatorOnDutyDto[]> {
    if (!actor.officeIds.length) return [];
    const rows: { id: string; display_name: string; roles: string[]; status: string | null }[] = await this.dataSource.query(
      `SELECT DISTINCT u.id, u.display_name, u.roles, mayak_presence_status(p.status, p.wrap_up_until) AS status FROM users u JOIN user_offices uo ON uo.user_id = u.id LEFT JOIN operator_presence p ON p.user_id = u.id
        WHERE uo.office_id = ANY($1) AND u.active AND u.roles && ARRAY['operator', 'case_worker', 'supervisor']::text[]
        ORDER BY u.display_name LIMIT 500`,
      [actor.officeIds],
    );
    return rows.map((r) => ({ user: { id: r.id, displayName: r.display_name }, roles: r.roles, status: (r.status ?? 'away') as OperatorOnDutyDto['status'] }));
  }
}
