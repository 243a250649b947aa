import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CursorPageQuery } from '../telephony/dto/telephony.dto';
import { ConversationsService } from './conversations.service';
import { SendTemplateDto } from './dto/message-template.dto';
import {
  AssignConversationDto,
  ConversationDto,
  ConversationMessageDto,
  ConversationMessagePageDto,
  ConversationPageDto,
  ConversationsQuery,
  SendFileDto,
  SendMessageDto,
} from './dto/conversation.dto';

@ApiTags('messaging')
@Controller({ path: 'conversations', version: '1' })
export class ConversationsController {
  constructor(private readonly conversations: ConversationsService) {}

  @Get()
  @RequirePermission('telephony.answer')
  @ApiOperation({ summary: 'List conversations', description: 'Written conversations (SMS, WhatsApp) of your offices, most recent first' })
  @ApiOkResponse({ type: ConversationPageDto })
  listConversations(@CurrentActor() actor: Actor, @Query() query: ConversationsQuery): Promise<ConversationPageDto> {
    return this.conversations.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('telephony.answer')
  @ApiOperation({ summary: 'Get a conversation' })
  @ApiOkResponse({ type: ConversationDto })
  getConversation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationDto> {
    return this.conversations.get(actor, id);
  }

  @Post(':id/claim')
  @HttpCode(200)
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Take a conversation',
    description:
      'I answer it from now on (its open contact is mine; a new contact if the last was completed). 409 conversation_taken if a colleague holds it (a supervisor may still take it).',
  })
  @ApiOkResponse({ type: ConversationDto })
  claimConversation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ConversationDto> {
    return this.conversations.claim(actor, id);
  }

  @Post(':id/assign')
  @HttpCode(200)
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Hand a conversation to a colleague',
    description:
      'By the one who holds it, anyone when nobody does, or a supervisor; to an active colleague of its office who answers conversations (400 otherwise). Audited.',
  })
  @ApiOkResponse({ type: ConversationDto })
  assignConversation(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignConversationDto): Promise<ConversationDto> {
    return this.conversations.assign(actor, id, body.userId);
  }

  @Post(':id/template')
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Send an approved WhatsApp template',
    description:
      'The only message WhatsApp allows 24 hours after the person last wrote; a value for each placeholder. Logged with the text the person receives.',
  })
  @ApiCreatedResponse({ type: ConversationMessageDto })
  sendConversationTemplate(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: SendTemplateDto,
  ): Promise<ConversationMessageDto> {
    return this.conversations.sendTemplate(actor, id, body);
  }

  @Post(':id/files')
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Send a file from the knowledge base',
    description:
      'A file of a published article, with an optional caption, under the same rules as a reply (WhatsApp’s 24-hour window included). WhatsApp and Telegram carry the file; an SMS carries its link; the web chat shows it.',
  })
  @ApiCreatedResponse({ type: ConversationMessageDto })
  sendConversationFile(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SendFileDto): Promise<ConversationMessageDto> {
    return this.conversations.sendFile(actor, id, { fileId: body.fileId, caption: body.caption ?? '' });
  }

  @Get(':id/messages')
  @RequirePermission('telephony.answer')
  @ApiOperation({ summary: 'List a conversation’s messages', description: 'Newest first; every read is audited' })
  @ApiOkResponse({ type: ConversationMessagePageDto })
  listConversationMessages(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: CursorPageQuery,
  ): Promise<ConversationMessagePageDto> {
    return this.conversations.messages(actor, id, query.limit, query.cursor);
  }

  @Post(':id/messages')
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Reply in a conversation',
    description:
      'Logged first, then sent on the conversation’s channel; a message the network refused comes back with status failed. On WhatsApp free text is refused (422 reply_window_closed) 24 hours after the person’s last message.',
  })
  @ApiCreatedResponse({ type: ConversationMessageDto })
  sendConversationMessage(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: SendMessageDto): Promise<ConversationMessageDto> {
    return this.conversations.reply(actor, id, body.body);
  }
}
