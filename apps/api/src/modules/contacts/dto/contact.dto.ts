import { ApiProperty, ApiPropertyOptional, OmitType } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsBoolean, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import {
  CALL_STATES,
  CALLER_TYPES,
  CONTACT_CATEGORIES,
  CONTACT_CHANNELS,
  CONTACT_DIRECTIONS,
  CONTACT_METHODS,
  LANGUAGE_CODES,
  MAX_PAGE_SIZE,
  RISK_LEVELS,
} from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { CaseSummaryDto, CreateCaseDto, NOTE_MAX_LENGTH, UserRefDto } from '#api/modules/cases/dto/case.dto';
import { FlagDto, PersonDto } from '#api/modules/people/dto/person.dto';

class ContactFieldsDto {
  @ApiPropertyOptional({ enum: CONTACT_DIRECTIONS, enumName: 'ContactDirection' })
  @IsOptional()
  @IsIn(CONTACT_DIRECTIONS)
  direction?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 639-1' })
  @IsOptional()
  @IsIn(LANGUAGE_CODES)
  language?: string | null;

  @ApiPropertyOptional({ enum: CALLER_TYPES, enumName: 'CallerType', nullable: true })
  @IsOptional()
  @IsIn(CALLER_TYPES)
  callerType?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_CATEGORIES, enumName: 'ContactCategory', nullable: true })
  @IsOptional()
  @IsIn(CONTACT_CATEGORIES)
  category?: string | null;

  @ApiPropertyOptional({ enum: RISK_LEVELS, enumName: 'RiskLevel' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'The caller’s number in any common format; stored encrypted as E.164' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  phone?: string | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  consentToRecord?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  consentToRefer?: boolean | null;

  @ApiPropertyOptional({ type: Boolean, nullable: true })
  @IsOptional()
  @IsBoolean()
  consentToContactBack?: boolean | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300, description: 'When it is safe to call back, in the caller’s words' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  safeContactTimes?: string | null;

  @ApiPropertyOptional({ enum: CONTACT_METHODS, enumName: 'ContactMethod', nullable: true })
  @IsOptional()
  @IsIn(CONTACT_METHODS)
  safeContactMethod?: string | null;

  @ApiPropertyOptional({ maxLength: NOTE_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(NOTE_MAX_LENGTH)
  notes?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
}

export class CreateContactDto extends ContactFieldsDto {
  @ApiProperty({ enum: CONTACT_CHANNELS, enumName: 'ContactChannel' })
  @IsIn(CONTACT_CHANNELS)
  channel!: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your first office' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  startedAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'An existing case this contact belongs to' })
  @IsOptional()
  @IsUUID()
  caseId?: string;
}

export class UpdateContactDto extends ContactFieldsDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, enumName: 'ContactChannel' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  channel?: string;
}

export class CompleteContactDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ format: 'date-time', description: 'Defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  endedAt?: string;
}

export class LinkContactDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  caseId!: string;
}

export class OpenCaseFromContactDto extends OmitType(CreateCaseDto, ['officeId', 'personId'] as const) {
  @ApiProperty({ description: 'The contact version you read' })
  @IsInt()
  @Min(1)
  version!: number;
}

export class ListContactsQuery {
  @ApiPropertyOptional({ description: 'A phone number in any format, or words from notes' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  q?: string;

  @ApiPropertyOptional({ enum: ['in_progress', 'completed'] })
  @IsOptional()
  @IsIn(['in_progress', 'completed'])
  status?: 'in_progress' | 'completed';

  @ApiPropertyOptional({ enum: CONTACT_CATEGORIES, enumName: 'ContactCategory' })
  @IsOptional()
  @IsIn(CONTACT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: CONTACT_CHANNELS, enumName: 'ContactChannel' })
  @IsOptional()
  @IsIn(CONTACT_CHANNELS)
  channel?: string;

  @ApiPropertyOptional({ enum: RISK_LEVELS, enumName: 'RiskLevel' })
  @IsOptional()
  @IsIn(RISK_LEVELS)
  riskLevel?: string;

  @ApiPropertyOptional({ description: 'ISO 639-1' })
  @IsOptional()
  @IsIn(LANGUAGE_CODES)
  language?: string;

  @ApiPropertyOptional({ enum: CALLER_TYPES, enumName: 'CallerType' })
  @IsOptional()
  @IsIn(CALLER_TYPES)
  callerType?: string;

  @ApiPropertyOptional({ minimum: 0, maximum: 23, description: 'Started in this hour of the day, in the office’s time zone' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(0)
  @Max(23)
  hour?: number;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ description: 'Only contacts I logged' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  mine?: boolean;

  @ApiPropertyOptional({
    format: 'uuid',
    description: "Only contacts of this person: every one of them you may read (yours, your cases', and for supervisors your offices')",
  })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class CallerLookupDto {
  @ApiProperty({ description: 'The number in any common format (8 701 …, +7 701 …, 00 998 …)' })
  @Transform(trim)
  @IsString()
  @Length(3, 40)
  phone!: string;
}

/** The telephone call a contact came from: how it went on the line. */
export class ContactCallDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: CALL_STATES, enumName: 'CallState' }) state!: string;
  @ApiProperty({ type: String, nullable: true, description: 'answered, missed, abandoned, failed, transferred' }) outcome!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) queuedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) answeredAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds between joining the queue and being answered (or leaving)' }) waitSeconds!: number | null;
  @ApiProperty({ type: Number, nullable: true, description: 'As the network reported it' }) durationSeconds!: number | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'A warm transfer waiting for this colleague' }) transferToId!: string | null;
}

export class ContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'Null while a call waits in the queue' }) operator!: UserRefDto | null;
  @ApiProperty({ enum: ['in_progress', 'completed'] }) status!: 'in_progress' | 'completed';
  @ApiProperty({ enum: CONTACT_CHANNELS, enumName: 'ContactChannel' }) channel!: string;
  @ApiProperty({ enum: CONTACT_DIRECTIONS, enumName: 'ContactDirection' }) direction!: string;
  @ApiProperty({ type: String, nullable: true }) language!: string | null;
  @ApiProperty({ type: String, nullable: true }) callerType!: string | null;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty({ enum: RISK_LEVELS, enumName: 'RiskLevel' }) riskLevel!: string;
  @ApiProperty() critical!: boolean;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: Number, nullable: true }) durationSeconds!: number | null;
  @ApiProperty({ type: String, nullable: true, description: 'Masked unless you may view identifiers' }) phone!: string | null;
  @ApiProperty() masked!: boolean;
  @ApiProperty({ type: Boolean, nullable: true }) consentToRecord!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) consentToRefer!: boolean | null;
  @ApiProperty({ type: Boolean, nullable: true }) consentToContactBack!: boolean | null;
  @ApiProperty({ type: String, nullable: true }) safeContactTimes!: string | null;
  @ApiProperty({ type: String, nullable: true }) safeContactMethod!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseReference!: string | null;
  @ApiProperty({ type: [FlagDto], description: 'Active flags on this caller’s number or person' }) flags!: FlagDto[];
  @ApiProperty({ type: ContactCallDto, nullable: true, description: 'The call this contact came from, if it came through the line' })
  call!: ContactCallDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;
}

export class ContactPageDto {
  @ApiProperty({ type: [ContactDto] }) items!: ContactDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class RevealedPhoneDto {
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
}

export class CallerHistoryDto {
  @ApiProperty({ description: 'The number as you may see it' }) phone!: string;
  @ApiProperty({ type: [FlagDto] }) flags!: FlagDto[];
  @ApiProperty({ type: [PersonDto], description: 'People with this number that you may see' }) people!: PersonDto[];
  @ApiProperty({ type: [ContactDto], description: 'Earlier contacts from this number that you may see, newest first (at most 20)' }) contacts!: ContactDto[];
  @ApiProperty({ type: [CaseSummaryDto], description: 'Cases of this number that you may see (at most 20)' }) cases!: CaseSummaryDto[];
}

export class ContactWithCaseDto {
  @ApiProperty({ type: ContactDto }) contact!: ContactDto;
  @ApiProperty({ type: CaseSummaryDto }) case!: CaseSummaryDto;
}
