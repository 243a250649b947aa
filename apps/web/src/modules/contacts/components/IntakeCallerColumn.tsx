import { useCan } from '@web/modules/auth/hooks/use-can';
import { KnowledgePanel } from '@web/modules/knowledge/components/KnowledgePanel';
import { Stack } from '@web/modules/ui';
import type { IntakeView } from '../hooks/use-intake';
import { CallerPanel } from './CallerPanel';
import classes from './intake-layout.module.css';

/** Beside the form: what is known about the caller's number, and the knowledge base. */
export function IntakeCallerColumn({ intake, answersCalls }: { intake: IntakeView; answersCalls: boolean }) {
  const can = useCan();
  return (
    <Stack gap="md" className={classes.callerColumn} data-testid="intake-caller-column">
      <CallerPanel
        phone={intake.values.phone}
        e164={intake.phoneE164}
        current={intake.contact}
        currentId={intake.contactId}
        linkedCaseId={intake.caseLink?.id ?? null}
        onLinkCase={(c) => intake.linkCase(c.id)}
        onLinkPerson={(personId) => intake.linkPerson(personId)}
        callId={answersCalls ? intake.callId : null}
      />
      {can('knowledge.read') ? <KnowledgePanel contactId={intake.contactId} /> : null}
    </Stack>
  );
}
