import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayUnique,
  IsArray,
  IsIn,
  IsInt,
  IsISO8601,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  Max,
  MaxLength,
  Min,
  ValidateNested,
} from 'class-validator';
import {
  AGE_GROUPS,
  COUNTRY_CODES,
  GENDERS,
  IDENTIFIER_KINDS,
  LANGUAGE_CODES,
  MAX_PAGE_SIZE,
  MIGRATION_SITUATIONS,
  PERSON_FLAG_KINDS,
  PERSON_LIMITS as L,
} from '@mayak/domain';
import { trim } from '#api/core/http/transforms';

export class NewIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_KINDS, enumName: 'IdentifierKind' })
  @IsIn(IDENTIFIER_KINDS)
  kind!: string;

  @ApiProperty({ maxLength: L.identifierValueMax, description: 'Phone numbers in any common format; stored as E.164, encrypted' })
  @Transform(trim)
  @IsString()
  @Length(1, L.identifierValueMax)
  value!: string;

  @ApiPropertyOptional({ maxLength: L.identifierLabelMax, description: 'e.g. "sister’s phone"' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(L.identifierLabelMax)
  label?: string;
}

class PersonFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: L.nameMax, description: 'Name or pseudonym; encrypted at rest' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(L.nameMax)
  name?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, enumName: 'Gender', nullable: true })
  @IsOptional()
  @IsIn(GENDERS)
  gender?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: L.birthYearMin, maximum: L.birthYearMax })
  @IsOptional()
  @IsInt()
  @Min(L.birthYearMin)
  @Max(L.birthYearMax)
  birthYear?: number | null;

  @ApiPropertyOptional({ enum: AGE_GROUPS, enumName: 'AgeGroup', nullable: true })
  @IsOptional()
  @IsIn(AGE_GROUPS)
  ageGroup?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'ISO 3166-1 alpha-2' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(L.citizenshipMax)
  @IsIn(COUNTRY_CODES, { each: true })
  citizenship?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639-1' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(L.languagesMax)
  @IsIn(LANGUAGE_CODES, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ enum: MIGRATION_SITUATIONS, enumName: 'MigrationSituation', nullable: true })
  @IsOptional()
  @IsIn(MIGRATION_SITUATIONS)
  migrationSituation?: string | null;
}

export class CreatePersonDto extends PersonFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your first office' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ type: [NewIdentifierDto] })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(L.identifiersMax)
  @ValidateNested({ each: true })
  @Type(() => NewIdentifierDto)
  identifiers?: NewIdentifierDto[];
}

export class UpdatePersonDto extends PersonFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;
}

export class RevealDto {
  @ApiProperty({ minLength: L.revealReasonMin, maxLength: L.revealReasonMax, description: 'Why you need to see it; kept in the audit log' })
  @Transform(trim)
  @IsString()
  @Length(L.revealReasonMin, L.revealReasonMax)
  reason!: string;
}

export class NewFlagDto {
  @ApiProperty({ enum: PERSON_FLAG_KINDS, enumName: 'PersonFlagKind' })
  @IsIn(PERSON_FLAG_KINDS)
  kind!: string;

  @ApiProperty({ minLength: L.flagReasonMin, maxLength: L.flagReasonMax })
  @Transform(trim)
  @IsString()
  @Length(L.flagReasonMin, L.flagReasonMax)
  reason!: string;

  @ApiPropertyOptional({ format: 'date-time' })
  @IsOptional()
  @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class NewCallerFlagDto extends NewFlagDto {
  @ApiProperty({ description: 'The caller’s number in any common format' })
  @Transform(trim)
  @IsString()
  @Length(3, 40)
  phone!: string;
}

export class MergePeopleDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate record; it is folded into this one' })
  @IsUUID()
  duplicateId!: string;

  @ApiProperty({ minLength: L.mergeReasonMin, maxLength: L.mergeReasonMax })
  @Transform(trim)
  @IsString()
  @Length(L.mergeReasonMin, L.mergeReasonMax)
  reason!: string;
}

export class SearchPeopleQuery {
  @ApiProperty({
    description: 'A phone number in any format, name words (Cyrillic or Latin), or another identifier typed whole (document number, e-mail, messenger id)',
  })
  @Transform(trim)
  @IsString()
  @Length(2, 200)
  q!: string;

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

export class FlagDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: PERSON_FLAG_KINDS, enumName: 'PersonFlagKind' }) kind!: string;
  @ApiProperty() reason!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) expiresAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ enum: ['person', 'phone'] }) on!: 'person' | 'phone';
}

export class IdentifierDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: IDENTIFIER_KINDS, enumName: 'IdentifierKind' }) kind!: string;
  @ApiProperty({ description: 'Masked unless you may view identifiers' }) value!: string;
  @ApiProperty({ type: String, nullable: true }) label!: string | null;
}

export class PersonDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ type: String, nullable: true, description: 'Masked (initials) unless you may view identifiers' }) name!: string | null;
  @ApiProperty({ description: 'True when names and numbers in this answer are masked' }) masked!: boolean;
  @ApiProperty({ type: String, nullable: true }) gender!: string | null;
  @ApiProperty({ type: Number, nullable: true }) birthYear!: number | null;
  @ApiProperty({ type: String, nullable: true }) ageGroup!: string | null;
  @ApiProperty({ type: [String] }) citizenship!: string[];
  @ApiProperty({ type: [String] }) languages!: string[];
  @ApiProperty({ type: String, nullable: true }) migrationSituation!: string | null;
  @ApiProperty({ type: [IdentifierDto] }) identifiers!: IdentifierDto[];
  @ApiProperty({ type: [FlagDto], description: 'Active flags on the person or any of their numbers' }) flags!: FlagDto[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true }) mergedIntoId!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty() version!: number;
}

export class PersonPageDto {
  @ApiProperty({ type: [PersonDto] }) items!: PersonDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}

export class DuplicatesQuery {
  @ApiPropertyOptional({ minimum: 1, maximum: L.duplicatesMax, default: 10 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  @Max(L.duplicatesMax)
  limit?: number;
}

export const DUPLICATE_MATCHES = ['phone', 'identifier', 'name'] as const;
export type DuplicateMatch = (typeof DUPLICATE_MATCHES)[number];

export class PersonDuplicateDto {
  @ApiProperty({ type: PersonDto, description: 'Masked as any read of this person is' }) person!: PersonDto;
  @ApiProperty({
    enum: DUPLICATE_MATCHES,
    enumName: 'DuplicateMatch',
    isArray: true,
    description: 'What the two records share: a phone number, another identifier (document, e-mail, messenger, address), or every word of the shorter name',
  })
  matchedBy!: DuplicateMatch[];
}

export class PersonDuplicatesDto {
  @ApiProperty({ type: [PersonDuplicateDto], description: 'Same identifier first, then newest first; at most `limit`' }) items!: PersonDuplicateDto[];
  @ApiProperty() limit!: number;
}

export class PersonMergeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) survivorId!: string;
  @ApiProperty({ format: 'uuid' }) mergedId!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ format: 'date-time' }) mergedAt!: string;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) undoneAt!: string | null;
  @ApiProperty({ description: 'Contacts, cases, identifiers and flags that moved' }) movedCount!: number;
}

export class PersonMergePageDto {
  @ApiProperty({ type: [PersonMergeDto] }) items!: PersonMergeDto[];
  @ApiProperty({ type: String, nullable: true }) nextCursor!: string | null;
  @ApiProperty() limit!: number;
}
