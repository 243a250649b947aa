import type { components } from '@mayak/api-client';

type Schemas = components['schemas'];
export type { AssignableUserDto, CaseDto, CaseSummaryDto, TaskDto, TimelineEntryDto } from '@mayak/api-client';
export type UpdateCaseBody = Schemas['UpdateCaseDto'];
export type ChangeStatusBody = Schemas['ChangeCaseStatusDto'];
export type CreateTaskBody = Schemas['CreateTaskDto'];
export type UpdateTaskBody = Schemas['UpdateTaskDto'];
export type GiveConsentBody = Schemas['GiveConsentDto'];
export type TraffickingEvent = Schemas['TraffickingEventDto'];
export type TraffickingDetails = Schemas['TraffickingDetailsDto'];
