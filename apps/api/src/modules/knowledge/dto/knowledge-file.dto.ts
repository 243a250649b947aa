import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsBoolean, IsIn, IsOptional, IsString, IsUUID, Length, MaxLength } from 'class-validator';
import { KNOWLEDGE_FILE_TYPES, LOCALES } from '@mayak/domain';
import { PageQuery } from '#api/core/http/page-query';
import { toBoolean, trim } from '#api/core/http/transforms';
import type { KnowledgeFileRow } from '../knowledge-files.repository';

export class KnowledgeFileDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) articleId!: string;
  @ApiProperty() articleTitle!: string;
  @ApiProperty({ enum: LOCALES, enumName: 'Locale' }) articleLocale!: string;
  @ApiProperty({ description: 'What people see it called' }) fileName!: string;
  @ApiProperty({ enum: KNOWLEDGE_FILE_TYPES }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;

  static from(f: KnowledgeFileRow): KnowledgeFileDto {
    return {
      id: f.id,
      articleId: f.articleId,
      articleTitle: f.articleTitle,
      articleLocale: f.articleLocale,
      fileName: f.fileName,
      contentType: f.contentType,
      sizeBytes: f.sizeBytes,
      createdAt: f.createdAt.toISOString(),
    };
  }
}

export class KnowledgeFilePageDto {
  @ApiProperty({ type: [KnowledgeFileDto] }) items!: KnowledgeFileDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
}

export class KnowledgeFilesQuery extends PageQuery {
  @ApiPropertyOptional({ format: 'uuid', description: 'Only this article’s files' })
  @IsOptional()
  @IsUUID()
  articleId?: string;

  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale', description: 'Only files of articles in this language' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: string;

  @ApiPropertyOptional({ description: 'Words of the file’s name or its article’s title' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(200)
  q?: string;

  @ApiPropertyOptional({ description: 'Include files of draft articles (for those who write articles)' })
  @IsOptional()
  @Transform(toBoolean)
  @IsBoolean()
  includeDrafts?: boolean;
}

export class UploadKnowledgeFileQuery {
  @ApiProperty({ format: 'uuid', description: 'The article the file belongs to' })
  @IsUUID()
  articleId!: string;

  @ApiProperty({ minLength: 1, maxLength: 255, description: 'The file’s name as people will see it (its extension follows its type)' })
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name!: string;
}
