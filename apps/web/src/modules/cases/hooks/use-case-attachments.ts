import type { components } from '@mayak/api-client';
import type { CaseAttachmentCategory } from '@mayak/domain';
import { keepPreviousData, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { CASES_KEY } from './use-cases';

export type CaseAttachmentDto = components['schemas']['CaseAttachmentDto'];

const attachmentsKey = (caseId: string) => [...CASES_KEY, 'attachments', caseId] as const;
const timelineKey = (caseId: string) => [...CASES_KEY, 'timeline', caseId] as const;

/** Where a file opens (in a new tab): the API serves it in a sandbox, and audits every opening. */
export const caseAttachmentUrl = (caseId: string, id: string) => `/api/v1/cases/${caseId}/attachments/${id}/content`;

/** The files a case keeps, newest first, a page at a time. */
export function useCaseAttachments(caseId: string, page: { limit: number; offset: number }) {
  return useQuery({
    queryKey: [...attachmentsKey(caseId), page.limit, page.offset],
    queryFn: () => unwrap(api.GET('/api/v1/cases/{id}/attachments', { params: { path: { id: caseId }, query: { limit: page.limit, offset: page.offset } } })),
    placeholderData: keepPreviousData,
  });
}

export interface CaseAttachmentUpload {
  file: File;
  category: CaseAttachmentCategory;
  description?: string;
}

/** Sends the file itself as the body; its name, category and description go in the query. */
export function useUploadCaseAttachment(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ file, category, description }: CaseAttachmentUpload) =>
      unwrap(
        api.POST('/api/v1/cases/{id}/attachments', {
          params: {
            path: { id: caseId },
            query: { name: file.name, category, ...(description ? { description } : {}) },
            header: { 'content-type': file.type || 'application/octet-stream' },
          } as never,
          body: file as never,
          bodySerializer: (body: unknown) => body as BodyInit,
        }),
      ),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: attachmentsKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: timelineKey(caseId) });
    },
  });
}

export function useRemoveCaseAttachment(caseId: string) {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: (id: string) => unwrap(api.DELETE('/api/v1/cases/{id}/attachments/{attachmentId}', { params: { path: { id: caseId, attachmentId: id } } })),
    onSettled: () => {
      void queryClient.invalidateQueries({ queryKey: attachmentsKey(caseId) });
      void queryClient.invalidateQueries({ queryKey: timelineKey(caseId) });
    },
  });
}
