import { Injectable } from '@nestjs/common';
import type { Actor } from '#api/core/context/request-context';
import type { OperatorOnDutyDto } from './dto/telephony.dto';
import { PresenceRepository } from './presence.repository';

/** Colleagues in the actor's offices who take calls, with their presence. Bounded: staff of a few offices. */
@Injectable()
export class OperatorsOnDuty {
  constructor(private readonly presence: PresenceRepository) {}

  async list(actor: Actor): Promise<OperatorOnDutyDto[]> {
    if (!actor.officeIds.length) return [];
    const rows = await this.presence.operatorsOnDuty(actor.officeIds);
    return rows.map((r) => ({ user: { id: r.id, displayName: r.displayName }, roles: r.roles, status: (r.status ?? 'away') as OperatorOnDutyDto['status'] }));
  }
}
