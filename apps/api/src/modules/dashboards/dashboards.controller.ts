import { Controller, Get, Query } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { DashboardsService } from './dashboards.service';
import { ActivityDto, CaseLoadDto, DashboardPeriodQuery, DashboardQuery, LineNowDto, TraffickingPictureDto } from './dto/dashboard.dto';

@ApiTags('dashboards')
@Controller({ path: 'dashboards', version: '1' })
export class DashboardsController {
  constructor(private readonly dashboards: DashboardsService) {}

  @Get('line')
  @RequirePermission('dashboards.read')
  @ApiOkResponse({ type: LineNowDto, description: 'The line now: calls waiting, operators, callbacks due, critical cases' })
  async getLineNow(@CurrentActor() actor: Actor, @Query() query: DashboardQuery): Promise<LineNowDto> {
    return this.dashboards.lineNow(actor, query);
  }

  @Get('activity')
  @RequirePermission('dashboards.read')
  @ApiOkResponse({ type: ActivityDto })
  async getActivity(@CurrentActor() actor: Actor, @Query() query: DashboardPeriodQuery): Promise<ActivityDto> {
    return this.dashboards.activity(actor, query);
  }

  @Get('caseload')
  @RequirePermission('dashboards.read')
  @ApiOkResponse({ type: CaseLoadDto })
  async getCaseLoad(@CurrentActor() actor: Actor, @Query() query: DashboardPeriodQuery): Promise<CaseLoadDto> {
    return this.dashboards.caseLoad(actor, query);
  }

  @Get('trafficking')
  @RequirePermission('dashboards.read')
  @ApiOkResponse({ type: TraffickingPictureDto })
  async getTraffickingPicture(@CurrentActor() actor: Actor, @Query() query: DashboardPeriodQuery): Promise<TraffickingPictureDto> {
    return this.dashboards.trafficking(actor, query);
  }
}
