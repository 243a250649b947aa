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

/**
 * The generated schema types `assigneeId` of CreateCaseDto / OpenCaseFromContactDto and
 * `personId` of UpdateCaseDto as `Record<string, never> | null` (the API's decorators lack
 * `type: String`); the API itself validates a UUID string. This casts a real id to that type.
 */
export function uuidField(id: string | null): Record<string, never> | null {
  return id as unknown as Record<string, never> | null;
}
