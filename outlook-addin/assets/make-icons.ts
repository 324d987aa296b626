// Draws the Touchbase mark — a white "T" on a Touchbase-blue rounded square — at every size the manifest and
// ribbon use, as real PNGs (a minimal encoder over node:zlib). Run: npx tsx outlook-addin/assets/make-icons.ts
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { deflateSync } from "node:zlib";

/**
 * Ribbon buttons: 16, 32, 80 required, 20, 24, 40, 48, 64 optional (Office picks per screen scale); 64 and 128 are
 * also the add-in's icon and high-resolution icon.
 */
export const ICON_SIZES = [16, 20, 24, 32, 40, 48, 64, 80, 128] as const;
const BLUE = [0x0f, 0x6c, 0xbd] as const; // Fluent "brand" blue, Touchbase's colour
const SUPERSAMPLE = 4;

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k++) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let c = 0xffffffff;
  for (const b of bytes) c = CRC_TABLE[(c ^ b) & 0xff] ^ (c >>> 8);
  return (c ^ 0xffffffff) >>> 0;
}

function chunk(type: string, data: Buffer): Buffer {
  const length = Buffer.alloc(4);
  length.writeUInt32BE(data.length);
  const body = Buffer.concat([Buffer.from(type, "ascii"), data]);
  const crc = Buffer.alloc(4);
  crc.writeUInt32BE(crc32(body));
  return Buffer.concat([length, body, crc]);
}

/** RGBA pixels (row-major) → PNG bytes. */
export function encodePng(width: number, height: number, rgba: Uint8Array): Buffer {
  const header = Buffer.alloc(13);
  header.writeUInt32BE(width, 0);
  header.writeUInt32BE(height, 4);
  header[8] = 8; // bit depth
  header[9] = 6; // colour type RGBA
  const raw = Buffer.alloc((width * 4 + 1) * height);
  for (let y = 0; y < height; y++) {
    raw[y * (width * 4 + 1)] = 0; // filter: none
    Buffer.from(rgba.buffer, rgba.byteOffset + y * width * 4, width * 4).copy(raw, y * (width * 4 + 1) + 1);
  }
  return Buffer.concat([
    Buffer.from([0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]),
    chunk("IHDR", header),
    chunk("IDAT", deflateSync(raw, { level: 9 })),
    chunk("IEND", Buffer.alloc(0)),
  ]);
}

/** Coverage of one sample point (unit square coordinates) by the mark: 0 outside, 1 = blue, 2 = white "T". */
function sample(x: number, y: number): 0 | 1 | 2 {
  const r = 0.2; // corner radius
  const cx = Math.min(Math.max(x, r), 1 - r);
  const cy = Math.min(Math.max(y, r), 1 - r);
  if ((x - cx) ** 2 + (y - cy) ** 2 > r * r) return 0;
  const bar = y >= 0.22 && y <= 0.38 && x >= 0.2 && x <= 0.8;
  const stem = x >= 0.41 && x <= 0.59 && y >= 0.22 && y <= 0.8;
  return bar || stem ? 2 : 1;
}

export function drawIcon(size: number): Buffer {
  const rgba = new Uint8Array(size * size * 4);
  const n = SUPERSAMPLE * SUPERSAMPLE;
  for (let py = 0; py < size; py++) {
    for (let px = 0; px < size; px++) {
      let alpha = 0;
      let white = 0;
      for (let sy = 0; sy < SUPERSAMPLE; sy++) {
        for (let sx = 0; sx < SUPERSAMPLE; sx++) {
          const v = sample((px + (sx + 0.5) / SUPERSAMPLE) / size, (py + (sy + 0.5) / SUPERSAMPLE) / size);
          if (v > 0) alpha++;
          if (v === 2) white++;
        }
      }
      const i = (py * size + px) * 4;
      const w = alpha ? white / alpha : 0;
      rgba[i] = Math.round(BLUE[0] + (255 - BLUE[0]) * w);
      rgba[i + 1] = Math.round(BLUE[1] + (255 - BLUE[1]) * w);
      rgba[i + 2] = Math.round(BLUE[2] + (255 - BLUE[2]) * w);
      rgba[i + 3] = Math.round((alpha / n) * 255);
    }
  }
  return encodePng(size, size, rgba);
}

if (process.argv[1] && /make-icons\.[cm]?[jt]s$/.test(process.argv[1])) {
  for (const size of ICON_SIZES) {
    writeFileSync(join(import.meta.dirname, `icon-${size}.png`), drawIcon(size));
    console.log(`wrote icon-${size}.png`);
  }
}
