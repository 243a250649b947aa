import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { TimelineQuery } from '../cases/dto/case-work.dto';
import {
  CreatePersonDto,
  DuplicatesQuery,
  FlagDto,
  MergePeopleDto,
  NewCallerFlagDto,
  NewFlagDto,
  NewIdentifierDto,
  PersonDto,
  PersonDuplicatesDto,
  PersonMergeDto,
  PersonMergePageDto,
  PersonPageDto,
  RevealDto,
  SearchPeopleQuery,
  UpdatePersonDto,
} from './dto/person.dto';
import { PeopleService } from './people.service';

@ApiTags('people')
@Controller({ path: 'people', version: '1' })
export class PeopleController {
  constructor(private readonly people: PeopleService) {}

  @Get()
  @RequirePermission('people.read')
  @ApiOkResponse({ type: PersonPageDto })
  async searchPeople(@CurrentActor() actor: Actor, @Query() query: SearchPeopleQuery): Promise<PersonPageDto> {
    return this.people.search(actor, query.q, query.limit, query.cursor);
  }

  @Post()
  @RequirePermission('people.write')
  @ApiCreatedResponse({ type: PersonDto })
  async createPerson(@CurrentActor() actor: Actor, @Body() body: CreatePersonDto): Promise<PersonDto> {
    const person = await this.people.create(actor, body);
    return (await this.people.toDtos(actor, [person]))[0];
  }

  @Get('merges')
  @RequirePermission('people.unmerge')
  @ApiOkResponse({ type: PersonMergePageDto })
  async listPersonMerges(@Query() query: TimelineQuery): Promise<PersonMergePageDto> {
    return this.people.listMerges(query.limit, query.cursor);
  }

  @Post('merges/:mergeId/undo')
  @HttpCode(200)
  @RequirePermission('people.unmerge')
  @ApiOkResponse({ type: PersonMergeDto })
  async undoPersonMerge(@CurrentActor() actor: Actor, @Param('mergeId', ParseUUIDPipe) mergeId: string): Promise<PersonMergeDto> {
    return this.people.undoMerge(actor, mergeId);
  }

  @Post('flags/:flagId/remove')
  @HttpCode(204)
  @RequirePermission('people.write')
  @ApiNoContentResponse()
  async removeFlag(@CurrentActor() actor: Actor, @Param('flagId', ParseUUIDPipe) flagId: string): Promise<void> {
    await this.people.removeFlag(actor, flagId);
  }

  @Post('caller-flags')
  @RequirePermission('people.write')
  @ApiCreatedResponse({ type: FlagDto })
  async flagCaller(@CurrentActor() actor: Actor, @Body() body: NewCallerFlagDto): Promise<FlagDto> {
    const { phone, ...flag } = body;
    return this.people.addFlag(actor, { phone }, flag);
  }

  @Get(':id')
  @RequirePermission('people.read')
  @ApiOkResponse({ type: PersonDto })
  async getPerson(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<PersonDto> {
    return this.people.get(actor, id);
  }

  @Get(':id/duplicates')
  @RequirePermission('people.read')
  @ApiOkResponse({ type: PersonDuplicatesDto, description: 'Records that may be the same person (a shared identifier or name), as far as you may see them' })
  async listPersonDuplicates(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Query() query: DuplicatesQuery,
  ): Promise<PersonDuplicatesDto> {
    return this.people.duplicates(actor, id, query.limit);
  }

  @Patch(':id')
  @RequirePermission('people.write')
  @ApiOkResponse({ type: PersonDto })
  async updatePerson(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdatePersonDto): Promise<PersonDto> {
    return this.people.update(actor, id, body);
  }

  @Post(':id/reveal')
  @HttpCode(200)
  @RequirePermission('identifiers.reveal')
  @ApiOkResponse({ type: PersonDto, description: 'The person with name and identifiers unmasked; the reason is audited' })
  async revealPerson(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: RevealDto): Promise<PersonDto> {
    return this.people.reveal(actor, id, body.reason);
  }

  @Post(':id/identifiers')
  @RequirePermission('people.write')
  @ApiCreatedResponse({ type: PersonDto })
  async addPersonIdentifier(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: NewIdentifierDto): Promise<PersonDto> {
    return this.people.addIdentifier(actor, id, body);
  }

  @Delete(':id/identifiers/:identifierId')
  @RequirePermission('people.write')
  @ApiOkResponse({ type: PersonDto })
  async removePersonIdentifier(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('identifierId', ParseUUIDPipe) identifierId: string,
  ): Promise<PersonDto> {
    return this.people.removeIdentifier(actor, id, identifierId);
  }

  @Post(':id/flags')
  @RequirePermission('people.write')
  @ApiCreatedResponse({ type: FlagDto })
  async flagPerson(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: NewFlagDto): Promise<FlagDto> {
    return this.people.addFlag(actor, { personId: id }, body);
  }

  @Post(':id/merge')
  @HttpCode(200)
  @RequirePermission('people.merge')
  @ApiOkResponse({ type: PersonDto, description: 'The surviving record, with everything of the duplicate moved onto it' })
  async mergePeople(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: MergePeopleDto): Promise<PersonDto> {
    return this.people.merge(actor, id, body.duplicateId, body.reason);
  }
}
