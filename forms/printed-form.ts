// What every form builder returns: the pdfmake document and the information fixed into the file.
import type { TDocumentDefinitions } from 'pdfmake/interfaces';
import type { DocumentMeta } from './pdf/render';
import { renderPdf } from './pdf/render';

export interface PrintedForm {
  definition: TDocumentDefinitions;
  meta: DocumentMeta;
}

export const toPdf = (form: PrintedForm): Promise<Buffer> => renderPdf(form.definition, form.meta);
