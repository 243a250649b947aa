import { planKindOfReviewTitle } from '@mayak/domain';
import { useTranslation } from 'react-i18next';

/**
 * A task's title as the console shows it. A plan's review task is titled by the key of the text
 * naming its kind of plan (`plans.reviewTask.safety`), so it reads in each user's language and
 * never carries what the plan says.
 */
export function useTaskTitle(): (title: string) => string {
  const { t } = useTranslation();
  return (title) => {
    const kind = planKindOfReviewTitle(title);
    return kind ? t(`plans.reviewTask.${kind}`) : title;
  };
}
