// Fitting lays slides out many times; a course's screenshots, embedded as data: URLs of a megabyte
// each, made every layout pass carry and decode them again. An image takes its room from its size
// alone, so the measuring page gets an empty SVG of the same width and height instead. Pure.
import { kept } from '../kept.ts';

const DATA_IMAGE = /data:image\/(png|jpeg|jpg|gif|webp);base64,([A-Za-z0-9+/=]+)/g;

/** Width and height of a PNG, JPEG, GIF or WebP from its first bytes; undefined when unknown. */
export function imageSize(bytes: Buffer): { width: number; height: number } | undefined {
  if (bytes.length >= 24 && bytes.readUInt32BE(0) === 0x89504e47 && bytes.toString('latin1', 12, 16) === 'IHDR') {
    return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
  }
  if (bytes.length >= 10 && bytes.toString('latin1', 0, 3) === 'GIF') return { width: bytes.readUInt16LE(6), height: bytes.readUInt16LE(8) };
  if (bytes.length >= 30 && bytes.toString('latin1', 0, 4) === 'RIFF' && bytes.toString('latin1', 8, 12) === 'WEBP') {
    const kind = bytes.toString('latin1', 12, 16);
    if (kind === 'VP8X') return { width: 1 + bytes.readUIntLE(24, 3), height: 1 + bytes.readUIntLE(27, 3) };
    if (kind === 'VP8 ') return { width: bytes.readUInt16LE(26) & 0x3fff, height: bytes.readUInt16LE(28) & 0x3fff };
    if (kind === 'VP8L') {
      const b = bytes.readUInt32LE(21);
      return { width: 1 + (b & 0x3fff), height: 1 + ((b >> 14) & 0x3fff) };
    }
    return undefined;
  }
  if (bytes.length >= 4 && bytes[0] === 0xff && bytes[1] === 0xd8) {
    // JPEG: the first start-of-frame marker holds the size.
    let at = 2;
    while (at + 9 < bytes.length) {
      if (bytes[at] !== 0xff) return undefined;
      const marker = bytes[at + 1]!;
      const length = bytes.readUInt16BE(at + 2);
      if (marker >= 0xc0 && marker <= 0xcf && marker !== 0xc4 && marker !== 0xc8 && marker !== 0xcc) {
        return { width: bytes.readUInt16BE(at + 7), height: bytes.readUInt16BE(at + 5) };
      }
      at += 2 + length;
    }
  }
  return undefined;
}

/** The HTML with each embedded picture replaced by an empty SVG of its size (the same layout);
 *  `made` keeps the stand-ins by picture. */
export function withStandIns(html: string, made: Map<string, string>): string {
  return html.replace(DATA_IMAGE, (url: string, _type: string, data: string) => {
    if (data.length < 4096) return url;
    return kept(made, url, 2000, () => {
      // The size is in the first bytes: a few hundred characters of base64 are enough, except for JPEGs with large headers.
      const size = imageSize(Buffer.from(data.slice(0, 64 * 1024), 'base64'));
      return size && size.width > 0 && size.height > 0
        ? `data:image/svg+xml;base64,${Buffer.from(`<svg xmlns="http://www.w3.org/2000/svg" width="${size.width}" height="${size.height}"/>`).toString('base64')}`
        : url;
    });
  });
}
