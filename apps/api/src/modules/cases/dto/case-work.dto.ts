import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min } from 'class-validator';
import { CONSENT_CHANNELS, CONSENT_PURPOSES, MAX_PAGE_SIZE, PLAN_KINDS, TASK_STATUSES, type PlanKind } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { UserRefDto } from './case.dto';

export class GiveConsentDto {
  @ApiProperty({ enum: CONSENT_PURPOSES, enumName: 'ConsentPurpose' })
  @IsIn(CONSENT_PURPOSES)
  purpose!: string;

  @ApiProperty({ enum: CONSENT_CHANNELS, enumName: 'ConsentChannel' })
  @IsIn(CONSENT_CHANNELS)
  channel!: string;

  @ApiPropertyOptional({ format: 'date-time', description: 'When the client gave it; defaults to now' })
  @IsOptional()
  @IsISO8601({ strict: true })
  givenAt?: string;

  @ApiPropertyOptional({ maxLength: 1000 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(1000)
  note?: string;
}

export class CreateTaskDto {
  @ApiProperty({ minLength: 1, maxLength: 300 })
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  title!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to the case assignee' })
  @IsOptional()
  @IsUUID()
  assigneeId?: string;
}

export class UpdateTaskDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 300)
  title?: string;

  @ApiPropertyOptional({ type: String, format: 'date-time', nullable: true })
  @IsOptional()
  @IsISO8601({ strict: true })
  dueAt?: string | null;

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true })
  @IsOptional()
  @IsUUID()
  assigneeId?: string | null;

  @ApiPropertyOptional({ enum: TASK_STATUSES, enumName: 'TaskStatus' })
  @IsOptional()
  @IsIn(TASK_STATUSES)
  status?: string;
}

export class TaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) dueAt!: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) assignee!: UserRefDto | null;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) completedAt!: string | null;
  @ApiProperty() overdue!: boolean;
  @ApiProperty() version!: number;
  @ApiProperty({
    type: String,
    format: 'uuid',
    nullable: true,
    description: "The plan whose review this task is: it follows the plan (its due date, completion and cancellation are the plan's)",
  })
  planId!: string | null;
  @ApiProperty({
    enum: PLAN_KINDS,
    enumName: 'PlanKind',
    nullable: true,
    description: 'With planId: the kind of plan to review (the title is then the console text key plans.reviewTask.<kind>)',
  })
  planKind!: PlanKind | null;
}

export class MyTaskDto extends TaskDto {
  @ApiProperty({ example: '11616-2026-000123' }) caseReference!: string;
}

export class MyTaskPageDto {
  @ApiProperty({ type: [MyTaskDto], description: 'Open tasks assigned to you, the soonest due first (undated last)' }) items!: MyTaskDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class TimelineQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE, default: 50 })
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

export class TimelineContactDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() channel!: string;
  @ApiProperty() direction!: string;
  @ApiProperty({ type: String, nullable: true }) category!: string | null;
  @ApiProperty() riskLevel!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Masked unless you may view identifiers' }) phone!: string | null;
  @ApiProperty() notes!: string;
  @ApiProperty({ format: 'date-time' }) startedAt!: string;
}

export class TimelineEntryDto {
  @ApiProperty() id!: string;
  @ApiProperty() kind!: string;
  @ApiProperty({ format: 'date-time' }) occurredAt!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) actor!: UserRefDto | null;
  @ApiProperty({ type: 'object', additionalProperties: true, description: 'Codes and ids for the kind of entry, never identifiers' }) data!: Record<
    string,
    unknown
  >;
  @ApiProperty({ type: String, nullable: true, description: 'The text of a note' }) body!: string | null;
  @ApiProperty({ type: TimelineContactDto, nullable: true }) contact!: TimelineContactDto | null;
}

export class TimelinePageDto {
  @ApiProperty({ type: [TimelineEntryDto] }) items!: TimelineEntryDto[];
  @ApiProperty({ type: [UserRefDto], description: 'Every colleague the entries name by id (in `data`: from, to, with, assigneeId)' }) users!: UserRefDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class AssignableUserDto extends UserRefDto {
  @ApiProperty({ type: [String] }) roles!: string[];
}
