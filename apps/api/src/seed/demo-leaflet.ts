import type { INestApplicationContext } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { renderPdf } from '../core/pdf/render-pdf';
import { KnowledgeFilesService } from '../modules/knowledge/knowledge-files.service';

const ARTICLE = 'Регистрация иностранца и продление срока пребывания';

/** A one-page leaflet (fictional but plausible), drawn with the app's own Cyrillic font. */
function leaflet(): Promise<Buffer> {
  return renderPdf({ size: 'A5', title: 'Памятка: регистрация по прибытии' }, (doc) => {
    doc.font('bold').fontSize(14).text('Памятка: регистрация по прибытии');
    doc.moveDown(0.5).font('regular').fontSize(10);
    for (const line of [
      'Пример для демонстрации Mayak: адреса и сроки условные.',
      '1. Встаньте на учёт по месту пребывания в срок, который установлен для граждан вашей страны.',
      '2. Паспорт всегда остаётся у вас. Работодатель не вправе его забирать.',
      '3. Храните копии паспорта, миграционной карты и договора отдельно от оригиналов.',
      '4. Если документы отобрали или вас не отпускают, звоните 11616: бесплатно, круглосуточно, анонимно.',
    ])
      doc.text(line).moveDown(0.4);
  });
}

/** Demo data: the registration article offers a leaflet operators can send (once; only where the article is). */
export async function seedDemoLeaflet(app: INestApplicationContext, authorId: string): Promise<void> {
  const [article] = (await app.get(DataSource).query(`SELECT id FROM knowledge_articles WHERE title = $1 LIMIT 1`, [ARTICLE])) as { id: string }[];
  if (!article) return;
  await app
    .get(KnowledgeFilesService, { strict: false })
    .add({ userId: authorId }, article.id, { name: 'Памятка — регистрация по прибытии.pdf', declaredType: 'application/pdf', body: await leaflet() });
}
