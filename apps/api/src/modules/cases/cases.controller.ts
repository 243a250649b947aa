import { Body, Controller, Delete, Get, HttpCode, Param, ParseUUIDPipe, Patch, Post, Query } from '@nestjs/common';
import { ApiCreatedResponse, ApiNoContentResponse, ApiOkResponse, ApiOperation, ApiProperty, ApiTags } from '@nestjs/swagger';
import { IsUUID } from 'class-validator';
import { CurrentActor, RequirePermission } from '#api/core/auth/access.decorators';
import type { Actor } from '#api/core/context/request-context';
import { CaseSearchService } from './case-search.service';
import { CaseTimeline } from './case-timeline.service';
import { CaseWorkService } from './case-work.service';
import { CasesService } from './cases.service';
import {
  AddNoteDto,
  AssignCaseDto,
  CaseDto,
  CasePageDto,
  ChangeCaseStatusDto,
  CreateCaseDto,
  ListCasesQuery,
  ShareCaseDto,
  UpdateCaseDto,
  VersionDto,
} from './dto/case.dto';
import { AssignableUserDto, CreateTaskDto, GiveConsentDto, MyTaskPageDto, TaskDto, TimelinePageDto, TimelineQuery, UpdateTaskDto } from './dto/case-work.dto';
import { PageQuery } from '#api/core/http/page-query';

export class AssignableUsersQuery {
  @ApiProperty({ format: 'uuid' })
  @IsUUID()
  officeId!: string;
}

export class NotifiedDto {
  @ApiProperty({ description: 'How many supervisors were notified (0 when they already were)' }) notified!: number;
}

/** Work across cases: what is waiting for the signed-in user. */
@ApiTags('cases')
@Controller({ path: 'tasks', version: '1' })
export class TasksController {
  constructor(private readonly work: CaseWorkService) {}

  @Get('mine')
  @RequirePermission('cases.read')
  @ApiOperation({ summary: 'List my open tasks', description: 'Open tasks assigned to you on cases you may see, the soonest due first' })
  @ApiOkResponse({ type: MyTaskPageDto })
  listMyTasks(@CurrentActor() actor: Actor, @Query() query: PageQuery): Promise<MyTaskPageDto> {
    return this.work.myTasks(actor, query.limit, query.offset);
  }
}

@ApiTags('cases')
@Controller({ path: 'cases', version: '1' })
export class CasesController {
  constructor(
    private readonly cases: CasesService,
    private readonly search: CaseSearchService,
    private readonly timeline: CaseTimeline,
    private readonly work: CaseWorkService,
  ) {}

  @Get()
  @RequirePermission('cases.read')
  @ApiOkResponse({ type: CasePageDto })
  async listCases(@CurrentActor() actor: Actor, @Query() query: ListCasesQuery): Promise<CasePageDto> {
    return this.search.list(actor, query);
  }

  @Post()
  @RequirePermission('cases.contribute')
  @ApiCreatedResponse({ type: CaseDto })
  async createCase(@CurrentActor() actor: Actor, @Body() body: CreateCaseDto): Promise<CaseDto> {
    const created = await this.cases.create(actor, body);
    return this.cases.toDto(actor, created);
  }

  @Get('assignable-users')
  @RequirePermission('cases.contribute')
  @ApiOkResponse({ type: [AssignableUserDto] })
  async listAssignableUsers(@CurrentActor() actor: Actor, @Query() query: AssignableUsersQuery): Promise<AssignableUserDto[]> {
    return this.cases.assignableUsers(actor, query.officeId);
  }

  @Get(':id')
  @RequirePermission('cases.read')
  @ApiOkResponse({ type: CaseDto })
  async getCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<CaseDto> {
    return this.cases.get(actor, id);
  }

  @Patch(':id')
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: CaseDto })
  async updateCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: UpdateCaseDto): Promise<CaseDto> {
    return this.cases.update(actor, id, body);
  }

  @Post(':id/status')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: CaseDto, description: 'An illegal transition is a 409 whose `allowed` lists the possible next statuses' })
  async changeCaseStatus(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ChangeCaseStatusDto): Promise<CaseDto> {
    return this.cases.changeStatus(actor, id, body);
  }

  @Post(':id/closure-approval')
  @HttpCode(200)
  @RequirePermission('cases.approve_closure')
  @ApiOkResponse({ type: CaseDto })
  async approveCaseClosure(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: VersionDto): Promise<CaseDto> {
    return this.cases.approveClosure(actor, id, body.version);
  }

  @Post(':id/closure-approval-request')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: NotifiedDto })
  async requestCaseClosureApproval(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<NotifiedDto> {
    return this.cases.requestClosureApproval(actor, id);
  }

  @Post(':id/assignee')
  @HttpCode(200)
  @RequirePermission('cases.assign')
  @ApiOkResponse({ type: CaseDto })
  async assignCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AssignCaseDto): Promise<CaseDto> {
    return this.cases.assign(actor, id, body);
  }

  @Post(':id/shares')
  @HttpCode(200)
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: CaseDto })
  async shareCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: ShareCaseDto): Promise<CaseDto> {
    return this.cases.share(actor, id, body.userId);
  }

  @Delete(':id/shares/:userId')
  @RequirePermission('cases.manage')
  @ApiOkResponse({ type: CaseDto })
  async unshareCase(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Param('userId', ParseUUIDPipe) userId: string): Promise<CaseDto> {
    return this.cases.unshare(actor, id, userId);
  }

  @Get(':id/timeline')
  @RequirePermission('cases.read')
  @ApiOkResponse({ type: TimelinePageDto })
  async getCaseTimeline(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Query() query: TimelineQuery): Promise<TimelinePageDto> {
    const c = await this.cases.require(actor, id);
    return this.timeline.page(actor, id, c.officeId, query.limit, query.cursor);
  }

  @Post(':id/notes')
  @HttpCode(204)
  @RequirePermission('cases.contribute')
  @ApiNoContentResponse()
  async addCaseNote(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: AddNoteDto): Promise<void> {
    await this.cases.addNote(actor, id, body.body);
  }

  @Get(':id/tasks')
  @RequirePermission('cases.read')
  @ApiOkResponse({ type: [TaskDto] })
  async listCaseTasks(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string): Promise<TaskDto[]> {
    return this.work.tasks(actor, id);
  }

  @Post(':id/tasks')
  @RequirePermission('cases.contribute')
  @ApiCreatedResponse({ type: TaskDto })
  async createCaseTask(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: CreateTaskDto): Promise<TaskDto> {
    return this.work.createTask(actor, id, body);
  }

  @Patch(':id/tasks/:taskId')
  @RequirePermission('cases.contribute')
  @ApiOkResponse({ type: TaskDto })
  async updateCaseTask(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('taskId', ParseUUIDPipe) taskId: string,
    @Body() body: UpdateTaskDto,
  ): Promise<TaskDto> {
    return this.work.updateTask(actor, id, taskId, body);
  }

  @Post(':id/consents')
  @HttpCode(200)
  @RequirePermission('cases.contribute')
  @ApiOkResponse({ type: CaseDto })
  async giveCaseConsent(@CurrentActor() actor: Actor, @Param('id', ParseUUIDPipe) id: string, @Body() body: GiveConsentDto): Promise<CaseDto> {
    await this.work.giveConsent(actor, id, body);
    return this.cases.toDto(actor, await this.cases.require(actor, id));
  }

  @Post(':id/consents/:consentId/withdraw')
  @HttpCode(200)
  @RequirePermission('cases.contribute')
  @ApiOkResponse({ type: CaseDto })
  async withdrawCaseConsent(
    @CurrentActor() actor: Actor,
    @Param('id', ParseUUIDPipe) id: string,
    @Param('consentId', ParseUUIDPipe) consentId: string,
  ): Promise<CaseDto> {
    await this.work.withdrawConsent(actor, id, consentId);
    return this.cases.toDto(actor, await this.cases.require(actor, id));
  }
}
