import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform, Type } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsIn, IsInt, IsISO8601, IsOptional, IsString, IsUUID, Length, Max, MaxLength, Min, ValidateNested } from 'class-validator';
import { AGE_GROUPS, COUNTRY_CODES, GENDERS, IDENTIFIER_KINDS, LANGUAGE_CODES, MAX_PAGE_SIZE, MIGRATION_SITUATIONS, PERSON_FLAG_KINDS } from '@mayak/domain';
import { trim } from '../../../core/http/transforms';

export class NewIdentifierDto {
  @ApiProperty({ enum: IDENTIFIER_KINDS, enumName: 'IdentifierKind' }) @IsIn(IDENTIFIER_KINDS)
  kind!: string;

  @ApiProperty({ maxLength: 300, description: 'Phone numbers in any common format; stored as E.164, encrypted' })
  @Transform(trim) @IsString() @Length(1, 300)
  value!: string;

  @ApiPropertyOptional({ maxLength: 60, description: 'e.g. "sister’s phone"' }) @IsOptional() @Transform(trim) @IsString() @MaxLength(60)
  label?: string;
}

class PersonFieldsDto {
  @ApiPropertyOptional({ type: String, nullable: true, maxLength: 200, description: 'Name or pseudonym; encrypted at rest' })
  @IsOptional() @Transform(trim) @IsString() @MaxLength(200)
  name?: string | null;

  @ApiPropertyOptional({ enum: GENDERS, enumName: 'Gender', nullable: true }) @IsOptional() @IsIn(GENDERS)
  gender?: string | null;

  @ApiPropertyOptional({ type: Number, nullable: true, minimum: 1900, maximum: 2100 }) @IsOptional() @IsInt() @Min(1900) @Max(2100)
  birthYear?: number | null;

  @ApiPropertyOptional({ enum: AGE_GROUPS, enumName: 'AgeGroup', nullable: true }) @IsOptional() @IsIn(AGE_GROUPS)
  ageGroup?: string | null;

  @ApiPropertyOptional({ type: [String], description: 'ISO 3166-1 alpha-2' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(5) @IsIn(COUNTRY_CODES, { each: true })
  citizenship?: string[];

  @ApiPropertyOptional({ type: [String], description: 'ISO 639-1' })
  @IsOptional() @IsArray() @ArrayUnique() @ArrayMaxSize(10) @IsIn(LANGUAGE_CODES, { each: true })
  languages?: string[];

  @ApiPropertyOptional({ enum: MIGRATION_SITUATIONS, enumName: 'MigrationSituation', nullable: true }) @IsOptional() @IsIn(MIGRATION_SITUATIONS)
  migrationSituation?: string | null;
}

export class CreatePersonDto extends PersonFieldsDto {
  @ApiPropertyOptional({ format: 'uuid', description: 'Defaults to your first office' }) @IsOptional() @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ type: [NewIdentifierDto] })
  @IsOptional() @IsArray() @ArrayMaxSize(20) @ValidateNested({ each: true }) @Type(() => NewIdentifierDto)
  identifiers?: NewIdentifierDto[];
}

export class UpdatePersonDto extends PersonFieldsDto {
  @ApiProperty() @IsInt() @Min(1)
  version!: number;
}

export class RevealDto {
  @ApiProperty({ minLength: 5, maxLength: 500, description: 'Why you need to see it; kept in the audit log' })
  @Transform(trim) @IsString() @Length(5, 500)
  reason!: string;
}

export class NewFlagDto {
  @ApiProperty({ enum: PERSON_FLAG_KINDS, enumName: 'PersonFlagKind' }) @IsIn(PERSON_FLAG_KINDS)
  kind!: string;

  @ApiProperty({ minLength: 3, maxLength: 500 }) @Transform(trim) @IsString() @Length(3, 500)
  reason!: string;

  @ApiPropertyOptional({ format: 'date-time' }) @IsOptional() @IsISO8601({ strict: true })
  expiresAt?: string;
}

export class NewCallerFlagDto extends NewFlagDto {
  @ApiProperty({ description: 'The caller’s number in any common format' }) @Transform(trim) @IsString() @Length(3, 40)
  phone!: string;
}

export class MergePeopleDto {
  @ApiProperty({ format: 'uuid', description: 'The duplicate record; it is folded into this one' }) @IsUUID()
  duplicateId!: string;

  @ApiProperty({ minLength: 5, maxLength: 500 }) @Transform(trim) @IsString() @Length(5, 500)
  reason!: string;
}

export class SearchPeopleQuery {
  @ApiProperty({ description: 'A phone number in any format, or name words (Cyrillic or Latin)' })
  @Transform(trim) @IsString() @Length(2, 200)
  q!: string;

  @ApiPropertyOptional({ minimum: 1, maximum: MAX_PAGE_SIZE }) @IsOptional() @Type(() => Number) @IsInt() @Min(1) @Max(MAX_PAGE_SIZE)
  limit?: number;

  @ApiPropertyOptional() @IsOptional() @IsString() @MaxLength(200)
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
