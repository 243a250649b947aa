/**
 * Who may put a conversation in someone's hands. Nobody holds it: anyone on the line may take
 * it or give it. Someone holds it: they may hand it over; a supervisor may move it (someone
 * off sick, a conversation waiting too long); nobody else may take it from them.
 */
export function mayAssignConversation(actor: { userId: string; supervises: boolean }, holderId: string | null): boolean {
  return holderId === null || holderId === actor.userId || actor.supervises;
}

/** Replying is answering: only the one who holds the conversation (or nobody yet, or a supervisor) writes in it. */
export function mayReplyInConversation(actor: { userId: string; supervises: boolean }, holderId: string | null): boolean {
  return mayAssignConversation(actor, holderId);
}
