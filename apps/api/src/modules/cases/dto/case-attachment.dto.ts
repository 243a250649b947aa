import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { Transform } from 'class-transformer';
import { IsIn, IsOptional, IsString, Length, MaxLength } from 'class-validator';
import { CASE_ATTACHMENT_CATEGORIES, CASE_ATTACHMENT_DESCRIPTION_MAX, CASE_ATTACHMENT_TYPES } from '@mayak/domain';
import { trim } from '#api/core/http/transforms';
import { UserRefDto } from './case.dto';

export class CaseAttachmentDto {
  @ApiProperty({ format: 'uuid' }) id!: string;
  @ApiProperty({ format: 'uuid' }) caseId!: string;
  @ApiProperty({ description: 'What it is shown and downloaded as (its extension follows its type)' }) fileName!: string;
  @ApiProperty({ enum: CASE_ATTACHMENT_TYPES, enumName: 'CaseAttachmentType' }) contentType!: string;
  @ApiProperty() sizeBytes!: number;
  @ApiProperty({ enum: CASE_ATTACHMENT_CATEGORIES, enumName: 'CaseAttachmentCategory' }) category!: string;
  @ApiProperty({ type: String, nullable: true }) description!: string | null;
  @ApiProperty({ type: UserRefDto }) uploadedBy!: UserRefDto;
  @ApiProperty({ format: 'date-time' }) createdAt!: string;
}

export class CaseAttachmentPageDto {
  @ApiProperty({ type: [CaseAttachmentDto], description: 'Files the case keeps, newest first (removed ones are on its timeline)' }) items!: CaseAttachmentDto[];
  @ApiProperty() total!: number;
  @ApiProperty() limit!: number;
  @ApiProperty() offset!: number;
  @ApiProperty({ description: 'The largest file this installation takes, in bytes (CASE_ATTACHMENT_MAX_MB)' }) maxBytes!: number;
}

export class UploadCaseAttachmentQuery {
  @ApiProperty({ minLength: 1, maxLength: 255, description: 'The file’s name as it was chosen (cleaned; its extension follows its type)' })
  @Transform(trim)
  @IsString()
  @Length(1, 255)
  name!: string;

  @ApiProperty({ enum: CASE_ATTACHMENT_CATEGORIES, enumName: 'CaseAttachmentCategory' })
  @IsIn(CASE_ATTACHMENT_CATEGORIES)
  category!: string;

  @ApiPropertyOptional({ maxLength: CASE_ATTACHMENT_DESCRIPTION_MAX, description: 'A few words on what it shows' })
  @IsOptional()
  @Transform(trim)
  @IsString()
  @MaxLength(CASE_ATTACHMENT_DESCRIPTION_MAX)
  description?: string;
}
