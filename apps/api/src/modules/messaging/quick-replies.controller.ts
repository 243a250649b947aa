import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CreateQuickReplyDto, QuickRepliesQuery, QuickReplyDto, QuickReplyPageDto, UpdateQuickReplyDto } from './dto/quick-reply.dto';
import { QuickRepliesService } from './quick-replies.service';

@ApiTags('messaging')
@Controller({ path: 'quick-replies', version: '1' })
export class QuickRepliesController {
  constructor(private readonly quickReplies: QuickRepliesService) {}

  @Get()
  @RequirePermission('knowledge.read')
  @ApiOperation({ summary: 'List quick replies', description: 'Your offices’ canned answers, by office, language and title' })
  @ApiOkResponse({ type: QuickReplyPageDto })
  async listQuickReplies(@CurrentActor() actor: Actor, @Query() query: QuickRepliesQuery): Promise<QuickReplyPageDto> {
    const page = await this.quickReplies.list(actor, query);
    return { ...page, items: page.items.map(QuickReplyDto.from) };
  }

  @Post()
  @RequirePermission('knowledge.manage')
  @ApiOperation({ summary: 'Create a quick reply', description: 'In one of your offices; a title is unique per office and language (409 conflict)' })
  @ApiCreatedResponse({ type: QuickReplyDto })
  async createQuickReply(@CurrentActor() actor: Actor, @Body() body: CreateQuickReplyDto): Promise<QuickReplyDto> {
    return QuickReplyDto.from(await this.quickReplies.create(actor, body));
  }

  @Patch(':id')
  @RequirePermission('knowledge.manage')
  @ApiOperation({ summary: 'Update a quick reply' })
  @ApiOkResponse({ type: QuickReplyDto })
  async updateQuickReply(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateQuickReplyDto): Promise<QuickReplyDto> {
    return QuickReplyDto.from(await this.quickReplies.update(actor, id, body));
  }

  @Delete(':id')
  @HttpCode(204)
  @RequirePermission('knowledge.manage')
  @ApiOperation({ summary: 'Remove a quick reply' })
  @ApiNoContentResponse()
  async removeQuickReply(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<void> {
    await this.quickReplies.remove(actor, id);
  }
}
