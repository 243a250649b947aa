import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Put } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CallerHistoryDto } from '../contacts/dto/contact.dto';
import { CallsService } from './calls.service';
import { CallDto, OperatorOnDutyDto, PresenceDto, SetPresenceDto, SoftphoneTokenDto, TransferCallDto, LineDto, UpdateLineDto } from './dto/telephony.dto';
import { OperatorsOnDuty } from './operators-on-duty';
import { PresenceService } from './presence.service';
import { SoftphoneTokens } from './softphone-tokens';
import { LineHours } from './line-hours';
import { notFound } from '#api/core/errors/domain-error';

@ApiTags('telephony')
@Controller({ path: 'telephony', version: '1' })
export class TelephonyController {
  constructor(
    private readonly calls: CallsService,
    private readonly presence: PresenceService,
    private readonly onDuty: OperatorsOnDuty,
    private readonly softphone: SoftphoneTokens,
    private readonly lineHours: LineHours,
  ) {}

  @Post('softphone/token')
  @HttpCode(200)
  @RequirePermission('telephony.answer')
  @ApiOperation({
    summary: 'Issue my softphone token',
    description: 'A 10-minute access token for the browser softphone (Twilio Voice SDK), for the signed-in operator only; ask again before expiresAt.',
  })
  @ApiOkResponse({ type: SoftphoneTokenDto })
  issueSoftphoneToken(@CurrentActor() actor: Actor): SoftphoneTokenDto {
    return this.softphone.issue(actor);
  }

  @Get('presence')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({ type: PresenceDto })
  async getMyPresence(@CurrentActor() actor: Actor): Promise<PresenceDto> {
    return this.presence.view(await this.presence.get(actor.userId));
  }

  @Put('presence')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({ type: PresenceDto, description: 'available: ringing calls are offered to you; away: not. "busy" is set while you are on a call.' })
  async setMyPresence(@CurrentActor() actor: Actor, @Body() body: SetPresenceDto): Promise<PresenceDto> {
    return this.presence.set(actor, body);
  }

  @Get('operators')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({
    type: [OperatorOnDutyDto],
    description: 'Colleagues in your offices who take calls, with their presence (transfer targets; the supervisor’s view of the line)',
  })
  async listOperators(@CurrentActor() actor: Actor): Promise<OperatorOnDutyDto[]> {
    return this.onDuty.list(actor);
  }

  @Get('calls')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({ type: [CallDto], description: 'Calls ringing, waiting, on hold or in progress in your offices, oldest first' })
  async listLiveCalls(@CurrentActor() actor: Actor): Promise<CallDto[]> {
    return this.calls.live(actor);
  }

  @Get('calls/:id')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({ type: CallDto })
  async getCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.get(actor, id);
  }

  @Get('calls/:id/caller')
  @RequirePermission('telephony.answer')
  @ApiOkResponse({
    type: CallerHistoryDto,
    description: 'Earlier contacts, people and cases of the caller’s number that you may see; null when the number was withheld',
  })
  async getCallCaller(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallerHistoryDto | null> {
    return this.calls.callerHistory(actor, id);
  }

  @Post('calls/:id/answer')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto, description: 'The call is put through to you and its contact is yours. 409 call_taken when someone else was first.' })
  async answerCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.answer(actor, id);
  }

  @Post('calls/:id/transfer')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({
    type: CallDto,
    description: 'cold: put through at once; warm: the caller holds while you talk to your colleague, then complete or cancel',
  })
  async transferCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: TransferCallDto): Promise<CallDto> {
    return this.calls.transfer(actor, id, body);
  }

  @Post('calls/:id/transfer/complete')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto })
  async completeCallTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.completeTransfer(actor, id);
  }

  @Post('calls/:id/transfer/cancel')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto })
  async cancelCallTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.cancelTransfer(actor, id);
  }

  @Post('calls/:id/hold')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto, description: 'The caller waits, hearing the hold message, until you resume. 409 when the call is not in progress.' })
  async holdCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.holdCall(actor, id);
  }

  @Post('calls/:id/resume')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto, description: 'The held caller is put back through to you.' })
  async resumeCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.resumeCall(actor, id);
  }

  @Post('calls/:id/hang-up')
  @RequirePermission('telephony.answer')
  @ApiCreatedResponse({ type: CallDto, description: 'Ends the call; its contact stays open for your notes.' })
  async hangUpCall(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallDto> {
    return this.calls.hangUpCall(actor, id);
  }

  @Get('lines')
  @RequirePermission('offices.read')
  @ApiOperation({ summary: 'List lines', description: 'The hotline’s numbers with their office, opening hours and what callers get outside them' })
  @ApiOkResponse({ type: [LineDto] })
  listLines(): Promise<LineDto[]> {
    return this.lineHours.list();
  }

  @Put('lines/:number')
  @RequirePermission('offices.manage')
  @ApiOperation({
    summary: 'Update a line',
    description: 'Opening hours (null: around the clock), public holidays and the after-hours behaviour of one of the hotline’s numbers',
  })
  @ApiOkResponse({ type: LineDto })
  updateLine(@Param('number') lineNumber: string, @Body() body: UpdateLineDto): Promise<LineDto> {
    if (!/^\+[1-9]\d{6,14}$/.test(lineNumber)) throw notFound('Line');
    return this.lineHours.update(lineNumber, body);
  }
}
