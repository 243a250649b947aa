import { Body, Controller, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { PageQuery } from '#api/core/http/page-query';
import { CasePlansService } from './case-plans.service';
import { ClosePlanDto, CreatePlanDto, PlanDto, PlanPageDto, ReviewPlanDto, UpdatePlanDto } from './dto/case-plan.dto';

/**
 * A case's assessment, safety plan and support plan. Read by whoever reads the case; written by
 * whoever may change the case's details (cases.manage: its case worker, a colleague it is shared
 * with, a supervisor of its office).
 */
@ApiTags('cases')
@Controller({ path: 'cases', version: '1' })
export class CasePlansController {
  constructor(private readonly plans: CasePlansService) {}

  @Get(':caseId/plans')
  @RequirePermission('cases.read')
  @ApiOperation({ summary: 'List a case’s plans', description: 'Assessments, safety plans and support plans: those in force first, the newest first' })
  @ApiOkResponse({ type: PlanPageDto })
  listCasePlans(@CurrentActor() actor: Actor, @Param('caseId', ParseUUIDPipe) caseId: string, @Query() query: PageQuery): Promise<PlanPageDto> {
    return this.plans.list(actor, caseId, query.limit, query.offset);
  }

  @Post(':caseId/plans')
  @RequirePermission('cases.manage')
  @ApiOperation({ summary: 'Write a plan for a case', description: 'A review date becomes a task of the case in the same step' })
  @ApiCreatedResponse({ type: PlanDto })
  createCasePlan(@CurrentActor() actor: Actor, @Param('caseId', ParseUUIDPipe) caseId: string, @Body() body: CreatePlanDto): Promise<PlanDto> {
    return this.plans.create(actor, caseId, body);
  }

  @Get(':caseId/plans/:planId')
  @RequirePermission('cases.read')
  @ApiOperation({ summary: 'Read a plan of a case' })
  @ApiOkResponse({ type: PlanDto })
  getCasePlan(@CurrentActor() actor: Actor, @Param('caseId', ParseUUIDPipe) caseId: string, @Param('planId', ParseUUIDPipe) planId: string): Promise<PlanDto> {
    return this.plans.get(actor, caseId, planId);
  }

  @Patch(':caseId/plans/:planId')
  @RequirePermission('cases.manage')
  @ApiOperation({
    summary: 'Change a plan',
    description: 'Fields left out stay as they are; null removes one. A changed review date moves its open task; a removed one cancels it.',
  })
  @ApiOkResponse({ type: PlanDto })
  updateCasePlan(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: UpdatePlanDto,
  ): Promise<PlanDto> {
    return this.plans.update(actor, caseId, planId, body);
  }

  @Post(':caseId/plans/:planId/review')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOperation({ summary: 'Record a plan’s review', description: 'The review task is done; a next review date becomes a new task' })
  @ApiOkResponse({ type: PlanDto })
  reviewCasePlan(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: ReviewPlanDto,
  ): Promise<PlanDto> {
    return this.plans.review(actor, caseId, planId, body);
  }

  @Post(':caseId/plans/:planId/close')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOperation({ summary: 'Close a plan', description: 'Its open review task is cancelled; a closed plan no longer changes' })
  @ApiOkResponse({ type: PlanDto })
  closeCasePlan(
    @CurrentActor() actor: Actor,
    @Param('caseId', ParseUUIDPipe) caseId: string,
    @Param('planId', ParseUUIDPipe) planId: string,
    @Body() body: ClosePlanDto,
  ): Promise<PlanDto> {
    return this.plans.close(actor, caseId, planId, body);
  }
}
