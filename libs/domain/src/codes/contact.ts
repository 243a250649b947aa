/**
 * Code lists of a Contact (one interaction with the hotline): how it came in, who called,
 * what it was about, how urgent it is, and how the person can be reached back safely.
 * Our own lists: values are snake_case and stored as they are.
 */
import type { CodeLabels } from './types';

export const CONTACT_CHANNELS = ['voice', 'sms', 'whatsapp', 'telegram', 'webchat', 'email', 'walk_in'] as const;
export type ContactChannel = (typeof CONTACT_CHANNELS)[number];

export const CONTACT_CHANNEL_LABELS: CodeLabels<ContactChannel> = {
  ru: {
    voice: 'Телефонный звонок',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    webchat: 'Веб-чат',
    email: 'Электронная почта',
    walk_in: 'Личный визит',
  },
  kk: {
    voice: 'Телефон қоңырауы',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    webchat: 'Веб-чат',
    email: 'Электрондық пошта',
    walk_in: 'Жеке келу',
  },
  en: { voice: 'Phone call', sms: 'SMS', whatsapp: 'WhatsApp', telegram: 'Telegram', webchat: 'Web chat', email: 'Email', walk_in: 'Walk-in' },
};

export const CONTACT_DIRECTIONS = ['inbound', 'outbound'] as const;
export type ContactDirection = (typeof CONTACT_DIRECTIONS)[number];

export const CONTACT_DIRECTION_LABELS: CodeLabels<ContactDirection> = {
  ru: { inbound: 'Входящий', outbound: 'Исходящий' },
  kk: { inbound: 'Кіріс', outbound: 'Шығыс' },
  en: { inbound: 'Inbound', outbound: 'Outbound' },
};

export const CALLER_TYPES = ['victim', 'relative', 'witness', 'professional', 'migrant_seeking_information', 'other'] as const;
export type CallerType = (typeof CALLER_TYPES)[number];

export const CALLER_TYPE_LABELS: CodeLabels<CallerType> = {
  ru: {
    victim: 'Пострадавший',
    relative: 'Родственник',
    witness: 'Свидетель',
    professional: 'Специалист',
    migrant_seeking_information: 'Мигрант, ищущий информацию',
    other: 'Другое',
  },
  kk: {
    victim: 'Зардап шегуші',
    relative: 'Туысқан',
    witness: 'Куә',
    professional: 'Маман',
    migrant_seeking_information: 'Ақпарат іздеген мигрант',
    other: 'Басқа',
  },
  en: {
    victim: 'Victim',
    relative: 'Relative',
    witness: 'Witness',
    professional: 'Professional',
    migrant_seeking_information: 'Migrant seeking information',
    other: 'Other',
  },
};

export const CONTACT_CATEGORIES = [
  'trafficking_report',
  'labour_exploitation',
  'documents_and_registration',
  'migration_law_information',
  'safe_travel_and_job_offers',
  'missing_person',
  'violence',
  'emergency',
  'other',
  'silent_or_prank',
] as const;
export type ContactCategory = (typeof CONTACT_CATEGORIES)[number];

export const CONTACT_CATEGORY_LABELS: CodeLabels<ContactCategory> = {
  ru: {
    trafficking_report: 'Сообщение о торговле людьми',
    labour_exploitation: 'Трудовая эксплуатация',
    documents_and_registration: 'Документы и регистрация',
    migration_law_information: 'Миграционное законодательство',
    safe_travel_and_job_offers: 'Безопасный выезд и вакансии',
    missing_person: 'Пропавший человек',
    violence: 'Насилие',
    emergency: 'Экстренный случай',
    other: 'Другое',
    silent_or_prank: 'Немой или ложный звонок',
  },
  kk: {
    trafficking_report: 'Адам саудасы туралы хабар',
    labour_exploitation: 'Еңбек қанауы',
    documents_and_registration: 'Құжаттар және тіркеу',
    migration_law_information: 'Көші-қон заңнамасы',
    safe_travel_and_job_offers: 'Қауіпсіз сапар және жұмыс ұсыныстары',
    missing_person: 'Хабарсыз кеткен адам',
    violence: 'Зорлық-зомбылық',
    emergency: 'Шұғыл жағдай',
    other: 'Басқа',
    silent_or_prank: 'Үнсіз немесе жалған қоңырау',
  },
  en: {
    trafficking_report: 'Trafficking report',
    labour_exploitation: 'Labour exploitation',
    documents_and_registration: 'Documents and registration',
    migration_law_information: 'Migration law information',
    safe_travel_and_job_offers: 'Safe travel and job offers',
    missing_person: 'Missing person',
    violence: 'Violence',
    emergency: 'Emergency',
    other: 'Other',
    silent_or_prank: 'Silent or prank call',
  },
};

export const RISK_LEVELS = ['none', 'low', 'medium', 'high', 'immediate_danger'] as const;
export type RiskLevel = (typeof RISK_LEVELS)[number];

/** Risk levels that make a contact (and its case) critical: shown first, alerted, never left waiting. */
export const CRITICAL_RISK_LEVELS: readonly RiskLevel[] = ['high', 'immediate_danger'];

export function isCriticalRisk(level: RiskLevel | null | undefined): boolean {
  return level != null && CRITICAL_RISK_LEVELS.includes(level);
}

export const RISK_LEVEL_LABELS: CodeLabels<RiskLevel> = {
  ru: { none: 'Нет', low: 'Низкий', medium: 'Средний', high: 'Высокий', immediate_danger: 'Непосредственная угроза' },
  kk: { none: 'Жоқ', low: 'Төмен', medium: 'Орташа', high: 'Жоғары', immediate_danger: 'Тікелей қауіп' },
  en: { none: 'None', low: 'Low', medium: 'Medium', high: 'High', immediate_danger: 'Immediate danger' },
};

/** How the person can safely be contacted back (`none`: not at all). */
export const CONTACT_METHODS = ['voice_call', 'sms', 'whatsapp', 'telegram', 'email', 'through_trusted_person', 'none'] as const;
export type ContactMethod = (typeof CONTACT_METHODS)[number];

export const CONTACT_METHOD_LABELS: CodeLabels<ContactMethod> = {
  ru: {
    voice_call: 'Звонок',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    email: 'Электронная почта',
    through_trusted_person: 'Через доверенное лицо',
    none: 'Не связываться',
  },
  kk: {
    voice_call: 'Қоңырау',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    email: 'Электрондық пошта',
    through_trusted_person: 'Сенімді адам арқылы',
    none: 'Байланыспау',
  },
  en: {
    voice_call: 'Phone call',
    sms: 'SMS',
    whatsapp: 'WhatsApp',
    telegram: 'Telegram',
    email: 'Email',
    through_trusted_person: 'Through a trusted person',
    none: 'Do not contact',
  },
};
