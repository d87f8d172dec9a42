/**
 * Erases the location from an EXIF block (a TIFF structure) in place,
 * keeping its size so that nothing around it moves: the GPS IFD's entries
 * and the values they point to become zeros, an IFD of no entries. The rest
 * of the EXIF (orientation, time taken, camera) stays, so a photo still
 * shows the right way up.
 *
 * Throws {@link MalformedImage} on a structure that points outside itself:
 * a file whose location cannot be found for certain is not stored.
 */
export class MalformedImage extends Error {
  constructor(what: string) {
    super(`malformed image: ${what}`);
    this.name = 'MalformedImage';
  }
}

const GPS_IFD_POINTER = 0x8825;
/** Bytes per value of each TIFF field type (1 BYTE … 13 IFD); unknown types count as 1. */
const TYPE_SIZE = [0, 1, 1, 2, 4, 8, 1, 1, 2, 4, 8, 4, 8, 4] as const;

interface Reader {
  u16(at: number): number;
  u32(at: number): number;
}

function readerOf(tiff: Buffer): Reader {
  const order = tiff.toString('latin1', 0, 2);
  if (order === 'II') {
    return { u16: (at) => tiff.readUInt16LE(at), u32: (at) => tiff.readUInt32LE(at) };
  }
  if (order === 'MM') {
    return { u16: (at) => tiff.readUInt16BE(at), u32: (at) => tiff.readUInt32BE(at) };
  }
  throw new MalformedImage('EXIF byte order');
}

function within(tiff: Buffer, start: number, length: number, what: string): void {
  if (start < 0 || length < 0 || start + length > tiff.length) throw new MalformedImage(what);
}

/** The GPS IFD's offset, if IFD0 has one. */
function gpsIfdOffset(tiff: Buffer, read: Reader): number | undefined {
  within(tiff, 0, 8, 'EXIF header');
  if (read.u16(2) !== 42) throw new MalformedImage('EXIF magic');
  const ifd0 = read.u32(4);
  within(tiff, ifd0, 2, 'IFD0');
  const count = read.u16(ifd0);
  within(tiff, ifd0 + 2, count * 12, 'IFD0 entries');
  for (let i = 0; i < count; i++) {
    const entry = ifd0 + 2 + i * 12;
    if (read.u16(entry) === GPS_IFD_POINTER) return read.u32(entry + 8);
  }
  return undefined;
}

export function eraseTiffLocation(tiff: Buffer): void {
  const read = readerOf(tiff);
  const gps = gpsIfdOffset(tiff, read);
  if (gps === undefined) return;
  within(tiff, gps, 2, 'GPS IFD');
  const count = read.u16(gps);
  within(tiff, gps + 2, count * 12 + 4, 'GPS IFD entries');
  for (let i = 0; i < count; i++) {
    const entry = gps + 2 + i * 12;
    const size = (TYPE_SIZE[read.u16(entry + 2)] ?? 1) * read.u32(entry + 4);
    if (size > 4) {
      const at = read.u32(entry + 8);
      within(tiff, at, size, 'GPS value');
      tiff.fill(0, at, at + size);
    }
  }
  // Entry count 0 and no next IFD: an empty, still valid, GPS IFD.
  tiff.fill(0, gps, gps + 2 + count * 12 + 4);
}
