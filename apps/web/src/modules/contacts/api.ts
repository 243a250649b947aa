import { api } from '../api/client';
import { unwrap } from '../api/errors';
import type { CreateContactBody, OpenCaseBody, UpdateContactBody } from './types';

/** The contact calls the intake makes in sequence (not React Query mutations: it orders them itself). */
export const contactsApi = {
  create: (body: CreateContactBody) => unwrap(api.POST('/api/v1/contacts', { body })),
  get: (id: string) => unwrap(api.GET('/api/v1/contacts/{id}', { params: { path: { id } } })),
  update: (id: string, body: UpdateContactBody) => unwrap(api.PATCH('/api/v1/contacts/{id}', { params: { path: { id } }, body })),
  complete: (id: string, version: number) => unwrap(api.POST('/api/v1/contacts/{id}/complete', { params: { path: { id } }, body: { version } })),
  linkCase: (id: string, version: number, caseId: string) =>
    unwrap(api.POST('/api/v1/contacts/{id}/case', { params: { path: { id } }, body: { version, caseId } })),
  openCase: (id: string, body: OpenCaseBody) => unwrap(api.POST('/api/v1/contacts/{id}/open-case', { params: { path: { id } }, body })),
};
