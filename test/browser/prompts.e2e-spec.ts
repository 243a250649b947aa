import { join } from 'node:path';
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { consoleSuite, demoUser, signInToShell, textOf, tRu, visible } from '../support/console';
import { ACCOUNT_SID, HOTLINE, newCallSid, postWebhook } from '../support/twilio-webhooks';

const PUBLIC_URL = 'https://hotline.example.org';

/** A tiny valid WAV: 100 ms of silence at 8 kHz. */
function wav(): Buffer {
  const data = Buffer.alloc(1600);
  const header = Buffer.alloc(44);
  header.write('RIFF', 0);
  header.writeUInt32LE(36 + data.length, 4);
  header.write('WAVE', 8);
  header.write('fmt ', 12);
  header.writeUInt32LE(16, 16);
  header.writeUInt16LE(1, 20);
  header.writeUInt16LE(1, 22);
  header.writeUInt32LE(8000, 24);
  header.writeUInt32LE(16000, 28);
  header.writeUInt16LE(2, 32);
  header.writeUInt16LE(16, 34);
  header.write('data', 36);
  header.writeUInt32LE(data.length, 40);
  return Buffer.concat([header, data]);
}

/** An administrator uploads the Tajik menu prompt; the phone menu plays it; it can be removed again. */
describe('Console recorded prompts (browser)', () => {
  const suite = consoleSuite({ PUBLIC_URL });
  const open = suite.open;
  let dir: string;
  beforeAll(() => {
    dir = mkdtempSync(join(tmpdir(), 'mayak-prompts-'));
  });
  afterAll(() => rmSync(dir, { recursive: true, force: true }));

  it('an administrator uploads a recording for the Tajik menu, and callers hear it', async () => {
    const file = join(dir, 'menu-tg.wav');
    writeFileSync(file, wav());
    const page = await open();
    await signInToShell(page, demoUser('admin'));
    await page.getByTestId('nav-offices').click();
    const section = page.getByRole('region', { name: tRu('prompts.title') });
    await visible(section);
    await visible(section.getByTestId('prompts-none'));
    await section.getByTestId('prompt-kind').selectOption('menu');
    await section.getByTestId('prompt-language').selectOption('tg');
    await section.getByTestId('prompt-file').setInputFiles(file);
    await section.getByTestId('prompt-upload').click();
    await visible(section.getByTestId('prompt-menu-tg'));
    await textOf(section.getByTestId('prompt-menu-tg'), tRu('prompts.kinds.menu'));

    const twiml = await (
      await postWebhook(suite.app.baseUrl, PUBLIC_URL, '/voice', {
        CallSid: newCallSid(),
        AccountSid: ACCOUNT_SID,
        From: '+77015557777',
        To: HOTLINE,
        CallStatus: 'ringing',
      })
    ).text();
    expect(twiml).toMatch(new RegExp(`<Play>${PUBLIC_URL}/api/v1/telephony/prompts/menu/tg\\?v=\\d+</Play>`));

    await section
      .getByTestId('prompt-menu-tg')
      .getByRole('button', { name: tRu('prompts.remove') })
      .click();
    await visible(section.getByTestId('prompts-none'));
  });
});
