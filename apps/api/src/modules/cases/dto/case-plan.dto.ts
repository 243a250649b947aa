import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsDateString, IsIn, IsInt, IsOptional, IsString, Matches, MaxLength, Min, ValidateNested } from 'class-validator';
import {
  ASSESSMENT_LEVELS,
  FACTOR_POLARITIES,
  PLAN_FACTORS_MAX,
  PLAN_KINDS,
  PLAN_REVIEW_NOTE_MAX,
  PLAN_RISK_LEVELS,
  PLAN_STATUSES,
  PLAN_TEXT_MAX,
  SUPPORT_PLAN_TYPES,
  TASK_STATUSES,
  VULNERABILITY_FACTORS,
  type AssessmentLevel,
  type FactorPolarity,
  type PlanKind,
  type PlanRiskLevel,
  type PlanStatus,
  type SupportPlanType,
  type VulnerabilityFactor,
} from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { UserRefDto } from './case.dto';

const DAY = /^\d{4}-\d{2}-\d{2}$/;
const DAY_MESSAGE = { message: '$property must be a day, YYYY-MM-DD' };

/** One determinant of the assessment (IOM model): its level, the factor, and whether it raises the risk or protects. */
export class AssessmentFactorDto {
  @ApiProperty({ enum: ASSESSMENT_LEVELS, enumName: 'AssessmentLevel' })
  @IsIn(ASSESSMENT_LEVELS)
  level!: AssessmentLevel;

  @ApiProperty({ enum: VULNERABILITY_FACTORS, enumName: 'VulnerabilityFactor', description: 'HTCDS vic_Vulnerabilities value names, then ours' })
  @IsIn(VULNERABILITY_FACTORS)
  factor!: VulnerabilityFactor;

  @ApiProperty({ enum: FACTOR_POLARITIES, enumName: 'FactorPolarity' })
  @IsIn(FACTOR_POLARITIES)
  polarity!: FactorPolarity;
}

/** The fields every write of a plan may carry; which ones a kind takes is the domain's rule (checkPlan). */
export class PlanFieldsDto {
  @ApiPropertyOptional({ enum: PLAN_RISK_LEVELS, enumName: 'PlanRiskLevel', nullable: true, description: 'Assessments and safety plans: required' })
  @IsOptional()
  @IsIn(PLAN_RISK_LEVELS)
  riskLevel?: PlanRiskLevel | null;

  @ApiPropertyOptional({ enum: SUPPORT_PLAN_TYPES, enumName: 'SupportPlanType', nullable: true, description: 'Support plans: required (HTCDS spl_Type)' })
  @IsOptional()
  @IsIn(SUPPORT_PLAN_TYPES)
  supportType?: SupportPlanType | null;

  @ApiPropertyOptional({
    type: [AssessmentFactorDto],
    maxItems: PLAN_FACTORS_MAX,
    description: 'Assessments only: the risk and protective factors found, by level',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(PLAN_FACTORS_MAX)
  @ValidateNested({ each: true })
  @Type(() => AssessmentFactorDto)
  factors?: AssessmentFactorDto[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PLAN_TEXT_MAX, description: 'Assessments: what was found' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_TEXT_MAX)
  findings?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PLAN_TEXT_MAX, description: 'Safety plans: the risks the plan answers' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_TEXT_MAX)
  risks?: string | null;

  @ApiPropertyOptional({
    type: String,
    nullable: true,
    maxLength: PLAN_TEXT_MAX,
    description: 'Safety plans: required; what the client and the hotline do to keep the client safe',
  })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_TEXT_MAX)
  safetyMeasures?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PLAN_TEXT_MAX, description: 'Support plans: required (HTCDS spl_Objectives)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_TEXT_MAX)
  objectives?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: PLAN_TEXT_MAX, description: 'Support plans (HTCDS spl_ActionPlan)' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_TEXT_MAX)
  actionPlan?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', description: "The day the plan took effect, in the case office's calendar; defaults to today" })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY, DAY_MESSAGE)
  startDate?: string;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description:
      "The day the plan is to be reviewed (not before today): it becomes a task of the case, due that day at 09:00 in the case's office, given to the case worker. Null removes it (and cancels the task).",
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY, DAY_MESSAGE)
  reviewDate?: string | null;

  @ApiPropertyOptional({ type: String, format: 'date', nullable: true, description: 'Support plans: after the start (HTCDS spl_PlannedEndDate)' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY, DAY_MESSAGE)
  plannedEndDate?: string | null;
}

export class CreatePlanDto extends PlanFieldsDto {
  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' })
  @IsIn(PLAN_KINDS)
  kind!: PlanKind;
}

export class UpdatePlanDto extends PlanFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export class ReviewPlanDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({
    type: String,
    format: 'date',
    nullable: true,
    description: 'When to review it again (a new task); none: no further review is planned',
  })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY, DAY_MESSAGE)
  nextReviewDate?: string | null;

  @ApiPropertyOptional({ enum: PLAN_RISK_LEVELS, enumName: 'PlanRiskLevel', description: 'The risk as the review finds it (assessments and safety plans)' })
  @IsOptional()
  @IsIn(PLAN_RISK_LEVELS)
  riskLevel?: PlanRiskLevel;

  @ApiPropertyOptional({ maxLength: PLAN_REVIEW_NOTE_MAX, description: 'What the review found: kept on the case timeline like a note' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_REVIEW_NOTE_MAX)
  note?: string;
}

export class ClosePlanDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ type: String, format: 'date', description: 'The day the plan ended (HTCDS spl_ActualEndDate for a support plan); defaults to today' })
  @IsOptional()
  @IsDateString({ strict: true })
  @Matches(DAY, DAY_MESSAGE)
  actualEndDate?: string;

  @ApiPropertyOptional({ maxLength: PLAN_REVIEW_NOTE_MAX, description: 'Why it ends: kept on the case timeline like a note' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(PLAN_REVIEW_NOTE_MAX)
  note?: string;
}

/** The open task a plan's review date became. */
export class PlanReviewTaskDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'date-time' }) dueAt!: string;
  @ApiProperty({ enum: TASK_STATUSES, enumName: 'TaskStatus' }) status!: string;
  @ApiProperty({ type: UserRefDto, nullable: true }) assignee!: UserRefDto | null;
  @ApiProperty() overdue!: boolean;
}

export class PlanDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ enum: PLAN_KINDS, enumName: 'PlanKind' }) kind!: PlanKind;
  @ApiProperty({ enum: PLAN_STATUSES, enumName: 'PlanStatus' }) status!: PlanStatus;
  @ApiProperty({ enum: PLAN_RISK_LEVELS, enumName: 'PlanRiskLevel', nullable: true }) riskLevel!: PlanRiskLevel | null;
  @ApiProperty({ enum: SUPPORT_PLAN_TYPES, enumName: 'SupportPlanType', nullable: true }) supportType!: SupportPlanType | null;
  @ApiProperty({ type: [AssessmentFactorDto] }) factors!: AssessmentFactorDto[];
  @ApiProperty({ type: String, nullable: true }) findings!: string | null;
  @ApiProperty({ type: String, nullable: true }) risks!: string | null;
  @ApiProperty({ type: String, nullable: true }) safetyMeasures!: string | null;
  @ApiProperty({ type: String, nullable: true }) objectives!: string | null;
  @ApiProperty({ type: String, nullable: true }) actionPlan!: string | null;
  @ApiProperty({ format: 'date' }) startDate!: string;
  @ApiProperty({ type: String, format: 'date', nullable: true }) reviewDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) plannedEndDate!: string | null;
  @ApiProperty({ type: String, format: 'date', nullable: true }) actualEndDate!: string | null;
  @ApiProperty() reviewCount!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastReviewedAt!: string | null;
  @ApiProperty({ type: UserRefDto, nullable: true }) lastReviewedBy!: UserRefDto | null;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) closedAt!: string | null;
  @ApiProperty({ type: PlanReviewTaskDto, nullable: true, description: 'The open task of the next review' }) reviewTask!: PlanReviewTaskDto | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ type: UserRefDto }) createdBy!: UserRefDto;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ type: UserRefDto }) updatedBy!: UserRefDto;
  @ApiProperty() version!: number;
  @ApiProperty({
    description: 'You may change, review and close it (the case worker of the case, a colleague it is shared with, or a supervisor of its office, while open)',
  })
  canEdit!: boolean;
}

export class PlanPageDto {
  @ApiProperty({ type: [PlanDto], description: 'Plans in force first, then closed ones; the newest first within each' }) items!: PlanDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
