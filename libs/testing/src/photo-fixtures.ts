import { crc32 } from 'node:zlib';

/**
 * Photos as phones write them, built byte by byte: each carries where it
 * was taken (EXIF GPS: 39°54'N 116°23'E, and an XMP copy where the format
 * has one) and an orientation that must survive the location's removal.
 * Tests read them back with an EXIF reader of their own (exifr).
 */
export const PHOTO_LOCATION = { latitude: 39.9, longitude: 116.383 } as const;
export const PHOTO_ORIENTATION = 6; // rotated 90° clockwise

const XMP = `<x:xmpmeta xmlns:x="adobe:ns:meta/"><rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#"><rdf:Description xmlns:exif="http://ns.adobe.com/exif/1.0/" exif:GPSLatitude="39,54.0N" exif:GPSLongitude="116,23.0E"/></rdf:RDF></x:xmpmeta>`;

/** A little-endian TIFF (EXIF) block: IFD0 with orientation and a GPS IFD. */
export function exifWithLocation(): Buffer {
  const tiff = Buffer.alloc(8 + 2 + 2 * 12 + 4 + 2 + 4 * 12 + 4 + 2 * 24);
  tiff.write('II', 0, 'latin1');
  tiff.writeUInt16LE(42, 2);
  tiff.writeUInt32LE(8, 4);
  const entry = (at: number, tag: number, type: number, count: number, value: number) => {
    tiff.writeUInt16LE(tag, at);
    tiff.writeUInt16LE(type, at + 2);
    tiff.writeUInt32LE(count, at + 4);
    tiff.writeUInt32LE(value, at + 8);
  };
  const gps = 8 + 2 + 2 * 12 + 4;
  tiff.writeUInt16LE(2, 8);
  entry(10, 0x0112, 3, 1, PHOTO_ORIENTATION); // Orientation, SHORT
  entry(22, 0x8825, 4, 1, gps); // GPS IFD pointer, LONG
  const values = gps + 2 + 4 * 12 + 4;
  tiff.writeUInt16LE(4, gps);
  entry(gps + 2, 1, 2, 2, 'N'.charCodeAt(0)); // GPSLatitudeRef 'N\0', inline
  entry(gps + 14, 2, 5, 3, values); // GPSLatitude, 3 RATIONAL
  entry(gps + 26, 3, 2, 2, 'E'.charCodeAt(0)); // GPSLongitudeRef
  entry(gps + 38, 4, 5, 3, values + 24); // GPSLongitude
  const rationals = [39, 1, 54, 1, 0, 1, 116, 1, 23, 1, 0, 1];
  rationals.forEach((n, i) => tiff.writeUInt32LE(n, values + i * 4));
  return tiff;
}

function jpegSegment(marker: number, payload: Buffer): Buffer {
  const head = Buffer.from([0xff, marker, 0, 0]);
  head.writeUInt16BE(payload.length + 2, 2);
  return Buffer.concat([head, payload]);
}

/** A JPEG: EXIF (with GPS) and XMP (with GPS) segments, then a scan. */
export function jpegWithLocation(): Buffer {
  return Buffer.concat([
    Buffer.from([0xff, 0xd8]),
    jpegSegment(0xe1, Buffer.concat([Buffer.from('Exif\0\0', 'latin1'), exifWithLocation()])),
    jpegSegment(0xe1, Buffer.from(`http://ns.adobe.com/xap/1.0/\0${XMP}`, 'latin1')),
    jpegSegment(0xdb, Buffer.alloc(65, 1)), // a quantisation table
    jpegSegment(0xda, Buffer.from([1, 1, 0, 0, 63, 0])),
    Buffer.from([0x12, 0x34, 0x56, 0x78, 0xff, 0xd9]),
  ]);
}

function pngChunk(type: string, data: Buffer): Buffer {
  const head = Buffer.alloc(8);
  head.writeUInt32BE(data.length, 0);
  head.write(type, 4, 'latin1');
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(Buffer.concat([head.subarray(4), data])), 0);
  return Buffer.concat([head, data, crc]);
}

/** A 1×1 PNG with an eXIf chunk (GPS) and an XMP iTXt chunk. */
export function pngWithLocation(): Buffer {
  const header = Buffer.from([0, 0, 0, 1, 0, 0, 0, 1, 8, 2, 0, 0, 0]);
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    pngChunk('IHDR', header),
    pngChunk('eXIf', exifWithLocation()),
    pngChunk('iTXt', Buffer.from(`XML:com.adobe.xmp\0\0\0\0\0${XMP}`, 'latin1')),
    pngChunk(
      'IDAT',
      Buffer.from([0x78, 0x9c, 0x63, 0xf8, 0xcf, 0xc0, 0x00, 0x00, 0x03, 0x01, 0x01, 0x00]),
    ),
    pngChunk('IEND', Buffer.alloc(0)),
  ]);
}

function box(type: string, ...content: Buffer[]): Buffer {
  const body = Buffer.concat(content);
  const head = Buffer.alloc(8);
  head.writeUInt32BE(body.length + 8, 0);
  head.write(type, 4, 'latin1');
  return Buffer.concat([head, body]);
}

const fullBoxHeader = (version: number) => Buffer.from([version, 0, 0, 0]);

/**
 * A HEIC: ftyp, a meta box naming an EXIF item (GPS) and an XMP item
 * (iinf) and where their bytes are in the file (iloc), then mdat with them.
 */
export function heicWithLocation(): Buffer {
  const exif = Buffer.concat([
    Buffer.from([0, 0, 0, 6]),
    Buffer.from('Exif\0\0', 'latin1'),
    exifWithLocation(),
  ]);
  const xmp = Buffer.from(XMP, 'latin1');
  const infe = (id: number, type: string, extra: string) =>
    box(
      'infe',
      fullBoxHeader(2),
      Buffer.from([0, id, 0, 0]),
      Buffer.from(`${type}\0${extra}`, 'latin1'),
    );
  const iloc = (exifAt: number, xmpAt: number) => {
    const body = Buffer.alloc(2 + 2 + 2 * (2 + 2 + 2 + 8));
    body.writeUInt8(0x44, 0); // offset and length: 4 bytes each
    body.writeUInt16BE(2, 2);
    [
      [1, exifAt, exif.length],
      [2, xmpAt, xmp.length],
    ].forEach(([id = 0, at = 0, length = 0], i) => {
      const entry = 4 + i * 14;
      body.writeUInt16BE(id, entry);
      body.writeUInt16BE(1, entry + 4); // one extent
      body.writeUInt32BE(at, entry + 6);
      body.writeUInt32BE(length, entry + 10);
    });
    return box('iloc', fullBoxHeader(0), body);
  };
  const ftyp = box('ftyp', Buffer.from('heic\0\0\0\0mif1heic', 'latin1'));
  const meta = (exifAt: number, xmpAt: number) =>
    box(
      'meta',
      fullBoxHeader(0),
      box(
        'hdlr',
        fullBoxHeader(0),
        Buffer.from('\0\0\0\0pict\0\0\0\0\0\0\0\0\0\0\0\0\0', 'latin1'),
      ),
      box(
        'iinf',
        fullBoxHeader(0),
        Buffer.from([0, 2]),
        infe(1, 'Exif', ''),
        infe(2, 'mime', 'application/rdf+xml\0'),
      ),
      iloc(exifAt, xmpAt),
    );
  const start = ftyp.length + meta(0, 0).length + 8;
  return Buffer.concat([ftyp, meta(start, start + exif.length), box('mdat', exif, xmp)]);
}
