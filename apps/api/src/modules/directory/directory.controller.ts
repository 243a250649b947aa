import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { DirectoryService } from './directory.service';
import { CreateOrganisationDto, OrganisationDto, OrganisationPageDto, SearchOrganisationsQuery, UpdateOrganisationDto } from './dto/organisation.dto';

@ApiTags('directory')
@Controller({ path: 'directory/organisations', version: '1' })
export class DirectoryController {
  constructor(private readonly directory: DirectoryService) {}

  @Get()
  @RequirePermission('directory.read')
  @ApiOkResponse({ type: OrganisationPageDto })
  async searchOrganisations(@CurrentActor() actor: Actor, @Query() query: SearchOrganisationsQuery): Promise<OrganisationPageDto> {
    const page = await this.directory.search(actor, query);
    return { ...page, items: page.items.map(OrganisationDto.from) };
  }

  @Get(':id')
  @RequirePermission('directory.read')
  @ApiOkResponse({ type: OrganisationDto })
  async getOrganisation(@Param('id', ParseUUIDPipe) id: string): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.directory.get(id));
  }

  @Post()
  @RequirePermission('directory.manage')
  @ApiCreatedResponse({ type: OrganisationDto })
  async createOrganisation(@Body() body: CreateOrganisationDto): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.directory.create(body));
  }

  @Patch(':id')
  @RequirePermission('directory.manage')
  @ApiOkResponse({ type: OrganisationDto })
  async updateOrganisation(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOrganisationDto): Promise<OrganisationDto> {
    return OrganisationDto.from(await this.directory.update(id, body));
  }
}
