import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsISO8601, IsOptional, IsUUID } from 'class-validator';
import { UserRefDto } from '#api/modules/cases/dto/case.dto';

export class DashboardQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'One office; default: all you may see (supervisors: theirs; administrators: all)' })
  @IsOptional()
  @IsUUID()
  officeId?: string;
}

export class DashboardPeriodQuery extends DashboardQuery {
  @ApiPropertyOptional({ format: 'date', description: 'From this day (office time); default: 30 days ago' })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Before this day; default: tomorrow' })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;
}

/** One bar of a chart: a code (or id) and how many. */
export class BreakdownDto {
  @ApiProperty({ description: 'A code from the code lists, an office id, an hour 0-23, or "" for not recorded' }) key!: string;
  @ApiProperty() count!: number;
}

export class PercentilesDto {
  @ApiProperty({ type: Number, nullable: true }) median!: number | null;
  @ApiProperty({ type: Number, nullable: true }) p90!: number | null;
  @ApiProperty() count!: number;
}

export class LineNowDto {
  @ApiProperty({ format: 'date-time' }) asOf!: string;
  @ApiProperty() callsWaiting!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'Seconds the longest-waiting caller has waited' }) longestWaitSeconds!: number | null;
  @ApiProperty() callsInProgress!: number;
  @ApiProperty() operatorsAvailable!: number;
  @ApiProperty() operatorsOnCall!: number;
  @ApiProperty({ description: 'Operators in after-call work (out of the ring until it ends)' }) operatorsInWrapUp!: number;
  @ApiProperty() callbacksDue!: number;
  @ApiProperty({ description: 'Due for more than 30 minutes' }) callbacksOverdue!: number;
  @ApiProperty() openCriticalCases!: number;
  @ApiProperty() textsWaiting!: number;
}

export class CallOutcomesDto {
  @ApiProperty() answered!: number;
  @ApiProperty() missed!: number;
  @ApiProperty() abandoned!: number;
}

export class ActivityDto {
  @ApiProperty() from!: string;
  @ApiProperty() to!: string;
  @ApiProperty() contacts!: number;
  @ApiProperty({ type: [BreakdownDto] }) byChannel!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byCategory!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byLanguage!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byCallerType!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto], description: 'key = office id' }) byOffice!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto], description: 'key = hour of day 0-23 in the office’s time zone; all 24 hours' }) byHour!: BreakdownDto[];
  @ApiProperty({ type: CallOutcomesDto }) calls!: CallOutcomesDto;
  @ApiProperty({ type: PercentilesDto, description: 'Seconds from joining the queue to being answered' }) answerSeconds!: PercentilesDto;
  @ApiProperty({ type: PercentilesDto, description: 'Seconds a completed voice contact lasted' }) handlingSeconds!: PercentilesDto;
  @ApiProperty({ type: PercentilesDto, description: 'Seconds an answered hotline call lasted from the answer to its end (talk time)' })
  talkSeconds!: PercentilesDto;
  @ApiProperty({ type: PercentilesDto, description: 'Seconds from a call’s end to its contact’s completion (wrap-up time)' }) wrapUpSeconds!: PercentilesDto;
  @ApiProperty({ description: 'Numbers that got in touch more than once in the period' }) repeatCallers!: number;
}

export class AssigneeLoadDto {
  @ApiProperty({ type: UserRefDto, nullable: true, description: 'null: nobody assigned' }) user!: UserRefDto | null;
  @ApiProperty() count!: number;
}

export class PartnerResponseDto {
  @ApiProperty({ format: 'uuid' }) organisationId!: string;
  @ApiProperty() organisationName!: string;
  @ApiProperty() sent!: number;
  @ApiProperty() accepted!: number;
  @ApiProperty() declined!: number;
  @ApiProperty({ type: Number, nullable: true, description: 'accepted / (accepted + declined)' }) acceptanceRate!: number | null;
  @ApiProperty({ type: Number, nullable: true }) medianResponseHours!: number | null;
}

export class CallbackResultsDto {
  @ApiProperty() completed!: number;
  @ApiProperty() completedFirstAttempt!: number;
  @ApiProperty() failed!: number;
  @ApiProperty() cancelled!: number;
}

export class CaseLoadDto {
  @ApiProperty() openCases!: number;
  @ApiProperty({ type: [BreakdownDto] }) openByStatus!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) openByPriority!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) openByType!: BreakdownDto[];
  @ApiProperty({ type: [AssigneeLoadDto], description: 'The 20 biggest case loads' }) openByAssignee!: AssigneeLoadDto[];
  @ApiProperty({ description: 'Open cases without activity for staleDays' }) withoutActivity!: number;
  @ApiProperty({ description: 'CASE_STALE_DAYS: how many quiet days make a case stale' }) staleDays!: number;
  @ApiProperty({ type: [BreakdownDto], description: 'Closures in the period by reason' }) closuresByReason!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto], description: 'Referrals sent in the period, by their status now' }) referralsByStatus!: BreakdownDto[];
  @ApiProperty({ type: [PartnerResponseDto] }) partners!: PartnerResponseDto[];
  @ApiProperty({ type: CallbackResultsDto, description: 'Callbacks finished in the period' }) callbacks!: CallbackResultsDto;
}

export class TraffickingPictureDto {
  @ApiProperty({ description: 'Cases registered in the period with a trafficking status or of type trafficking' }) cases!: number;
  @ApiProperty() identified!: number;
  @ApiProperty() possible!: number;
  @ApiProperty({ type: [BreakdownDto] }) byExploitation!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byControl!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byCitizenship!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byCountryOfExploitation!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byGender!: BreakdownDto[];
  @ApiProperty({ type: [BreakdownDto] }) byAgeGroup!: BreakdownDto[];
}
