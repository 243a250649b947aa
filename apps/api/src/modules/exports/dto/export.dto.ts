import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { K_FLOOR, K_MAX } from '@mayak/domain';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class CaseExportQuery {
  @ApiPropertyOptional({
    format: 'date',
    description: "Cases registered (opened) on or after this day (the office's calendar day) or instant; default: the start of this year",
  })
  @IsOptional()
  @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: "Cases registered before this day (the office's calendar day) or instant; default: tomorrow" })
  @IsOptional()
  @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of your offices; default: all of them' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({
    minimum: K_FLOOR,
    maximum: K_MAX,
    description:
      "Smallest group of people who share gender, age band, citizenship, country and type of exploitation and year; never below the installation's floor (EXPORT_K_ANONYMITY, itself never below 11): 422 k_below_floor; default that floor",
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(K_MAX)
  k?: number;
}

/** What an export may ask for on this installation, so the console offers only allowed values. */
export class ExportRulesDto {
  @ApiProperty({ description: 'The smallest k this installation allows (EXPORT_K_ANONYMITY; never below 11)' }) kFloor!: number;
  @ApiProperty({ description: 'The largest k an export may ask for' }) kMax!: number;
  @ApiProperty({
    description: 'Only cases whose client gave standing consent to anonymous statistics are exported; the others are counted in X-Export-Rows-Without-Consent',
  })
  statisticsConsentRequired!: boolean;
}
