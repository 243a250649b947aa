/** The intake on a call's contact: `/intake?contact=<id>&call=<id>` (either may be missing). */
export function intakePathFor(contactId: string | null | undefined, callId?: string | null): string {
  const params = new URLSearchParams();
  if (contactId) params.set('contact', contactId);
  if (callId) params.set('call', callId);
  const query = params.toString();
  return query ? `/intake?${query}` : '/intake';
}
