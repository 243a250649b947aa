import { Body, Controller, Header, HttpCode, Post, Req } from '@nestjs/common';
import { ApiAcceptedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request } from 'express';
import { Public } from '#api/core/auth/access.decorators';
import { AccountLinksService } from './account-links.service';
import {
  AccountLinkCompletedDto,
  AccountLinkDto,
  AccountLinkTokenDto,
  CompleteAccountLinkDto,
  PasswordResetRequestDto,
  PasswordResetRequestedDto,
} from './dto/account-link.dto';

const clientOf = (request: Request) => request.ip ?? 'unknown';

/**
 * The signed-out side of accounts: asking for a reset mail, and using an invitation or reset
 * link. Tokens travel in bodies, never in paths, so no log line ever holds one.
 */
@ApiTags('auth')
@Controller({ path: 'auth', version: '1' })
export class AccountLinksController {
  constructor(private readonly links: AccountLinksService) {}

  @Post('password-reset')
  @HttpCode(202)
  @Public()
  @ApiOperation({
    summary: 'Ask for a password-reset mail',
    description:
      'Answers the same, at once, whether or not the address has an account; an account that has one gets a single-use link by mail. 429 when one address asks too often.',
  })
  @ApiAcceptedResponse({ type: PasswordResetRequestedDto })
  async requestPasswordReset(@Req() request: Request, @Body() body: PasswordResetRequestDto): Promise<PasswordResetRequestedDto> {
    await this.links.requestReset(body.email, clientOf(request));
    return { message: 'If this address has an account, a link to choose a new password is on its way. It works once, for a short time.' };
  }

  @Post('account-link')
  @HttpCode(200)
  @Public()
  @Header('Cache-Control', 'no-store')
  @ApiOperation({
    summary: 'What an invitation or reset link opens',
    description: '410 link_invalid for a link that was used, expired, replaced or never issued (the same for all four).',
  })
  @ApiOkResponse({ type: AccountLinkDto })
  async inspectAccountLink(@Req() request: Request, @Body() body: AccountLinkTokenDto): Promise<AccountLinkDto> {
    return AccountLinkDto.from(await this.links.inspect(body.token, clientOf(request)));
  }

  @Post('account-link/password')
  @HttpCode(200)
  @Public()
  @ApiOperation({
    summary: 'Choose a password through a link',
    description: 'Uses the link up (once), ends every session of the account, and leaves a second factor already enrolled as it is. Then sign in.',
  })
  @ApiOkResponse({ type: AccountLinkCompletedDto })
  async completeAccountLink(@Req() request: Request, @Body() body: CompleteAccountLinkDto): Promise<AccountLinkCompletedDto> {
    return this.links.complete(body.token, body.password, clientOf(request));
  }
}
