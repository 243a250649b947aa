import { ApiProperty } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsEmail, IsString, Length, MaxLength } from 'class-validator';
import { type AccountLinkPurpose, PASSWORD_MAX_LENGTH } from '@mayak/domain';
import { lower } from '#api/core/http/transforms';
import type { AccountLinkView } from '../account-links.service';

export class PasswordResetRequestDto {
  @ApiProperty({ format: 'email' })
  @Transform(lower)
  @IsEmail({}, { message: 'email must be a valid e-mail address' })
  @MaxLength(254)
  email!: string;
}

export class PasswordResetRequestedDto {
  @ApiProperty({ description: 'The same for every address, whether or not it has an account' }) message!: string;
}

export class AccountLinkTokenDto {
  @ApiProperty({ description: 'The token from the link (after the #)', minLength: 43, maxLength: 43 })
  @IsString()
  @Length(1, 100)
  token!: string;
}

export class CompleteAccountLinkDto extends AccountLinkTokenDto {
  @ApiProperty({ minLength: 12, maxLength: PASSWORD_MAX_LENGTH, description: 'The password to choose: at least 12 characters; a passphrase is best' })
  @IsString()
  @MaxLength(PASSWORD_MAX_LENGTH)
  password!: string;
}

export class AccountLinkDto {
  @ApiProperty({ enum: ['invitation', 'password_reset'], enumName: 'AccountLinkPurpose' }) purpose!: AccountLinkPurpose;
  @ApiProperty({ format: 'email' }) email!: string;
  @ApiProperty() displayName!: string;
  @ApiProperty({ format: 'date-time' }) expiresAt!: string;
  @ApiProperty({ description: 'After the password, the account must enrol an authenticator app at its first sign-in' }) secondFactorRequired!: boolean;

  static from(view: AccountLinkView): AccountLinkDto {
    return {
      purpose: view.purpose,
      email: view.email,
      displayName: view.displayName,
      expiresAt: view.expiresAt.toISOString(),
      secondFactorRequired: view.secondFactorRequired,
    };
  }
}

export class AccountLinkCompletedDto {
  @ApiProperty({ format: 'email', description: 'The account to sign in to now' }) email!: string;
  @ApiProperty({ enum: ['invitation', 'password_reset'], enumName: 'AccountLinkPurpose' }) purpose!: AccountLinkPurpose;
}
