import { ContactsList } from '../modules/contacts/components/ContactsList';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function ContactsPage() {
  return (
    <RequirePermission permission="contacts.read">
      <ContactsList />
    </RequirePermission>
  );
}
