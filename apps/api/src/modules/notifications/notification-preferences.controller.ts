import { Body, Controller, Get, Header, Put } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, SignedIn } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { NotificationPreferencesDto, UpdateNotificationPreferencesDto } from './dto/notification-preferences.dto';
import { NotificationPreferencesService } from './notification-preferences.service';

@ApiTags('notifications')
@Controller({ path: 'auth/me/notification-preferences', version: '1' })
export class NotificationPreferencesController {
  constructor(private readonly preferences: NotificationPreferencesService) {}

  @Get()
  @SignedIn()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'How my e-mail notifications reach me',
    description: 'Every kind my roles receive, each immediately, in the daily digest or never (immediately unless I chose otherwise).',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  getMyNotificationPreferences(@CurrentActor() actor: Actor): Promise<NotificationPreferencesDto> {
    return this.preferences.get(actor);
  }

  @Put()
  @SignedIn()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'Choose how my e-mail notifications reach me',
    description: 'Only kinds my roles receive, each once; a wrong item refuses the whole change (400) and changes nothing.',
  })
  @ApiOkResponse({ type: NotificationPreferencesDto })
  updateMyNotificationPreferences(@CurrentActor() actor: Actor, @Body() body: UpdateNotificationPreferencesDto): Promise<NotificationPreferencesDto> {
    return this.preferences.update(actor, body);
  }
}
