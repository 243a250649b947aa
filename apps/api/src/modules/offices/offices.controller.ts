import { Body, Controller, Get, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { RequirePermission } from '#api/core/auth/access.decorators';
import { CreateOfficeDto, ListOfficesQuery, OfficeDto, OfficePageDto, UpdateOfficeDto } from './dto/office.dto';
import { OfficesService } from './offices.service';

@ApiTags('offices')
@Controller({ path: 'offices', version: '1' })
export class OfficesController {
  constructor(private readonly offices: OfficesService) {}

  @Get()
  @RequirePermission('offices.read')
  @ApiOkResponse({ type: OfficePageDto })
  async listOffices(@Query() query: ListOfficesQuery): Promise<OfficePageDto> {
    const page = await this.offices.list(query);
    return { ...page, items: page.items.map(OfficeDto.from) };
  }

  @Get(':id')
  @RequirePermission('offices.read')
  @ApiOkResponse({ type: OfficeDto })
  async getOffice(@Param('id', ParseUUIDPipe) id: string): Promise<OfficeDto> {
    return OfficeDto.from(await this.offices.get(id));
  }

  @Post()
  @RequirePermission('offices.manage')
  @ApiCreatedResponse({ type: OfficeDto })
  async createOffice(@Body() body: CreateOfficeDto): Promise<OfficeDto> {
    return OfficeDto.from(await this.offices.create(body));
  }

  @Patch(':id')
  @RequirePermission('offices.manage')
  @ApiOkResponse({ type: OfficeDto })
  async updateOffice(@Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateOfficeDto): Promise<OfficeDto> {
    return OfficeDto.from(await this.offices.update(id, body));
  }
}
