import { Body, Controller, Delete, Get, Headers, HttpCode, Post, Query, Req } from '@nestjs/common';
import { ApiExcludeController } from '@nestjs/swagger';
import type { Request } from 'express';
import { PublicCrossOrigin } from '#api/core/auth/access.decorators';
import { OpenWebchatDto, WebchatMessageDto, WebchatReadQuery, type WebchatMessageView, type WebchatSessionView } from './dto/webchat.dto';
import { WebchatService } from './webchat.service';

/**
 * The web chat widget's API (apps/web/webchat): public, called from the hotline's own pages
 * (CORS for WEBCHAT_ORIGINS), authenticated by the session's bearer token; no cookie is set
 * or read. Left out of the console's OpenAPI document (docs/architecture.md describes it).
 */
@ApiExcludeController()
@PublicCrossOrigin()
@Controller({ path: 'webchat', version: '1' })
export class WebchatController {
  constructor(private readonly webchat: WebchatService) {}

  @Post('sessions')
  @HttpCode(201)
  open(@Body() body: OpenWebchatDto, @Req() request: Request): Promise<WebchatSessionView> {
    return this.webchat.open(body.language, request.ip ?? null);
  }

  @Post('messages')
  @HttpCode(202)
  async write(@Headers('authorization') authorization: string | undefined, @Body() body: WebchatMessageDto): Promise<{ id: string }> {
    await this.webchat.write(await this.webchat.resolve(authorization), body);
    return { id: body.clientMessageId };
  }

  @Get('messages')
  async read(
    @Headers('authorization') authorization: string | undefined,
    @Query() query: WebchatReadQuery,
  ): Promise<{ items: WebchatMessageView[]; after: string | null }> {
    return this.webchat.read(await this.webchat.resolve(authorization), query.after);
  }

  /** Quick exit, or closing the chat: the token stops working at once. */
  @Delete('sessions/current')
  @HttpCode(204)
  async end(@Headers('authorization') authorization: string | undefined): Promise<void> {
    await this.webchat.end(await this.webchat.resolve(authorization));
  }
}
