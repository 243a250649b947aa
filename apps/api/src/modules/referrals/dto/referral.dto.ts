import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  IsArray,
  IsBoolean,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { REFERRAL_OUTCOMES, REFERRAL_STATUSES, SERVICE_TYPES, type ReferralStatus, REFERRAL_SUMMARY_MAX, REFERRAL_SUMMARY_MIN } from '@mayak/domain';
import { PageQuery } from '#api/core/http/page-query';
import { toBoolean, trim } from '#api/core/http/transforms';

export class ReferralTargetDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  organisationId!: string;

  @ApiProperty({ enum: SERVICE_TYPES, enumName: 'ServiceType' })
  @IsIn(SERVICE_TYPES)
  serviceType!: string;
}

export class CreateReferralsDto {
  @ApiProperty({ type: [ReferralTargetDto], description: 'One referral per service' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(10)
  @ValidateNested({ each: true })
  @Type(() => ReferralTargetDto)
  targets!: ReferralTargetDto[];

  @ApiProperty({
    minLength: REFERRAL_SUMMARY_MIN,
    maxLength: REFERRAL_SUMMARY_MAX,
    description: 'All the partner will read of the case: write only what the client agreed to share',
  })
  @Transform(trim)
  @IsString()
  @Length(REFERRAL_SUMMARY_MIN, REFERRAL_SUMMARY_MAX)
  sharedSummary!: string;

  @ApiPropertyOptional({ description: 'The client agreed that the partner may see their name and phone number' })
  @IsOptional()
  @IsBoolean()
  shareContactDetails?: boolean;

  @ApiPropertyOptional({ description: 'Send at once (otherwise they stay drafts)' })
  @IsOptional()
  @IsBoolean()
  send?: boolean;
}

export class ChangeReferralStatusDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' })
  @IsIn(REFERRAL_STATUSES)
  status!: ReferralStatus;

  @ApiPropertyOptional({ maxLength: 1000, description: 'Required when declining or cancelling' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  reason?: string;

  @ApiPropertyOptional({ enum: REFERRAL_OUTCOMES, enumName: 'ReferralOutcome', description: 'Required when completing' })
  @IsOptional()
  @IsIn(REFERRAL_OUTCOMES)
  outcome?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'The partner’s answer in their words' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  note?: string;
}

export class ListReferralsQuery extends PageQuery {
  @ApiPropertyOptional({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' })
  @IsOptional()
  @IsIn(REFERRAL_STATUSES)
  status?: ReferralStatus;

  @ApiPropertyOptional({ description: 'Only those past their answer deadline' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  overdue?: boolean;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  organisationId?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sent at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  sentFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Sent before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  sentTo?: string;
}

export class ReferralDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty({ enum: SERVICE_TYPES, enumName: 'ServiceType' }) serviceType!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' }) status!: ReferralStatus;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus', isArray: true }) allowedTransitions!: ReferralStatus[];
  @ApiProperty() sharedSummary!: string;
  @ApiProperty() shareContactDetails!: boolean;
  @ApiProperty() responseHours!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerNote!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

export class ReferralPageDto {
  @ApiProperty({ type: [ReferralDto] }) items!: ReferralDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

/**
 * What a partner sees: the shared summary and, only if the client agreed, their name and
 * number. Never the hotline's notes, the case's details or other referrals.
 */
export class PartnerReferralDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ description: 'The partner’s own organisation' }) organisationName!: string;
  @ApiProperty() caseReference!: string;
  @ApiProperty({ enum: SERVICE_TYPES, enumName: 'ServiceType' }) serviceType!: string;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus' }) status!: ReferralStatus;
  @ApiProperty({ enum: REFERRAL_STATUSES, enumName: 'ReferralStatus', isArray: true }) allowedTransitions!: ReferralStatus[];
  @ApiProperty() sharedSummary!: string;
  @ApiProperty({ type: String, nullable: true }) clientName!: string | null;
  @ApiProperty({ type: String, nullable: true }) clientPhone!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) sentAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) reason!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
  @ApiProperty({ type: String, nullable: true }) partnerNote!: string | null;
  @ApiProperty() version!: number;
}

export class PartnerReferralPageDto {
  @ApiProperty({ type: [PartnerReferralDto] }) items!: PartnerReferralDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
