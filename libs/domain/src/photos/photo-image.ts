import { crc32 } from 'node:zlib';
import { heicWithoutLocation } from './heif-location.js';
import { eraseTiffLocation, MalformedImage } from './tiff-location.js';

export { MalformedImage } from './tiff-location.js';

/** The photo types the app may upload: what phone cameras write. */
export const PHOTO_TYPES = ['image/jpeg', 'image/png', 'image/heic'] as const;
export type PhotoType = (typeof PHOTO_TYPES)[number];

const PNG_SIGNATURE = Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
/** ISOBMFF brands of HEIF images from phones (HEVC-coded, single or sequence). */
const HEIF_BRANDS = new Set(['heic', 'heix', 'heim', 'heis', 'hevc', 'hevx', 'mif1', 'msf1']);

/** What the bytes are, by their signature (never by what the client says they are). */
export function photoTypeOf(bytes: Buffer): PhotoType | undefined {
  if (bytes.length >= 3 && bytes[0] === 0xff && bytes[1] === 0xd8 && bytes[2] === 0xff) {
    return 'image/jpeg';
  }
  if (bytes.subarray(0, 8).equals(PNG_SIGNATURE)) return 'image/png';
  if (bytes.length >= 12 && bytes.toString('latin1', 4, 8) === 'ftyp') {
    if (HEIF_BRANDS.has(bytes.toString('latin1', 8, 12))) return 'image/heic';
  }
  return undefined;
}

/**
 * The photo as it is stored: the same image with where it was taken
 * removed (a volunteer's photo at a resident's door would otherwise tell
 * anyone who can see it where that resident lives). EXIF GPS is erased;
 * XMP and IPTC blocks, which can repeat the location as text, go whole.
 */
export function withoutLocation(bytes: Buffer, type: PhotoType): Buffer {
  try {
    switch (type) {
      case 'image/jpeg':
        return jpegWithoutLocation(bytes);
      case 'image/png':
        return pngWithoutLocation(bytes);
      case 'image/heic':
        return heicWithoutLocation(bytes);
    }
  } catch (error) {
    // A read past the end: an offset or length pointing outside the file.
    if (error instanceof RangeError) throw new MalformedImage('offset out of range');
    throw error;
  }
}

const EXIF_HEADER = Buffer.from('Exif\0\0', 'latin1');
const APP1 = 0xe1;
const APP2 = 0xe2;
const APP13 = 0xed;
const SOS = 0xda;
const EOI = 0xd9;
const MPF_HEADER = Buffer.from('MPF\0', 'latin1');

/**
 * JPEG: markers up to the first scan, the compressed image (its scans)
 * up to the end-of-image marker, and nothing after it. An APP1 that is
 * EXIF keeps everything but its GPS; any other APP1 (XMP, extended XMP)
 * and APP13 (Photoshop/IPTC) are dropped; so are the images phones append
 * after the end (MPF gain and depth maps, each with an EXIF of its own,
 * and motion-photo videos) with the APP2 index that points at them.
 */
function jpegWithoutLocation(bytes: Buffer): Buffer {
  const parts: Buffer[] = [bytes.subarray(0, 2)];
  let at = 2;
  for (;;) {
    if (at + 4 > bytes.length || bytes[at] !== 0xff) throw new MalformedImage('JPEG marker');
    const marker = bytes[at + 1] ?? 0;
    if (marker === 0xff) {
      at += 1; // fill byte
      continue;
    }
    if (marker === SOS) {
      parts.push(bytes.subarray(at, endOfImage(bytes, at)));
      return Buffer.concat(parts);
    }
    const end = at + 2 + bytes.readUInt16BE(at + 2);
    if (end > bytes.length) throw new MalformedImage('JPEG segment length');
    const segment = Buffer.from(bytes.subarray(at, end));
    const payload = segment.subarray(4);
    if (marker === APP1 && payload.subarray(0, 6).equals(EXIF_HEADER)) {
      eraseTiffLocation(payload.subarray(6));
      parts.push(segment);
    } else if (
      marker !== APP1 &&
      marker !== APP13 &&
      !(marker === APP2 && payload.subarray(0, 4).equals(MPF_HEADER))
    ) {
      parts.push(segment);
    }
    at = end;
  }
}

/**
 * Where the image that starts scanning at `from` ends: just after its
 * end-of-image marker. In the compressed data a 0xFF byte is always
 * followed by 0x00 (a stuffed byte), a restart marker or another marker
 * of the image (a later scan's tables), so the first FF D9 is the end.
 */
function endOfImage(bytes: Buffer, from: number): number {
  const data = from + 2 + bytes.readUInt16BE(from + 2); // after the scan's header
  for (let at = bytes.indexOf(0xff, data); at >= 0; at = bytes.indexOf(0xff, at + 1)) {
    if (bytes[at + 1] === EOI) return at + 2;
  }
  throw new MalformedImage('JPEG without end of image');
}

/** PNG text chunks, which may repeat the location (XMP lives in iTXt). */
const PNG_TEXT = new Set(['tEXt', 'zTXt', 'iTXt']);

/** PNG: an eXIf chunk keeps everything but its GPS (and gets its CRC again); text chunks go. */
function pngWithoutLocation(bytes: Buffer): Buffer {
  const parts: Buffer[] = [PNG_SIGNATURE];
  let at = PNG_SIGNATURE.length;
  let first = true;
  while (at < bytes.length) {
    if (at + 12 > bytes.length) throw new MalformedImage('PNG chunk');
    const type = bytes.toString('latin1', at + 4, at + 8);
    const end = at + 12 + bytes.readUInt32BE(at);
    if (end > bytes.length || (first && type !== 'IHDR')) throw new MalformedImage('PNG chunk');
    if (type === 'eXIf') {
      const chunk = Buffer.from(bytes.subarray(at, end));
      eraseTiffLocation(chunk.subarray(8, chunk.length - 4));
      chunk.writeUInt32BE(crc32(chunk.subarray(4, chunk.length - 4)), chunk.length - 4);
      parts.push(chunk);
    } else if (!PNG_TEXT.has(type)) {
      parts.push(bytes.subarray(at, end));
    }
    first = false;
    at = end;
    if (type === 'IEND') return Buffer.concat(parts);
  }
  throw new MalformedImage('PNG without IEND');
}
