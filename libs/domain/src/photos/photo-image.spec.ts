import exifr from 'exifr';
import {
  heicWithLocation,
  jpegWithLocation,
  PHOTO_LOCATION,
  PHOTO_ORIENTATION,
  pngWithLocation,
} from '#testing';
import { MalformedImage, photoTypeOf, withoutLocation, type PhotoType } from './photo-image.js';

const formats: [PhotoType, () => Buffer][] = [
  ['image/jpeg', jpegWithLocation],
  ['image/png', pngWithLocation],
  ['image/heic', heicWithLocation],
];

describe('photos as stored', () => {
  it.each(formats)('%s: the type is read from the bytes', (type, photo) => {
    expect(photoTypeOf(photo())).toBe(type);
  });

  it('a file of another type is none of them, whatever its name or header says', () => {
    expect(photoTypeOf(Buffer.from('GIF89a\x01\x00\x01\x00', 'latin1'))).toBeUndefined();
    expect(photoTypeOf(Buffer.from('%PDF-1.7\n', 'latin1'))).toBeUndefined();
    expect(photoTypeOf(Buffer.alloc(0))).toBeUndefined();
  });

  it.each(formats)('%s: the location goes, the orientation stays', async (type, photo) => {
    const original = photo();
    // The fixture is honest: an independent reader finds the location before.
    expect(await exifr.gps(original)).toMatchObject({
      latitude: expect.closeTo(PHOTO_LOCATION.latitude, 3) as number,
      longitude: expect.closeTo(PHOTO_LOCATION.longitude, 3) as number,
    });

    const stored = withoutLocation(original, type);
    expect(await exifr.gps(stored)).toBeUndefined();
    const all = (await exifr.parse(stored, { gps: true, xmp: true, tiff: true })) as
      Record<string, unknown> | undefined;
    expect(Object.keys(all ?? {}).filter((key) => /gps/i.test(key))).toEqual([]);
    expect(await exifr.orientation(stored)).toBe(PHOTO_ORIENTATION);
    // Neither the coordinates nor the XMP's text copy survive anywhere in the bytes.
    expect(stored.toString('latin1')).not.toMatch(/GPSLatitude|116,23/);
    expect(photoTypeOf(stored)).toBe(type);
  });

  it.each(formats)('%s: a truncated file is refused, not stored as is', (type, photo) => {
    const whole = photo();
    expect(() => withoutLocation(whole.subarray(0, 40), type)).toThrow(MalformedImage);
  });

  it('an EXIF block pointing outside itself is refused', () => {
    const jpeg = jpegWithLocation();
    // The GPS IFD pointer (IFD0's second entry's value) of the TIFF after
    // SOI (2), APP1's marker and length (4) and its EXIF header (6).
    const tiffAt = 2 + 4 + 6;
    jpeg.writeUInt32LE(0xfff0, tiffAt + 22 + 8);
    expect(() => withoutLocation(jpeg, 'image/jpeg')).toThrow(MalformedImage);
  });

  it('drops what a phone appends after the JPEG’s end: a second image with its own GPS, a video', () => {
    const appended = Buffer.concat([
      jpegWithLocation(),
      Buffer.from('ftypmp42 motion photo', 'latin1'),
    ]);
    const mpfIndex = Buffer.from([0xff, 0xe2, 0x00, 0x08, 0x4d, 0x50, 0x46, 0x00, 0x01, 0x02]);
    const withIndex = Buffer.concat([appended.subarray(0, 2), mpfIndex, appended.subarray(2)]);
    const stored = withoutLocation(withIndex, 'image/jpeg');
    const text = stored.toString('latin1');
    expect(text.split('Exif').length - 1).toBe(1); // the first image's own, GPS erased
    expect(text).not.toContain('motion photo');
    expect(text).not.toContain('MPF');
    expect(stored.subarray(-2)).toEqual(Buffer.from([0xff, 0xd9]));
  });

  it('refuses a HEIF iloc whose extents claim more than its bytes', () => {
    const heic = heicWithLocation();
    // Only the XMP item is left of interest (the EXIF item becomes an image
    // item), and the iloc is rewritten with offset and length fields 0 bytes
    // wide: each extent then takes no bytes, and 65,535 of them for the XMP
    // item would be built from a 2-byte count.
    heic.write('hvc1', heic.indexOf('Exif', heic.indexOf('infe', 0, 'latin1'), 'latin1'), 'latin1');
    const iloc = heic.indexOf('iloc', 0, 'latin1') + 4 + 4; // its content, after the full-box header
    heic.writeUInt8(0x00, iloc);
    // items from iloc + 4: id, data reference, extent count (2 bytes each)
    heic.writeUInt16BE(0xffff, iloc + 4 + 6 + 4);
    expect(() => withoutLocation(heic, 'image/heic')).toThrow(MalformedImage);
  });

  it('refuses a HEIF image sequence, whose tracks can carry a location of their own', () => {
    const heic = heicWithLocation();
    const moov = Buffer.from('\0\0\0\x08moov', 'latin1');
    expect(() => withoutLocation(Buffer.concat([heic, moov]), 'image/heic')).toThrow(
      MalformedImage,
    );
  });
});
