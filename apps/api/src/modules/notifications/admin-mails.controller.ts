import { Body, Controller, Get, HttpCode, Post } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import { AuditAction } from '#api/core/audit/audit-actions';
import { AuditService } from '#api/core/audit/audit.service';
import { RequirePermission } from '#api/core/auth/access.decorators';
import { MailOutbox } from '#api/core/mail/mail-outbox';
import { MailOverviewDto, RetryMailsDto, RetryMailsResultDto } from './dto/mail-overview.dto';

const RECENT_FAILURES = 50;

@ApiTags('admin')
@Controller({ path: 'admin/mails', version: '1' })
export class AdminMailsController {
  constructor(
    private readonly outbox: MailOutbox,
    private readonly audit: AuditService,
  ) {}

  @Get()
  @RequirePermission('queues.read')
  @ApiOperation({
    summary: 'How e-mail delivery stands',
    description: "Counts, and the most recent mails given up with the mail server's reason; never what a mail said.",
  })
  @ApiOkResponse({ type: MailOverviewDto })
  async mailOverview(): Promise<MailOverviewDto> {
    const overview = await this.outbox.overview(RECENT_FAILURES);
    return {
      enabled: overview.enabled,
      pending: overview.pending,
      failed: overview.failed,
      sentLastDay: overview.sentLastDay,
      failures: overview.failures.map((f) => ({
        id: f.id,
        kind: f.kind,
        toAddress: f.toAddress,
        attempts: f.attempts,
        lastError: f.lastError,
        createdAt: f.createdAt.toISOString(),
        failedAt: f.failedAt?.toISOString() ?? null,
      })),
    };
  }

  @Post('retry')
  @HttpCode(200)
  @RequirePermission('queues.manage')
  @ApiOperation({
    summary: 'Try failed mails again',
    description: 'After the mail server or an address was fixed: each failed mail is tried again from its first attempt. Audited.',
  })
  @ApiOkResponse({ type: RetryMailsResultDto })
  async retryMails(@Body() body: RetryMailsDto): Promise<RetryMailsResultDto> {
    const requeued = await this.outbox.retryFailed(body.ids);
    if (requeued.length) await this.audit.record({ action: AuditAction.MailsRetried, entityType: 'mail', summary: { mails: requeued } });
    return { requeued };
  }
}
