import { Body, Controller, Delete, Get, Headers, HttpCode, Param, Put, Res } from '@nestjs/common';
import { ApiBody, ApiConsumes, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProduces, ApiProperty, ApiTags } from '@nestjs/swagger';
import { isMenuLanguage, MENU_LANGUAGES } from '@mayak/domain';
import type { Response } from 'express';
import { CurrentActor, Public, RequirePermission } from '#api/core/auth/access.decorators';
import { PROMPT_KINDS, type PromptKind } from '#api/core/config/app-config';
import type { Actor } from '#api/core/context/request-context';
import { notFound } from '#api/core/errors/domain-error';
import { PromptLibrary } from './prompt-library';

export class RecordedPromptDto {
  @ApiProperty({ enum: PROMPT_KINDS, enumName: 'PromptKind' }) kind!: PromptKind;
  @ApiProperty({ enum: MENU_LANGUAGES, enumName: 'MenuLanguage' }) language!: (typeof MENU_LANGUAGES)[number];
  @ApiProperty({ enum: ['audio/mpeg', 'audio/wav'] }) contentType!: string;
  @ApiProperty() bytes!: number;
  @ApiProperty({ format: 'date-time' }) updatedAt!: string;
}

export class PromptCatalogDto {
  @ApiProperty({ enum: PROMPT_KINDS, enumName: 'PromptKind', isArray: true }) kinds!: PromptKind[];
  @ApiProperty({ type: [RecordedPromptDto], description: 'The recordings uploaded; other prompts use the configured text (or URL)' })
  recorded!: RecordedPromptDto[];
}

function promptParams(kind: string, language: string): { kind: PromptKind; language: (typeof MENU_LANGUAGES)[number] } {
  if (!(PROMPT_KINDS as readonly string[]).includes(kind) || !isMenuLanguage(language)) throw notFound('Prompt');
  return { kind: kind as PromptKind, language };
}

@ApiTags('telephony')
@Controller({ path: 'telephony/prompts', version: '1' })
export class PromptsController {
  constructor(private readonly prompts: PromptLibrary) {}

  @Get()
  @RequirePermission('offices.read')
  @ApiOperation({ summary: 'List recorded prompts', description: 'Which phone prompts have a recording, per menu language' })
  @ApiOkResponse({ type: PromptCatalogDto })
  async listPrompts(): Promise<PromptCatalogDto> {
    return { kinds: [...PROMPT_KINDS], recorded: await this.prompts.list() };
  }

  @Put(':kind/:language')
  @RequirePermission('offices.manage')
  @ApiOperation({
    summary: 'Upload a recorded prompt',
    description: 'The MP3 or WAV file itself as the body (at most 2 MB); replaces the text (or URL) configured for this prompt and language',
  })
  @ApiConsumes('audio/mpeg', 'audio/wav')
  @ApiBody({ schema: { type: 'string', format: 'binary' } })
  @ApiOkResponse({ type: RecordedPromptDto })
  uploadPrompt(
    @CurrentActor() actor: Actor,
    @Param('kind') kind: string,
    @Param('language') language: string,
    @Headers('content-type') contentType: string,
    @Body() audio: unknown,
  ): Promise<RecordedPromptDto> {
    const p = promptParams(kind, language);
    return this.prompts.save(actor, p.kind, p.language, String(contentType).split(';')[0].trim().toLowerCase(), audio);
  }

  @Delete(':kind/:language')
  @HttpCode(204)
  @RequirePermission('offices.manage')
  @ApiOperation({ summary: 'Remove a recorded prompt', description: 'The configured text (or URL) is used again' })
  @ApiNoContentResponse()
  async removePrompt(@Param('kind') kind: string, @Param('language') language: string): Promise<void> {
    const p = promptParams(kind, language);
    await this.prompts.remove(p.kind, p.language);
  }

  /** What Twilio plays to callers: public, like the prompts themselves (no personal data). */
  @Get(':kind/:language')
  @Public()
  @ApiOperation({ summary: 'Play a recorded prompt', description: 'The recording Twilio plays to callers (public: it holds nobody’s data)' })
  @ApiProduces('audio/mpeg', 'audio/wav')
  @ApiOkResponse({ description: 'The audio file' })
  async playPrompt(@Param('kind') kind: string, @Param('language') language: string, @Res() response: Response): Promise<void> {
    const p = promptParams(kind, language);
    const { contentType, audio } = await this.prompts.audio(p.kind, p.language);
    response
      .status(200)
      .set({ 'Content-Type': contentType, 'Content-Length': String(audio.length) })
      .end(audio);
  }
}
