import { Body, Controller, Delete, Get, Headers, HttpCode, Param, ParseUUIDPipe, Post, Query, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import { KNOWLEDGE_FILE_TYPES, type Locale } from '@mayak/domain';
import type { Response } from 'express';
import { CurrentActor, Public, RequirePermission } from '#api/core/auth/access.decorators';
import { sendStoredFile } from '#api/core/http/file-response';
import type { Actor } from '#api/core/context/request-context';
import { KnowledgeFileDto, KnowledgeFilePageDto, KnowledgeFilesQuery, UploadKnowledgeFileQuery } from './dto/knowledge-file.dto';
import { KnowledgeFilesService, type OpenedKnowledgeFile } from './knowledge-files.service';

function sendFile(res: Response, { file, bytes }: OpenedKnowledgeFile, disposition: 'inline' | 'attachment'): void {
  sendStoredFile(res, { contentType: file.contentType, fileName: file.fileName, bytes, disposition });
}

@ApiTags('knowledge')
@Controller({ path: 'knowledge', version: '1' })
export class KnowledgeFilesController {
  constructor(private readonly files: KnowledgeFilesService) {}

  @Get('files')
  @RequirePermission('knowledge.read')
  @ApiOperation({ summary: 'List files to send', description: 'Files of knowledge-base articles operators may send to people, newest first' })
  @ApiOkResponse({ type: KnowledgeFilePageDto })
  async listKnowledgeFiles(@CurrentActor() actor: Actor, @Query() query: KnowledgeFilesQuery): Promise<KnowledgeFilePageDto> {
    const page = await this.files.list({ ...query, locale: query.locale as Locale | undefined }, actor);
    return { ...page, items: page.items.map(KnowledgeFileDto.from) };
  }

  @Post('files')
  @RequirePermission('knowledge.manage')
  @ApiOperation({ summary: 'Add a file to an article', description: 'The file itself as the body: a PDF, JPEG or PNG of at most 5 MB, checked by its content' })
  @ApiConsumes(...KNOWLEDGE_FILE_TYPES)
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiCreatedResponse({ type: KnowledgeFileDto })
  async uploadKnowledgeFile(
    @CurrentActor() actor: Actor,
    @Query() query: UploadKnowledgeFileQuery,
    @Headers('content-type') contentType: string,
    @Body() body: unknown,
  ): Promise<KnowledgeFileDto> {
    return KnowledgeFileDto.from(await this.files.add(actor, query.articleId, { name: query.name, declaredType: String(contentType ?? ''), body }));
  }

  @Get('files/:id/content')
  @RequirePermission('knowledge.read')
  @ApiOperation({ summary: 'Open a knowledge-base file' })
  @ApiProduces(...KNOWLEDGE_FILE_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async openKnowledgeFile(@Param('id', ParseUUIDPipe) id: string, @Res() res: Response): Promise<void> {
    sendFile(res, await this.files.open(id), 'inline');
  }

  @Delete('files/:id')
  @HttpCode(204)
  @RequirePermission('knowledge.manage')
  @ApiOperation({ summary: 'Stop offering a file', description: 'Messages that carried it still name it' })
  @ApiNoContentResponse()
  async removeKnowledgeFile(@Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.files.remove(id);
  }

  /** What the channels fetch (Twilio's MediaUrl, the web chat's link): public material behind an unguessable link. */
  @Get('shared/:token')
  @Public()
  @ApiOperation({
    summary: 'Fetch a sent file',
    description: 'The link a file was sent with; public (the files are leaflets meant for anyone) but unguessable',
  })
  @ApiProduces(...KNOWLEDGE_FILE_TYPES)
  @ApiOkResponse({ description: 'The file', schema: { type: 'string', format: 'binary' } })
  async fetchSharedKnowledgeFile(@Param('token') token: string, @Res() res: Response): Promise<void> {
    const opened = await this.files.openShared(token);
    res.setHeader('Cache-Control', 'private, no-store');
    res.setHeader('Cross-Origin-Resource-Policy', 'cross-origin');
    sendFile(res, opened, 'attachment');
  }
}
