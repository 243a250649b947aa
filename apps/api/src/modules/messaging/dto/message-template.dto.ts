import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { MENU_LANGUAGES, MESSAGE_BODY_MAX, templatePlaceholders, type MenuLanguage, TEMPLATE_VALUE_MAX } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import type { MessageTemplate } from '../message-template.entity';

export class MessageTemplateDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' }) language!: MenuLanguage;
  @ApiProperty() name!: string;
  @ApiProperty({ example: `HX${'0'.repeat(32)}` }) contentSid!: string;
  @ApiProperty() body!: string;
  @ApiProperty({ description: 'How many values the operator fills in ({{1}}…)' }) variables!: number;
  @ApiProperty() active!: boolean;
  @ApiProperty() version!: number;

  static from(t: MessageTemplate): MessageTemplateDto {
    return {
      id: t.id,
      language: t.language,
      name: t.name,
      contentSid: t.contentSid,
      body: t.body,
      variables: templatePlaceholders(t.body).length,
      active: t.active,
      version: t.version,
    };
  }
}

export class MessageTemplatesQuery {
  @ApiPropertyOptional({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' })
  @IsOptional()
  @IsIn(MENU_LANGUAGES)
  language?: MenuLanguage;
}

export class CreateMessageTemplateDto {
  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' })
  @IsIn(MENU_LANGUAGES)
  language!: MenuLanguage;

  @ApiProperty({ minLength: 1, maxLength: 80 })
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  name!: string;

  @ApiProperty({ description: 'The template’s ContentSid at Twilio (HX…)' })
  @IsString()
  @Matches(/^HX[0-9a-f]{32}$/, { message: 'contentSid must be HX followed by 32 hex digits' })
  contentSid!: string;

  @ApiProperty({ minLength: 1, maxLength: MESSAGE_BODY_MAX, description: 'The approved text, with {{1}}, {{2}}… where values go' })
  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_BODY_MAX)
  body!: string;
}

export class UpdateMessageTemplateDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minLength: 1, maxLength: 80 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, 80)
  name?: string;

  @ApiPropertyOptional({ minLength: 1, maxLength: MESSAGE_BODY_MAX })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(1, MESSAGE_BODY_MAX)
  body?: string;

  @ApiPropertyOptional({ description: 'Inactive templates are not offered' })
  @IsOptional()
  @IsBoolean()
  active?: boolean;
}

export class SendTemplateDto {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  templateId!: string;

  @ApiProperty({ type: [String], description: 'A value for each placeholder, in order' })
  @IsArray()
  @ArrayMaxSize(10)
  @IsString({ each: true })
  @MaxLength(TEMPLATE_VALUE_MAX, { each: true })
  variables!: string[];
}
