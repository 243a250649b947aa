import type { INestApplicationContext } from '@nestjs/common';
import { join } from 'node:path';
import PDFDocument from 'pdfkit';
import { DataSource } from 'typeorm';
import { KnowledgeFilesService } from '../modules/knowledge/knowledge-files.service';

const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');
const ARTICLE = 'Регистрация иностранца и продление срока пребывания';

/** A one-page leaflet (fictional but plausible), drawn with the app's own Cyrillic font. */
function leaflet(): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({ size: 'A5', margin: 40, info: { Title: 'Памятка: регистрация по прибытии', Producer: 'Mayak (demo)' } });
    doc.registerFont('regular', join(FONT_DIR, 'DejaVuSans.ttf'));
    doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    doc.font('bold').fontSize(14).text('Памятка: регистрация по прибытии');
    doc.moveDown(0.5).font('regular').fontSize(10);
    for (const line of [
      'Пример для демонстрации Mayak: адреса и сроки условные.',
      '1. Встаньте на учёт по месту пребывания в срок, который установлен для граждан вашей страны.',
      '2. Паспорт всегда остаётся у вас. Работодатель не вправе его забирать.',
      '3. Храните копии паспорта, миграционной карты и договора отдельно от оригиналов.',
      '4. Если документы отобрали или вас не отпускают, звоните 11616: бесплатно, круглосуточно, анонимно.',
    ]) doc.text(line).moveDown(0.4);
    doc.end();
  });
}

/** Demo data: the registration article offers a leaflet operators can send (once; only where the article is). */
export async function seedDemoLeaflet(app: INestApplicationContext, authorId: string): Promise<void> {
  const [article] = (await app.get(DataSource).query(`SELECT id FROM knowledge_articles WHERE title = $1 LIMIT 1`, [ARTICLE])) as { id: string }[];
  if (!article) return;
  await app.get(KnowledgeFilesService, { strict: false }).add({ userId: authorId }, article.id, { name: 'Памятка — регистрация по прибытии.pdf', declaredType: 'application/pdf', body: await leaflet() });
}
