import { useParams } from 'react-router';
import { ContactDetail } from '../modules/contacts/components/ContactDetail';
import { RequirePermission } from '../modules/shell/RequirePermission';

export function ContactPage() {
  const { id } = useParams();
  return (
    <RequirePermission permission="contacts.read">
      <ContactDetail key={id} id={id ?? ''} />
    </RequirePermission>
  );
}
