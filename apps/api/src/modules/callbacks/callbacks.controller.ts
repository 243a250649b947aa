import { Body, Controller, Get, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CallbacksService } from './callbacks.service';
import {
  CallbackDto,
  CallbackOutcomeDto,
  CallbackPageDto,
  CancelCallbackDto,
  ListCallbacksQuery,
  PlaceCallbackDto,
  RescheduleCallbackDto,
  ScheduleCallbackDto,
} from './dto/callback.dto';

@ApiTags('callbacks')
@Controller({ path: 'callbacks', version: '1' })
export class CallbacksController {
  constructor(private readonly callbacks: CallbacksService) {}

  @Post()
  @RequirePermission('callbacks.write')
  @ApiCreatedResponse({
    type: CallbackDto,
    description: '422 do_not_call_back when the client asked never to be called; 422 outside_safe_window when dueAt is outside the window',
  })
  async scheduleCallback(@CurrentActor() actor: Actor, @Body() body: ScheduleCallbackDto): Promise<CallbackDto> {
    return this.callbacks.schedule(actor, body);
  }

  @Get()
  @RequirePermission('callbacks.read')
  @ApiOkResponse({ type: CallbackPageDto })
  async listCallbacks(@CurrentActor() actor: Actor, @Query() query: ListCallbacksQuery): Promise<CallbackPageDto> {
    return this.callbacks.list(actor, query);
  }

  @Get(':id')
  @RequirePermission('callbacks.read')
  @ApiOkResponse({ type: CallbackDto })
  async getCallback(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CallbackDto> {
    return this.callbacks.get(actor, id);
  }

  @Post(':id/reschedule')
  @RequirePermission('callbacks.write')
  @ApiCreatedResponse({ type: CallbackDto })
  async rescheduleCallback(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RescheduleCallbackDto): Promise<CallbackDto> {
    return this.callbacks.reschedule(actor, id, body);
  }

  @Post(':id/place')
  @RequirePermission('callbacks.write')
  @ApiCreatedResponse({ type: CallbackDto, description: 'Rings you first, then dials the client showing the hotline’s number' })
  async placeCallback(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: PlaceCallbackDto): Promise<CallbackDto> {
    return this.callbacks.place(actor, id, body.version);
  }

  @Post(':id/outcome')
  @RequirePermission('callbacks.write')
  @ApiCreatedResponse({
    type: CallbackDto,
    description: 'reached completes it; no answer, busy or unsafe to talk try again inside the window until the attempts run out; wrong person ends it',
  })
  async recordCallbackOutcome(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CallbackOutcomeDto): Promise<CallbackDto> {
    return this.callbacks.recordOutcome(actor, id, body);
  }

  @Post(':id/cancel')
  @RequirePermission('callbacks.write')
  @ApiCreatedResponse({ type: CallbackDto })
  async cancelCallback(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CancelCallbackDto): Promise<CallbackDto> {
    return this.callbacks.cancel(actor, id, body);
  }
}
