import { join } from 'node:path';
import PDFDocument from 'pdfkit';

// DejaVu Sans covers Cyrillic and the Kazakh letters; shipped as an npm package, no fonts from the web.
const FONT_DIR = join(require.resolve('dejavu-fonts-ttf/package.json'), '..', 'ttf');

/** A PDF drawn by `draw`, with the fonts `regular` and `bold` registered; the bytes once it is finished. */
export function renderPdf(options: { size: 'A4' | 'A5'; title: string; createdAt?: Date }, draw: (doc: PDFKit.PDFDocument) => void): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const doc = new PDFDocument({
      size: options.size,
      margin: options.size === 'A4' ? 50 : 40,
      info: { Title: options.title, Producer: 'Mayak', ...(options.createdAt ? { CreationDate: options.createdAt } : {}) },
    });
    doc.registerFont('regular', join(FONT_DIR, 'DejaVuSans.ttf'));
    doc.registerFont('bold', join(FONT_DIR, 'DejaVuSans-Bold.ttf'));
    const chunks: Buffer[] = [];
    doc.on('data', (chunk: Buffer) => chunks.push(chunk));
    doc.on('end', () => resolve(Buffer.concat(chunks)));
    doc.on('error', reject);
    draw(doc);
    doc.end();
  });
}
