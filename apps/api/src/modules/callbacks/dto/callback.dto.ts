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
  Matches,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import { CALLBACK_METHODS, CALLBACK_OUTCOMES, CALLBACK_REASONS, CALLBACK_STATUSES, MAX_CALLBACK_ATTEMPTS, MAX_PAGE_SIZE } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { IsTimeZone } from '#api/core/http/is-time-zone';
import { UserRefDto } from '#api/modules/cases/dto/case.dto';
import { FlagDto } from '#api/modules/people/dto/person.dto';

const TIME_OF_DAY = /^([01]\d|2[0-3]):[0-5]\d$|^24:00$/;

export class SafeWindowDto {
  @ApiProperty({ type: [Number], description: 'ISO weekdays, 1 = Monday … 7 = Sunday', example: [1, 2, 3, 4, 5] })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(7)
  @IsInt({ each: true })
  @Min(1, { each: true })
  @Max(7, { each: true })
  days!: number[];

  @ApiProperty({ example: '09:00' })
  @Matches(TIME_OF_DAY)
  start!: string;

  @ApiProperty({ example: '18:00' })
  @Matches(TIME_OF_DAY)
  end!: string;

  @ApiPropertyOptional({ description: 'IANA time zone of the client; defaults to the office’s', example: 'Asia/Almaty' })
  @IsOptional()
  @IsTimeZone()
  timeZone?: string;
}

export class ScheduleCallbackDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'The contact this callback follows up (its number is used unless phone is given)' })
  @IsOptional()
  @IsUUID()
  contactId?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'The case this callback belongs to' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

  @ApiPropertyOptional({ description: 'The number to call, in any common format' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(40)
  phone?: string;

  @ApiProperty({ format: 'date-time', description: 'When to call; must fall inside the safe window if one is given' })
  @IsISO8601({ strict: true })
  dueAt!: string;

  @ApiPropertyOptional({ type: SafeWindowDto, nullable: true, description: 'When it is safe to call; none = any time' })
  @IsOptional()
  @ValidateNested()
  @Type(() => SafeWindowDto)
  safeWindow?: SafeWindowDto | null;

  @ApiPropertyOptional({ enum: CALLBACK_METHODS, enumName: 'CallbackMethod', description: 'Defaults to voice' })
  @IsOptional()
  @IsIn(CALLBACK_METHODS)
  method?: 'voice' | 'sms';

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'Who calls; none = the office’s queue' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_CALLBACK_ATTEMPTS })
  @IsOptional()
  @IsInt()
  @Min(1)
  @Max(MAX_CALLBACK_ATTEMPTS)
  maxAttempts?: number;

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;

  @ApiPropertyOptional({
    description:
      'What the client said now about being contacted back. Needed unless the contact or the case already records a yes; any recorded no (or a withdrawn case consent) refuses the callback: 422 contact_back_consent_required',
  })
  @IsOptional()
  @IsBoolean()
  consentToContactBack?: boolean;
}

export class RescheduleCallbackDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ format: 'date-time' })
  @IsISO8601({ strict: true })
  dueAt!: string;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;
}

export class CallbackOutcomeDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ enum: CALLBACK_OUTCOMES, enumName: 'CallbackOutcome' })
  @IsIn(CALLBACK_OUTCOMES)
  outcome!: (typeof CALLBACK_OUTCOMES)[number];

  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  notes?: string;
}

export class CancelCallbackDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ minLength: 3, maxLength: 500 })
  @Transform(trim)
  @IsString()
  @Length(3, 500)
  reason!: string;
}

export class PlaceCallbackDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export const CALLBACK_VIEWS = ['due', 'overdue', 'today', 'upcoming', 'open', 'closed'] as const;

export class ListCallbacksQuery {
  @ApiPropertyOptional({
    enum: CALLBACK_VIEWS,
    description:
      'Defaults to open. due: due now; overdue: due for more than 30 minutes; today: due before the end of the office’s day; upcoming: later; open: not finished; closed: finished',
  })
  @IsOptional()
  @IsIn(CALLBACK_VIEWS)
  view?: (typeof CALLBACK_VIEWS)[number];

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ description: '"me", "none" (the office queue) or a user id' })
  @IsOptional()
  @Matches(/^(me|none|[0-9a-f-]{36})$/i)
  assignee?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  caseId?: string;

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

export class SafeWindowViewDto {
  @ApiProperty({ type: [Number] }) days!: number[];
  @ApiProperty() start!: string;
  @ApiProperty() end!: string;
  @ApiProperty() timeZone!: string;
}

export class CallbackAttemptDto {
  @ApiProperty() number!: number;
  @ApiProperty({ type: UserRefDto, nullable: true }) operator!: UserRefDto | null;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) endedAt!: string | null;
  @ApiProperty({ type: String, nullable: true }) outcome!: string | null;
}

export class CallbackDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) contactId!: string | null;
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) caseId!: string | null;
  @ApiProperty({ type: String, nullable: true }) caseReference!: string | null;
  @ApiProperty({ description: 'Masked unless you may view identifiers' }) phone!: string;
  @ApiProperty() masked!: boolean;
  @ApiProperty({ enum: CALLBACK_REASONS, enumName: 'CallbackReason' }) reason!: string;
  @ApiProperty({ enum: CALLBACK_METHODS, enumName: 'CallbackMethod' }) method!: string;
  @ApiProperty({ enum: CALLBACK_STATUSES, enumName: 'CallbackStatus' }) status!: (typeof CALLBACK_STATUSES)[number];
  @ApiProperty({ type: [String], enum: CALLBACK_STATUSES, enumName: 'CallbackStatus', description: 'Moves a person may make now' }) allowed!: string[];
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ type: SafeWindowViewDto, nullable: true }) safeWindow!: SafeWindowViewDto | null;
  @ApiProperty() timeZone!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) assignee!: UserRefDto | null;
  @ApiProperty() attempts!: number;
  @ApiProperty() maxAttempts!: number;
  @ApiProperty({ type: String, nullable: true }) lastOutcome!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ type: String, nullable: true }) closeReason!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) firedAt!: string | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) finishedAt!: string | null;
  @ApiProperty({ type: [FlagDto], description: 'Flags on this number or client' }) flags!: FlagDto[];
  @ApiProperty({ type: [CallbackAttemptDto] }) attemptsLog!: CallbackAttemptDto[];
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

export class CallbackPageDto {
  @ApiProperty({ type: [CallbackDto] }) items!: CallbackDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}
