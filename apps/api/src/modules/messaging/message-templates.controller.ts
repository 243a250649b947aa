import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CreateMessageTemplateDto, MessageTemplateDto, MessageTemplatesQuery, UpdateMessageTemplateDto } from './dto/message-template.dto';
import { MessageTemplatesService } from './message-templates.service';

@ApiTags('messaging')
@Controller({ path: 'message-templates', version: '1' })
export class MessageTemplatesController {
  constructor(private readonly templates: MessageTemplatesService) {}

  @Get()
  // Everyone on the line reads them, and the administrators who keep them (knowledge.read spans both).
  @RequirePermission('knowledge.read')
  @ApiOperation({ summary: 'List WhatsApp templates', description: 'The approved templates of the line (active ones; administrators see all)' })
  @ApiOkResponse({ type: [MessageTemplateDto] })
  async listMessageTemplates(@CurrentActor() actor: Actor, @Query() query: MessageTemplatesQuery): Promise<MessageTemplateDto[]> {
    return (await this.templates.list(actor, query)).map(MessageTemplateDto.from);
  }

  @Post()
  @RequirePermission('offices.manage')
  @ApiOperation({ summary: 'Register a WhatsApp template', description: 'One Meta approved for the line at Twilio (its ContentSid), with its text; audited' })
  @ApiCreatedResponse({ type: MessageTemplateDto })
  async createMessageTemplate(@Body() body: CreateMessageTemplateDto): Promise<MessageTemplateDto> {
    return MessageTemplateDto.from(await this.templates.create(body));
  }

  @Patch(':id')
  @RequirePermission('offices.manage')
  @ApiOperation({ summary: 'Update a WhatsApp template', description: 'Its name or text, or take it out of use (active false)' })
  @ApiOkResponse({ type: MessageTemplateDto })
  async updateMessageTemplate(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateMessageTemplateDto): Promise<MessageTemplateDto> {
    return MessageTemplateDto.from(await this.templates.update(id, body));
  }
}
