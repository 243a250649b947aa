import { Body, Controller, Get, Header, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiProduces, ApiPropertyOptional, ApiTags } from '@nestjs/swagger';
import { IsIn, IsOptional } from 'class-validator';
import { LOCALES, type Locale } from '@mayak/domain';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import {
  ChangeReferralStatusDto,
  CreateReferralsDto,
  ListReferralsQuery,
  PartnerReferralDto,
  PartnerReferralPageDto,
  ReferralDto,
  ReferralPageDto,
} from './dto/referral.dto';
import { ReferralsService } from './referrals.service';

export class LetterQuery {
  @ApiPropertyOptional({ enum: LOCALES, enumName: 'Locale' })
  @IsOptional()
  @IsIn(LOCALES)
  locale?: Locale;
}

@ApiTags('referrals')
@Controller({ version: '1' })
export class ReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Post('cases/:id/referrals')
  @RequirePermission('referrals.manage')
  @ApiCreatedResponse({ type: [ReferralDto], description: 'No standing consent to referral: 422 consent_required, nothing written' })
  async createReferrals(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateReferralsDto): Promise<ReferralDto[]> {
    return this.referrals.create(actor, id, body);
  }

  @Get('cases/:id/referrals')
  @RequirePermission('referrals.read')
  @ApiOkResponse({ type: [ReferralDto] })
  async listCaseReferrals(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ReferralDto[]> {
    return this.referrals.forCase(actor, id);
  }

  @Get('referrals')
  @RequirePermission('referrals.read')
  @ApiOkResponse({ type: ReferralPageDto })
  async listReferrals(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery): Promise<ReferralPageDto> {
    return this.referrals.board(actor, query);
  }

  @Get('referrals/:id')
  @RequirePermission('referrals.read')
  @ApiOkResponse({ type: ReferralDto })
  async getReferral(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ReferralDto> {
    return this.referrals.get(actor, id);
  }

  @Post('referrals/:id/status')
  @HttpCode(200)
  @RequirePermission('referrals.manage')
  @ApiOkResponse({ type: ReferralDto })
  async changeReferralStatus(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeReferralStatusDto,
  ): Promise<ReferralDto> {
    return this.referrals.changeStatus(actor, id, body);
  }

  @Get('referrals/:id/letter')
  @RequirePermission('referrals.read')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({ description: 'A printable letter with only what the client agreed to share', schema: { type: 'string' } })
  async getReferralLetter(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: LetterQuery): Promise<string> {
    return this.referrals.letter(actor, id, 'hotline', query.locale ?? 'ru');
  }
}

/** Staff of a partner organisation: only the referrals addressed to it. */
@ApiTags('partner')
@Controller({ path: 'partner/referrals', version: '1' })
export class PartnerReferralsController {
  constructor(private readonly referrals: ReferralsService) {}

  @Get()
  @RequirePermission('referrals.respond')
  @ApiOkResponse({ type: PartnerReferralPageDto })
  async listPartnerReferrals(@CurrentActor() actor: Actor, @Query() query: ListReferralsQuery): Promise<PartnerReferralPageDto> {
    return this.referrals.partnerList(actor, query);
  }

  @Get(':id')
  @RequirePermission('referrals.respond')
  @ApiOkResponse({ type: PartnerReferralDto })
  async getPartnerReferral(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PartnerReferralDto> {
    return this.referrals.partnerGet(actor, id);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission('referrals.respond')
  @ApiOkResponse({ type: PartnerReferralDto, description: 'Accept, decline (with a reason), start or complete (with an outcome)' })
  async answerPartnerReferral(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: ChangeReferralStatusDto,
  ): Promise<PartnerReferralDto> {
    return this.referrals.partnerChangeStatus(actor, id, body);
  }

  @Get(':id/letter')
  @RequirePermission('referrals.respond')
  @Header('Content-Type', 'text/html; charset=utf-8')
  @Header('Cache-Control', 'no-store')
  @ApiProduces('text/html')
  @ApiOkResponse({ schema: { type: 'string' } })
  async getPartnerReferralLetter(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: LetterQuery): Promise<string> {
    return this.referrals.letter(actor, id, 'partner', query.locale ?? 'ru');
  }
}
