/**
 * Code lists of a Case and its tasks (the case status and priority live in
 * ../cases/case-status). Our own lists: values are snake_case and stored as they are.
 */
import type { CodeLabels } from './types';

export const CASE_TYPES = [
  'trafficking',
  'labour_exploitation',
  'missing_person',
  'documents_and_status',
  'violence',
  'information_and_assistance',
  'other',
] as const;
export type CaseType = (typeof CASE_TYPES)[number];

export const CASE_TYPE_LABELS: CodeLabels<CaseType> = {
  ru: {
    trafficking: 'Торговля людьми',
    labour_exploitation: 'Трудовая эксплуатация',
    missing_person: 'Пропавший человек',
    documents_and_status: 'Документы и правовой статус',
    violence: 'Насилие',
    information_and_assistance: 'Информация и помощь',
    other: 'Другое',
  },
  kk: {
    trafficking: 'Адам саудасы',
    labour_exploitation: 'Еңбек қанауы',
    missing_person: 'Хабарсыз кеткен адам',
    documents_and_status: 'Құжаттар және құқықтық мәртебе',
    violence: 'Зорлық-зомбылық',
    information_and_assistance: 'Ақпарат және көмек',
    other: 'Басқа',
  },
  en: {
    trafficking: 'Trafficking in persons',
    labour_exploitation: 'Labour exploitation',
    missing_person: 'Missing person',
    documents_and_status: 'Documents and legal status',
    violence: 'Violence',
    information_and_assistance: 'Information and assistance',
    other: 'Other',
  },
};

/** Why a case was closed (closing needs one; see checkCaseTransition). */
export const CLOSURE_REASONS = [
  'resolved',
  'referred_and_completed',
  'client_returned_home',
  'client_unreachable',
  'client_withdrew',
  'not_within_mandate',
  'duplicate',
  'other',
] as const;
export type ClosureReason = (typeof CLOSURE_REASONS)[number];

export const CLOSURE_REASON_LABELS: CodeLabels<ClosureReason> = {
  ru: {
    resolved: 'Вопрос решён',
    referred_and_completed: 'Перенаправлен, помощь оказана',
    client_returned_home: 'Клиент вернулся домой',
    client_unreachable: 'Клиент недоступен',
    client_withdrew: 'Клиент отказался',
    not_within_mandate: 'Вне нашей компетенции',
    duplicate: 'Дубликат',
    other: 'Другое',
  },
  kk: {
    resolved: 'Мәселе шешілді',
    referred_and_completed: 'Жолданды, көмек көрсетілді',
    client_returned_home: 'Клиент еліне оралды',
    client_unreachable: 'Клиентпен байланыс жоқ',
    client_withdrew: 'Клиент бас тартты',
    not_within_mandate: 'Біздің құзыретке жатпайды',
    duplicate: 'Қайталанған іс',
    other: 'Басқа',
  },
  en: {
    resolved: 'Resolved',
    referred_and_completed: 'Referred and completed',
    client_returned_home: 'Client returned home',
    client_unreachable: 'Client unreachable',
    client_withdrew: 'Client withdrew',
    not_within_mandate: 'Not within our mandate',
    duplicate: 'Duplicate',
    other: 'Other',
  },
};

export const TASK_STATUSES = ['open', 'done', 'cancelled'] as const;
export type TaskStatus = (typeof TASK_STATUSES)[number];

export const TASK_STATUS_LABELS: CodeLabels<TaskStatus> = {
  ru: { open: 'Открыта', done: 'Выполнена', cancelled: 'Отменена' },
  kk: { open: 'Ашық', done: 'Орындалды', cancelled: 'Бас тартылды' },
  en: { open: 'Open', done: 'Done', cancelled: 'Cancelled' },
};
