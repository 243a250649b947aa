import { Injectable, type OnModuleInit } from '@nestjs/common';
import { CallsService } from './calls.service';
import { LocalProvider } from './provider/local-provider';
import { TelephonyProvider } from './provider/telephony-provider';

/**
 * Without a telephone network, the local adapter stands in for it: a call it hangs up gets
 * the final status callback Twilio would send, so hanging up in the console ends the call in
 * the demo and the tests as it does on a live line.
 */
@Injectable()
export class LocalLine implements OnModuleInit {
  constructor(
    private readonly provider: TelephonyProvider,
    private readonly calls: CallsService,
  ) {}

  onModuleInit(): void {
    if (!(this.provider instanceof LocalProvider)) return;
    this.provider.onHangUp((callSid) => this.calls.statusChanged({ CallSid: callSid, CallStatus: 'completed' }));
  }
}
