import { codeLabel, groupDigest, isPlanKind, type Locale, type NotificationKind, type PlanKind } from '@mayak/domain';
import type { MailContent } from '#api/core/mail/mail-outbox';

/**
 * What a notification carries to its mail: references, codes, a name of an organisation and
 * dates, never a survivor's name, number or story. The templates read these fields and no
 * others, so whatever else a caller hands them cannot reach a mail.
 */
export interface NotificationData {
  /** The case reference (11616-2026-000123), when the event is about a case. */
  reference: string | null;
  /** The console path the mail links to (`/partner?referral=…`, `/cases/…`). */
  path: string;
  serviceType?: string | null;
  /** A directory organisation (a shelter, a legal centre): not personal data. */
  organisationName?: string | null;
  /** ISO instant of the deadline or due date the mail speaks of. */
  dueAt?: string | null;
  /** For unread critical alerts: how long it has gone unread. */
  minutes?: number | null;
  /** For a task that is a plan's review: the kind of plan (a code, never what the plan says). */
  planKind?: PlanKind | null;
  /** The office time zone dates are written in. */
  timeZone: string;
}

export interface DigestEntry {
  kind: NotificationKind;
  data: NotificationData;
  createdAt: Date;
}

interface Words {
  open: string;
  footer: string;
  digestSubject: (count: number) => string;
  digestIntro: string;
  subjects: Record<NotificationKind, (d: Vars) => string>;
  bodies: Record<NotificationKind, (d: Vars) => string>;
  groups: Record<NotificationKind, string>;
  /** A kind of plan as the sentences about its review need it (ru genitive, kk accusative). */
  plans: Record<PlanKind, string>;
}

interface Vars {
  reference: string;
  service: string;
  organisation: string;
  due: string;
  minutes: number;
  /** The plan whose review is due, in the words of `plans`; '' for any other task. */
  plan: string;
}

const WORDS: Record<Locale, Words> = {
  ru: {
    open: 'Открыть в «Маяке»',
    footer:
      'Это письмо отправлено системой «Маяк» горячей линии. В нём нет персональных данных: откройте ссылку, чтобы увидеть запись. Какие письма получать, можно выбрать в настройках учётной записи:',
    digestSubject: (count) => `«Маяк»: сводка за день (${count})`,
    digestIntro: 'Что произошло за последние сутки:',
    subjects: {
      referral_received: (d) => `Новое направление ${d.reference}`,
      referral_reminder: (d) => `Напоминание: направление ${d.reference} ждёт ответа`,
      referral_withdrawn: (d) => `Направление ${d.reference} отозвано`,
      case_assigned: (d) => `Вам назначено дело ${d.reference}`,
      task_assigned: (d) => `Новая задача по делу ${d.reference}`,
      task_due_soon: (d) => (d.plan ? `Скоро пересмотр ${d.plan} по делу ${d.reference}` : `Скоро срок задачи по делу ${d.reference}`),
      task_overdue: (d) => `Просрочена задача по делу ${d.reference}`,
      referral_overdue: (d) => `Нет ответа на направление по делу ${d.reference}`,
      critical_alert_unread: (d) => (d.reference ? `Непрочитанное критическое оповещение по делу ${d.reference}` : 'Непрочитанное критическое оповещение'),
    },
    bodies: {
      referral_received: (d) =>
        `Горячая линия направила вашей организации клиента: ${d.reference}, услуга: ${d.service}.${d.due ? ` Пожалуйста, ответьте до ${d.due}.` : ''}`,
      referral_reminder: (d) => `На направление ${d.reference} (${d.service}) ещё нет ответа.${d.due ? ` Срок ответа — до ${d.due}.` : ''}`,
      referral_withdrawn: (d) => `Горячая линия отозвала направление ${d.reference} (${d.service}). От вас ничего не требуется.`,
      case_assigned: (d) => `Дело ${d.reference} назначено вам.`,
      task_assigned: (d) => `Вам назначена задача по делу ${d.reference}${d.due ? `; срок — ${d.due}` : ''}.`,
      task_due_soon: (d) =>
        d.plan
          ? `Подходит срок пересмотра ${d.plan} по делу ${d.reference}${d.due ? `: ${d.due}` : ''}.`
          : `Подходит срок задачи по делу ${d.reference}${d.due ? `: ${d.due}` : ''}.`,
      task_overdue: (d) => `Задача по делу ${d.reference} должна была быть выполнена${d.due ? ` до ${d.due}` : ''} и всё ещё открыта.`,
      referral_overdue: (d) =>
        `Направление по делу ${d.reference} в организацию «${d.organisation}» должно было получить ответ${d.due ? ` до ${d.due}` : ''}, но ответа нет.`,
      critical_alert_unread: (d) =>
        `Критическое оповещение${d.reference ? ` по делу ${d.reference}` : ''} не прочитано уже ${d.minutes} мин. Пожалуйста, посмотрите его сейчас.`,
    },
    groups: {
      referral_received: 'Новые направления',
      referral_reminder: 'Направления ждут ответа',
      referral_withdrawn: 'Отозванные направления',
      case_assigned: 'Назначенные вам дела',
      task_assigned: 'Назначенные вам задачи',
      task_due_soon: 'Скоро срок',
      task_overdue: 'Просроченные задачи',
      referral_overdue: 'Направления без ответа',
      critical_alert_unread: 'Непрочитанные критические оповещения',
    },
    plans: { assessment: 'оценки рисков и уязвимости', safety: 'плана безопасности', support: 'плана поддержки' },
  },
  kk: {
    open: '«Маякта» ашу',
    footer:
      'Бұл хатты сенім телефонының «Маяк» жүйесі жіберді. Хатта дербес деректер жоқ: жазбаны көру үшін сілтемені ашыңыз. Қандай хаттар алатыныңызды тіркелгі баптауларында таңдауға болады:',
    digestSubject: (count) => `«Маяк»: күндік жиынтық (${count})`,
    digestIntro: 'Соңғы тәулікте не болды:',
    subjects: {
      referral_received: (d) => `Жаңа жолдама ${d.reference}`,
      referral_reminder: (d) => `Еске салу: ${d.reference} жолдамасы жауап күтуде`,
      referral_withdrawn: (d) => `${d.reference} жолдамасы кері қайтарылды`,
      case_assigned: (d) => `Сізге ${d.reference} ісі тағайындалды`,
      task_assigned: (d) => `${d.reference} ісі бойынша жаңа тапсырма`,
      task_due_soon: (d) => (d.plan ? `Мерзімі жақын: ${d.reference} ісі бойынша ${d.plan} қайта қарау` : `Мерзімі жақын: ${d.reference} ісі бойынша тапсырма`),
      task_overdue: (d) => `${d.reference} ісі бойынша тапсырманың мерзімі өтті`,
      referral_overdue: (d) => `${d.reference} ісі бойынша жолдамаға жауап жоқ`,
      critical_alert_unread: (d) => (d.reference ? `${d.reference} ісі бойынша оқылмаған маңызды хабарлама` : 'Оқылмаған маңызды хабарлама'),
    },
    bodies: {
      referral_received: (d) =>
        `Сенім телефоны ұйымыңызға клиент жолдады: ${d.reference}, қызмет: ${d.service}.${d.due ? ` ${d.due} дейін жауап беріңіз.` : ''}`,
      referral_reminder: (d) => `${d.reference} жолдамасына (${d.service}) әлі жауап берілмеді.${d.due ? ` Жауап беру мерзімі — ${d.due} дейін.` : ''}`,
      referral_withdrawn: (d) => `Сенім телефоны ${d.reference} жолдамасын (${d.service}) кері қайтарды. Сізден ешқандай әрекет талап етілмейді.`,
      case_assigned: (d) => `${d.reference} ісі сізге тағайындалды.`,
      task_assigned: (d) => `Сізге ${d.reference} ісі бойынша тапсырма берілді${d.due ? `; мерзімі — ${d.due}` : ''}.`,
      task_due_soon: (d) =>
        d.plan
          ? `${d.reference} ісі бойынша ${d.plan} қайта қарау мерзімі жақындады${d.due ? `: ${d.due}` : ''}.`
          : `${d.reference} ісі бойынша тапсырманың мерзімі жақындады${d.due ? `: ${d.due}` : ''}.`,
      task_overdue: (d) => `${d.reference} ісі бойынша тапсырма${d.due ? ` ${d.due} дейін` : ''} орындалуы керек еді, бірақ әлі ашық.`,
      referral_overdue: (d) =>
        `${d.reference} ісі бойынша «${d.organisation}» ұйымына жолдамаға${d.due ? ` ${d.due} дейін` : ''} жауап берілуі керек еді, бірақ жауап жоқ.`,
      critical_alert_unread: (d) => `Маңызды хабарлама${d.reference ? ` (${d.reference} ісі)` : ''} ${d.minutes} минуттан бері оқылмады. Қазір қарап шығыңыз.`,
    },
    groups: {
      referral_received: 'Жаңа жолдамалар',
      referral_reminder: 'Жауап күтетін жолдамалар',
      referral_withdrawn: 'Кері қайтарылған жолдамалар',
      case_assigned: 'Сізге тағайындалған істер',
      task_assigned: 'Сізге берілген тапсырмалар',
      task_due_soon: 'Мерзімі жақын тапсырмалар',
      task_overdue: 'Мерзімі өткен тапсырмалар',
      referral_overdue: 'Жауапсыз жолдамалар',
      critical_alert_unread: 'Оқылмаған маңызды хабарламалар',
    },
    plans: { assessment: 'тәуекелдер мен осалдықты бағалауды', safety: 'қауіпсіздік жоспарын', support: 'қолдау жоспарын' },
  },
  en: {
    open: 'Open in Mayak',
    footer:
      "This message was sent by Mayak, the hotline's case management system. It holds no personal data: open the link to see the record. You can choose which e-mails you receive in your account settings:",
    digestSubject: (count) => `Mayak: your daily summary (${count})`,
    digestIntro: 'What happened in the last day:',
    subjects: {
      referral_received: (d) => `New referral ${d.reference}`,
      referral_reminder: (d) => `Reminder: referral ${d.reference} awaits your answer`,
      referral_withdrawn: (d) => `Referral ${d.reference} withdrawn`,
      case_assigned: (d) => `Case ${d.reference} assigned to you`,
      task_assigned: (d) => `New task on case ${d.reference}`,
      task_due_soon: (d) => (d.plan ? `Coming up: review of the ${d.plan} on case ${d.reference}` : `Task on case ${d.reference} falls due soon`),
      task_overdue: (d) => `Overdue task on case ${d.reference}`,
      referral_overdue: (d) => `Referral on case ${d.reference} not answered`,
      critical_alert_unread: (d) => (d.reference ? `Unread critical alert on case ${d.reference}` : 'Unread critical alert'),
    },
    bodies: {
      referral_received: (d) =>
        `The hotline has referred a client to your organisation: ${d.reference}, service: ${d.service}.${d.due ? ` Please answer by ${d.due}.` : ''}`,
      referral_reminder: (d) => `The referral ${d.reference} (${d.service}) has not been answered yet.${d.due ? ` The answer is due by ${d.due}.` : ''}`,
      referral_withdrawn: (d) => `The hotline has withdrawn the referral ${d.reference} (${d.service}). No action is needed from you.`,
      case_assigned: (d) => `The case ${d.reference} has been assigned to you.`,
      task_assigned: (d) => `A task on the case ${d.reference} has been assigned to you${d.due ? `, due by ${d.due}` : ''}.`,
      task_due_soon: (d) =>
        d.plan
          ? `The ${d.plan} of the case ${d.reference} is due for review${d.due ? ` on ${d.due}` : ''}.`
          : `A task on the case ${d.reference} falls due${d.due ? ` on ${d.due}` : ''}.`,
      task_overdue: (d) => `A task on the case ${d.reference} was due${d.due ? ` by ${d.due}` : ''} and is still open.`,
      referral_overdue: (d) =>
        `The referral of case ${d.reference} to ${d.organisation} was due for an answer${d.due ? ` by ${d.due}` : ''} and has not been answered.`,
      critical_alert_unread: (d) =>
        `A critical alert${d.reference ? ` on case ${d.reference}` : ''} has not been read for ${d.minutes} minutes. Please look at it now.`,
    },
    groups: {
      referral_received: 'New referrals',
      referral_reminder: 'Referrals awaiting your answer',
      referral_withdrawn: 'Withdrawn referrals',
      case_assigned: 'Cases assigned to you',
      task_assigned: 'Tasks assigned to you',
      task_due_soon: 'Tasks falling due soon',
      task_overdue: 'Overdue tasks',
      referral_overdue: 'Referrals without an answer',
      critical_alert_unread: 'Unread critical alerts',
    },
    plans: { assessment: 'risk and vulnerability assessment', safety: 'safety plan', support: 'support plan' },
  },
};

const INTL_LOCALE: Record<Locale, string> = { ru: 'ru-RU', kk: 'kk-KZ', en: 'en-GB' };

/** A date and time in the office's zone, day first as the console writes it (07.12.2026, 14:30). */
function formatDue(iso: string | null | undefined, locale: Locale, timeZone: string): string {
  if (!iso) return '';
  const at = new Date(iso);
  if (Number.isNaN(at.getTime())) return '';
  return new Intl.DateTimeFormat(INTL_LOCALE[locale], {
    timeZone,
    day: '2-digit',
    month: '2-digit',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hour12: false,
  }).format(at);
}

function varsOf(data: NotificationData, locale: Locale): Vars {
  return {
    reference: data.reference ?? '',
    service: data.serviceType ? codeLabel('serviceType', data.serviceType, locale) : '',
    organisation: data.organisationName ?? '',
    due: formatDue(data.dueAt, locale, data.timeZone),
    minutes: data.minutes ?? 0,
    plan: isPlanKind(data.planKind) ? WORDS[locale].plans[data.planKind] : '',
  };
}

const escapeHtml = (text: string) => text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;');
const linkTo = (publicUrl: string, path: string) => `${publicUrl}${path.startsWith('/') ? path : `/${path}`}`;
const ACCOUNT_PATH = '/account';

function page(bodyHtml: string, w: Words, publicUrl: string, locale: Locale): string {
  const account = linkTo(publicUrl, ACCOUNT_PATH);
  return (
    `<!doctype html><html lang="${locale}"><head><meta charset="utf-8"></head><body style="font-family:Arial,Helvetica,sans-serif;font-size:15px;line-height:1.5;color:#1a1b1e">${bodyHtml}` +
    `<p style="font-size:12px;color:#5c5f66">${escapeHtml(w.footer)} <a href="${escapeHtml(account)}">${escapeHtml(account)}</a></p></body></html>`
  );
}

/** One notification's mail, in the recipient's language. */
export function renderNotification(kind: NotificationKind, data: NotificationData, locale: Locale, publicUrl: string): MailContent {
  const w = WORDS[locale];
  const vars = varsOf(data, locale);
  const subject = w.subjects[kind](vars);
  const body = w.bodies[kind](vars);
  const link = linkTo(publicUrl, data.path);
  const text = `${body}\n\n${w.open}: ${link}\n\n--\n${w.footer} ${linkTo(publicUrl, ACCOUNT_PATH)}\n`;
  const html = page(`<p>${escapeHtml(body)}</p><p><a href="${escapeHtml(link)}">${escapeHtml(w.open)}</a></p>`, w, publicUrl, locale);
  return { subject, text, html };
}

/** A person's day in one mail: the notifications that waited for it, grouped by kind. */
export function renderDigest(entries: readonly DigestEntry[], locale: Locale, publicUrl: string): MailContent {
  const w = WORDS[locale];
  const groups = groupDigest(entries);
  const textParts = [w.digestIntro, ''];
  const htmlParts = [`<p>${escapeHtml(w.digestIntro)}</p>`];
  for (const group of groups) {
    textParts.push(w.groups[group.kind]);
    htmlParts.push(`<h2 style="font-size:16px">${escapeHtml(w.groups[group.kind])}</h2><ul>`);
    for (const entry of group.items) {
      const line = w.bodies[entry.kind](varsOf(entry.data, locale));
      const link = linkTo(publicUrl, entry.data.path);
      textParts.push(`- ${line}\n  ${link}`);
      htmlParts.push(`<li>${escapeHtml(line)} <a href="${escapeHtml(link)}">${escapeHtml(w.open)}</a></li>`);
    }
    textParts.push('');
    htmlParts.push('</ul>');
  }
  const text = `${textParts.join('\n')}\n--\n${w.footer} ${linkTo(publicUrl, ACCOUNT_PATH)}\n`;
  return { subject: w.digestSubject(entries.length), text, html: page(htmlParts.join(''), w, publicUrl, locale) };
}
