import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { PageQuery } from '#api/core/http/page-query';
import { OfficeRefDto } from '../offices/dto/office.dto';
import { CaseTransfersService } from './case-transfers.service';
import { AcceptTransferDto, CaseTransferDto, CaseTransferPageDto, DeclineTransferDto, RequestTransferDto } from './dto/case-transfer.dto';

/** A case's own transfers: asking for it to move, and its history of moves. */
@ApiTags('cases')
@Controller({ path: 'cases', version: '1' })
export class CaseTransferRequestsController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Post(':id/transfers')
  @RequirePermission('cases.manage')
  @ApiOperation({
    summary: 'Ask another office to take a case',
    description: 'The case stays where it is until a supervisor of that office accepts. One pending request per case.',
  })
  @ApiCreatedResponse({ type: CaseTransferDto })
  requestCaseTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RequestTransferDto): Promise<CaseTransferDto> {
    return this.transfers.request(actor, id, body);
  }

  @Get(':id/transfers')
  @RequirePermission('cases.read')
  @ApiOperation({ summary: 'List a case’s transfers', description: 'Requests to move the case to another office and their answers, newest first' })
  @ApiOkResponse({ type: [CaseTransferDto] })
  listCaseTransfers(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseTransferDto[]> {
    return this.transfers.forCase(actor, id);
  }
}

/** Transfer requests across cases: what waits for a receiving office, and their answers. */
@ApiTags('cases')
@Controller({ path: 'case-transfers', version: '1' })
export class CaseTransfersController {
  constructor(private readonly transfers: CaseTransfersService) {}

  @Get('incoming')
  @RequirePermission('cases.assign')
  @ApiOperation({
    summary: 'List incoming transfer requests',
    description: 'Pending requests to the offices you supervise, the oldest first. They name the case by reference, type and priority only.',
  })
  @ApiOkResponse({ type: CaseTransferPageDto })
  listIncomingTransfers(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<CaseTransferPageDto> {
    return this.transfers.incoming(actor, query.limit, query.offset);
  }

  @Get('offices')
  @RequirePermission('cases.manage')
  @ApiOperation({ summary: 'List offices a case may move to', description: 'Every active office (names only)' })
  @ApiOkResponse({ type: [OfficeRefDto] })
  listTransferOffices(): Promise<OfficeRefDto[]> {
    return this.transfers.destinations();
  }

  @Post(':id/accept')
  @HttpCode(200)
  @RequirePermission('cases.assign')
  @ApiOperation({ summary: 'Accept a transfer request', description: 'The case moves to your office in one step, optionally to one of your case workers' })
  @ApiOkResponse({ type: CaseTransferDto })
  acceptCaseTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AcceptTransferDto): Promise<CaseTransferDto> {
    return this.transfers.accept(actor, id, body);
  }

  @Post(':id/decline')
  @HttpCode(200)
  @RequirePermission('cases.assign')
  @ApiOkResponse({ type: CaseTransferDto })
  declineCaseTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: DeclineTransferDto): Promise<CaseTransferDto> {
    return this.transfers.decline(actor, id, body.reason);
  }

  @Post(':id/withdraw')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: CaseTransferDto })
  withdrawCaseTransfer(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseTransferDto> {
    return this.transfers.withdraw(actor, id);
  }
}
