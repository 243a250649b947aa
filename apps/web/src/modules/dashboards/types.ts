import type { components } from '@mayak/api-client';

type Schemas = components['schemas'];
export type LineNowDto = Schemas['LineNowDto'];
export type ActivityDto = Schemas['ActivityDto'];
export type CaseLoadDto = Schemas['CaseLoadDto'];
export type TraffickingPictureDto = Schemas['TraffickingPictureDto'];
export type BreakdownDto = Schemas['BreakdownDto'];
export type PercentilesDto = Schemas['PercentilesDto'];
export type PartnerResponseDto = Schemas['PartnerResponseDto'];
export type AssigneeLoadDto = Schemas['AssigneeLoadDto'];
