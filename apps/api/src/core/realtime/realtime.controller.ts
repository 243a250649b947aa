import { Controller, Get, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiProduces, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { CurrentActor, RequirePermission } from '../auth/access.decorators';
import type { Actor } from '../context/request-context';
import { Metrics } from '../metrics/metrics';
import { RealtimeEvents } from './realtime-events';

const STREAM_ID = /^\d{1,20}-\d{1,20}$/;
const BLOCK_MS = 15_000;

/**
 * Server-Sent Events for the signed-in user's console. The browser's EventSource sends
 * `Last-Event-ID` when it reconnects; we continue from there, so nothing kept is missed.
 */
@ApiTags('realtime')
@Controller({ path: 'events', version: '1' })
export class RealtimeController {
  constructor(private readonly events: RealtimeEvents, private readonly metrics: Metrics) {}

  @Get()
  @RequirePermission('alerts.read')
  @ApiProduces('text/event-stream')
  @ApiOkResponse({ description: 'text/event-stream of events: alert, call.ringing, call.taken, call.ended, call.transfer, callback.due, sms.received (ids and codes only; see docs/architecture.md); a comment line every 15 s keeps proxies from closing it', schema: { type: 'string' } })
  async streamEvents(@CurrentActor() actor: Actor, @Req() request: Request, @Res() response: Response): Promise<void> {
    const header = request.headers['last-event-id'];
    const lastEventId = typeof header === 'string' && STREAM_ID.test(header) ? header : await this.events.lastId(actor.userId);
    response.status(200).set({ 'Content-Type': 'text/event-stream; charset=utf-8', 'Cache-Control': 'no-store', Connection: 'keep-alive', 'X-Accel-Buffering': 'no' });
    response.flushHeaders();
    response.write('retry: 3000\n\n');
    const reader = this.events.openReader(actor.userId);
    let open = true;
    this.metrics.sseConnections.inc();
    request.on('close', () => {
      open = false;
      this.metrics.sseConnections.dec();
      reader.close();
    });
    let cursor = lastEventId;
    while (open) {
      try {
        const batch = await reader.read(cursor, BLOCK_MS);
        if (!open) break;
        if (!batch.length) {
          response.write(': keep-alive\n\n');
          continue;
        }
        for (const event of batch) {
          response.write(`id: ${event.id}\nevent: ${event.type}\ndata: ${JSON.stringify(event.data)}\n\n`);
          cursor = event.id;
        }
      } catch {
        if (open) response.end();
        break;
      }
    }
  }
}
