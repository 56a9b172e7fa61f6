// The teacher's key: what lets a page move the class's slides. 192 random bits, compared in constant
// time; it lives in the teacher's URLs and in this process, never in a page or a file.
import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';

export const newKey = () => randomBytes(24).toString('base64url');

const digest = (text: string) => createHash('sha256').update(text).digest();

/** Whether `given` is the key. Both are hashed first, so that the comparison takes the same time
 *  whatever their lengths and wherever they differ. */
export const isKey = (given: string | undefined, key: string) => given !== undefined && timingSafeEqual(digest(given), digest(key));

/** The key of an `Authorization: Bearer <key>` header. */
export function bearer(header: string | undefined): string | undefined {
  const m = /^Bearer[ \t]+(\S+)[ \t]*$/i.exec(header ?? '');
  return m?.[1];
}
