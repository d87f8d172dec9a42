import { eraseTiffLocation, MalformedImage } from './tiff-location.js';

interface Box {
  readonly type: string;
  /** Where the box's content starts (after its header) and ends. */
  readonly start: number;
  readonly end: number;
}

/** The boxes between `from` and `to` (ISOBMFF: 32-bit size, 64-bit when 1, to the end when 0). */
function boxesOf(bytes: Buffer, from: number, to: number): Box[] {
  const boxes: Box[] = [];
  let at = from;
  while (at + 8 <= to) {
    let size = bytes.readUInt32BE(at);
    let header = 8;
    if (size === 1) {
      if (at + 16 > to) throw new MalformedImage('HEIF box');
      size = Number(bytes.readBigUInt64BE(at + 8));
      header = 16;
    } else if (size === 0) {
      size = to - at;
    }
    if (size < header || at + size > to) throw new MalformedImage('HEIF box size');
    boxes.push({
      type: bytes.toString('latin1', at + 4, at + 8),
      start: at + header,
      end: at + size,
    });
    at += size;
  }
  return boxes;
}

function childOf(bytes: Buffer, parent: Box, type: string, fullBox: boolean): Box | undefined {
  return boxesOf(bytes, parent.start + (fullBox ? 4 : 0), parent.end).find((b) => b.type === type);
}

/** Reads an unsigned integer of 0, 4 or 8 bytes (iloc's field sizes). */
function uintOf(bytes: Buffer, at: number, size: number): number {
  if (size === 0) return 0;
  if (size === 4) return bytes.readUInt32BE(at);
  if (size === 8) return Number(bytes.readBigUInt64BE(at));
  throw new MalformedImage('HEIF iloc field size');
}

/** Item id → item type (`Exif`, `mime`…) and, for mime items, the content type. */
function itemTypes(bytes: Buffer, iinf: Box): Map<number, string> {
  const items = new Map<number, string>();
  const version = bytes[iinf.start] ?? 0;
  const entries = boxesOf(bytes, iinf.start + (version === 0 ? 6 : 8), iinf.end);
  for (const infe of entries.filter((box) => box.type === 'infe')) {
    const infeVersion = bytes[infe.start] ?? 0;
    if (infeVersion < 2) continue; // versions 0 and 1 name no item type
    const idSize = infeVersion === 2 ? 2 : 4;
    const id =
      idSize === 2 ? bytes.readUInt16BE(infe.start + 4) : bytes.readUInt32BE(infe.start + 4);
    const typeAt = infe.start + 4 + idSize + 2;
    const type = bytes.toString('latin1', typeAt, typeAt + 4);
    if (type === 'mime') {
      const nameEnd = bytes.indexOf(0, typeAt + 4);
      const contentEnd = bytes.indexOf(0, nameEnd + 1);
      if (nameEnd < 0 || contentEnd < 0 || contentEnd > infe.end) {
        throw new MalformedImage('HEIF mime item');
      }
      items.set(id, `mime:${bytes.toString('latin1', nameEnd + 1, contentEnd)}`);
    } else {
      items.set(id, type);
    }
  }
  return items;
}

/**
 * The extents of the `wanted` items as [offset, length] in the file (iloc;
 * file or idat construction). Every count is checked against the bytes
 * the box has before anything is kept: a crafted iloc of a few bytes must
 * not make the server build millions of extents.
 */
function itemExtents(
  bytes: Buffer,
  iloc: Box,
  idat: Box | undefined,
  wanted: ReadonlySet<number>,
): Map<number, [number, number][]> {
  const version = bytes[iloc.start] ?? 0;
  let at = iloc.start + 4;
  const offsetSize = (bytes[at] ?? 0) >> 4;
  const lengthSize = (bytes[at] ?? 0) & 15;
  const baseOffsetSize = (bytes[at + 1] ?? 0) >> 4;
  const indexSize = version === 0 ? 0 : (bytes[at + 1] ?? 0) & 15;
  at += 2;
  const wide = version === 2;
  const count = wide ? bytes.readUInt32BE(at) : bytes.readUInt16BE(at);
  at += wide ? 4 : 2;
  const extents = new Map<number, [number, number][]>();
  for (let i = 0; i < count; i++) {
    const id = wide ? bytes.readUInt32BE(at) : bytes.readUInt16BE(at);
    at += wide ? 4 : 2;
    let method = 0;
    if (version > 0) {
      method = bytes.readUInt16BE(at) & 15;
      at += 2;
    }
    at += 2; // data reference index
    const base = uintOf(bytes, at, baseOffsetSize);
    at += baseOffsetSize;
    const extentCount = bytes.readUInt16BE(at);
    at += 2;
    const perExtent = indexSize + offsetSize + lengthSize;
    if (at + extentCount * perExtent > iloc.end || (perExtent === 0 && extentCount > 1)) {
      throw new MalformedImage('HEIF iloc extents');
    }
    if (!wanted.has(id)) {
      at += extentCount * perExtent;
      continue;
    }
    const list: [number, number][] = [];
    for (let e = 0; e < extentCount; e++) {
      at += indexSize;
      const offset = uintOf(bytes, at, offsetSize);
      at += offsetSize;
      const length = uintOf(bytes, at, lengthSize);
      at += lengthSize;
      if (method === 0) list.push([base + offset, length]);
      else if (method === 1 && idat) list.push([idat.start + base + offset, length]);
      else throw new MalformedImage('HEIF item construction');
    }
    if (at > iloc.end) throw new MalformedImage('HEIF iloc');
    extents.set(id, list);
  }
  return extents;
}

/**
 * HEIC (still images): the image is left byte for byte where it is (its
 * offsets stay valid); the EXIF item's GPS is erased in place and an XMP
 * item is blanked with spaces, so readers find no location in either.
 */
/** The XMP packet of a HEIF file: a `mime` item of this content type. */
const XMP_ITEM = 'mime:application/rdf+xml';

export function heicWithoutLocation(input: Buffer): Buffer {
  const bytes = Buffer.from(input);
  const top = boxesOf(bytes, 0, bytes.length);
  // An image sequence (a moov box) can hold a location of its own in its
  // track metadata: only still images are taken.
  if (top.some((box) => box.type === 'moov')) throw new MalformedImage('HEIF image sequence');
  const meta = top.find((box) => box.type === 'meta');
  if (!meta) throw new MalformedImage('HEIF without meta');
  const iinf = childOf(bytes, meta, 'iinf', true);
  const iloc = childOf(bytes, meta, 'iloc', true);
  if (!iinf || !iloc) return bytes;
  const located = new Map(
    [...itemTypes(bytes, iinf)].filter(([, type]) => type === 'Exif' || type === XMP_ITEM),
  );
  const extents = itemExtents(
    bytes,
    iloc,
    childOf(bytes, meta, 'idat', true),
    new Set(located.keys()),
  );
  for (const [id, type] of located) {
    const parts = extents.get(id) ?? [];
    for (const [offset, length] of parts) {
      if (offset + length > bytes.length) throw new MalformedImage('HEIF item extent');
    }
    if (type === 'Exif') {
      // Gathered, erased and written back, in case the item spans extents.
      const item = Buffer.concat(
        parts.map(([offset, length]) => bytes.subarray(offset, offset + length)),
      );
      if (item.length < 4) throw new MalformedImage('HEIF EXIF item');
      eraseTiffLocation(item.subarray(4 + item.readUInt32BE(0)));
      let from = 0;
      for (const [offset, length] of parts) {
        item.copy(bytes, offset, from, from + length);
        from += length;
      }
    } else {
      for (const [offset, length] of parts) bytes.fill(0x20, offset, offset + length);
    }
  }
  return bytes;
}
