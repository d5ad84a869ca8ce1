// The frame every paper shares, as Vietnamese administrative documents are set (Decree 30/2020/NĐ-CP
// style): A4, Times-like serif at 13 pt; top left the supervising body and the issuing agency in
// capitals with a short rule and the paper's number; top right the national motto with its rule and
// the place and date in italics; then the title, bold and centred; the body; signature blocks.
import type { Content, TDocumentDefinitions } from 'pdfmake/interfaces';
import type { AgencyFacts, Signer } from '../facts';
import { FONT_FAMILY } from './render';

export const BODY_SIZE = 13;
export const TABLE_SIZE = 11;

/** A short centred rule under a header line, as the motto and the agency name carry. */
function rule(width: number, pageWidth: number, columnShare: number): Content {
  const column = pageWidth * columnShare;
  return {
    canvas: [
      { type: 'line', x1: (column - width) / 2, y1: 0, x2: (column + width) / 2, y2: 0, lineWidth: 0.6 },
    ],
    margin: [0, 3, 0, 4],
  };
}

export interface HeaderFacts {
  agency: AgencyFacts;
  /** "Số: …" under the agency; omitted when the paper carries no number. */
  number?: string;
  /** "Phú Hòa, ngày 02 tháng 12 năm 2026". */
  placeAndDate: string;
}

/** Portrait: 30 mm left (for binding), 15 mm right, 20 mm top and bottom. Landscape (the register): 20 mm all round. */
export const PAGE_MARGINS: [number, number, number, number] = [85, 57, 42.5, 50];
const LANDSCAPE_MARGINS: [number, number, number, number] = [57, 57, 57, 57];
/** Usable width between the margins of an A4 page. */
const contentWidth = (landscape: boolean) =>
  landscape
    ? 841.89 - LANDSCAPE_MARGINS[0] - LANDSCAPE_MARGINS[2]
    : 595.28 - PAGE_MARGINS[0] - PAGE_MARGINS[2];

export function nationalHeader(header: HeaderFacts, landscape = false): Content {
  const width = contentWidth(landscape);
  const left = 0.42;
  const right = 1 - left;
  const agencyLines: Content[] = [
    ...(header.agency.parentName
      ? [{ text: header.agency.parentName.toUpperCase(), fontSize: 12, alignment: 'center' } as Content]
      : []),
    { text: header.agency.name.toUpperCase(), fontSize: 12, bold: true, alignment: 'center' },
    rule(60, width, left),
    // Receipt codes are long: one line, a size smaller, as a number is never wrapped.
    ...(header.number
      ? [{ text: `Số: ${header.number}`, fontSize: 10.5, alignment: 'center', noWrap: true } as Content]
      : []),
  ];
  return {
    columns: [
      { width: `${left * 100}%`, stack: agencyLines },
      {
        width: `${right * 100}%`,
        stack: [
          {
            text: 'CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM',
            fontSize: 12,
            bold: true,
            alignment: 'center',
            noWrap: true,
          },
          { text: 'Độc lập - Tự do - Hạnh phúc', fontSize: 13, bold: true, alignment: 'center' },
          rule(150, width, right),
          { text: header.placeAndDate, italics: true, alignment: 'center', fontSize: BODY_SIZE },
        ],
      },
    ],
    columnGap: 6,
    margin: [0, 0, 0, 18],
  };
}

export function title(text: string, subtitle?: string): Content {
  return {
    stack: [
      { text, bold: true, fontSize: 14, alignment: 'center' },
      ...(subtitle ? [{ text: subtitle, italics: true, alignment: 'center' } as Content] : []),
    ],
    margin: [0, 0, 0, 12],
  };
}

/** A labelled line of the body: "Label: value", the label in normal weight, the value bold. */
export function field(label: string, value: string, options: { boldValue?: boolean } = {}): Content {
  return {
    text: [`${label}: `, { text: value, bold: options.boldValue ?? false }],
    margin: [0, 0, 0, 3],
  };
}

export function paragraph(text: string | Content[], margin: [number, number, number, number] = [0, 0, 0, 3]) {
  return { text, margin, alignment: 'justify' } as Content;
}

/** Signature blocks side by side: heading bold, "(Ký, ghi rõ họ tên)" in italics, room to sign, name. */
export function signatures(signers: Signer[], hint = '(Ký và ghi rõ họ tên)'): Content {
  // A lone signer signs on the right half, as the head of an agency does.
  const blocks: (Signer | undefined)[] = signers.length === 1 ? [undefined, signers[0]] : signers;
  return {
    columns: blocks.map((s) =>
      !s
        ? { width: '*', text: '' }
        : {
            width: '*',
            stack: [
              { text: s.role, bold: true, alignment: 'center' },
              { text: hint, italics: true, alignment: 'center' },
              { text: ' ', margin: [0, 30, 0, 0] },
              { text: s.name, bold: true, alignment: 'center' },
              ...(s.title ? [{ text: s.title, alignment: 'center', fontSize: 10.5 } as Content] : []),
            ],
          },
    ),
    margin: [0, 10, 0, 0],
    unbreakable: true,
  } as Content;
}

/** A bordered table with a bold header row, repeated on each page. */
export function table(widths: (number | string)[], header: string[], rows: (string | Content)[][]): Content {
  return {
    table: {
      headerRows: 1,
      widths,
      dontBreakRows: true,
      body: [header.map((h) => ({ text: h, bold: true, alignment: 'center' })), ...rows] as Content[][],
    },
    fontSize: TABLE_SIZE,
    layout: { paddingTop: () => 2, paddingBottom: () => 2, paddingLeft: () => 4, paddingRight: () => 4 },
    margin: [0, 4, 0, 8],
  } as Content;
}

export function page(content: Content[], options: { landscape?: boolean } = {}): TDocumentDefinitions {
  return {
    pageSize: 'A4',
    pageOrientation: options.landscape ? 'landscape' : 'portrait',
    pageMargins: options.landscape ? LANDSCAPE_MARGINS : PAGE_MARGINS,
    defaultStyle: { font: FONT_FAMILY, fontSize: BODY_SIZE, lineHeight: 1.05 },
    content,
  };
}
