import { PageQuery } from '#api/core/http/page-query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { MAX_WRAP_UP_SECONDS } from '@mayak/domain';
import { IsBoolean, IsInt, IsOptional, IsString, Length, Matches, Max, Min } from 'class-validator';
import { IsTimeZone } from '#api/core/http/is-time-zone';
import { toBoolean, trim } from '#api/core/http/transforms';
import type { Office } from '../office.entity';

export class OfficeRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
}

export class OfficeDto extends OfficeRefDto {
  @ApiProperty({ example: 'ALA' }) code!: string;
  @ApiProperty({ example: 'Asia/Almaty' }) timezone!: string;
  @ApiProperty() active!: boolean;
  @ApiProperty({ description: 'After-call work: seconds an operator stays out of the ring after a call (0: none)', minimum: 0, maximum: MAX_WRAP_UP_SECONDS })
  wrapUpSeconds!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty({ description: 'Send back on update; a stale version is refused with 409' }) version!: number;

  static from(office: Office): OfficeDto {
    return {
      id: office.id,
      name: office.name,
      code: office.code,
      timezone: office.timezone,
      active: office.active,
      wrapUpSeconds: office.wrapUpSeconds,
      createdAt: office.createdAt.toISOString(),
      updatedAt: office.updatedAt.toISOString(),
      version: office.version,
    };
  }
}

export class OfficePageDto {
  @ApiProperty({ type: [OfficeDto] }) items!: OfficeDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class CreateOfficeDto {
  @ApiProperty({ minLength: 2, maxLength: 100, example: 'Shymkent' })
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  name!: string;

  @ApiProperty({ pattern: '^[A-Z]{2,6}$', example: 'SHY' })
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z]{2,6}$/, { message: 'code must be 2 to 6 Latin letters' })
  code!: string;

  @ApiPropertyOptional({ example: 'Asia/Almaty', description: 'IANA time zone' })
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional({ description: 'After-call work in seconds (0: none; default 60)', minimum: 0, maximum: MAX_WRAP_UP_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WRAP_UP_SECONDS)
  wrapUpSeconds?: number;
}

export class UpdateOfficeDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 100)
  name?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(({ value }) => (typeof value === 'string' ? value.trim().toUpperCase() : value))
  @IsString()
  @Matches(/^[A-Z]{2,6}$/, { message: 'code must be 2 to 6 Latin letters' })
  code?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsString()
  @IsTimeZone()
  timezone?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'After-call work in seconds (0: none)', minimum: 0, maximum: MAX_WRAP_UP_SECONDS })
  @IsOptional()
  @IsInt()
  @Min(0)
  @Max(MAX_WRAP_UP_SECONDS)
  wrapUpSeconds?: number;
}

export class ListOfficesQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or code' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}
