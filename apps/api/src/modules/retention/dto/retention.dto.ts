import { LEGAL_HOLD_REASON_MAX, LEGAL_HOLD_REASON_MIN } from '@mayak/domain';
import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsInt, IsString, Length, Max, Min, ValidateIf } from 'class-validator';
import { trim } from '#api/core/http/transforms';

export class RetentionSettingsDto {
  @ApiProperty({ minimum: 30, maximum: 36500, description: 'Contacts that never joined a case are anonymised this many days after they started' })
  contactsWithoutCaseDays!: number;
  @ApiProperty({ minimum: 30, maximum: 36500, description: 'Closed cases, their contacts, and clients with nothing newer: this many days after closing' })
  closedCasesDays!: number;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) updatedAt!: string | null;
  @ApiProperty() version!: number;
}

export class UpdateRetentionSettingsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiProperty({ minimum: 30, maximum: 36500 })
  @IsInt()
  @Min(30)
  @Max(36500)
  contactsWithoutCaseDays!: number;

  @ApiProperty({ minimum: 30, maximum: 36500 })
  @IsInt()
  @Min(30)
  @Max(36500)
  closedCasesDays!: number;
}

export class RetentionReportDto {
  @ApiProperty({ description: 'true: nothing was changed, these are what a run would anonymise now' }) dryRun!: boolean;
  @ApiProperty() contacts!: number;
  @ApiProperty() cases!: number;
  @ApiProperty() people!: number;
  @ApiProperty({ description: 'Closed cases past their period kept by a legal hold' }) heldCases!: number;
  @ApiProperty({ description: 'false when the run stopped at its batch limit: the next run continues' }) complete!: boolean;
}

export class LegalHoldDto {
  @ApiProperty()
  @IsBoolean()
  hold!: boolean;

  @ApiProperty({ required: false, minLength: LEGAL_HOLD_REASON_MIN, maxLength: LEGAL_HOLD_REASON_MAX, description: 'Required when placing a hold' })
  @ValidateIf((o: LegalHoldDto) => o.hold === true || o.reason !== undefined)
  @Transform(trim)
  @IsString()
  @Length(LEGAL_HOLD_REASON_MIN, LEGAL_HOLD_REASON_MAX)
  reason?: string;
}

export class LegalHoldStateDto {
  @ApiProperty() legalHold!: boolean;
  @ApiProperty({ type: String, nullable: true }) legalHoldReason!: string | null;
}
