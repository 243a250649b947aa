import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { ArrayMaxSize, ArrayUnique, IsArray, IsBoolean, IsIn, IsInt, IsOptional, IsString, IsUUID, Length, Matches, MaxLength, Min } from 'class-validator';
import { LOCALES } from '@mayak/domain';
import { PageQuery } from '#api/core/http/page-query';
import { toBoolean, trim } from '#api/core/http/transforms';
import type { KnowledgeArticle } from '../article.entity';

const TAG = /^[\p{L}\p{N}_-]{1,40}$/u;

class ArticleFieldsDto {
  @ApiPropertyOptional({ type: [String], description: 'Short words: letters, digits, - and _' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @Matches(TAG, { each: true, message: 'each tag is one word of letters, digits, - or _' })
  tags?: string[];

  @ApiPropertyOptional({ type: [String], description: 'Directory organisations the article points to' })
  @IsOptional()
  @IsArray()
  @ArrayUnique()
  @ArrayMaxSize(20)
  @IsUUID('all', { each: true })
  organisationIds?: string[];

  @ApiPropertyOptional()
  @IsOptional()
  @IsBoolean()
  published?: boolean;
}

export class CreateArticleDto extends ArticleFieldsDto {
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' })
  @IsIn(LOCALES)
  locale!: string;

  @ApiProperty({ minLength: 3, maxLength: 200 })
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title!: string;

  @ApiProperty({ maxLength: 20000, description: 'Markdown' })
  @IsString()
  @Length(1, 20000)
  body!: string;
}

export class UpdateArticleDto extends ArticleFieldsDto {
  @ApiProperty()
  @IsInt()
  @Min(1)
  version!: number;

  @ApiPropertyOptional({ minLength: 3, maxLength: 200 })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @Length(3, 200)
  title?: string;

  @ApiPropertyOptional({ maxLength: 20000 })
  @IsOptional()
  @IsString()
  @Length(1, 20000)
  body?: string;
}

export class SearchArticlesQuery extends PageQuery {
  @ApiPropertyOptional()
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional()
  @IsOptional()
  @Matches(TAG)
  tag?: string;

  @ApiPropertyOptional({ description: 'Include drafts (for those who write articles)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeDrafts?: boolean;
}

export class ArticleDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' }) locale!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ description: 'Markdown' }) body!: string;
  @ApiProperty({ type: [String] }) tags!: string[];
  @ApiProperty({ type: [String] }) organisationIds!: string[];
  @ApiProperty() published!: boolean;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
  @ApiProperty() version!: number;

  static from(a: KnowledgeArticle): ArticleDto {
    return {
      id: a.id,
      locale: a.locale,
      title: a.title,
      body: a.body,
      tags: a.tags,
      organisationIds: a.organisationIds,
      published: a.published,
      updatedAt: a.updatedAt.toISOString(),
      version: a.version,
    };
  }
}

export class ArticlePageDto {
  @ApiProperty({ type: [ArticleDto] }) items!: ArticleDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class ArticleRefDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty() title!: string;
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' }) locale!: string;
}
