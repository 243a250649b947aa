import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CasesService } from '../cases/cases.service';
import { RevealDto } from '../people/dto/person.dto';
import { ContactsService } from './contacts.service';
import {
  CallerHistoryDto,
  CallerLookupDto,
  CompleteContactDto,
  ContactDto,
  ContactPageDto,
  ContactWithCaseDto,
  CreateContactDto,
  LinkContactDto,
  ListContactsQuery,
  OpenCaseFromContactDto,
  RevealedPhoneDto,
  UpdateContactDto,
} from './dto/contact.dto';

@ApiTags('contacts')
@Controller({ path: 'contacts', version: '1' })
export class ContactsController {
  constructor(
    private readonly contacts: ContactsService,
    private readonly cases: CasesService,
  ) {}

  @Get()
  @RequirePermission('contacts.read')
  @ApiOkResponse({ type: ContactPageDto })
  async listContacts(@CurrentActor() actor: Actor, @Query() query: ListContactsQuery): Promise<ContactPageDto> {
    return this.contacts.list(actor, query);
  }

  @Post()
  @RequirePermission('contacts.write')
  @ApiCreatedResponse({ type: ContactDto })
  async createContact(@CurrentActor() actor: Actor, @Body() body: CreateContactDto): Promise<ContactDto> {
    return this.contacts.create(actor, body);
  }

  @Get(':id')
  @RequirePermission('contacts.read')
  @ApiOkResponse({ type: ContactDto })
  async getContact(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<ContactDto> {
    return this.contacts.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('contacts.write')
  @ApiOkResponse({ type: ContactDto, description: 'Only while the contact is in progress (409 contact_completed after)' })
  async updateContact(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateContactDto): Promise<ContactDto> {
    return this.contacts.update(actor, id, body);
  }

  @Post(':id/complete')
  @HttpCode(200)
  @RequirePermission('contacts.write')
  @ApiOkResponse({ type: ContactDto })
  async completeContact(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CompleteContactDto): Promise<ContactDto> {
    return this.contacts.complete(actor, id, body);
  }

  @Post(':id/case')
  @HttpCode(200)
  @RequirePermission('cases.contribute')
  @ApiOkResponse({ type: ContactDto, description: 'Links the contact to an existing case: a contact you may see, completed or not' })
  async linkContactToCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: LinkContactDto): Promise<ContactDto> {
    return this.contacts.linkToCase(actor, id, body.version, body.caseId);
  }

  @Post(':id/open-case')
  @RequirePermission('cases.contribute')
  @ApiCreatedResponse({ type: ContactWithCaseDto, description: 'Opens a new case from this contact, in one step: a contact you may see, completed or not' })
  async openCaseFromContact(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Body() body: OpenCaseFromContactDto,
  ): Promise<ContactWithCaseDto> {
    // The new case is described even if the opener will not see it afterwards (left unassigned by a case worker).
    const { contact, created } = await this.contacts.openCase(actor, id, body);
    const [summary] = await this.cases.summaries(actor, [created]);
    return { contact, case: summary };
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @RequirePermission('identifiers.reveal')
  @ApiOkResponse({ type: RevealedPhoneDto, description: 'The caller’s number unmasked; the reason is audited' })
  async revealContactPhone(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RevealDto): Promise<RevealedPhoneDto> {
    return this.contacts.revealPhone(actor, id, body.reason);
  }
}

/** Repeat callers: POST so the number never sits in a URL, a proxy log or browser history. */
@ApiTags('contacts')
@Controller({ path: 'callers', version: '1' })
export class CallersController {
  constructor(private readonly contacts: ContactsService) {}

  @Post('lookup')
  @HttpCode(200)
  @RequirePermission('contacts.read')
  @ApiOkResponse({ type: CallerHistoryDto })
  async lookUpCaller(@CurrentActor() actor: Actor, @Body() body: CallerLookupDto): Promise<CallerHistoryDto> {
    return this.contacts.callerHistory(actor, body.phone);
  }
}
