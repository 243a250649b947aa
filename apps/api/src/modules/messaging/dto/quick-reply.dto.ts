import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, IsUUID, Length, MaxLength, Min } from 'class-validator';
import { MENU_LANGUAGES, MESSAGE_BODY_MAX, QUICK_REPLY_TITLE_MAX, type MenuLanguage } from '@mayak/domain';
import { PageQuery } from '#api/core/http/page-query';
import { trim } from '#api/core/http/transforms';
import type { QuickReply } from '../quick-reply.entity';

export class QuickReplyDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) officeId!: string;
  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' }) language!: MenuLanguage;
  @ApiProperty() title!: string;
  @ApiProperty() body!: string;
  @ApiProperty() version!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;

  static from(r: QuickReply): QuickReplyDto {
    return { id: r.id, officeId: r.officeId, language: r.language, title: r.title, body: r.body, version: r.version, updatedAt: r.updatedAt.toISOString() };
  }
}

export class QuickReplyPageDto {
  @ApiProperty({ type: [QuickReplyDto] }) items!: QuickReplyDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class QuickRepliesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'One of your offices (default: all of them)' })
  @IsOptional()
  @IsUUID()
  officeId?: string;

  @ApiPropertyOptional({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' })
  @IsOptional()
  @IsIn(MENU_LANGUAGES)
  language?: MenuLanguage;

  @ApiPropertyOptional({ maxLength: 80, description: 'Words in the title or the text' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(80)
  q?: string;
}

export class CreateQuickReplyDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  officeId!: string;

  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' })
  @IsIn(MENU_LANGUAGES)
  language!: MenuLanguage;

  @ApiProperty({ minLength: 1, maxLength: QUICK_REPLY_TITLE_MAX })
  @Transform(trim)
  @IsString()
  @Length(1, QUICK_REPLY_TITLE_MAX)
  title!: string;

  @ApiProperty({ minLength: 1, maxLength: MESSAGE_BODY_MAX })
  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_BODY_MAX)
  body!: string;
}

export class UpdateQuickReplyDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: QUICK_REPLY_TITLE_MAX })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, QUICK_REPLY_TITLE_MAX)
  title?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: MESSAGE_BODY_MAX })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_BODY_MAX)
  body?: string;
}
