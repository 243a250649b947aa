import type { components } from '@mayak/api-client';
import { useInfiniteQuery, useMutation, useQuery, useQueryClient } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { ApiError, unwrap } from '@web/modules/api/errors';
import { PEOPLE_KEY } from './use-people';

type Schemas = components['schemas'];
export type PersonDuplicate = Schemas['PersonDuplicateDto'];
export type DuplicateMatch = Schemas['DuplicateMatch'];
export type PersonMerge = Schemas['PersonMergeDto'];

const MERGES_KEY = [...PEOPLE_KEY, 'merges'] as const;

/** Records that may be the same person (a shared number, another identifier, or the name), as the API suggests them. */
export function usePersonDuplicates(id: string, enabled = true) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, id, 'duplicates'],
    queryFn: () => unwrap(api.GET('/api/v1/people/{id}/duplicates', { params: { path: { id } } })),
    enabled,
  });
}

/** Folds `duplicateId` into `survivorId`: everything of the duplicate moves onto the survivor. */
export function useMergePeople() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: ({ survivorId, duplicateId, reason }: { survivorId: string; duplicateId: string; reason: string }) =>
      unwrap(api.POST('/api/v1/people/{id}/merge', { params: { path: { id: survivorId } }, body: { duplicateId, reason } })),
    onSuccess: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
        queryClient.invalidateQueries({ queryKey: ['contacts'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]),
  });
}

/** Every merge of the installation, newest first (administrators' repair list: ids only). */
export function usePersonMerges(enabled = true) {
  return useInfiniteQuery({
    queryKey: MERGES_KEY,
    queryFn: ({ pageParam }) => unwrap(api.GET('/api/v1/people/merges', { params: { query: { limit: 25, ...(pageParam ? { cursor: pageParam } : {}) } } })),
    initialPageParam: '' as string,
    getNextPageParam: (last) => last.nextCursor ?? undefined,
    enabled,
  });
}

/**
 * The merge that folded `mergedId` into `survivorId` and is not undone yet, looked up in the
 * merges list (the merge answer is the surviving person, without the merge's id).
 */
export async function findOpenMerge(survivorId: string, mergedId: string): Promise<PersonMerge | null> {
  let cursor: string | undefined;
  // The merge just made is on the first page; a few more pages cover merges made meanwhile.
  for (let page = 0; page < 4; page++) {
    const result = await unwrap(api.GET('/api/v1/people/merges', { params: { query: { limit: 100, ...(cursor ? { cursor } : {}) } } }));
    const found = result.items.find((m) => m.survivorId === survivorId && m.mergedId === mergedId && !m.undoneAt);
    if (found) return found;
    if (!result.nextCursor) return null;
    cursor = result.nextCursor;
  }
  return null;
}

/** Puts back exactly what a merge moved (administrators: `people.unmerge`). */
export function useUndoMerge() {
  const queryClient = useQueryClient();
  return useMutation({
    mutationFn: async (merge: { id: string } | { survivorId: string; mergedId: string }) => {
      const id = 'id' in merge ? merge.id : (await findOpenMerge(merge.survivorId, merge.mergedId))?.id;
      // Not in the list any more (undone meanwhile): the same answer the API gives for an undone merge.
      if (!id)
        throw new ApiError(409, {
          type: 'urn:mayak:problem:merge_not_reversible',
          title: 'Conflict',
          status: 409,
          detail: 'No such merge to undo',
          code: 'merge_not_reversible',
        });
      return unwrap(api.POST('/api/v1/people/merges/{mergeId}/undo', { params: { path: { mergeId: id } } }));
    },
    onSettled: () =>
      Promise.all([
        queryClient.invalidateQueries({ queryKey: PEOPLE_KEY }),
        queryClient.invalidateQueries({ queryKey: ['contacts'] }),
        queryClient.invalidateQueries({ queryKey: ['cases'] }),
      ]),
  });
}
