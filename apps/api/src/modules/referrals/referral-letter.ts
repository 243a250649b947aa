import { codeLabel, type Locale } from '@mayak/domain';
import type { Organisation } from '../directory/organisation.entity';
import type { Referral } from './referral.entity';

const TEXT: Record<Locale, Record<string, string>> = {
  ru: {
    title: 'Направление',
    to: 'Кому',
    service: 'Услуга',
    reference: 'Номер дела',
    sent: 'Отправлено',
    due: 'Просим ответить до',
    summary: 'Что клиент разрешил сообщить',
    client: 'Клиент',
    phone: 'Телефон',
    noContact: 'Клиент не дал согласия передавать его имя и телефон; свяжитесь с линией 11616.',
    footer: 'Линия 11616 по вопросам миграции и торговли людьми. Документ содержит только сведения, на передачу которых клиент дал согласие.',
  },
  kk: {
    title: 'Жолдама',
    to: 'Кімге',
    service: 'Қызмет',
    reference: 'Іс нөмірі',
    sent: 'Жіберілді',
    due: 'Жауап беру мерзімі',
    summary: 'Клиент хабарлауға рұқсат еткен мәліметтер',
    client: 'Клиент',
    phone: 'Телефон',
    noContact: 'Клиент атын және телефонын беруге келісім бермеді; 11616 желісіне хабарласыңыз.',
    footer: 'Көші-қон және адам саудасы мәселелері бойынша 11616 желісі. Құжатта тек клиент беруге келісім берген мәліметтер бар.',
  },
  en: {
    title: 'Referral',
    to: 'To',
    service: 'Service',
    reference: 'Case reference',
    sent: 'Sent',
    due: 'Please answer by',
    summary: 'What the client agreed to share',
    client: 'Client',
    phone: 'Phone',
    noContact: 'The client did not agree to share their name and number; please contact the 11616 line.',
    footer: 'The 11616 line on migration and human trafficking. This letter holds only what the client agreed to share.',
  },
};

function escape(value: string): string {
  return value.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
}

export interface ReferralLetterInput {
  referral: Referral;
  organisation: Organisation;
  reference: string;
  clientName: string | null;
  clientPhone: string | null;
  locale: Locale;
}

/** A self-contained, printable HTML page (no scripts, no external resources). */
export function renderReferralLetter(input: ReferralLetterInput): string {
  const t = TEXT[input.locale];
  const date = (d: Date | null) =>
    d
      ? new Intl.DateTimeFormat(input.locale === 'kk' ? 'kk-KZ' : input.locale, { dateStyle: 'long', timeStyle: 'short', timeZone: 'Asia/Almaty' }).format(d)
      : '—';
  const row = (label: string, value: string) => `<tr><th>${escape(label)}</th><td>${escape(value)}</td></tr>`;
  const client =
    input.clientName || input.clientPhone
      ? row(t.client, input.clientName ?? '—') + row(t.phone, input.clientPhone ?? '—')
      : `<tr><td colspan="2"><em>${escape(t.noContact)}</em></td></tr>`;
  return `<!doctype html>
<html lang="${input.locale}"><head><meta charset="utf-8"><title>${escape(t.title)} ${escape(input.reference)}</title>
<style>body{font:14px/1.5 system-ui,sans-serif;max-width:42rem;margin:2rem auto;color:#111}h1{font-size:1.4rem}th{text-align:left;padding-right:1rem;vertical-align:top;white-space:nowrap}td,th{padding:.25rem 0}.summary{white-space:pre-wrap;border:1px solid #999;padding:.75rem}footer{margin-top:2rem;font-size:12px;color:#444}@media print{body{margin:0}}</style>
</head><body>
<h1>${escape(t.title)} · ${escape(input.reference)}</h1>
<table>
${row(t.to, input.organisation.name)}
${row(t.service, codeLabel('serviceType', input.referral.serviceType, input.locale))}
${row(t.reference, input.reference)}
${row(t.sent, date(input.referral.sentAt))}
${row(t.due, date(input.referral.dueAt))}
${client}
</table>
<h2>${escape(t.summary)}</h2>
<div class="summary">${escape(input.referral.sharedSummary)}</div>
<footer>${escape(t.footer)}</footer>
</body></html>`;
}
