// Geometry for the payment profile chart: pure numbers, so it can be tested.

export interface Series {
  name: string;
  /** One value per month (pounds), null for a gap; index 0 is the first of 24 months. */
  values: (number | null)[];
}

export interface Scaled {
  /** SVG path data, one "M … L …" run per unbroken stretch. */
  path: string;
}

/** A "nice" top for the y axis: 1, 2 or 5 times a power of ten, at or above `max`. */
export function niceMax(max: number): number {
  if (max <= 0) return 1;
  const power = 10 ** Math.floor(Math.log10(max));
  for (const step of [1, 2, 5, 10]) {
    if (step * power >= max) return step * power;
  }
  return 10 * power;
}

export function linePath(
  values: (number | null)[],
  x: (i: number) => number,
  y: (v: number) => number,
): string {
  let d = "";
  let pen = false;
  values.forEach((v, i) => {
    if (v === null) {
      pen = false;
      return;
    }
    d += `${pen ? "L" : "M"}${x(i).toFixed(1)},${y(v).toFixed(1)} `;
    pen = true;
  });
  return d.trim();
}

/** "£1.2m", "£450k", "£900" for axis labels. */
export function shortPounds(v: number): string {
  if (v >= 1_000_000) return `£${(v / 1_000_000).toFixed(v % 1_000_000 === 0 ? 0 : 1)}m`;
  if (v >= 1_000) return `£${(v / 1_000).toFixed(v % 1_000 === 0 ? 0 : 1)}k`;
  return `£${v}`;
}
