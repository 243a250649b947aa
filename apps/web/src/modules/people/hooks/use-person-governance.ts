import { useMutation, useQuery } from '@tanstack/react-query';
import { api } from '@web/modules/api/client';
import { unwrap } from '@web/modules/api/errors';
import { readFile, saveBlob } from '@web/modules/exports/hooks/use-exports';
import { PEOPLE_KEY } from './use-people';

/** A person's correction log (newest first): who changed what, never the values. */
export function usePersonCorrections(personId: string, enabled = true) {
  return useQuery({
    queryKey: [...PEOPLE_KEY, personId, 'corrections'],
    queryFn: () => unwrap(api.GET('/api/v1/exports/people/{id}/corrections', { params: { path: { id: personId } } })),
    enabled,
  });
}

/** Everything held about a person, as a JSON file to hand to them (audited on the server). */
export function useSubjectAccessDownload() {
  return useMutation({
    mutationFn: async (personId: string) => {
      // Always saved under our own name: the file is for the person, and the name says whose it is.
      const file = await readFile(
        api.GET('/api/v1/exports/people/{id}/subject-access', { params: { path: { id: personId } }, parseAs: 'blob' }),
        `mayak-subject-access-${personId}.json`,
      );
      saveBlob(file.blob, `mayak-subject-access-${personId}.json`);
    },
  });
}
