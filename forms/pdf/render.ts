// pdfmake on the server with Tinos, a Times-metric serif with complete Vietnamese, shipped as TTF by
// an npm package (@expo-google-fonts/tinos), so `npm install` is all a fresh machine needs. pdfmake
// may read only those font files and no URL. The document information is fixed from the facts
// (`printedAt`), never the clock, so the same facts give the same bytes.
import path from 'node:path';
import pdfmake from 'pdfmake';
import type { TDocumentDefinitions } from 'pdfmake/interfaces';

const FONT_PACKAGE_DIR = path.dirname(require.resolve('@expo-google-fonts/tinos/package.json'));
const font = (dir: string, file: string) => path.join(FONT_PACKAGE_DIR, dir, file);

export const FONT_FAMILY = 'Tinos';

let configured = false;
function configure(): void {
  if (configured) return;
  pdfmake.setFonts({
    [FONT_FAMILY]: {
      normal: font('400Regular', 'Tinos_400Regular.ttf'),
      bold: font('700Bold', 'Tinos_700Bold.ttf'),
      italics: font('400Regular_Italic', 'Tinos_400Regular_Italic.ttf'),
      bolditalics: font('700Bold_Italic', 'Tinos_700Bold_Italic.ttf'),
    },
  });
  pdfmake.setUrlAccessPolicy(() => false);
  pdfmake.setLocalAccessPolicy((file) => path.resolve(file).startsWith(FONT_PACKAGE_DIR + path.sep));
  configured = true;
}

export interface DocumentMeta {
  title: string;
  /** The agency issuing the paper. */
  author: string;
  /** The time the facts refer to: CreationDate and ModDate. */
  printedAt: Date;
}

/** Renders a document definition to PDF bytes, with the document information fixed from `meta`. */
export async function renderPdf(definition: TDocumentDefinitions, meta: DocumentMeta): Promise<Buffer> {
  configure();
  const doc = pdfmake.createPdf({
    ...definition,
    info: {
      title: meta.title,
      author: meta.author,
      subject: meta.title,
      creator: 'Liên thông',
      producer: 'Liên thông (pdfmake)',
      creationDate: meta.printedAt,
      modDate: meta.printedAt,
    },
  });
  return doc.getBuffer();
}
