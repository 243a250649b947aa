import { Inject, Injectable } from '@nestjs/common';
import { codeLabel, countryLabel, languageLabel, suppressSmallCells, type CodeListName, type Locale } from '@mayak/domain';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { Clock } from '#api/core/clock/clock';
import type { AppConfig } from '#api/core/config/app-config';
import { APP_CONFIG } from '#api/core/config/config.module';
import type { Actor } from '#api/core/context/request-context';
import { fieldInvalid } from '#api/core/errors/domain-error';
import { renderPdf } from '#api/core/pdf/render-pdf';
import { DashboardsRepository } from '../dashboards/dashboards.repository';
import { DashboardsService } from '../dashboards/dashboards.service';
import type { BreakdownDto } from '../dashboards/dto/dashboard.dto';
import { REPORT_TEXT } from './report-text';

/**
 * The monthly statistics report for donors and government: the dashboards' own queries,
 * as a PDF in Russian, Kazakh or English. It is public-facing, so every count under k (and
 * any count from which one could be worked out) is shown as a dash.
 */
@Injectable()
export class MonthlyReportService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly dashboards: DashboardsService,
    private readonly repository: DashboardsRepository,
    private readonly audit: AuditService,
    private readonly clock: Clock,
  ) {}

  async build(actor: Actor, input: { month: string; locale: Locale; officeId?: string }): Promise<{ filename: string; pdf: Buffer }> {
    const match = /^(\d{4})-(\d{2})$/.exec(input.month);
    if (!match || Number(match[2]) < 1 || Number(match[2]) > 12) throw fieldInvalid('month', 'invalid_month', 'month looks like 2026-10');
    const [year, month] = [Number(match[1]), Number(match[2])];
    const from = `${year}-${String(month).padStart(2, '0')}-01`;
    const to = month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
    const query = { from, to, officeId: input.officeId };
    const [activity, load, picture] = [
      await this.dashboards.activity(actor, query),
      await this.dashboards.caseLoad(actor, query),
      await this.dashboards.trafficking(actor, query),
    ];
    const officeIds = input.officeId
      ? [input.officeId]
      : actor.permissions.includes('dashboards.all_offices')
        ? await this.repository.allOfficeIds()
        : actor.officeIds;
    const officeNames = await this.repository.officeNames(officeIds);
    const t = REPORT_TEXT[input.locale];
    const k = this.config.exportK;
    const generatedAt = this.clock.now();
    const pdf = await renderPdf({ size: 'A4', title: 'Mayak', createdAt: generatedAt }, (doc) => {
      doc.font('bold').fontSize(18).text(t.title);
      doc.font('regular').fontSize(11).text(t.line).moveDown(0.5);
      doc
        .text(`${t.period}: ${from} — ${to}`)
        .text(`${t.offices}: ${officeNames.join(', ')}`)
        .text(`${t.generated}: ${generatedAt.toISOString().slice(0, 16).replace('T', ' ')} UTC`)
        .moveDown();
      const table = (title: string, rows: BreakdownDto[], label: (key: string) => string) => {
        doc.font('bold').fontSize(12).text(title).font('regular').fontSize(10);
        if (!rows.length) {
          doc.text('—').moveDown(0.5);
          return;
        }
        const hidden = suppressSmallCells({ rows: rows.map((r) => r.key), columns: ['n'], counts: rows.map((r) => [r.count]) }, k);
        rows.forEach((r, i) =>
          doc.text(`${r.key ? label(r.key) : t.notRecorded}`, { continued: true, width: 380 }).text(`   ${hidden.counts[i][0] ?? '—'}`, { align: 'right' }),
        );
        doc
          .text(`${t.total}`, { continued: true })
          .text(`   ${hidden.total ?? '—'}`, { align: 'right' })
          .moveDown(0.5);
      };
      const code = (list: CodeListName) => (key: string) => codeLabel(list, key, input.locale);
      const figure = (name: string, value: number | string | null) =>
        doc.text(`${name}: ${value === null ? '—' : typeof value === 'number' && value > 0 && value < k ? `< ${k}` : value}`);
      doc.font('bold').fontSize(14).text(t.contacts).font('regular').fontSize(10);
      figure(t.total, activity.contacts);
      table(t.byChannel, activity.byChannel, code('contactChannel'));
      table(t.byCategory, activity.byCategory, code('contactCategory'));
      table(t.byCallerType, activity.byCallerType, code('callerType'));
      table(t.byLanguage, activity.byLanguage, (key) => languageLabel(key, input.locale));
      doc.font('bold').fontSize(14).text(t.calls).font('regular').fontSize(10);
      figure(t.answered, activity.calls.answered);
      figure(t.missed, activity.calls.missed);
      figure(t.abandoned, activity.calls.abandoned);
      figure(t.answerTime, activity.answerSeconds.median);
      doc.moveDown(0.5).font('bold').fontSize(14).text(t.cases).font('regular').fontSize(10);
      figure(t.openCases, load.openCases);
      figure(
        t.closures,
        load.closuresByReason.reduce((sum, r) => sum + r.count, 0),
      );
      figure(
        t.referrals,
        load.referralsByStatus.reduce((sum, r) => sum + r.count, 0),
      );
      figure(t.callbacks, load.callbacks.completed);
      doc.moveDown(0.5).font('bold').fontSize(14).text(t.trafficking).font('regular').fontSize(10);
      figure(t.identified, picture.identified);
      figure(t.possible, picture.possible);
      table(t.byExploitation, picture.byExploitation, code('exploitationType'));
      table(t.byCitizenship, picture.byCitizenship, (key) => countryLabel(key, input.locale));
      table(t.byGender, picture.byGender, code('gender'));
      table(t.byAgeGroup, picture.byAgeGroup, code('ageGroup'));
      doc
        .moveDown()
        .fontSize(8)
        .text(t.suppressed.replace('{k}', String(k)));
    });
    await this.audit.record({
      action: AuditAction.ReportGenerated,
      entityType: 'report',
      summary: { kind: 'monthly', month: input.month, locale: input.locale, officeId: input.officeId ?? null, contacts: activity.contacts },
    });
    return { filename: `mayak-monthly-${input.month}-${input.locale}.pdf`, pdf };
  }
}
