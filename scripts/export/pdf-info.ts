// Sets a PDF's document information (title, author, subject…) by appending an incremental update,
// as the PDF format allows: Chromium's file is kept byte for byte and a new Info dictionary and
// trailer are added after it. Written by hand because loading and re-saving every PDF with pdf-lib
// took a tenth of a build; pdf-lib remains the fallback for files this does not recognise.

export interface PdfInfo {
  Title?: string;
  Author?: string;
  Subject?: string;
  Keywords?: string;
  Creator?: string;
  Producer?: string;
}

const TRAILER = /trailer\s*<<([\s\S]*?)>>\s*startxref\s*(\d+)\s*%%EOF\s*$/;

/** A PDF text string in UTF-16BE, which every reader decodes, whatever the language. */
export function pdfText(text: string): string {
  let hex = 'FEFF';
  for (let i = 0; i < text.length; i++) hex += text.charCodeAt(i).toString(16).toUpperCase().padStart(4, '0');
  return `<${hex}>`;
}

const pdfDate = (d: Date) => `(D:${d.toISOString().replace(/[-:T]/g, '').slice(0, 14)}Z)`;

/** The updated PDF, or undefined when the file does not end with a classic trailer. */
export function appendInfo(pdf: Uint8Array, info: PdfInfo, now = new Date()): Uint8Array | undefined {
  const tail = Buffer.from(pdf.subarray(Math.max(0, pdf.length - 2048))).toString('latin1');
  const trailer = TRAILER.exec(tail);
  const size = trailer && /\/Size\s+(\d+)/.exec(trailer[1]!)?.[1];
  const root = trailer && /\/Root\s+(\d+\s+\d+\s+R)/.exec(trailer[1]!)?.[1];
  if (!trailer || !size || !root) return undefined;
  const id = Number(size);
  const entries = Object.entries(info).filter(([, v]) => v !== undefined).map(([k, v]) => `/${k} ${pdfText(v as string)}`);
  entries.push(`/CreationDate ${pdfDate(now)}`, `/ModDate ${pdfDate(now)}`);
  const object = `\n${id} 0 obj\n<< ${entries.join(' ')} >>\nendobj\n`;
  const objectOffset = pdf.length + 1;
  const xrefOffset = pdf.length + Buffer.byteLength(object, 'latin1');
  const update = `${object}xref\n${id} 1\n${String(objectOffset).padStart(10, '0')} 00000 n \ntrailer\n<< /Size ${id + 1} /Root ${root} /Info ${id} 0 R /Prev ${trailer[2]} >>\nstartxref\n${xrefOffset}\n%%EOF\n`;
  return Buffer.concat([pdf, Buffer.from(update, 'latin1')]);
}
