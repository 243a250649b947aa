import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, IsUUID, Length, Matches, MaxLength } from 'class-validator';
import { MENU_LANGUAGES, MESSAGE_BODY_MAX, type MenuLanguage } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';

export class OpenWebchatDto {
  @IsIn(MENU_LANGUAGES)
  language!: MenuLanguage;
}

export class WebchatMessageDto {
  /** The widget's own id for the message: a retry of the same send is taken once. */
  @IsUUID()
  clientMessageId!: string;

  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_BODY_MAX)
  text!: string;

  /** Only if the visitor chose to leave a number (for a callback). */
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(32)
  @Matches(/^\+?[0-9 ()-]{6,32}$/, { message: 'phone must be a phone number' })
  phone?: string;
}

export class WebchatReadQuery {
  /** The last message the widget has shown (`after` of the previous answer). */
  @IsOptional()
  @IsUUID()
  after?: string;
}

export interface WebchatSessionView {
  token: string;
  expiresAt: string;
  exitUrl: string;
}

export interface WebchatMessageView {
  id: string;
  from: 'visitor' | 'line';
  text: string;
  at: string;
  /** A file the line sent: its name and the link it is served on. */
  file?: { name: string; contentType: string; sizeBytes: number; url: string };
}
