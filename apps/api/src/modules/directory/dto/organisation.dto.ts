import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsEmail, IsIn, IsInt, IsOptional, IsString, IsUrl, Length, MaxLength, Min } from 'class-validator';
import { KZ_REGIONS, LANGUAGE_CODES, ORGANISATION_TYPES, SERVICE_TYPES } from '@mayak/domain';
import { PageQuery } from '#api/core/http/page-query';
import { toBoolean, trim } from '#api/core/http/transforms';
import type { Organisation } from '../organisation.entity';

class OrganisationFieldsDto {
  @ApiPropertyOptional({ maxLength: 2000 })
  @IsOptional()
  @IsString()
  @MaxLength(2000)
  description?: string;

  @ApiPropertyOptional({ enum: SERVICE_TYPES, enumName: 'ServiceType', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(SERVICE_TYPES.length)
  @IsIn(SERVICE_TYPES, { each: true })
  serviceTypes?: string[];

  @ApiPropertyOptional({ enum: KZ_REGIONS, enumName: 'Region', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(KZ_REGIONS.length)
  @IsIn(KZ_REGIONS, { each: true })
  regions?: string[];

  @ApiPropertyOptional({ type: [String] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(30)
  @IsString({ each: true })
  @Length(1, 80, { each: true })
  cities?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639-1' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsIn(LANGUAGE_CODES, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 60 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(60)
  phone?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsEmail()
  @MaxLength(254)
  email?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true })
  @IsOptional()
  @IsUrl({ require_protocol: true, protocols: ['http', 'https'] })
  @MaxLength(300)
  website?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  address?: string | null;

  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 300, description: 'e.g. "Mon–Fri 9:00–18:00; hotline 24/7"' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(300)
  openingHours?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  acceptsReferrals?: boolean;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class CreateOrganisationDto extends OrganisationFieldsDto {
  @ApiProperty({ minLength: 2, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name!: string;

  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' })
  @IsIn(ORGANISATION_TYPES)
  type!: string;
}

export class UpdateOrganisationDto extends OrganisationFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minLength: 2, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  name?: string;

  @ApiPropertyOptional({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' })
  @IsOptional()
  @IsIn(ORGANISATION_TYPES)
  type?: string;
}

export class SearchOrganisationsQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Words from the name, description or cities' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: SERVICE_TYPES, enumName: 'ServiceType' })
  @IsOptional()
  @IsIn(SERVICE_TYPES)
  serviceType?: string;

  @ApiPropertyOptional({ enum: KZ_REGIONS, enumName: 'Region' })
  @IsOptional()
  @IsIn(KZ_REGIONS)
  region?: string;

  @ApiPropertyOptional({ description: 'ISO 639-1' })
  @IsOptional()
  @IsIn(LANGUAGE_CODES)
  language?: string;

  @ApiPropertyOptional({ description: 'Only those that accept referrals through Mayak' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  acceptsReferrals?: boolean;

  @ApiPropertyOptional({ description: 'Include inactive organisations (administrators)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeInactive?: boolean;
}

export class OrganisationDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ enum: ORGANISATION_TYPES, enumName: 'OrganisationType' }) type!: string;
  @ApiProperty() description!: string;
  @ApiProperty({ enum: SERVICE_TYPES, enumName: 'ServiceType', isArray: true }) serviceTypes!: string[];
  @ApiProperty({ enum: KZ_REGIONS, enumName: 'Region', isArray: true }) regions!: string[];
  @ApiProperty({ type: [String] }) cities!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: String, nullable: true }) phone!: string | null;
  @ApiProperty({ type: String, nullable: true }) email!: string | null;
  @ApiProperty({ type: String, nullable: true }) website!: string | null;
  @ApiProperty({ type: String, nullable: true }) address!: string | null;
  @ApiProperty({ type: String, nullable: true }) openingHours!: string | null;
  @ApiProperty() acceptsReferrals!: boolean;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;

  static from(o: Organisation): OrganisationDto {
    return {
      id: o.id,
      name: o.name,
      type: o.type,
      description: o.description,
      serviceTypes: o.serviceTypes,
      regions: o.regions,
      cities: o.cities,
      languages: o.languages,
      phone: o.phone,
      email: o.email,
      website: o.website,
      address: o.address,
      openingHours: o.openingHours,
      acceptsReferrals: o.acceptsReferrals,
      active: o.active,
      version: o.version,
    };
  }
}

export class OrganisationPageDto {
  @ApiProperty({ type: [OrganisationDto] }) items!: OrganisationDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}
