import { Controller, Get, Param, ParseUUIDPipe, Query, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Response } from 'express';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { VoicemailDto, VoicemailsQuery } from './dto/telephony.dto';
import { VoicemailsService } from './voicemails.service';

@ApiTags('telephony')
@Controller({ path: 'telephony/voicemails', version: '1' })
export class VoicemailsController {
  constructor(private readonly voicemails: VoicemailsService) {}

  @Get()
  @RequirePermission('contacts.read')
  @ApiOperation({ summary: 'List voicemails of a contact', description: 'The voicemail a contact came with (none or one), in your offices' })
  @ApiOkResponse({ type: [VoicemailDto] })
  async listVoicemails(@CurrentActor() actor: Actor, @Query() query: VoicemailsQuery): Promise<VoicemailDto[]> {
    const found = await this.voicemails.forContact(actor, query.contactId);
    return found ? [found] : [];
  }

  @Get(':id/audio')
  @RequirePermission('contacts.read')
  @ApiOperation({ summary: 'Play a voicemail', description: 'The recording, decrypted for this listening; every request is audited' })
  @ApiProduces('audio/mpeg', 'audio/wav')
  @ApiOkResponse({ description: 'The audio file' })
  async playVoicemail(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Res() response: Response): Promise<void> {
    const audio = await this.voicemails.audio(actor, id);
    response
      .status(200)
      .set({ 'Content-Type': audio.contentType, 'Content-Length': String(audio.bytes.length), 'Content-Disposition': 'inline' })
      .end(audio.bytes);
  }
}
