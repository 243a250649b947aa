import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { CASE_ATTACHMENT_TYPES, opensInline, type CaseAttachmentCategory } from '@mayak/domain';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { sendStoredFile } from '#api/core/http/file-response';
import { PageQuery } from '#api/core/http/page-query';
import { CaseAttachmentsService } from './case-attachments.service';
import { CaseAttachmentDto, CaseAttachmentPageDto, UploadCaseAttachmentQuery } from './dto/case-attachment.dto';

@ApiTags('cases')
@Controller({ path: 'cases', version: '1' })
export class CaseAttachmentsController {
  constructor(private readonly attachments: CaseAttachmentsService) {}

  @Get(':id/attachments')
  @RequirePermission('cases.read')
  @ApiOperation({
    summary: 'List a case’s files',
    description: 'What the case keeps (names, categories, sizes, who added them), newest first; the files themselves open one at a time',
  })
  @ApiOkResponse({ type: CaseAttachmentPageDto })
  listCaseAttachments(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: PageQuery): Promise<CaseAttachmentPageDto> {
    return this.attachments.list(actor, id, query.limit, query.offset);
  }

  @Post(':id/attachments')
  @RequirePermission('cases.contribute')
  @ApiOperation({
    summary: 'Add a file to a case',
    description:
      'The file itself as the body: a PDF, JPEG, PNG or WebP of at most CASE_ATTACHMENT_MAX_MB (10 MB unless configured), checked by its content. ' +
      '413 when too large, 415 for another type, 422 `file_rejected` when empty or not what its type says, 409 `case_closed` on a closed case; nothing is kept then.',
  })
  @ApiConsumes(...CASE_ATTACHMENT_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: CaseAttachmentDto })
  uploadCaseAttachment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: UploadCaseAttachmentQuery,
    @Headers('content-type') contentType: string,
    @Body() body: unknown,
  ): Promise<CaseAttachmentDto> {
    return this.attachments.add(actor, id, {
      name: query.name,
      category: query.category as CaseAttachmentCategory,
      description: query.description,
      declaredType: String(contentType ?? ''),
      body,
    });
  }

  @Get(':id/attachments/:attachmentId/content')
  @RequirePermission('cases.read')
  @ApiOperation({
    summary: 'Open a case’s file',
    description: 'For someone who may see the case; every opening is audited. Shown in the browser in a sandbox, never cached.',
  })
  @ApiProduces(...CASE_ATTACHMENT_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async openCaseAttachment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
    @Res() res: Response,
  ): Promise<void> {
    const { file, bytes } = await this.attachments.open(actor, id, attachmentId);
    res.setHeader('Cross-Origin-Resource-Policy', 'same-origin');
    sendStoredFile(res, {
      contentType: file.contentType,
      fileName: file.fileName,
      bytes,
      disposition: opensInline(file.contentType) ? 'inline' : 'attachment',
    });
  }

  @Delete(':id/attachments/:attachmentId')
  @HttpCode(204)
  @RequirePermission('cases.manage')
  @ApiOperation({
    summary: 'Remove a file from a case',
    description: 'Its file is deleted; who removed it stays recorded (timeline, audit). Refused (409 `case_on_legal_hold`) while the case is under legal hold.',
  })
  @ApiNoContentResponse()
  async removeCaseAttachment(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('attachmentId', ParseUUIDPipe) attachmentId: string,
  ): Promise<void> {
    await this.attachments.remove(actor, id, attachmentId);
  }
}
