import { KnowledgeScreen } from '../modules/knowledge/components/KnowledgeScreen';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function KnowledgePage() {
  return (
    <RequirePermission permission="knowledge.read">
      <KnowledgeScreen />
    </RequirePermission>
  );
}
