import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsDateString,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGE_GROUPS,
  CASE_PRIORITIES,
  CASE_STATUSES,
  CASE_TYPES,
  CLOSURE_REASONS,
  CONTACT_CATEGORIES,
  CONTROL_METHODS,
  COUNTRY_CODES,
  EXPLOITATION_TYPES,
  GENDERS,
  LABOUR_INDUSTRIES,
  MAX_PAGE_SIZE,
  MIGRATION_SITUATIONS,
  RECRUITER_RELATIONS,
  RECRUITMENT_METHODS,
  TRAFFICKING_EVENT_TYPES,
  TRAFFICKING_STATUSES,
  TRAFFICKING_STATUS_DECIDERS,
  type CasePriority,
  type CaseStatus,
} from '@mayak/domain';
import { trim } from '#api/core/http/transforms';

export const NOTE_MAX_LENGTH = 10_000;
export const SUMMARY_MAX_LENGTH = 4_000;

export class UserRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() displayName!: string;
}

export class TraffickingEventDto {
  @ApiProperty({ enum: TRAFFICKING_EVENT_TYPES, enumName: 'TraffickingEventType' })
  @IsIn(TRAFFICKING_EVENT_TYPES)
  type!: string;

  @ApiPropertyOptional({ type: String, nullable: true, description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsIn(COUNTRY_CODES)
  country?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 120 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(120)
  city?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(/^\d{4}-\d{2}-\d{2}$/, { message: 'date must be YYYY-MM-DD' })
  date?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 1000 })
  @IsOptional()
  @IsString()
  @MaxLength(1000)
  description?: string | null;
}

/** Trafficking details, with the value names of the Human Trafficking Case Data Standard. */
export class TraffickingDetailsDto {
  @ApiPropertyOptional({ enum: TRAFFICKING_STATUSES, enumName: 'TraffickingStatus', nullable: true })
  @IsOptional()
  @IsIn(TRAFFICKING_STATUSES)
  traffickingStatus?: string | null;

  @ApiPropertyOptional({ enum: TRAFFICKING_STATUS_DECIDERS, enumName: 'TraffickingStatusDecider', nullable: true })
  @IsOptional()
  @IsIn(TRAFFICKING_STATUS_DECIDERS)
  traffickingStatusDecidedBy?: string | null;

  @ApiPropertyOptional({ enum: EXPLOITATION_TYPES, enumName: 'ExploitationType', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(EXPLOITATION_TYPES.length)
  @IsIn(EXPLOITATION_TYPES, { each: true })
  exploitationTypes?: string[];

  @ApiPropertyOptional({ enum: CONTROL_METHODS, enumName: 'ControlMethod', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(CONTROL_METHODS.length)
  @IsIn(CONTROL_METHODS, { each: true })
  controlMethods?: string[];

  @ApiPropertyOptional({ enum: LABOUR_INDUSTRIES, enumName: 'LabourIndustry', nullable: true })
  @IsOptional()
  @IsIn(LABOUR_INDUSTRIES)
  labourIndustry?: string | null;

  @ApiPropertyOptional({ enum: RECRUITMENT_METHODS, enumName: 'RecruitmentMethod', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(RECRUITMENT_METHODS.length)
  @IsIn(RECRUITMENT_METHODS, { each: true })
  recruitmentMethods?: string[];

  @ApiPropertyOptional({ enum: RECRUITER_RELATIONS, enumName: 'RecruiterRelation', nullable: true })
  @IsOptional()
  @IsIn(RECRUITER_RELATIONS)
  recruiterRelation?: string | null;

  @ApiPropertyOptional({ enum: MIGRATION_SITUATIONS, enumName: 'MigrationSituation', nullable: true })
  @IsOptional()
  @IsIn(MIGRATION_SITUATIONS)
  migrationSituation?: string | null;

  @ApiPropertyOptional({ type: [TraffickingEventDto], description: 'The route, in order; replaces the stored one' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @ValidateNested({ each: true })
  @Type(() => TraffickingEventDto)
  route?: TraffickingEventDto[];
}

export class CreateCaseDto {
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' })
  @IsIn(CASE_TYPES)
  type!: string;

  @ApiPropertyOptional({ enum: CONTACT_CATEGORIES, enumName: 'ContactCategory', description: 'Opening from a contact: defaults to its category' })
  @IsOptional()
  @IsIn(CONTACT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, enumName: 'CasePriority' })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your first office' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'A case worker of the office; case workers default to themselves' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;

  @ApiPropertyOptional({ maxLength: SUMMARY_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(SUMMARY_MAX_LENGTH)
  summary?: string;
}

export class UpdateCaseDto extends TraffickingDetailsDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ enum: CASE_TYPES, enumName: 'CaseType' })
  @IsOptional()
  @IsIn(CASE_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, enumName: 'CasePriority' })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;

  @ApiPropertyOptional({ enum: CONTACT_CATEGORIES, enumName: 'ContactCategory' })
  @IsOptional()
  @IsIn(CONTACT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ maxLength: SUMMARY_MAX_LENGTH })
  @IsOptional()
  @IsString()
  @MaxLength(SUMMARY_MAX_LENGTH)
  summary?: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  personId?: string | null;
}

export class ChangeCaseStatusDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' })
  @IsIn(CASE_STATUSES)
  status!: CaseStatus;

  @ApiPropertyOptional({ enum: CLOSURE_REASONS, enumName: 'ClosureReason' })
  @IsOptional()
  @IsIn(CLOSURE_REASONS)
  closureReason?: string;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  closureNote?: string;

  @ApiPropertyOptional({ maxLength: 2000, description: 'Required when reopening a closed case' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(2000)
  reopenReason?: string;
}

export class VersionDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export class AssignCaseDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId!: string | null;
}

export class ShareCaseDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  userId!: string;
}

export class AddNoteDto {
  @ApiProperty({ minLength: 1, maxLength: NOTE_MAX_LENGTH })
  @Transform(trim)
  @IsString()
  @Length(1, NOTE_MAX_LENGTH)
  body!: string;
}

export class ListCasesQuery {
  @ApiPropertyOptional({ description: 'A reference, a phone number in any format, name words, or words from notes' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: CASE_STATUSES, enumName: 'CaseStatus', isArray: true })
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.split(',') : value))
  @IsArray()
  @ArrayMaxSize(CASE_STATUSES.length)
  @IsIn(CASE_STATUSES, { each: true })
  status?: CaseStatus[];

  @ApiPropertyOptional({ enum: CASE_PRIORITIES, enumName: 'CasePriority' })
  @IsOptional()
  @IsIn(CASE_PRIORITIES)
  priority?: CasePriority;

  @ApiPropertyOptional({ enum: CASE_TYPES, enumName: 'CaseType' })
  @IsOptional()
  @IsIn(CASE_TYPES)
  type?: string;

  @ApiPropertyOptional({ enum: CONTACT_CATEGORIES, enumName: 'ContactCategory' })
  @IsOptional()
  @IsIn(CONTACT_CATEGORIES)
  category?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ description: 'A user id, or "me", or "none" for unassigned' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12})$/i, { message: 'assignee must be a user id, "me" or "none"' })
  assignee?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Only cases of this person (as client)' })
  @IsOptional()
  @IsUUID()
  personId?: string;

  @ApiPropertyOptional({ description: 'Only cases shared with me' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  sharedWithMe?: boolean;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Opened before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Closed at or after' })
  @IsOptional()
  @IsISO8601({ strict: true })
  closedFrom?: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'Closed before' })
  @IsOptional()
  @IsISO8601({ strict: true })
  closedTo?: string;

  @ApiPropertyOptional({ enum: CLOSURE_REASONS, enumName: 'ClosureReason' })
  @IsOptional()
  @IsIn(CLOSURE_REASONS)
  closureReason?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: 3650, description: 'No activity for at least this many days' })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(3650)
  inactiveDays?: number;

  @ApiPropertyOptional({ description: 'Only trafficking cases (of that type, or with a trafficking status)' })
  @IsOptional()
  @Transform(({ value }) => (value === 'true' ? true : value === 'false' ? false : value))
  @IsBoolean()
  trafficking?: boolean;

  @ApiPropertyOptional({ enum: TRAFFICKING_STATUSES, enumName: 'TraffickingStatus' })
  @IsOptional()
  @IsIn(TRAFFICKING_STATUSES)
  traffickingStatus?: string;

  @ApiPropertyOptional({ enum: EXPLOITATION_TYPES, enumName: 'ExploitationType' })
  @IsOptional()
  @IsIn(EXPLOITATION_TYPES)
  exploitationType?: string;

  @ApiPropertyOptional({ enum: CONTROL_METHODS, enumName: 'ControlMethod' })
  @IsOptional()
  @IsIn(CONTROL_METHODS)
  controlMethod?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2: the country of the route’s first exploitation event' })
  @IsOptional()
  @IsIn(COUNTRY_CODES)
  countryOfExploitation?: string;

  @ApiPropertyOptional({ description: 'ISO 3166-1 alpha-2: one of the client’s citizenships' })
  @IsOptional()
  @IsIn(COUNTRY_CODES)
  citizenship?: string;

  @ApiPropertyOptional({ enum: GENDERS, enumName: 'Gender' })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: string;

  @ApiPropertyOptional({
    enum: AGE_GROUPS.filter((g) => g !== 'unknown'),
    description: 'The client’s age band (recorded, or from the birth year when the case opened)',
  })
  @IsOptional()
  @IsIn(AGE_GROUPS.filter((g) => g !== 'unknown'))
  ageGroup?: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 25 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional({ description: 'nextCursor of the previous page' })
  @IsOptional()
  @IsString()
  @MaxLength(200)
  cursor?: string;
}

export class CaseSummaryDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ example: '11616-2026-000123' }) reference!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ enum: CASE_TYPES, enumName: 'CaseType' }) type!: string;
  @ApiProperty({ type: String, nullable: true, description: 'A contact category code' }) category!: string | null;
  @ApiProperty({ enum: CASE_PRIORITIES, enumName: 'CasePriority' }) priority!: CasePriority;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus' }) status!: CaseStatus;
  @ApiProperty({ type: UserRefDto, nullable: true }) assignee!: UserRefDto | null;
  @ApiProperty({ type: String, nullable: true, description: 'Masked unless you may view identifiers' }) personName!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) personId!: string | null;
  @ApiProperty() summary!: string;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) lastActivityAt!: string;
}

export class CasePageDto {
  @ApiProperty({ type: [CaseSummaryDto] }) items!: CaseSummaryDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class ConsentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() purpose!: string;
  @ApiProperty() channel!: string;
  @ApiProperty({ format: 'date-time' }) givenAt!: string;
  @ApiProperty({ type: UserRefDto }) recordedBy!: UserRefDto;
  @ApiProperty({ type: String, nullable: true }) note!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) withdrawnAt!: string | null;
}

export class CaseDto extends CaseSummaryDto {
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: UserRefDto }) createdBy!: UserRefDto;
  @ApiProperty({ type: String, nullable: true }) closureReason!: string | null;
  @ApiProperty({ type: String, nullable: true }) closureNote!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ description: 'Kept from anonymisation whatever its age' }) legalHold!: boolean;
  @ApiProperty({ type: String, nullable: true }) legalHoldReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true, description: 'When retention removed its identifiers and free text' }) anonymisedAt!:
    string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) closureApprovedBy!: UserRefDto | null;
  @ApiProperty({ enum: CASE_STATUSES, enumName: 'CaseStatus', isArray: true, description: 'The statuses this case may move to next' })
  allowedTransitions!: CaseStatus[];
  @ApiProperty({ type: TraffickingDetailsDto }) trafficking!: Required<TraffickingDetailsDto>;
  @ApiProperty({ type: [ConsentDto], description: 'Standing and withdrawn consents, newest first' }) consents!: ConsentDto[];
  @ApiProperty({ type: [UserRefDto] }) sharedWith!: UserRefDto[];
  @ApiProperty({ description: 'Whether you may change status, details and sharing' }) canManage!: boolean;
}
