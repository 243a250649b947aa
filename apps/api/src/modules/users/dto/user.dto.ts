import { PageQuery } from '#api/core/http/page-query';
import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import {
  ArrayMaxSize,
  ArrayMinSize,
  ArrayUnique,
  IsArray,
  IsBoolean,
  IsEmail,
  IsIn,
  IsInt,
  IsOptional,
  IsString,
  IsUUID,
  Length,
  MaxLength,
  Min,
} from 'class-validator';
import { type AccountLinkPurpose, LOCALES, type Locale, MENU_LANGUAGES, type MenuLanguage, PASSWORD_MAX_LENGTH, ROLES, type Role } from '@mayak/domain';
import { OfficeRefDto } from '#api/modules/offices/dto/office.dto';
import { lower, toBoolean, trim } from '#api/core/http/transforms';
import type { User } from '../user.entity';
import type { IssuedAccountLink } from '../account-links.service';

export class UserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty({ type: [OfficeRefDto] }) offices!: OfficeRefDto[];
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' }) locale!: Locale;
  @ApiProperty({
    enum: MENU_LANGUAGES,
    enumName: 'MenuLanguage',
    isArray: true,
    description: 'Languages they speak on calls: a call in one of them rings for them first',
  })
  languages!: MenuLanguage[];
  @ApiProperty({ type: String, format: 'uuid', nullable: true, description: 'For partners: their directory organisation' }) organisationId!: string | null;
  @ApiProperty() active!: boolean;
  @ApiProperty() mfaEnrolled!: boolean;
  @ApiProperty({ description: 'Invited and has not chosen a password yet (cannot sign in)' }) invitationPending!: boolean;
  @ApiProperty({ type: String, format: 'date-time', nullable: true }) lastLoginAt!: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;

  static from(user: User): UserDto {
    return {
      id: user.id,
      email: user.email,
      displayName: user.displayName,
      roles: user.roles,
      offices: (user.offices ?? []).map((o) => ({ id: o.id, name: o.name })).sort((a, b) => a.name.localeCompare(b.name)),
      locale: user.locale,
      languages: user.languages ?? [],
      organisationId: user.organisationId ?? null,
      active: user.active,
      mfaEnrolled: user.mfaEnrolledAt !== null,
      invitationPending: user.passwordSetAt === null,
      lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
      createdAt: user.createdAt.toISOString(),
      updatedAt: user.updatedAt.toISOString(),
      version: user.version,
    };
  }
}

export class UserPageDto {
  @ApiProperty({ type: [UserDto] }) items!: UserDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class CreateUserDto {
  @ApiProperty({ format: 'email' })
  @Transform(lower)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty({ minLength: 2, maxLength: 120 })
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  displayName!: string;

  @ApiPropertyOptional({
    minLength: 12,
    maxLength: PASSWORD_MAX_LENGTH,
    description:
      'Leave out to invite: the person gets a single-use link by e-mail to choose their own password (and then enrol a second factor). Given, at least 12 characters.',
  })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;

  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles!: Role[];

  @ApiProperty({ type: [String], format: 'uuid' })
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officeIds!: string[];

  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage', isArray: true, description: 'Languages they speak on calls' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MENU_LANGUAGES.length)
  @ArrayUnique()
  @IsIn(MENU_LANGUAGES, { each: true })
  languages?: MenuLanguage[];

  @ApiPropertyOptional({
    type: String,
    format: 'uuid',
    nullable: true,
    description: 'Required for the partner role: the directory organisation they answer for',
  })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;
}

export class UpdateUserDto {
  @ApiProperty({ description: 'The version you read' })
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  displayName?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role', isArray: true })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(ROLES.length)
  @ArrayUnique()
  @IsIn(ROLES, { each: true })
  roles?: Role[];

  @ApiPropertyOptional({ type: [String], format: 'uuid' })
  @IsOptional()
  @IsArray()
  @ArrayMinSize(1)
  @ArrayMaxSize(50)
  @ArrayUnique()
  @IsUUID('all', { each: true })
  officeIds?: string[];

  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage', isArray: true, description: 'Languages they speak on calls' })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MENU_LANGUAGES.length)
  @ArrayUnique()
  @IsIn(MENU_LANGUAGES, { each: true })
  languages?: MenuLanguage[];

  @ApiPropertyOptional({ type: String, format: 'uuid', nullable: true, description: 'For partners: their directory organisation' })
  @IsOptional()
  @IsUUID()
  organisationId?: string | null;

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  active?: boolean;

  @ApiPropertyOptional({ description: 'Sets a new password and signs the user out everywhere' })
  @IsOptional()
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password?: string;
}

export class ListUsersQuery extends PageQuery {
  @ApiPropertyOptional({ description: 'Part of the name or e-mail' })
  @IsOptional()
  @IsString()
  @Length(1, 100)
  q?: string;

  @ApiPropertyOptional({ format: 'uuid' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ enum: ROLES, enumName: 'Role' })
  @IsOptional()
  @IsIn(ROLES)
  role?: Role;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  active?: boolean;
}

export class IssuedAccountLinkDto {
  @ApiProperty({ enum: ['invitation', 'password_reset'], enumName: 'AccountLinkPurpose' }) purpose!: AccountLinkPurpose;
  @ApiProperty({ format: 'date-time', description: 'The link works once, until then' }) expiresAt!: string;
  @ApiProperty({ description: "Mailed to the account's address (then nobody else sees the link)" }) mailed!: boolean;
  @ApiProperty({ type: String, nullable: true, description: 'Only when mail is off: hand it to the person yourself, through a channel only they read' }) url!:
    string | null;

  static from(issued: IssuedAccountLink): IssuedAccountLinkDto {
    return { purpose: issued.purpose, expiresAt: issued.expiresAt.toISOString(), mailed: issued.mailed, url: issued.url };
  }
}

export class CreatedUserDto extends UserDto {
  @ApiProperty({ type: IssuedAccountLinkDto, nullable: true, description: 'The invitation, when the account was created without a password' })
  invitation!: IssuedAccountLinkDto | null;
}
