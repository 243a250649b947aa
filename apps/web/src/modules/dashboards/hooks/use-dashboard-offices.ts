import { useCan } from '@web/modules/auth/hooks/use-can';
import { useSession } from '@web/modules/auth/hooks/use-session';
import { useOfficeOptions } from '@web/modules/offices/hooks/use-offices';

export interface DashboardOffices {
  /** The offices the user may choose between (administrators: every active office). */
  options: { id: string; name: string }[];
  /** Office names by id, for the split by office. */
  names: ReadonlyMap<string, string>;
  /** Whether "all" means every office (administrators) rather than the user's own. */
  allOffices: boolean;
}

/** Supervisors see their offices' figures; administrators (dashboards.all_offices) every office's. */
export function useDashboardOffices(): DashboardOffices {
  const session = useSession();
  const can = useCan();
  const allOffices = can('dashboards.all_offices');
  const everyOffice = useOfficeOptions(allOffices && can('offices.read'));
  const options =
    allOffices && everyOffice.data ? everyOffice.data : (session.data?.user.offices ?? []).map((office) => ({ id: office.id, name: office.name }));
  return { options, names: new Map(options.map((office) => [office.id, office.name])), allOffices };
}
