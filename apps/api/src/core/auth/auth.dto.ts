import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsEmail, IsIn, IsOptional, IsString, Length, Matches, MaxLength } from 'class-validator';
import { LOCALES, type Locale, MENU_LANGUAGES, type MenuLanguage, PERMISSIONS, type Permission, ROLES, type Role } from '@mayak/domain';
import { lower, trim } from '../http/transforms';

const SIX_DIGITS = /^\s*\d{3}\s?\d{3}\s*$/;
const SIX_DIGITS_MESSAGE = 'code must be the 6 digits shown by your authenticator app';

export class LoginDto {
  @ApiProperty({ format: 'email' })
  @Transform(lower)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;

  @ApiProperty()
  @IsString()
  @Length(1, 256)
  password!: string;

  @ApiPropertyOptional({
    example: '123456',
    description:
      'The 6-digit code from the authenticator app, sent with the password: signs in at once, and is accepted while too many failed attempts hold the password alone back (429 with secondFactorAccepted)',
  })
  @IsOptional()
  @IsString()
  @Matches(SIX_DIGITS, { message: SIX_DIGITS_MESSAGE })
  code?: string;
}

/** An office of the signed-in user, with the time zone its days (dashboards, reports, "today") are counted in. */
export class MyOfficeDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() name!: string;
  @ApiProperty({ example: 'Asia/Almaty' }) timezone!: string;
}

export class MeUserDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ enum: ROLES, enumName: 'Role', isArray: true }) roles!: Role[];
  @ApiProperty({ enum: PERMISSIONS, enumName: 'Permission', isArray: true }) permissions!: Permission[];
  @ApiProperty({ type: [MyOfficeDto] }) offices!: MyOfficeDto[];
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' }) locale!: Locale;
  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage', isArray: true, description: 'Languages you speak on calls' }) languages!: MenuLanguage[];
  @ApiProperty() mfaEnrolled!: boolean;
}

export const SESSION_STATES = ['active', 'mfa_required', 'mfa_enrolment_required'] as const;

export class SessionDto {
  @ApiProperty({ enum: SESSION_STATES, enumName: 'SessionState' }) state!: (typeof SESSION_STATES)[number];
  @ApiProperty({ description: 'Send as X-CSRF-Token on every POST, PUT, PATCH and DELETE' }) csrfToken!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty() idleTimeoutSeconds!: number;
  @ApiProperty({ type: MeUserDto }) user!: MeUserDto;
}

/** The key this session's console encrypts its local intake draft with (never stored by the browser). */
export class DraftKeyDto {
  @ApiProperty({
    description: '32 bytes (AES-256-GCM), base64url: the same for the whole session, another for any other session; keep it in memory only',
    example: 'q3Jx0b2m5V9cTn8yZp1WfLk4hR6sA7dE0gU2iO3jBvM',
  })
  key!: string;
}

export class UpdateMeDto {
  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;

  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(2, 120)
  displayName?: string;

  @ApiPropertyOptional({
    enum: MENU_LANGUAGES,
    enumName: 'MenuLanguage',
    isArray: true,
    description: 'Languages you speak on calls: a call in one of them rings for you first',
  })
  @IsOptional()
  @IsArray()
  @ArrayMaxSize(MENU_LANGUAGES.length)
  @ArrayUnique()
  @IsIn(MENU_LANGUAGES, { each: true })
  languages?: MenuLanguage[];
}

export class MfaVerifyDto {
  @ApiPropertyOptional({ example: '123456' })
  @IsOptional()
  @IsString()
  @Matches(SIX_DIGITS, { message: SIX_DIGITS_MESSAGE })
  code?: string;

  @ApiPropertyOptional({ example: 'abcde-fghjk' })
  @IsOptional()
  @IsString()
  @Length(10, 16)
  recoveryCode?: string;
}

export class MfaConfirmDto {
  @ApiProperty({ example: '123456' })
  @IsString()
  @Matches(SIX_DIGITS, { message: SIX_DIGITS_MESSAGE })
  code!: string;
}

export class MfaEnrolmentDto {
  @ApiProperty({ description: 'Base32 secret for manual entry' }) secret!: string;
  @ApiProperty() otpauthUri!: string;
  @ApiProperty({ description: 'PNG data URL of a QR code of otpauthUri' }) qrCodeDataUrl!: string;
}

export class MfaEnrolmentResultDto {
  @ApiProperty({ type: SessionDto }) session!: SessionDto;
  @ApiProperty({ type: [String], description: 'Shown once; each works once' }) recoveryCodes!: string[];
}

/** The password given again inside a session before a change to how it signs in (step-up). */
export class StepUpDto {
  @ApiProperty({ description: 'The current password of the signed-in account' })
  @IsString()
  @Length(1, 256)
  password!: string;
}

export class ChangePasswordDto {
  @ApiProperty({ description: 'The password now' })
  @IsString()
  @Length(1, 256)
  currentPassword!: string;

  @ApiProperty({ description: 'At least 12 characters, not the e-mail address, not a common password' })
  @IsString()
  @Length(1, 256)
  newPassword!: string;
}

export class RenewRecoveryCodesDto {
  @ApiProperty({ description: 'The current password of the signed-in account' })
  @IsString()
  @Length(1, 256)
  password!: string;

  @ApiProperty({ example: '123456', description: 'The 6-digit code from the authenticator app' })
  @IsString()
  @Matches(SIX_DIGITS, { message: SIX_DIGITS_MESSAGE })
  code!: string;
}

export class RecoveryCodesDto {
  @ApiProperty({ type: [String], description: 'Shown once; each works once; the earlier codes no longer work' }) recoveryCodes!: string[];
}

export class SecondFactorDto {
  @ApiProperty() enrolled!: boolean;
  @ApiProperty({ format: 'date-time', nullable: true, type: String }) enrolledAt!: string | null;
  @ApiProperty({ description: 'Recovery codes not used yet' }) recoveryCodesLeft!: number;
}
