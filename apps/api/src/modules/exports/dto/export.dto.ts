import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsISO8601, IsOptional, IsUUID, Max, Min } from 'class-validator';

export class CaseExportQuery {
  @ApiPropertyOptional({ format: 'date', description: 'Cases registered (opened) on or after this day (the office\'s calendar day) or instant; default: the start of this year' }) @IsOptional() @IsISO8601({ strict: true })
  from?: string;

  @ApiPropertyOptional({ format: 'date', description: 'Cases registered before this day (the office\'s calendar day) or instant; default: tomorrow' }) @IsOptional() @IsISO8601({ strict: true })
  to?: string;

  @ApiPropertyOptional({ format: 'uuid', description: 'One of your offices; default: all of them' }) @IsOptional() @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ minimum: 2, maximum: 100, description: 'Smallest group of people who share gender, age band, citizenship, country and type of exploitation and year; default EXPORT_K_ANONYMITY (11)' })
  @IsOptional() @Type(() => Number) @IsInt() @Min(2) @Max(100)
  k?: number;
}
