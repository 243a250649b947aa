import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsOptional, IsString, IsUUID, Length } from 'class-validator';
import {
  CASE_PRIORITIES,
  CASE_STATUSES,
  CASE_TRANSFER_STATUSES,
  CASE_TYPES,
  TRANSFER_REASON_MAX,
  TRANSFER_REASON_MIN,
  type CasePriority,
  type CaseStatus,
  type CaseTransferStatus,
} from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { OfficeRefDto } from '#api/modules/offices/dto/office.dto';
import { UserRefDto } from './case.dto';

export class RequestTransferDto {
  @ApiProperty({ format: 'uuid', description: 'The office asked to take the case' })
  @IsUUID()
  toOfficeId!: string;

  @ApiProperty({
    minLength: TRANSFER_REASON_MIN,
    maxLength: TRANSFER_REASON_MAX,
    description: 'Why the case should move (the receiving supervisor reads it before accepting)',
  })
  @Transform(trim)
  @IsString()
  @Length(TRANSFER_REASON_MIN, TRANSFER_REASON_MAX)
  reason!: string;
}

export class AcceptTransferDto {
  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'A case worker or supervisor of the receiving office; none leaves the case unassigned',
  })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class DeclineTransferDto {
  @ApiProperty({ minLength: TRANSFER_REASON_MIN, maxLength: TRANSFER_REASON_MAX })
  @Transform(trim)
  @IsString()
  @Length(TRANSFER_REASON_MIN, TRANSFER_REASON_MAX)
  reason!: string;
}

/**
 * A transfer request and its answer. What it says of the case is what the receiving
 * supervisor needs to decide (reference, type, priority, status) and nothing that names the
 * client: they read the case itself only once they have accepted it.
 */
export class CaseTransferDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ example: '11616-2026-000123' }) caseReference!: string;
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' }) caseType!: string;
  @ApiProperty({ enum: CASE_PRIORITIES, enumName: 'CasePriority' }) casePriority!: CasePriority;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) caseStatus!: CaseStatus;
  @ApiProperty({ type: OfficeRefDto }) fromOffice!: OfficeRefDto;
  @ApiProperty({ type: OfficeRefDto }) toOffice!: OfficeRefDto;
  @ApiProperty({ enum: CASE_TRANSFER_STATUSES, enumName: 'CaseTransferStatus' }) status!: CaseTransferStatus;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: UserRefDto }) requestedBy!: UserRefDto;
  @ApiProperty({ format: 'date-time' }) requestedAt!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) decidedBy!: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) decidedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) declineReason!: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Whom the receiving office gave the case to' }) assignee!: UserRefDto | null;
  @ApiProperty({ description: 'You may accept or decline it (a supervisor of the receiving office, while pending)' }) canAnswer!: boolean;
  @ApiProperty({ description: 'You may withdraw it (the requester or a supervisor of the sending office, while pending)' }) canWithdraw!: boolean;
}

export class CaseTransferPageDto {
  @ApiProperty({ type: [CaseTransferDto] }) items!: CaseTransferDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
